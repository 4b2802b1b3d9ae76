import { ConflictError, DomainRuleError, NotFoundError } from '@saleswire/messaging';

/** 404 for a lead that does not exist or is outside the caller's scope (API.md: the two look the same). */
export class LeadNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Lead', id, `There is no lead ${id}.`);
  }
}

/** 422 for a status move the rules forbid. */
export class LeadStatusMoveError extends DomainRuleError {
  constructor(reason: string) {
    super(reason, [], undefined, 'Status change not allowed');
  }
}

/** 409 for converting a lead a second time. */
export class LeadAlreadyConvertedError extends ConflictError {
  constructor(id: string) {
    super('Lead already converted', `Lead ${id} was converted already.`);
  }
}
