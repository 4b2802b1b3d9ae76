import type { MoneyV1, NewVsRepeatV1, SummaryReportV1 } from '@saleswire/contracts';
import { DAY_MS, inPeriod, mean, median, MoneyTotals, probabilityOf, round, statusOf, type DealRecord, type Period, type Pipelines } from './report.model';

export type SummaryFigures = Omit<SummaryReportV1, 'dataAsOf'>;

/**
 * The head of sales' summary (API.md; definitions in the gateway's OpenAPI text): deals opened in the period,
 * won and lost closed in it, open deals as the data stood at the report's moment.
 */
export function summary(deals: readonly DealRecord[], leads: number, period: Period, pipelines: Pipelines): SummaryFigures {
  const opened = deals.filter((deal) => inPeriod(deal.openedAt, period));
  const won = deals.filter((deal) => inPeriod(deal.wonAt, period));
  const lost = deals.filter((deal) => inPeriod(deal.lostAt, period));
  const open = deals.filter((deal) => statusOf(deal) === 'open');

  const winRate = won.length + lost.length ? round(won.length / (won.length + lost.length), 4) : null;
  const revenue = totalOf(won);
  const averageDealSize = averageSize(won);
  const cycles = won.map((deal) => (deal.wonAt! - deal.openedAt) / DAY_MS);
  const averageCycle = mean(cycles);
  const pipelineValue = totalOf(open);
  const weighted = new MoneyTotals();
  for (const deal of open) weighted.add(deal.currency, deal.amount, probabilityOf(deal, pipelines) / 100);

  return {
    winRate,
    averageDealSize,
    averageCycleDays: averageCycle === null ? null : round(averageCycle, 2),
    medianCycleDays: cycles.length ? round(median(cycles)!, 2) : null,
    pipelineValue: pipelineValue.toList(),
    weightedPipeline: weighted.toList(),
    velocityPerDay: velocity(open, averageDealSize, winRate, averageCycle),
    leads,
    deals: opened.length,
    open: open.length,
    won: won.length,
    lost: lost.length,
    revenue: revenue.toList(),
    newBusiness: split(opened, won, false),
    repeat: split(opened, won, true),
  };
}

export function totalOf(deals: readonly DealRecord[]): MoneyTotals {
  const totals = new MoneyTotals();
  for (const deal of deals) totals.add(deal.currency, deal.amount);
  return totals;
}

/** Won amount / won count, per currency (a deal counts in its own currency only). */
export function averageSize(won: readonly DealRecord[]): MoneyV1[] {
  const totals = totalOf(won);
  return totals.currencies().map((currency) => {
    const count = won.filter((deal) => deal.currency === currency && deal.amount !== null).length;
    return { currency, value: round(totals.get(currency) / count, 2) };
  });
}

/** open deals × average deal size × win rate / average cycle days, per currency of the open deals. */
function velocity(open: readonly DealRecord[], sizes: MoneyV1[], winRate: number | null, cycleDays: number | null): MoneyV1[] {
  if (winRate === null || cycleDays === null || cycleDays <= 0) return [];
  return sizes.flatMap(({ currency, value }) => {
    const count = open.filter((deal) => deal.currency === currency).length;
    return count ? [{ currency, value: round((count * value * winRate) / cycleDays, 2) }] : [];
  });
}

function split(opened: readonly DealRecord[], won: readonly DealRecord[], isRepeat: boolean): NewVsRepeatV1 {
  const wonOfKind = won.filter((deal) => deal.isRepeat === isRepeat);
  return { deals: opened.filter((deal) => deal.isRepeat === isRepeat).length, won: wonOfKind.length, revenue: totalOf(wonOfKind).toList() };
}
