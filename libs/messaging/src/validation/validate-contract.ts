import { validatePlain, type Validated } from '@saleswire/contracts';
import type { ClassConstructor } from 'class-transformer';
import { compileContract } from './contract-validator';
import { inputRuleErrors } from './input-rules';

/**
 * Turns a plain object into an instance of a contract class and validates it. Unknown fields are errors for
 * requests; events pass `allowUnknown` because a producer may add fields within a version. What no contract
 * accepts (`inputRuleErrors`: NUL, lone surrogates, infinite numbers, deep nesting) is refused first.
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
  // The compiled fast path answers only what class-validator would accept; everything else, and every error
  // message, comes from the libraries themselves (contracts' validatePlain).
  const fast = compileContract(cls, options)(plain);
  return fast !== undefined ? { ok: true, value: fast } : validatePlain(cls, plain, options);
}
