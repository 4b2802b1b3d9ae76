import type { ManagerRowV1, ManagersReportV1 } from '@saleswire/contracts';
import { inPeriod, MoneyTotals, round, statusOf, type DealRecord, type Period } from './report.model';
import { totalOf } from './summary.metric';

/** The plans of the report's months: per manager, and the department's (key `null`). */
export type PlanTotals = ReadonlyMap<string | null, MoneyTotals>;

/**
 * Per manager: leads assigned, deals opened, won and lost closed in the period, revenue, win rate, open
 * pipeline, the plan of the period's months and `planDone` = revenue / plan in the plan's currency.
 */
export function managers(
  deals: readonly DealRecord[],
  leadsByOwner: ReadonlyMap<string | null, number>,
  plans: PlanTotals,
  period: Period,
  withDepartment: boolean,
): Omit<ManagersReportV1, 'dataAsOf'> {
  const owners = new Set<string | null>([...leadsByOwner.keys(), ...deals.map((deal) => deal.ownerId)]);
  for (const owner of plans.keys()) if (owner !== null) owners.add(owner);
  const byOwner = new Map<string | null, DealRecord[]>();
  for (const deal of deals) {
    const list = byOwner.get(deal.ownerId) ?? [];
    list.push(deal);
    byOwner.set(deal.ownerId, list);
  }
  const items = [...owners].map((ownerId): ManagerRowV1 => {
    const mine = byOwner.get(ownerId) ?? [];
    const won = mine.filter((deal) => inPeriod(deal.wonAt, period));
    const lost = mine.filter((deal) => inPeriod(deal.lostAt, period));
    const revenue = totalOf(won);
    const plan = ownerId === null ? undefined : plans.get(ownerId);
    return {
      ownerId,
      leads: leadsByOwner.get(ownerId) ?? 0,
      deals: mine.filter((deal) => inPeriod(deal.openedAt, period)).length,
      won: won.length,
      lost: lost.length,
      revenue: revenue.toList(),
      winRate: won.length + lost.length ? round(won.length / (won.length + lost.length), 4) : null,
      openPipeline: totalOf(mine.filter((deal) => statusOf(deal) === 'open')).toList(),
      plan: plan ? plan.toList() : null,
      planDone: planDone(revenue, plan),
    };
  });
  items.sort((a, b) => (a.ownerId ?? '').localeCompare(b.ownerId ?? ''));
  if (!withDepartment) return { items, department: null };
  const revenue = totalOf(deals.filter((deal) => inPeriod(deal.wonAt, period)));
  const plan = plans.get(null);
  return { items, department: { revenue: revenue.toList(), plan: plan ? plan.toList() : null, planDone: planDone(revenue, plan) } };
}

/** revenue / plan, when the plan is of one currency and above zero; otherwise there is no ratio to give. */
export function planDone(revenue: MoneyTotals, plan: MoneyTotals | undefined): number | null {
  const currencies = plan?.currencies() ?? [];
  if (!plan || currencies.length !== 1) return null;
  const target = plan.get(currencies[0]);
  return target > 0 ? round(revenue.get(currencies[0]) / target, 4) : null;
}
