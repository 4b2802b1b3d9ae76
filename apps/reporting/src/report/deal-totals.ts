import type { PartnerSums } from './partners.metric';
import { DAY_MS, inPeriod, statusOf, type DealRecord, type Period } from './report.model';

/**
 * What the deal reports sum, as rows with counts and sums (ADR 0012, amended): either computed here from deal
 * records (the facts), or read from the pre-aggregated tables the projection keeps. The metrics are computed from
 * these rows only, so both ways give the same answer for the same deals.
 *
 * Every row has `n` (deals), `nAmount` (of them with an amount) and `cents` (the sum of those amounts).
 */
export interface Sums {
  n: number;
  nAmount: number;
  cents: number;
}

/**
 * Deals opened, won or lost within the report's period. Fields a report does not group by are null. Openings and
 * losses are only counted: their `currency` is null and their amounts not read (won flows carry the money).
 */
export interface FlowRow extends Sums {
  kind: 'opened' | 'won' | 'lost';
  ownerId: string | null;
  partnerId: string | null;
  isRepeat: boolean | null;
  currency: string | null;
  /** Σ (won − opened) in ms, for `won`. */
  cycleMs: number;
}

/** Deals open at the report's moment, by the stage they are in (`stage` null: no stage entered yet). */
export interface OpenRow extends Sums {
  pipelineId: string | null;
  stage: string | null;
  /** The probability the stage's entry stated (used when the pipeline does not know the stage). */
  probability: number | null;
  /** `yyyy-mm` of the expected close date. */
  expectedMonth: string | null;
  ownerId: string | null;
  currency: string | null;
}

/** Deals opened in the period, by the set of stages they entered, the stage they are in and whether they were lost. */
export interface FunnelRow extends Sums {
  pipelineId: string;
  /** Stage codes entered, sorted, without repeats. */
  stages: string[];
  lastStage: string | null;
  lost: boolean;
  currency: string | null;
}

/** Finished visits to a stage of deals opened in the period: their number (`n`) and total length. */
export interface VisitRow {
  stage: string;
  n: number;
  ms: number;
}

/** Won deals by the month they were won in (any period: the forecast's). */
export interface WonMonthRow extends Sums {
  month: string;
  currency: string | null;
}

export interface DealTotals {
  flows: FlowRow[];
  /** Owners of every deal opened by the report's moment, in or out of the period. */
  owners: Array<string | null>;
  /** Partners of every deal opened by then. */
  partners: string[];
  /** The flows by partner summed per partner, where asked for instead of their rows (`TotalsRequest.partnerFlows`). */
  partnerFlows: PartnerSums[];
  open: OpenRow[];
  funnel: FunnelRow[];
  visits: VisitRow[];
  wonByMonth: WonMonthRow[];
  /** The middle one or two of the won-in-period deals' cycles (ms), for the median. */
  cycleMiddle: number[];
}

const sumsOf = (deal: DealRecord): Sums => ({
  n: 1,
  nAmount: deal.amount === null ? 0 : 1,
  cents: deal.amount === null ? 0 : Math.round(deal.amount * 100),
});

/** The stage codes a deal entered, sorted, each once. */
export function enteredStages(deal: DealRecord): string[] {
  return [...new Set(deal.entries.map((entry) => entry.stage))].sort();
}

/** Finished visits of one deal by stage: consecutive entries of one stage are one visit, ended by the next stage's entry. */
export function visitsOf(deal: DealRecord): Array<{ stage: string; ms: number }> {
  const visits: Array<{ stage: string; ms: number }> = [];
  let start = 0;
  for (let index = 1; index <= deal.entries.length; index += 1) {
    const entry = deal.entries[index];
    const visiting = deal.entries[start];
    if (entry && entry.stage === visiting.stage) continue;
    if (entry) visits.push({ stage: visiting.stage, ms: Math.max(0, entry.enteredAt - visiting.enteredAt) });
    start = index;
  }
  return visits;
}

/** The middle one or two of a list of numbers, sorted. */
export function middleOf(values: number[]): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? [sorted[middle]] : [sorted[middle - 1], sorted[middle]];
}

/** The totals of deal records (the facts a report read, cut at its moment), one row per deal and what it counts in. */
export function totalsOf(deals: readonly DealRecord[], period: Period): DealTotals {
  const totals: DealTotals = { flows: [], owners: [], partners: [], partnerFlows: [], open: [], funnel: [], visits: [], wonByMonth: [], cycleMiddle: [] };
  const owners = new Set<string | null>();
  const partners = new Set<string>();
  const cycles: number[] = [];
  for (const deal of deals) {
    owners.add(deal.ownerId);
    if (deal.partnerId !== null) partners.add(deal.partnerId);
    const base = { ownerId: deal.ownerId, partnerId: deal.partnerId, isRepeat: deal.isRepeat, currency: deal.currency, cycleMs: 0, ...sumsOf(deal) };
    if (inPeriod(deal.openedAt, period)) {
      totals.flows.push({ kind: 'opened', ...base, currency: null });
      const last = deal.entries[deal.entries.length - 1];
      totals.funnel.push({
        pipelineId: deal.pipelineId,
        stages: enteredStages(deal),
        lastStage: last?.stage ?? null,
        lost: deal.lostAt !== null,
        currency: deal.currency,
        ...sumsOf(deal),
      });
      for (const visit of visitsOf(deal)) totals.visits.push({ stage: visit.stage, n: 1, ms: visit.ms });
    }
    if (inPeriod(deal.wonAt, period)) {
      totals.flows.push({ kind: 'won', ...base, cycleMs: deal.wonAt! - deal.openedAt });
      cycles.push(deal.wonAt! - deal.openedAt);
    }
    if (inPeriod(deal.lostAt, period)) totals.flows.push({ kind: 'lost', ...base, currency: null });
    if (deal.wonAt !== null) totals.wonByMonth.push({ month: new Date(deal.wonAt).toISOString().slice(0, 7), currency: deal.currency, ...sumsOf(deal) });
    if (statusOf(deal) === 'open') {
      const current = deal.entries[deal.entries.length - 1];
      totals.open.push({
        pipelineId: deal.pipelineId,
        stage: current?.stage ?? null,
        probability: current?.probability ?? null,
        expectedMonth: deal.expectedCloseDate ? deal.expectedCloseDate.slice(0, 7) : null,
        ownerId: deal.ownerId,
        currency: deal.currency,
        ...sumsOf(deal),
      });
    }
  }
  totals.owners = [...owners];
  totals.partners = [...partners];
  totals.cycleMiddle = middleOf(cycles);
  return totals;
}

export const ALWAYS: Period = { from: null, to: null };

/** Mean of a sum over a count, in days. */
export function meanDays(totalMs: number, count: number): number | null {
  return count ? totalMs / count / DAY_MS : null;
}
