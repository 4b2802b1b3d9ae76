import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { FieldError } from './problem';

/** Flattens class-validator's tree of errors into `{ field, message }` pairs with dotted paths. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * What class-transformer and class-validator themselves answer for a plain object and a contract class: the
 * reference the services' fast `validateContract` (@saleswire/messaging) must agree with, its fallback for
 * everything it does not answer, and what contracts' own specs check fixtures with. Unknown fields are errors
 * unless `allowUnknown`, as for events, whose producers may add fields within a version.
 */
export function validatePlain<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  options: { allowUnknown?: boolean } = {},
): Validated<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [{ field: '', message: 'must be an object' }] };
  }
  const value = plainToInstance(cls, plain);
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: !options.allowUnknown,
    forbidUnknownValues: true,
  });
  return errors.length ? { ok: false, errors: toFieldErrors(errors) } : { ok: true, value };
}

const SEPARATELY_VALIDATED = new WeakMap<object, Set<string>>();

/**
 * Marks a property whose value a message carries on to a validation of its own: an import's rows, each validated
 * as a lead by the job that reports a bad one; an envelope's payload, validated by its event's class. The rules
 * every input obeys (messaging's `inputRuleErrors`: no NUL, no lone surrogate, no infinite number, no deep
 * nesting) leave such a value to that validation, so that one bad row is a rejected row, not a refused slice.
 */
export function ValidatedSeparately(): PropertyDecorator {
  return (target, key) => {
    const owner = target.constructor;
    const marked = SEPARATELY_VALIDATED.get(owner) ?? new Set<string>();
    marked.add(String(key));
    SEPARATELY_VALIDATED.set(owner, marked);
  };
}

const SEPARATELY_VALIDATED_IN_ALL = new WeakMap<object, ReadonlySet<string>>();

/**
 * The properties of `cls` and of the classes it extends that are marked `@ValidatedSeparately()`. Worked out once
 * a class: its decorators and its parents' have all run when it exists, and every validation asks.
 */
export function separatelyValidated(cls: ClassConstructor<object>): ReadonlySet<string> {
  let found = SEPARATELY_VALIDATED_IN_ALL.get(cls);
  if (!found) {
    const keys = new Set<string>();
    for (let current: unknown = cls; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
      for (const key of SEPARATELY_VALIDATED.get(current) ?? []) keys.add(key);
    }
    found = keys;
    SEPARATELY_VALIDATED_IN_ALL.set(cls, found);
  }
  return found;
}
