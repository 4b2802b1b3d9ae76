import type { PartnerRowV1 } from '@saleswire/contracts';
import { inPeriod, MoneyTotals, type DealRecord, type Period } from './report.model';
import { totalOf } from './summary.metric';

export interface RegistrationRecord {
  partnerId: string;
  conflict: boolean;
  submittedAt: number | null;
  approvedAt: number | null;
}

/** A lead offered to a partner as it stood at the report's moment: `decidedAt` null (and `offered`) if undecided then. */
export interface OfferRecord {
  partnerId: string;
  status: 'offered' | 'accepted' | 'declined' | 'lapsed';
  offeredAt: number;
  decidedAt: number | null;
}

export interface CommissionRecord {
  partnerId: string;
  amount: number;
  currency: string;
  accruedAt: number | null;
  paidAt: number | null;
}

/**
 * Per partner: registrations submitted in the period (and of them with a channel conflict), registrations
 * approved in it, the partner's deals opened and won in it with their revenue, commissions accrued and paid in it,
 * leads offered to it in the period and offers it accepted, declined or let lapse in the period.
 */
export function partners(
  deals: readonly DealRecord[],
  registrations: readonly RegistrationRecord[],
  commissions: readonly CommissionRecord[],
  offers: readonly OfferRecord[],
  period: Period,
): PartnerRowV1[] {
  const ids = new Set<string>();
  for (const deal of deals) if (deal.partnerId) ids.add(deal.partnerId);
  for (const row of [...registrations, ...commissions, ...offers]) ids.add(row.partnerId);
  return [...ids].sort().map((partnerId) => {
    const submitted = registrations.filter((row) => row.partnerId === partnerId && inPeriod(row.submittedAt, period));
    const theirs = deals.filter((deal) => deal.partnerId === partnerId);
    const won = theirs.filter((deal) => inPeriod(deal.wonAt, period));
    const accrued = new MoneyTotals();
    const paid = new MoneyTotals();
    for (const row of commissions) {
      if (row.partnerId !== partnerId) continue;
      if (inPeriod(row.accruedAt, period)) accrued.add(row.currency, row.amount);
      if (inPeriod(row.paidAt, period)) paid.add(row.currency, row.amount);
    }
    const theirOffers = offers.filter((row) => row.partnerId === partnerId);
    const decided = (status: OfferRecord['status']): number =>
      theirOffers.filter((row) => row.status === status && inPeriod(row.decidedAt, period)).length;
    return {
      partnerId,
      registrations: submitted.length,
      approved: registrations.filter((row) => row.partnerId === partnerId && inPeriod(row.approvedAt, period)).length,
      conflicts: submitted.filter((row) => row.conflict).length,
      deals: theirs.filter((deal) => inPeriod(deal.openedAt, period)).length,
      won: won.length,
      revenue: totalOf(won).toList(),
      commissionsAccrued: accrued.toList(),
      commissionsPaid: paid.toList(),
      offersMade: theirOffers.filter((row) => inPeriod(row.offeredAt, period)).length,
      offersAccepted: decided('accepted'),
      offersDeclined: decided('declined'),
      offersLapsed: decided('lapsed'),
    };
  });
}
