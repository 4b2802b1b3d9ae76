import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import type { Role } from '../common/roles';
import type { ForecastReportV1, FunnelReportV1, ManagersReportV1, SummaryReportV1 } from './report.views';
import type { LeadSourcesReportV1 } from './get-lead-sources.v1';

/**
 * The reports of `GET /dashboard` in one request: each as its own RPC answers it with an empty query (everything
 * up to now, in the actor's scope). One message instead of five, and the parts they share read once (ADR 0016,
 * amendment "One reporting request for the dashboard").
 */
export class GetDashboardReportsRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;
}

/** The dashboard's reporting parts, as `DashboardReportsV1` names them. */
export const DASHBOARD_REPORT_PARTS = ['summary', 'funnel', 'managers', 'forecast', 'leadSources'] as const;
export type DashboardReportPartV1 = (typeof DASHBOARD_REPORT_PARTS)[number];

/**
 * Who sees each reporting part (API.md, "Dashboard"): the lead sources the heads of sales (and admins), the rest
 * managers too (their own figures). The one rule for both sides: reporting computes these parts for these roles,
 * the gateway asks reporting only for a caller who sees one and names the missing ones in its warnings.
 */
export const DASHBOARD_REPORT_ROLES: { readonly [P in DashboardReportPartV1]: readonly Role[] } = {
  summary: ['admin', 'head_of_sales', 'manager'],
  funnel: ['admin', 'head_of_sales', 'manager'],
  managers: ['admin', 'head_of_sales', 'manager'],
  forecast: ['admin', 'head_of_sales', 'manager'],
  leadSources: ['admin', 'head_of_sales'],
};

/** A part the actor may see that reporting could not compute, and why (e.g. the funnel without a default pipeline). */
export interface DashboardReportProblemV1 {
  part: DashboardReportPartV1;
  problem: string;
}

/**
 * Each part as its single report answers it; null when it is not for the actor's role (leadSources: admins and
 * heads of sales; the rest: also managers, their own figures; nothing for channel managers and partner users) or
 * when it could not be computed, which `problems` then says.
 */
export interface DashboardReportsV1 {
  summary: SummaryReportV1 | null;
  funnel: FunnelReportV1 | null;
  managers: ManagersReportV1 | null;
  forecast: ForecastReportV1 | null;
  leadSources: LeadSourcesReportV1 | null;
  problems: DashboardReportProblemV1[];
}

/** `rpc.reporting.get-dashboard-reports.v1`: the reporting parts of `GET /dashboard`. */
export const GET_DASHBOARD_REPORTS_V1 = defineRpc('reporting', 'get-dashboard-reports', 1, GetDashboardReportsRequestV1).replies<DashboardReportsV1>();

/** A valid request: the head of sales' dashboard. */
export const getDashboardReportsRequestV1Fixture: GetDashboardReportsRequestV1 = {
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000dd', role: 'head_of_sales', partnerId: null },
};
