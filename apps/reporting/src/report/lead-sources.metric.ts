import type { LeadSourceRowV1 } from '@saleswire/contracts';
import { MoneyTotals, round } from './report.model';

/** Leads created in the period from one source and marketing event, and how many of them were converted. */
export interface LeadSourceCount {
  source: string;
  marketingEventId: string | null;
  leads: number;
  converted: number;
}

/** The won deals opened from those leads, in one currency: how many, and their amounts in cents (null: none had one). */
export interface LeadSourceWins {
  source: string;
  marketingEventId: string | null;
  currency: string | null;
  won: number;
  cents: number | null;
}

export interface MarketingEventCost {
  marketingEventId: string;
  cost: number | null;
  currency: string | null;
}

const key = (source: string, event: string | null): string => `${source}|${event ?? ''}`;
const order = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/**
 * The lead-sources report: per source and marketing event, the leads, the converted, the won deals and their
 * revenue per currency, the event's cost and the return on it (`(revenue − cost) / cost` in the cost's currency;
 * null without a cost). The most leads first, then by source and event (none first).
 */
export function leadSourcesOf(counts: readonly LeadSourceCount[], wins: readonly LeadSourceWins[], costs: readonly MarketingEventCost[]): LeadSourceRowV1[] {
  const won = new Map<string, { count: number; revenue: MoneyTotals }>();
  for (const row of wins) {
    const held = won.get(key(row.source, row.marketingEventId)) ?? { count: 0, revenue: new MoneyTotals() };
    held.count += row.won;
    if (row.currency !== null && row.cents !== null) held.revenue.addCents(row.currency, row.cents);
    won.set(key(row.source, row.marketingEventId), held);
  }
  const costOf = new Map(costs.map((row) => [row.marketingEventId, row]));
  return [...counts]
    .sort((a, b) => b.leads - a.leads || order(a.source, b.source) || order(a.marketingEventId, b.marketingEventId))
    .map((row) => {
      const returns = won.get(key(row.source, row.marketingEventId)) ?? { count: 0, revenue: new MoneyTotals() };
      const spent = row.marketingEventId ? costOf.get(row.marketingEventId) : undefined;
      const cost = spent?.cost != null && spent.currency ? { currency: spent.currency, value: spent.cost } : null;
      return {
        source: row.source as LeadSourceRowV1['source'],
        marketingEventId: row.marketingEventId,
        leads: row.leads,
        converted: row.converted,
        won: returns.count,
        revenue: returns.revenue.toList(),
        cost,
        roi: cost && cost.value > 0 ? round((returns.revenue.get(cost.currency) - cost.value) / cost.value, 4) : null,
      };
    });
}
