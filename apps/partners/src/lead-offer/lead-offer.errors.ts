import { DomainRuleError, NotFoundError } from '@saleswire/messaging';

/** 404: the offer does not exist or is another partner's (for a partner user). */
export class LeadOfferNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Lead offer', id);
  }
}

/** 422: the offer was answered already or has lapsed. */
export class LeadOfferClosedError extends DomainRuleError {
  constructor(detail: string) {
    super(detail, [{ field: 'status', message: detail }], 'lead_offer_closed');
  }
}
