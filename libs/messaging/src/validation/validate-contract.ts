import { separatelyValidated, validatePlain, type Validated } from '@saleswire/contracts';
import type { ClassConstructor } from 'class-transformer';
import { compileContract } from './contract-validator';
import { inputRuleErrors } from './input-rules';

/**
 * Turns a plain object into an instance of a contract class and validates it. Unknown fields are errors for
 * requests; events pass `allowUnknown` because a producer may add fields within a version. What no contract
 * accepts (`inputRuleErrors`: NUL, lone surrogates, infinite numbers, deep nesting) is refused first. A property
 * marked `@ValidatedSeparately()` is judged by its own rules on its shape only and answered as it came.
 */
export function validateContract<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  options: { allowUnknown?: boolean } = {},
): Validated<T> {
  // Before class-transformer and class-validator: they recurse once per level and some of their checks throw on
  // a lone surrogate, so such an input must not reach either path.
  const refused = inputRuleErrors(plain, cls);
  if (refused.length > 0) return { ok: false, errors: refused };
  const carried = standIns(plain, separatelyValidated(cls));
  // The compiled fast path answers only what class-validator would accept; everything else, and every error
  // message, comes from the libraries themselves (contracts' validatePlain).
  const fast = compileContract(cls, options)(carried?.checked ?? plain);
  const result = fast !== undefined ? { ok: true as const, value: fast } : validatePlain(cls, carried?.checked ?? plain, options);
  if (result.ok && carried) Object.assign(result.value, carried.original);
  return result;
}

/**
 * The plain object with each property validated separately replaced by a stand-in of its shape (an array of as
 * many nulls, an empty object), and those properties as they came. The property's own rules (IsArray,
 * ArrayMaxSize, IsObject) judge the stand-in as they would the value, and class-transformer neither copies what
 * the value carries (an import's rows) nor trips over it: a row with a `constructor` field made it throw.
 */
function standIns(plain: unknown, keys: ReadonlySet<string>): { checked: object; original: Record<string, unknown> } | undefined {
  if (keys.size === 0 || typeof plain !== 'object' || plain === null || Array.isArray(plain)) return undefined;
  const checked: Record<string, unknown> = { ...plain };
  const original: Record<string, unknown> = {};
  for (const key of keys) {
    if (!Object.hasOwn(plain, key)) continue;
    const value = (plain as Record<string, unknown>)[key];
    original[key] = value;
    checked[key] = Array.isArray(value) ? new Array<null>(value.length).fill(null) : typeof value === 'object' && value !== null ? {} : value;
  }
  return { checked, original };
}
