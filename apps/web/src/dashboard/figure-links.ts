// Where each figure of the dashboard leads: the records behind it, as the leads list and the deals behind a
// figure (records.page.tsx) filter them. One place, so that the table and the chart open the same records.
import { dealQuery, type DashboardFilters } from './dashboard-filters';

function href(path: string, query: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The deals of the funnel's pipeline and period; the won and lost steps open only the won or lost ones. */
export function stageDealsHref(pipelineId: string, semantics: 'open' | 'won' | 'lost', filters: DashboardFilters): string {
  return href('/dashboard/deals', { pipelineId, status: semantics === 'open' ? null : semantics, ...dealQuery(filters) });
}

export function managerDealsHref(ownerId: string, filters: DashboardFilters, status?: 'won' | 'open'): string {
  return href('/dashboard/deals', { ownerId, status, ...dealQuery(filters) });
}

export function managerLeadsHref(ownerId: string): string {
  return href('/leads', { ownerId });
}

export function sourceLeadsHref(source: string, marketingEventId: string | null): string {
  return href('/leads', { source, marketingEventId });
}

/** The first day of the month after `yyyy-mm`, as `yyyy-mm-dd`. */
function monthAfter(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return number === 12 ? `${year + 1}-01-01` : `${year}-${String(number + 1).padStart(2, '0')}-01`;
}

/** The open deals a forecast month rests on: those of the channel expected to close in that month. */
export function forecastDealsHref(filters: DashboardFilters, month: string): string {
  return href('/dashboard/deals', { status: 'open', channel: filters.channel, expectedCloseFrom: `${month}-01`, expectedCloseTo: monthAfter(month) });
}
