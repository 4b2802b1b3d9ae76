import type { PartnerRowV1 } from '@saleswire/contracts';
import { totalsOf, type DealTotals } from './deal-totals';
import { groupBy } from './managers.metric';
import { inPeriod, MoneyTotals, type DealRecord, type Period } from './report.model';
import { countOf, totalOf } from './summary.metric';

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
  return partnersOf(totalsOf(deals, period), registrations, commissions, offers, period);
}

/** The partners' report from the totals of their deals (flows by partner) and their registrations, commissions and offers. */
export function partnersOf(
  totals: Pick<DealTotals, 'flows' | 'partners'>,
  registrations: readonly RegistrationRecord[],
  commissions: readonly CommissionRecord[],
  offers: readonly OfferRecord[],
  period: Period,
): PartnerRowV1[] {
  // Each list grouped by partner once (not filtered again for every partner).
  const flowsOf = groupBy(totals.flows.filter((row) => row.partnerId !== null), (row) => row.partnerId!);
  const registrationsOf = groupBy(registrations, (row) => row.partnerId);
  const commissionsOf = groupBy(commissions, (row) => row.partnerId);
  const offersOf = groupBy(offers, (row) => row.partnerId);
  const ids = new Set<string>([...totals.partners, ...registrationsOf.keys(), ...commissionsOf.keys(), ...offersOf.keys()]);
  return [...ids].sort().map((partnerId) => {
    const theirRegistrations = registrationsOf.get(partnerId) ?? [];
    const submitted = theirRegistrations.filter((row) => inPeriod(row.submittedAt, period));
    const theirs = flowsOf.get(partnerId) ?? [];
    const won = theirs.filter((row) => row.kind === 'won');
    const accrued = new MoneyTotals();
    const paid = new MoneyTotals();
    for (const row of commissionsOf.get(partnerId) ?? []) {
      if (inPeriod(row.accruedAt, period)) accrued.add(row.currency, row.amount);
      if (inPeriod(row.paidAt, period)) paid.add(row.currency, row.amount);
    }
    const theirOffers = offersOf.get(partnerId) ?? [];
    const decided = (status: OfferRecord['status']): number =>
      theirOffers.filter((row) => row.status === status && inPeriod(row.decidedAt, period)).length;
    return {
      partnerId,
      registrations: submitted.length,
      approved: theirRegistrations.filter((row) => inPeriod(row.approvedAt, period)).length,
      conflicts: submitted.filter((row) => row.conflict).length,
      deals: countOf(theirs.filter((row) => row.kind === 'opened')),
      won: countOf(won),
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
