import {
  GET_FORECAST_V1,
  GET_FUNNEL_V1,
  GET_LEAD_SOURCES_V1,
  GET_MANAGERS_REPORT_V1,
  GET_SUMMARY_V1,
  LIST_LEADS_V1,
  LIST_REPEAT_SALES_DUE_V1,
  type ActorV1,
  type ForecastReportV1,
  type FunnelReportV1,
  type LeadDetailsV1,
  type LeadSourcesReportV1,
  type ManagersReportV1,
  type SummaryReportV1,
  type RepeatSaleDueRowV1,
  type Role,
} from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';

/** The leads waiting longest that the dashboard lists. */
export const OLDEST_OPEN_LEADS = 10;
/** The horizon of the repeat sales the dashboard lists, as `GET /repeat-sales/due` defaults it. */
export const REPEAT_SALES_WITHIN_DAYS = 30;

/** `GET /dashboard`: each part as its service answered it, null when it did not (named in `warnings`) or is not the caller's. */
export type DashboardParts = {
  summary: SummaryReportV1;
  funnel: FunnelReportV1;
  managers: ManagersReportV1;
  forecast: ForecastReportV1;
  repeatSalesDue: RepeatSaleDueRowV1[];
  oldestOpenLeads: LeadDetailsV1[];
  leadSources: LeadSourcesReportV1;
};

/** One part of the dashboard: who sees it, which service answers it, and the request (in the caller's scope). */
export interface DashboardSection<K extends keyof DashboardParts> {
  key: K;
  source: string;
  roles: readonly Role[];
  load: (rpc: RpcClient, actor: ActorV1, deadlineMs: number) => Promise<DashboardParts[K]>;
}

const HEAD: readonly Role[] = ['admin', 'head_of_sales'];
const SALES: readonly Role[] = ['admin', 'head_of_sales', 'manager'];
const EVERYONE: readonly Role[] = ['admin', 'head_of_sales', 'manager', 'channel_manager'];

/**
 * The dashboard, one entry a part (API.md, "Dashboard"). A manager's requests carry the manager as the actor,
 * and every service scopes its answer to it, so a manager's dashboard is their own. A new report is one entry.
 */
export const DASHBOARD_SECTIONS: ReadonlyArray<DashboardSection<keyof DashboardParts>> = [
  // The reports over everything up to now, in the caller's scope (a manager's own figures).
  { key: 'summary', source: 'reporting', roles: SALES, load: (rpc, actor, ms) => rpc.send(GET_SUMMARY_V1, { actor, query: {} }, ms) },
  { key: 'funnel', source: 'reporting', roles: SALES, load: (rpc, actor, ms) => rpc.send(GET_FUNNEL_V1, { actor, query: {} }, ms) },
  { key: 'managers', source: 'reporting', roles: SALES, load: (rpc, actor, ms) => rpc.send(GET_MANAGERS_REPORT_V1, { actor, query: {} }, ms) },
  { key: 'forecast', source: 'reporting', roles: SALES, load: (rpc, actor, ms) => rpc.send(GET_FORECAST_V1, { actor, query: {} }, ms) },
  {
    key: 'leadSources',
    source: 'reporting',
    roles: HEAD,
    load: (rpc, actor, ms) => rpc.send(GET_LEAD_SOURCES_V1, { actor, query: {} }, ms),
  },
  {
    key: 'repeatSalesDue',
    source: 'deals',
    roles: SALES,
    load: (rpc, actor, ms) => rpc.send(LIST_REPEAT_SALES_DUE_V1, { actor, query: { withinDays: REPEAT_SALES_WITHIN_DAYS } }, ms),
  },
  {
    key: 'oldestOpenLeads',
    source: 'leads',
    roles: EVERYONE,
    load: async (rpc, actor, ms) => (await rpc.send(LIST_LEADS_V1, { actor, query: { status: 'new', order: 'oldest', limit: OLDEST_OPEN_LEADS } }, ms)).items,
  },
];
