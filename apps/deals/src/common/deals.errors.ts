import type { FieldError } from '@saleswire/contracts';
import { ProblemError } from '@saleswire/messaging';

/** 404: the record does not exist or lies outside the caller's scope (API.md: both are answered the same). */
export class RecordNotFoundError extends ProblemError {
  constructor(what: 'Customer' | 'Deal' | 'Pipeline', id: string) {
    super(404, `${what} not found`, `No ${what.toLowerCase()} ${id} that you can see.`);
  }
}

/** 422: a rule of the domain refuses the change (a forbidden stage move, a payment in another currency). */
export class DomainRuleError extends ProblemError {
  constructor(detail: string, errors: FieldError[] = [], readonly code?: string) {
    super(422, 'Refused by a rule of the domain', detail, errors);
  }
}

/** 409: a customer with the same tax id, email or phone exists already. */
export class CustomerExistsError extends ProblemError {
  constructor(existingId: string, fields: string[]) {
    super(
      409,
      'Customer exists',
      `Customer ${existingId} has the same ${fields.join(', ')}.`,
      fields.map((field) => ({ field, message: `matches customer ${existingId}` })),
    );
  }
}

/** 412: the caller's `If-Match` names a version that is no longer the record's. */
export class StaleVersionError extends ProblemError {
  constructor(current: number, expected: number) {
    super(412, 'Precondition failed', `The record is at version ${current}, not ${expected}; read it again.`);
  }
}

/** 403: the caller's role may not do this at all. */
export class NotAllowedError extends ProblemError {
  constructor(detail: string) {
    super(403, 'Forbidden', detail);
  }
}
