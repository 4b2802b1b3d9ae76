import { DomainRuleError, NotFoundError } from '@saleswire/messaging';

/** 404: the partner does not exist or lies outside the caller's scope (another partner's, for a partner user). */
export class PartnerNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Partner', id);
  }
}

/** 422: a status change the partner's current status refuses (suspending a suspended partner). */
export class PartnerStatusError extends DomainRuleError {
  constructor(detail: string) {
    super(detail, [{ field: 'status', message: detail }], 'partner_status');
  }
}
