// The commission totals as the portal shows them: one line a status (accrued, approved, paid), its amounts per
// currency (never added across currencies) and how many commissions.
import type { Money } from '../api/views';
import type { CommissionStatus, CommissionTotal } from './portal-views';

export const COMMISSION_STATUSES: CommissionStatus[] = ['accrued', 'approved', 'paid'];

export interface StatusTotal {
  status: CommissionStatus;
  sums: Money[];
  count: number;
}

/** Every status in order, even one without commissions (an empty list of sums), currencies sorted. */
export function totalsByStatus(totals: CommissionTotal[]): StatusTotal[] {
  return COMMISSION_STATUSES.map((status) => {
    const mine = totals.filter((total) => total.status === status).sort((a, b) => a.currency.localeCompare(b.currency));
    return { status, sums: mine.map((total) => ({ currency: total.currency, value: total.amount })), count: mine.reduce((sum, total) => sum + total.count, 0) };
  });
}
