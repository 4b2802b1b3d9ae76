import type { ForecastMonthV1 } from '@saleswire/contracts';
import { ALWAYS, totalsOf, type DealTotals } from './deal-totals';
import { MoneyTotals, type DealRecord, type Pipelines } from './report.model';
import { probabilityOfRow } from './summary.metric';

export const COMMIT_FROM = 80;
export const BEST_CASE_FROM = 40;

/** `yyyy-mm` of a moment, in UTC. */
export function monthOf(time: number): string {
  return new Date(time).toISOString().slice(0, 7);
}

/** The `count` months starting with the month of `time`. */
export function monthsFrom(time: number, count: number): string[] {
  const start = new Date(time);
  return Array.from({ length: count }, (_, offset) =>
    new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + offset, 1)).toISOString().slice(0, 7),
  );
}

/**
 * Per expected close month from the report's moment on: open deals weighted by their stage's probability and
 * split by it — `commit` ≥ 80, `bestCase` ≥ 40, `pipeline` the rest — and what was won in the month. An open
 * deal whose expected close date has passed is counted in the first month; one without a date is not forecast.
 */
export function forecast(deals: readonly DealRecord[], at: number, count: number, pipelines: Pipelines): ForecastMonthV1[] {
  return forecastOf(totalsOf(deals, ALWAYS), at, count, pipelines);
}

/** The forecast from the totals of the deals: won by month, open by expected close month and stage. */
export function forecastOf(totals: Pick<DealTotals, 'wonByMonth' | 'open'>, at: number, count: number, pipelines: Pipelines): ForecastMonthV1[] {
  const months = monthsFrom(at, count);
  const rows = new Map(
    months.map((month) => [
      month,
      { weighted: new MoneyTotals(), commit: new MoneyTotals(), bestCase: new MoneyTotals(), pipeline: new MoneyTotals(), won: new MoneyTotals() },
    ]),
  );
  for (const won of totals.wonByMonth) {
    if (won.currency !== null && won.nAmount > 0) rows.get(won.month)?.won.addCents(won.currency, won.cents);
  }
  for (const open of totals.open) {
    if (!open.expectedMonth) continue;
    const month = open.expectedMonth < months[0] ? months[0] : open.expectedMonth;
    const row = rows.get(month);
    if (!row || open.currency === null || open.nAmount === 0) continue;
    const probability = probabilityOfRow(open, pipelines);
    row.weighted.addCents(open.currency, open.cents, probability);
    const category = probability >= COMMIT_FROM ? row.commit : probability >= BEST_CASE_FROM ? row.bestCase : row.pipeline;
    category.addCents(open.currency, open.cents);
  }
  return months.map((month) => {
    const row = rows.get(month)!;
    return {
      month,
      weighted: row.weighted.toList(),
      commit: row.commit.toList(),
      bestCase: row.bestCase.toList(),
      pipeline: row.pipeline.toList(),
      won: row.won.toList(),
    };
  });
}
