import { DomainRuleError, NotFoundError } from '@saleswire/messaging';

/** 404: the commission does not exist or lies outside the caller's scope (another partner's, for a partner user). */
export class CommissionNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Commission', id);
  }
}

/** 422: `accrued → approved → paid` refuses the step (paying an accrued commission, approving twice). */
export class CommissionStepError extends DomainRuleError {
  constructor(detail: string) {
    super(detail, [{ field: 'status', message: detail }], 'commission_status');
  }
}
