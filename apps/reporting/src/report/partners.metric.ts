import type { MoneyV1, PartnerRowV1 } from '@saleswire/contracts';
import { totalsOf, type DealTotals } from './deal-totals';
import { groupBy } from './managers.metric';
import { inPeriod, MoneyTotals, type DealRecord, type Period } from './report.model';

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
 * `cents` of the commissions their amount in `currency`: the rows `partner_agg_flow` keeps, made here from the facts
 * (`activityOf`) and summed per partner by `partnerSumsOf`, as PostgreSQL sums the table's.
 */
export interface PartnerActivityRow {
  partnerId: string;
  kind: string;
  currency: string | null;
  n: number;
  conflicts: number;
  cents: number;
}

/**
 * One partner's sums of a period (ADR 0012, twenty-second amendment): how many of each kind it had (deals `opened` and
 * `won`, and the activity's moments), of its submitted registrations how many with a channel conflict, and the cents
 * of each kind that carries money (won deals' amounts, accrued and paid commissions) by currency. The deals' flows by
 * partner and the partners' activity rows add up to these, summed here from rows (`partnerSumsOf`) or by PostgreSQL
 * from the pre-aggregated rows (`AggregateTotalsReader`) by the same rule, so that the report reads one row a partner
 * and not one a partner, kind and currency.
 */
export interface PartnerSums {
  partnerId: string;
  n: Record<string, number>;
  conflicts: number;
  money: Array<{ kind: string; currency: string; cents: number }>;
}

/**
 * Rows by partner, kind and currency summed per partner. A row's money counts where it has a currency and an amount:
 * a flow's `nAmount` of its deals had one (a won deal without an amount lists no currency); an activity row with a
 * currency is a commission's, which always has one. Only the submitted rows carry conflicts. Rows of no partner
 * (direct deals) are left out.
 */
export function partnerSumsOf(
  rows: ReadonlyArray<{ partnerId: string | null; kind: string; currency: string | null; n: number; nAmount?: number; conflicts?: number; cents: number }>,
): PartnerSums[] {
  const sums = new Map<string, PartnerSums>();
  for (const row of rows) {
    if (row.partnerId === null) continue;
    let of = sums.get(row.partnerId);
    if (!of) sums.set(row.partnerId, (of = { partnerId: row.partnerId, n: {}, conflicts: 0, money: [] }));
    of.n[row.kind] = (of.n[row.kind] ?? 0) + row.n;
    of.conflicts += row.conflicts ?? 0;
    if (row.currency !== null && (row.nAmount ?? 1) > 0) of.money.push({ kind: row.kind, currency: row.currency, cents: row.cents });
  }
  return [...sums.values()];
}

/** The period's activity summed per partner, and the partners with any registration, commission or offer at all (listed whatever the period). */
export interface PartnerActivity {
  sums: PartnerSums[];
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
  return { sums: partnerSumsOf(rows), partners: [...partners] };
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
  const totals = totalsOf(deals, period);
  return partnersOf({ partners: totals.partners, partnerFlows: partnerSumsOf(totals.flows) }, activityOf(registrations, commissions, offers, period));
}

/**
 * The partners' report from their deals' sums (the flows by partner: `partnerFlows`) and their activity's: a row for
 * every partner with a deal opened by the report's moment (`totals.partners`) or a record at all, in or out of the period.
 */
export function partnersOf(totals: Pick<DealTotals, 'partnerFlows' | 'partners'>, activity: PartnerActivity): PartnerRowV1[] {
  const sumsOf = groupBy([...totals.partnerFlows, ...activity.sums], (sums) => sums.partnerId);
  const ids = new Set<string>([...totals.partners, ...activity.partners]);
  return [...ids].sort().map((partnerId) => {
    const theirs = sumsOf.get(partnerId) ?? [];
    const n = (kind: string): number => theirs.reduce((total, sums) => total + (sums.n[kind] ?? 0), 0);
    const money = (kind: string): MoneyV1[] => {
      const total = new MoneyTotals();
      for (const sums of theirs) for (const row of sums.money) if (row.kind === kind) total.addCents(row.currency, row.cents);
      return total.toList();
    };
    return {
      partnerId,
      registrations: n('submitted'),
      approved: n('approved'),
      conflicts: theirs.reduce((total, sums) => total + sums.conflicts, 0),
      deals: n('opened'),
      won: n('won'),
      revenue: money('won'),
      commissionsAccrued: money('accrued'),
      commissionsPaid: money('paid'),
      offersMade: n('offered'),
      offersAccepted: n('accepted'),
      offersDeclined: n('declined'),
      offersLapsed: n('lapsed'),
    };
  });
}
