import type { MoneyV1, NewVsRepeatV1, SummaryReportV1 } from '@saleswire/contracts';
import { meanDays, totalsOf, type DealTotals, type FlowRow, type OpenRow } from './deal-totals';
import { DAY_MS, MoneyTotals, round, type DealRecord, type Period, type Pipelines } from './report.model';

export type SummaryFigures = Omit<SummaryReportV1, 'dataAsOf'>;

/**
 * The head of sales' summary (API.md; definitions in the gateway's OpenAPI text): deals opened in the period,
 * won and lost closed in it, open deals as the data stood at the report's moment.
 */
export function summary(deals: readonly DealRecord[], leads: number, period: Period, pipelines: Pipelines): SummaryFigures {
  return summaryOf(totalsOf(deals, period), leads, pipelines);
}

/** The summary from the totals of the deals (the facts' or the pre-aggregated rows'). */
export function summaryOf(totals: Pick<DealTotals, 'flows' | 'open' | 'cycleMiddle'>, leads: number, pipelines: Pipelines): SummaryFigures {
  const opened = totals.flows.filter((row) => row.kind === 'opened');
  const won = totals.flows.filter((row) => row.kind === 'won');
  const wonCount = countOf(won);
  const lostCount = countOf(totals.flows.filter((row) => row.kind === 'lost'));

  const winRate = wonCount + lostCount ? round(wonCount / (wonCount + lostCount), 4) : null;
  const revenue = totalOf(won);
  const averageDealSize = averageSize(won);
  const averageCycle = meanDays(won.reduce((sum, row) => sum + row.cycleMs, 0), wonCount);
  const pipelineValue = totalOf(totals.open);
  const weighted = new MoneyTotals();
  for (const row of totals.open) {
    if (row.currency !== null && row.nAmount > 0) weighted.addCents(row.currency, row.cents, probabilityOfRow(row, pipelines));
  }
  const middle = totals.cycleMiddle.map((ms) => ms / DAY_MS);
  const median = middle.length === 0 ? null : middle.length === 1 ? middle[0] : (middle[0] + middle[1]) / 2;

  return {
    winRate,
    averageDealSize,
    averageCycleDays: averageCycle === null ? null : round(averageCycle, 2),
    medianCycleDays: median === null ? null : round(median, 2),
    pipelineValue: pipelineValue.toList(),
    weightedPipeline: weighted.toList(),
    velocityPerDay: velocity(totals.open, averageDealSize, winRate, averageCycle),
    leads,
    deals: countOf(opened),
    open: countOf(totals.open),
    won: wonCount,
    lost: lostCount,
    revenue: revenue.toList(),
    newBusiness: split(opened, won, false),
    repeat: split(opened, won, true),
  };
}

export function countOf(rows: ReadonlyArray<{ n: number }>): number {
  return rows.reduce((sum, row) => sum + row.n, 0);
}

/** The amounts of rows per currency (rows without an amount or a currency add nothing). */
export function totalOf(rows: ReadonlyArray<{ currency: string | null; nAmount: number; cents: number }>): MoneyTotals {
  const totals = new MoneyTotals();
  for (const row of rows) if (row.currency !== null && row.nAmount > 0) totals.addCents(row.currency, row.cents);
  return totals;
}

/** The probability of the stage open deals are in: their pipeline's, else what the entry stated; none entered, 0. */
export function probabilityOfRow(row: Pick<OpenRow, 'pipelineId' | 'stage' | 'probability'>, pipelines: Pipelines): number {
  if (row.stage === null || row.probability === null) return 0;
  const stage = row.pipelineId === null ? undefined : pipelines.get(row.pipelineId)?.find((candidate) => candidate.code === row.stage);
  return stage?.probability ?? row.probability;
}

/** Won amount / won count, per currency (a deal counts in its own currency only). */
export function averageSize(won: readonly FlowRow[]): MoneyV1[] {
  const totals = totalOf(won);
  return totals.currencies().map((currency) => {
    const count = won.filter((row) => row.currency === currency).reduce((sum, row) => sum + row.nAmount, 0);
    return { currency, value: round(totals.get(currency) / count, 2) };
  });
}

/** open deals × average deal size × win rate / average cycle days, per currency of the open deals. */
function velocity(open: readonly OpenRow[], sizes: MoneyV1[], winRate: number | null, cycleDays: number | null): MoneyV1[] {
  if (winRate === null || cycleDays === null || cycleDays <= 0) return [];
  return sizes.flatMap(({ currency, value }) => {
    const count = countOf(open.filter((row) => row.currency === currency));
    return count ? [{ currency, value: round((count * value * winRate) / cycleDays, 2) }] : [];
  });
}

function split(opened: readonly FlowRow[], won: readonly FlowRow[], isRepeat: boolean): NewVsRepeatV1 {
  const wonOfKind = won.filter((row) => row.isRepeat === isRepeat);
  return { deals: countOf(opened.filter((row) => row.isRepeat === isRepeat)), won: countOf(wonOfKind), revenue: totalOf(wonOfKind).toList() };
}

