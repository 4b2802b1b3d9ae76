import { ConflictError, InvalidInputError } from '@saleswire/messaging';

export class EmailTakenError extends ConflictError {
  constructor(email: string) {
    super('Email already in use', `A user with the email ${email} exists.`, [{ field: 'email', message: 'is already in use' }]);
  }
}

export class PartnerOnlyForPartnerUsersError extends InvalidInputError {
  constructor() {
    super([{ field: 'partnerId', message: 'is allowed only with the partner_user role' }], 'Only users of the partner_user role belong to a partner.');
  }
}
