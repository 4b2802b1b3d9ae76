// The dashboard's filters (period, channel, direction), kept in the page's URL so that a filtered view can be
// bookmarked, and turned into the reports' query (API.md, Reports: `from`/`to` as `[from, to)`).
export const CHANNEL_OPTIONS = [
  { value: '', label: 'All channels' },
  { value: 'direct', label: 'Direct' },
  { value: 'indirect', label: 'Indirect (partners)' },
];

/** The API says `inbound`/`outbound`; the department says passive/active. */
export const DIRECTION_OPTIONS = [
  { value: '', label: 'Both directions' },
  { value: 'outbound', label: 'Active (outbound)' },
  { value: 'inbound', label: 'Passive (inbound)' },
];

export interface DashboardFilters {
  /** First day of the period, `yyyy-mm-dd`, inclusive. */
  from?: string;
  /** Last day of the period, `yyyy-mm-dd`, inclusive (as a person picks it). */
  to?: string;
  channel?: 'direct' | 'indirect';
  direction?: 'inbound' | 'outbound';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters the URL sets; anything malformed is dropped rather than sent for a 400. */
export function dashboardFiltersFrom(params: URLSearchParams): DashboardFilters {
  const filters: DashboardFilters = {};
  const from = params.get('from');
  const to = params.get('to');
  const channel = params.get('channel');
  const direction = params.get('direction');
  if (from && DAY.test(from)) filters.from = from;
  if (to && DAY.test(to)) filters.to = to;
  if (channel === 'direct' || channel === 'indirect') filters.channel = channel;
  if (direction === 'inbound' || direction === 'outbound') filters.direction = direction;
  return filters;
}

export function dashboardSearchOf(filters: DashboardFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['from', 'to', 'channel', 'direction'] as const) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  return params;
}

export function hasFilters(filters: DashboardFilters): boolean {
  return Boolean(filters.from || filters.to || filters.channel || filters.direction);
}

/** Local midnight of a calendar day, as the instant the API takes. */
function startOfDay(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}

function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
}

/** The reports' query: the picked days as the user's local days, `to` made exclusive (the day after). */
export function reportQuery(filters: DashboardFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.from) query.from = startOfDay(filters.from);
  if (filters.to) query.to = dayAfter(filters.to);
  if (filters.channel) query.channel = filters.channel;
  if (filters.direction) query.direction = filters.direction;
  return query;
}

/** The deals list's filters for the same period and channel (GET /deals has no direction filter). */
export function dealQuery(filters: DashboardFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.from) query.createdFrom = startOfDay(filters.from);
  if (filters.to) query.createdTo = dayAfter(filters.to);
  if (filters.channel) query.channel = filters.channel;
  return query;
}
