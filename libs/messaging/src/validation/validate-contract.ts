import { validatePlain, type Validated } from '@saleswire/contracts';
import type { ClassConstructor } from 'class-transformer';
import { compileContract } from './contract-validator';

/**
 * Turns a plain object into an instance of a contract class and validates it. Unknown fields are errors for
 * requests; events pass `allowUnknown` because a producer may add fields within a version.
 */
export function validateContract<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  options: { allowUnknown?: boolean } = {},
): Validated<T> {
  // The compiled fast path answers only what class-validator would accept; everything else, and every error
  // message, comes from the libraries themselves (contracts' validatePlain).
  const fast = compileContract(cls, options)(plain);
  return fast !== undefined ? { ok: true, value: fast } : validatePlain(cls, plain, options);
}
