import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { toFieldErrors } from '@saleswire/contracts';
import { compileContract, inputRuleErrors, InvalidInputError } from '@saleswire/messaging';
import type { ClassConstructor } from 'class-transformer';

/**
 * Nest's ValidationPipe behind the rules no input may hold (messaging's `inputRuleErrors`: NUL, lone surrogates,
 * infinite numbers, deep nesting, `__proto__`/`constructor` fields), which class-transformer and class-validator
 * would let through, throw on or recurse into without end. A body the compiled contract validator accepts is
 * answered by it (the instance class-transformer would build, checked as class-validator would with this pipe's
 * whitelist, forbidNonWhitelisted and forbidUnknownValues), at a fraction of the cost; anything else, and every
 * error message, still comes from Nest's pipe, so the answers do not change. Queries take the same road.
 */
class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.metatype && this.toValidate(metadata)) {
      // JSON `null` is no body: Nest would validate it as `{}`, so that a PATCH of null changed the record.
      if (metadata.type === 'body' && value === null) {
        throw new InvalidInputError([{ field: 'body', message: 'the body must be a JSON object' }], 'The request has invalid fields.');
      }
      const refused = inputRuleErrors(value, metadata.metatype as ClassConstructor<object>);
      if (refused.length > 0) throw new InvalidInputError(refused, 'The request has invalid fields.');
      if (metadata.type === 'body' || metadata.type === 'query') {
        const fast = compileContract(metadata.metatype as ClassConstructor<object>)(metadata.type === 'query' ? plainCopy(value) : value);
        if (fast !== undefined) return fast;
      }
    }
    return super.transform(value, metadata);
  }
}

/**
 * Fastify's query object inherits from a prototype-less object of its own, which the compiled validator leaves to
 * the libraries; class-transformer reads only its own keys, so an ordinary copy of them is the same input to it.
 */
function plainCopy(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : value;
}

/** Every body and query is validated against its class; unknown fields are rejected, each error names its field. */
export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInputError(toFieldErrors(errors), 'The request has invalid fields.'),
  });
}
