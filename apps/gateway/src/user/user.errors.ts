import { ProblemError } from '@saleswire/messaging';

export class EmailTakenError extends ProblemError {
  constructor(email: string) {
    super(409, 'Email already in use', `A user with the email ${email} exists.`, [{ field: 'email', message: 'is already in use' }]);
  }
}

export class PartnerOnlyForPartnerUsersError extends ProblemError {
  constructor() {
    super(400, 'Invalid request', 'Only users of the partner_user role belong to a partner.', [
      { field: 'partnerId', message: 'is allowed only with the partner_user role' },
    ]);
  }
}
