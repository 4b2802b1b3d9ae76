import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { compileContract } from './contract-validator';
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
 * Turns a plain object into an instance of a contract class and validates it. Unknown fields are errors for
 * requests; events pass `allowUnknown` because a producer may add fields within a version.
 */
export function validateContract<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  options: { allowUnknown?: boolean } = {},
): Validated<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [{ field: '', message: 'must be an object' }] };
  }
  // The compiled fast path answers only what class-validator would accept; everything else, and every error
  // message, comes from the libraries below.
  const fast = compileContract(cls, options)(plain);
  if (fast !== undefined) return { ok: true, value: fast };
  const value = plainToInstance(cls, plain);
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: !options.allowUnknown,
    forbidUnknownValues: true,
  });
  return errors.length ? { ok: false, errors: toFieldErrors(errors) } : { ok: true, value };
}
