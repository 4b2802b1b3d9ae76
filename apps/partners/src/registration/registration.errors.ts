import { DomainRuleError, NotFoundError } from '@saleswire/messaging';

/** 404: the registration does not exist or lies outside the caller's scope (another partner's, for a partner user). */
export class RegistrationNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Deal registration', id);
  }
}

/** 422: the lifecycle refuses the step (approving a rejected registration, extending twice). */
export class RegistrationLifecycleError extends DomainRuleError {
  constructor(detail: string) {
    super(detail, [{ field: 'status', message: detail }], 'registration_lifecycle');
  }
}

/** 422: another partner's approved registration protects this customer; only an override with a reason approves. */
export class CustomerProtectedError extends DomainRuleError {
  constructor(protectedBy: string, until: Date) {
    super(
      `Another partner's registration ${protectedBy} protects this customer until ${until.toISOString()}; approve with override and a reason to approve over it.`,
      [{ field: 'override', message: `the customer is protected by registration ${protectedBy} until ${until.toISOString()}` }],
      'customer_protected',
    );
  }
}

/** 422: the partner is suspended; its registrations wait until it is reactivated. */
export class PartnerSuspendedError extends DomainRuleError {
  constructor(partnerId: string) {
    super(`Partner ${partnerId} is suspended; reactivate it first.`, [{ field: 'partnerId', message: 'the partner is suspended' }], 'partner_suspended');
  }
}
