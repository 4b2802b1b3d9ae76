import { ConflictError } from '@saleswire/messaging';

/** 409: a customer with the same tax id, email or phone exists already. */
export class CustomerExistsError extends ConflictError {
  constructor(existingId: string, fields: string[]) {
    super(
      'Customer exists',
      `Customer ${existingId} has the same ${fields.join(', ')}.`,
      fields.map((field) => ({ field, message: `matches customer ${existingId}` })),
    );
  }
}
