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
 * A partner's registrations, commissions and offers summed by what happened to them in the period (ADR 0012, fifth
 * amendment): `kind` is a moment (`submitted`, `approved`, `accrued`, `paid`, `offered`, `accepted`, `declined`,
 * `lapsed`), `n` how many records had it in the period, `conflicts` of the submitted those with a channel conflict,
 * `cents` of the commissions their amount in `currency`. The same rows whether summed from the facts (`activityOf`)
 * or read from `partner_agg_flow`.
 */
export interface PartnerActivityRow {
  partnerId: string;
  kind: string;
  currency: string | null;
  n: number;
  conflicts: number;
  cents: number;
}

/** The period's activity rows and the partners with any registration, commission or offer at all (listed whatever the period). */
export interface PartnerActivity {
  rows: PartnerActivityRow[];
  partners: string[];
}

/** The activity of the records as they stood at the report's moment, in the period. */
export function activityOf(
  registrations: readonly RegistrationRecord[],
  commissions: readonly CommissionRecord[],
  offers: readonly OfferRecord[],
  period: Period,
): PartnerActivity {
  const rows: PartnerActivityRow[] = [];
  const add = (partnerId: string, kind: string, at: number | null, conflicts = 0, currency: string | null = null, cents = 0): void => {
    if (inPeriod(at, period)) rows.push({ partnerId, kind, currency, n: 1, conflicts, cents });
  };
  for (const row of registrations) {
    add(row.partnerId, 'submitted', row.submittedAt, row.conflict ? 1 : 0);
    add(row.partnerId, 'approved', row.approvedAt);
  }
  for (const row of commissions) {
    add(row.partnerId, 'accrued', row.accruedAt, 0, row.currency, Math.round(row.amount * 100));
    add(row.partnerId, 'paid', row.paidAt, 0, row.currency, Math.round(row.amount * 100));
  }
  for (const row of offers) {
    add(row.partnerId, 'offered', row.offeredAt);
    if (row.status !== 'offered') add(row.partnerId, row.status, row.decidedAt);
  }
  const partners = new Set([...registrations, ...commissions, ...offers].map((row) => row.partnerId));
  return { rows, partners: [...partners] };
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
  return partnersOf(totalsOf(deals, period), activityOf(registrations, commissions, offers, period));
}

/** The partners' report from the totals of their deals (flows by partner) and their registrations', commissions' and offers' activity. */
export function partnersOf(totals: Pick<DealTotals, 'flows' | 'partners'>, activity: PartnerActivity): PartnerRowV1[] {
  // Each list grouped by partner once (not filtered again for every partner).
  const flowsOf = groupBy(totals.flows.filter((row) => row.partnerId !== null), (row) => row.partnerId!);
  const activityOfPartner = groupBy(activity.rows, (row) => row.partnerId);
  const ids = new Set<string>([...totals.partners, ...activity.partners]);
  return [...ids].sort().map((partnerId) => {
    const theirs = flowsOf.get(partnerId) ?? [];
    const won = theirs.filter((row) => row.kind === 'won');
    const accrued = new MoneyTotals();
    const paid = new MoneyTotals();
    const count = new Map<string, number>();
    let conflicts = 0;
    for (const row of activityOfPartner.get(partnerId) ?? []) {
      count.set(row.kind, (count.get(row.kind) ?? 0) + row.n);
      if (row.kind === 'submitted') conflicts += row.conflicts;
      if (row.kind === 'accrued') accrued.addCents(row.currency!, row.cents);
      if (row.kind === 'paid') paid.addCents(row.currency!, row.cents);
    }
    const n = (kind: string): number => count.get(kind) ?? 0;
    return {
      partnerId,
      registrations: n('submitted'),
      approved: n('approved'),
      conflicts,
      deals: countOf(theirs.filter((row) => row.kind === 'opened')),
      won: countOf(won),
      revenue: totalOf(won).toList(),
      commissionsAccrued: accrued.toList(),
      commissionsPaid: paid.toList(),
      offersMade: n('offered'),
      offersAccepted: n('accepted'),
      offersDeclined: n('declined'),
      offersLapsed: n('lapsed'),
    };
  });
}
