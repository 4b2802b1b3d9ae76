// The partners page's filters, kept in its URL so that a view can be bookmarked and shared: which partners
// (text search, status) and the period of their figures (`from`/`to`, local days, both inclusive; the report
// gets them as `[from, to)` instants through the dashboard's `reportQuery`).
import { dashboardFiltersFrom, reportQuery, type DashboardFilters } from '../dashboard/dashboard-filters';

export const PARTNER_STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'suspended', label: 'Suspended' },
];

export interface PartnersFilters {
  q?: string;
  status?: 'active' | 'suspended';
  from?: string;
  to?: string;
}

/** The filters the URL sets; anything malformed is dropped rather than sent for a 400. */
export function partnersFiltersFrom(params: URLSearchParams): PartnersFilters {
  const { from, to } = dashboardFiltersFrom(params);
  const filters: PartnersFilters = {};
  const q = params.get('q')?.trim();
  const status = params.get('status');
  if (q) filters.q = q;
  if (status === 'active' || status === 'suspended') filters.status = status;
  if (from) filters.from = from;
  if (to) filters.to = to;
  return filters;
}

export function partnersSearchOf(filters: PartnersFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['q', 'status', 'from', 'to'] as const) {
    const value = filters[name]?.trim();
    if (value) params.set(name, value);
  }
  return params;
}

/** GET /partners' query: the list's own filters. */
export function partnersQuery(filters: PartnersFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.q) query.q = filters.q;
  if (filters.status) query.status = filters.status;
  return query;
}

/** GET /reports/partners' query for the period (and one partner, on its page). */
export function figuresQuery(period: Period, partnerId?: string): Record<string, string> {
  return { ...reportQuery({ from: period.from, to: period.to }), ...(partnerId ? { partnerId } : {}) };
}

/** The period part of a search, carried from the list to a partner's page and back. */
export function periodSearch(period: Period): string {
  const params = partnersSearchOf({ from: period.from, to: period.to }).toString();
  return params ? `?${params}` : '';
}

/** The period's two ends as a person picks them: local calendar days, both inclusive. */
export type Period = Pick<DashboardFilters, 'from' | 'to'>;

export interface PeriodPreset {
  label: string;
  period: Period;
}

function day(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const dayOfMonth = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${dayOfMonth}`;
}

/** The periods a channel manager asks for most, on the user's own calendar: months and quarters as calendars have them. */
export function periodPresets(today: Date): PeriodPreset[] {
  const year = today.getFullYear();
  const month = today.getMonth();
  const quarter = Math.floor(month / 3) * 3;
  return [
    { label: 'This month', period: { from: day(new Date(year, month, 1)), to: day(new Date(year, month + 1, 0)) } },
    { label: 'Last month', period: { from: day(new Date(year, month - 1, 1)), to: day(new Date(year, month, 0)) } },
    { label: 'This quarter', period: { from: day(new Date(year, quarter, 1)), to: day(new Date(year, quarter + 3, 0)) } },
    { label: 'This year', period: { from: day(new Date(year, 0, 1)), to: day(new Date(year, 11, 31)) } },
    { label: 'All time', period: {} },
  ];
}

/** The period in words for a caption: "1 Dec 2026 – 31 Dec 2026", "since …", "until …", or "all time". */
export function periodWords(period: Period, formatDay: (day: string) => string): string {
  if (period.from && period.to) return `${formatDay(period.from)} – ${formatDay(period.to)}`;
  if (period.from) return `since ${formatDay(period.from)}`;
  if (period.to) return `until ${formatDay(period.to)}`;
  return 'all time';
}
