import type { StageDecision } from './deal-stage.policy';
import { DomainRuleError, NotFoundError, StaleVersionError } from '@saleswire/messaging';

/** A deal rule's refusal as a policy answers it: what to tell the caller, the field it concerns, and why in a word. */
export interface DealRefusal {
  detail: string;
  field: string;
  message: string;
}

/** 422: a rule of the deal refused the change (the policies say which and why). */
export class DealRuleError extends DomainRuleError {
  constructor(refusal: DealRefusal) {
    super(refusal.detail, [{ field: refusal.field, message: refusal.message }]);
  }
}

/** 422: the stage policy refused the move; the code names the rule, and a missing reason points at `reason`. */
export class StageMoveRefusedError extends DomainRuleError {
  constructor(refusal: Extract<StageDecision, { allowed: false }>) {
    const field = refusal.code === 'reason_required' ? 'reason' : 'stage';
    super(refusal.message, [{ field, message: refusal.code }], refusal.code);
  }
}

/** 422: a new deal names a customer the caller cannot see (it is an input of the deal, not the resource asked for). */
export class UnknownCustomerError extends DomainRuleError {
  constructor(customerId: string) {
    super('No such customer.', [{ field: 'customerId', message: `no customer ${customerId} that you can see` }]);
  }
}

/** 404: the deal does not exist or lies outside the caller's scope. */
export class DealNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Deal', id);
  }
}

/**
 * 412 when the caller names a version the deal has moved past (`If-Match`); a change that names none is not
 * checked. Call it on the locked deal, in the change's transaction, so no other change slips in between.
 */
export function assertDealVersion(deal: { version: number }, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && deal.version !== expectedVersion) throw new StaleVersionError(deal.version, expectedVersion);
}
