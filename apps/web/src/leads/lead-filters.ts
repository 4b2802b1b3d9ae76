// The leads list's filters (API.md: status, source, marketing event, assignee, region, text search), kept in
// the page's URL so that a filtered list can be bookmarked and shared.
export const LEAD_FILTERS = ['status', 'source', 'marketingEventId', 'ownerId', 'region', 'q'] as const;
export type LeadFilter = (typeof LEAD_FILTERS)[number];
export type LeadFilters = Partial<Record<LeadFilter, string>>;

/** The filters the URL sets, blanks dropped (the API refuses an empty `status=`). */
export function filtersFrom(params: URLSearchParams): LeadFilters {
  const filters: LeadFilters = {};
  for (const name of LEAD_FILTERS) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = name === 'region' ? value.toUpperCase() : value;
  }
  return filters;
}

/** The URL's query for these filters, in the list's order. */
export function searchOf(filters: LeadFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of LEAD_FILTERS) {
    const value = filters[name]?.trim();
    if (value) params.set(name, value);
  }
  return params;
}
