import type { ChannelConflictViewV1, DealRegistrationStatus, RegistrationOutcome } from './deal-registration.values';

/** A registration's customer as answered: absent keys are null. */
export interface RegisteredCustomerViewV1 {
  name: string;
  taxId: string | null;
  email: string | null;
  website: string | null;
}

/** Approval over another partner's protection: who decided it, when and why. */
export interface RegistrationOverrideV1 {
  by: string;
  reason: string;
  at: string;
}

/** A deal registration as the partners service answers it (API.md, Partners). */
export interface DealRegistrationViewV1 {
  id: string;
  partnerId: string;
  customer: RegisteredCustomerViewV1;
  title: string;
  expectedAmount: number;
  currency: string;
  expectedCloseDate: string;
  status: DealRegistrationStatus;
  conflict: boolean;
  conflicts: ChannelConflictViewV1[];
  protectionDays: number | null;
  /** While approved: the customer is the partner's until then. */
  protectedUntil: string | null;
  /** True once the protection was extended (it may be, once). */
  extended: boolean;
  /** The indirect deal the approval opened. */
  dealId: string | null;
  override: RegistrationOverrideV1 | null;
  /** Why it was rejected, withdrawn or approved, as the decider said. */
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** For a closed registration: whether its deal was won or lost. */
  outcome: RegistrationOutcome | null;
  submittedBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
