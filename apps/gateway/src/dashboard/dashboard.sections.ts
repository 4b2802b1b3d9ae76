import {
  DASHBOARD_REPORT_ROLES,
  GET_DASHBOARD_REPORTS_V1,
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
import type { AggregationWarning } from '../aggregation/sections';

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

/** What a section brought: the parts it yields (null for one its service could not compute) and the warnings saying why. */
export interface SectionYield {
  parts: { [K in keyof DashboardParts]?: DashboardParts[K] | null };
  warnings: AggregationWarning[];
}

/**
 * One request of the dashboard: the service that answers it, the parts it yields with the roles that see each, and
 * the request (in the caller's scope). It is asked of a caller who sees one of its parts, and answers them all.
 */
export interface DashboardSection {
  key: string;
  source: string;
  parts: { readonly [K in keyof DashboardParts]?: readonly Role[] };
  load: (rpc: RpcClient, actor: ActorV1, deadlineMs: number) => Promise<SectionYield>;
}

const SALES: readonly Role[] = ['admin', 'head_of_sales', 'manager'];
const EVERYONE: readonly Role[] = ['admin', 'head_of_sales', 'manager', 'channel_manager'];

/** A section of one part, its key the part's. */
function part<K extends keyof DashboardParts>(
  key: K,
  source: string,
  roles: readonly Role[],
  load: (rpc: RpcClient, actor: ActorV1, deadlineMs: number) => Promise<DashboardParts[K]>,
): DashboardSection {
  return { key, source, parts: { [key]: roles }, load: async (rpc, actor, ms) => ({ parts: { [key]: await load(rpc, actor, ms) }, warnings: [] }) };
}

/** The parts of `section` that `role` sees. */
export function partsSeenBy(section: DashboardSection, role: Role): Array<keyof DashboardParts> {
  return (Object.keys(section.parts) as Array<keyof DashboardParts>).filter((key) => section.parts[key]?.includes(role));
}

/**
 * The dashboard (API.md, "Dashboard"). A manager's requests carry the manager as the actor, and every service
 * scopes its answer to it, so a manager's dashboard is their own. Reporting's parts come in one request (ADR 0016,
 * amendment): what its five reports share is read once, and one message crosses NATS instead of five; a new
 * report is one part here and one entry of reporting's `DASHBOARD_REPORTS`. Another service's part is one entry.
 */
export const DASHBOARD_SECTIONS: readonly DashboardSection[] = [
  {
    // The reports over everything up to now, in the caller's scope (a manager's own figures); reporting leaves
    // null the parts not for the caller's role, and names in `problems` a part it could not compute.
    key: 'reports',
    source: 'reporting',
    parts: DASHBOARD_REPORT_ROLES,
    load: async (rpc, actor, ms) => {
      const { problems, ...parts } = await rpc.send(GET_DASHBOARD_REPORTS_V1, { actor }, ms);
      return { parts, warnings: problems.map(({ part, problem }) => ({ service: 'reporting', problem: `${part}: ${problem}` })) };
    },
  },
  part('repeatSalesDue', 'deals', SALES, (rpc, actor, ms) => rpc.send(LIST_REPEAT_SALES_DUE_V1, { actor, query: { withinDays: REPEAT_SALES_WITHIN_DAYS } }, ms)),
  part(
    'oldestOpenLeads',
    'leads',
    EVERYONE,
    async (rpc, actor, ms) => (await rpc.send(LIST_LEADS_V1, { actor, query: { status: 'new', order: 'oldest', limit: OLDEST_OPEN_LEADS } }, ms)).items,
  ),
];

/** Every part, in the order the answer lists them. */
export const DASHBOARD_PARTS: ReadonlyArray<keyof DashboardParts> = ['summary', 'funnel', 'managers', 'forecast', 'leadSources', 'repeatSalesDue', 'oldestOpenLeads'];
