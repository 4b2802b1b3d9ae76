import { InvalidInputError, NotFoundError } from '@saleswire/messaging';

export class ApiKeyNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('API key', id, `No API key ${id}, or it was revoked.`);
  }
}

export class PartnerOnlyForPartnerKeysError extends InvalidInputError {
  constructor() {
    super([{ field: 'partnerId', message: 'is allowed only with the partner_user role' }], 'Only keys of the partner_user role belong to a partner.');
  }
}
