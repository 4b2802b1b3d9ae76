import { ValidationPipe } from '@nestjs/common';
import { toFieldErrors } from '@saleswire/contracts';
import { InvalidInputError } from '@saleswire/messaging';

/** Every body and query is validated against its class; unknown fields are rejected, each error names its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInputError(toFieldErrors(errors), 'The request has invalid fields.'),
  });
}
