import type { Page } from '../common/list';
import type { CommissionStatus } from './commission.values';

/** A partner's commission on one won indirect deal. */
export interface CommissionViewV1 {
  id: string;
  partnerId: string;
  dealId: string;
  registrationId: string | null;
  /** The deal's paid amount the commission is computed on. */
  baseAmount: number;
  /** The partner's rate when the deal was won (a fraction: 0.1 is 10 %). */
  rate: number;
  amount: number;
  currency: string;
  status: CommissionStatus;
  wonAt: string;
  accruedAt: string;
  approvedAt: string | null;
  paidAt: string | null;
  /** The payment's reference, as given when it was paid. */
  reference: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The sum of the listed commissions of one status in one currency (never mixed across currencies). */
export interface CommissionTotalV1 {
  status: CommissionStatus;
  currency: string;
  amount: number;
  count: number;
}

/** A page of commissions with the totals of every commission the filters select, not only this page's. */
export interface CommissionPageV1 extends Page<CommissionViewV1> {
  totals: CommissionTotalV1[];
}
