// The forecast chart: one stacked bar a month (commit, best case, pipeline) and the weighted sum, in one
// currency — the one most of the money is in, as the chart cannot add currencies; the table shows them all.
import type { Money } from '../api/views';
import type { ForecastMonth } from './dashboard-data';

/** The currency with the most money across the months' categories (ties: the first seen); null without any. */
export function mainCurrency(months: ForecastMonth[]): string | null {
  const totals = new Map<string, number>();
  for (const month of months) for (const sum of [...month.commit, ...month.bestCase, ...month.pipeline]) totals.set(sum.currency, (totals.get(sum.currency) ?? 0) + sum.value);
  let best: string | null = null;
  for (const [currency, total] of totals) if (best === null || total > totals.get(best)!) best = currency;
  return best;
}

const valueIn = (sums: Money[], currency: string | null): number => sums.find((sum) => sum.currency === currency)?.value ?? 0;

export function forecastOption(months: ForecastMonth[]): { currency: string | null; option: Record<string, unknown> } {
  const currency = mainCurrency(months);
  const series = (name: string, pick: (month: ForecastMonth) => Money[]) => ({ name, type: 'bar', stack: 'open', data: months.map((month) => valueIn(pick(month), currency)) });
  return {
    currency,
    option: {
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: months.map((month) => month.month) },
      yAxis: { type: 'value', name: currency ?? '' },
      series: [
        series('Commit', (month) => month.commit),
        series('Best case', (month) => month.bestCase),
        series('Pipeline', (month) => month.pipeline),
        { name: 'Weighted', type: 'bar', data: months.map((month) => valueIn(month.weighted, currency)) },
      ],
    },
  };
}
