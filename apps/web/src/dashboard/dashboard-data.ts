// What the dashboard shows and how it is loaded: without filters the gateway's one request (GET /dashboard,
// whose late services are named in `warnings`); with filters the reports themselves (GET /reports/*), each
// failure turned into a warning of the same shape, so that the page reads one structure either way.
import { read, type Api } from '../api/client';
import type { Money } from '../api/views';
import { problemSentence } from '../shared/problem';
import { hasFilters, reportQuery, type DashboardFilters } from './dashboard-filters';

export interface FunnelStage {
  code: string;
  name: string;
  semantics: 'open' | 'won' | 'lost';
  count: number;
  amount: Money[];
  conversionFromPrevious: number | null;
  averageDaysInStage: number | null;
}

export interface FunnelReport {
  pipelineId: string;
  stages: FunnelStage[];
  dataAsOf: string | null;
}

export interface SummaryReport {
  winRate: number | null;
  averageDealSize: Money[];
  averageCycleDays: number | null;
  pipelineValue: Money[];
  weightedPipeline: Money[];
  leads: number;
  deals: number;
  open: number;
  won: number;
  lost: number;
  revenue: Money[];
  dataAsOf: string | null;
}

export interface ManagerRow {
  ownerId: string | null;
  leads: number;
  deals: number;
  won: number;
  lost: number;
  revenue: Money[];
  winRate: number | null;
  openPipeline: Money[];
  plan: Money[] | null;
  planDone: number | null;
}

export interface ManagersReport {
  items: ManagerRow[];
  department: { revenue: Money[]; plan: Money[] | null; planDone: number | null } | null;
  dataAsOf: string | null;
}

export interface LeadSourceRow {
  source: string;
  marketingEventId: string | null;
  leads: number;
  converted: number;
  won: number;
  revenue: Money[];
  cost: Money | null;
  roi: number | null;
}

export interface LeadSourcesReport {
  items: LeadSourceRow[];
  dataAsOf: string | null;
}

export interface ForecastMonth {
  month: string;
  weighted: Money[];
  commit: Money[];
  bestCase: Money[];
  pipeline: Money[];
  won: Money[];
}

export interface ForecastReport {
  months: ForecastMonth[];
  dataAsOf: string | null;
}

export interface DashboardWarning {
  service: string;
  problem: string;
}

/** Each part null when its service did not answer in time or it is not the caller's (a manager has no lead sources). */
export interface DashboardData {
  summary: SummaryReport | null;
  funnel: FunnelReport | null;
  managers: ManagersReport | null;
  forecast: ForecastReport | null;
  leadSources: LeadSourcesReport | null;
  warnings: DashboardWarning[];
}

/** The reports a filtered dashboard asks for, by part; lead sources take only the period. */
const REPORTS = {
  summary: '/api/v1/reports/summary',
  funnel: '/api/v1/reports/funnel',
  managers: '/api/v1/reports/managers',
  forecast: '/api/v1/reports/forecast',
  leadSources: '/api/v1/reports/lead-sources',
} as const;

type Part = keyof typeof REPORTS;

export async function loadDashboard(api: Api, filters: DashboardFilters, canSeeLeadSources: boolean): Promise<DashboardData> {
  if (!hasFilters(filters)) {
    const answer = await read<Partial<DashboardData>>(api.GET('/api/v1/dashboard'));
    return {
      summary: answer.summary ?? null,
      funnel: answer.funnel ?? null,
      managers: answer.managers ?? null,
      forecast: answer.forecast ?? null,
      leadSources: answer.leadSources ?? null,
      warnings: answer.warnings ?? [],
    };
  }
  const query = reportQuery(filters);
  const parts = (Object.keys(REPORTS) as Part[]).filter((part) => part !== 'leadSources' || canSeeLeadSources);
  const answers = await Promise.allSettled(
    parts.map((part) => {
      const params = part === 'leadSources' ? { from: query.from, to: query.to } : query;
      return read<unknown>(api.GET(REPORTS[part] as never, { params: { query: withoutBlanks(params) } } as never));
    }),
  );
  const data: DashboardData = { summary: null, funnel: null, managers: null, forecast: null, leadSources: null, warnings: [] };
  answers.forEach((answer, index) => {
    const part = parts[index];
    if (answer.status === 'fulfilled') Object.assign(data, { [part]: answer.value });
    else data.warnings.push({ service: 'reporting', problem: problemSentence(answer.reason) });
  });
  return data;
}

function withoutBlanks(query: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
