import type { ManagerRowV1, ManagersReportV1 } from '@saleswire/contracts';
import { totalsOf, type DealTotals, type FlowRow } from './deal-totals';
import { MoneyTotals, round, type DealRecord, type Period } from './report.model';
import { countOf, totalOf } from './summary.metric';

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
  return managersOf(totalsOf(deals, period), leadsByOwner, plans, withDepartment);
}

/** The managers' report from the totals of the deals (flows and open rows by owner). */
export function managersOf(
  totals: Pick<DealTotals, 'flows' | 'open' | 'owners'>,
  leadsByOwner: ReadonlyMap<string | null, number>,
  plans: PlanTotals,
  withDepartment: boolean,
): Omit<ManagersReportV1, 'dataAsOf'> {
  const owners = new Set<string | null>([...leadsByOwner.keys(), ...totals.owners]);
  for (const owner of plans.keys()) if (owner !== null) owners.add(owner);
  const flowsOf = groupBy(totals.flows, (row) => row.ownerId);
  const openOf = groupBy(totals.open, (row) => row.ownerId);
  const items = [...owners].map((ownerId): ManagerRowV1 => {
    const mine = flowsOf.get(ownerId) ?? [];
    const won = mine.filter((row) => row.kind === 'won');
    const wonCount = countOf(won);
    const lostCount = countOf(mine.filter((row) => row.kind === 'lost'));
    const revenue = totalOf(won);
    const plan = ownerId === null ? undefined : plans.get(ownerId);
    return {
      ownerId,
      leads: leadsByOwner.get(ownerId) ?? 0,
      deals: countOf(mine.filter((row) => row.kind === 'opened')),
      won: wonCount,
      lost: lostCount,
      revenue: revenue.toList(),
      winRate: wonCount + lostCount ? round(wonCount / (wonCount + lostCount), 4) : null,
      openPipeline: totalOf(openOf.get(ownerId) ?? []).toList(),
      plan: plan ? plan.toList() : null,
      planDone: planDone(revenue, plan),
    };
  });
  items.sort((a, b) => (a.ownerId ?? '').localeCompare(b.ownerId ?? ''));
  if (!withDepartment) return { items, department: null };
  const revenue = totalOf(totals.flows.filter((row: FlowRow) => row.kind === 'won'));
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

export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
