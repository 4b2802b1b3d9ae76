import { DASHBOARD_REPORT_ROLES, type ActorV1, type DashboardReportPartV1, type DashboardReportsV1 } from '@saleswire/contracts';
import type { ReportMoment } from '../report/report-moment';
import type { ReportQueryService } from '../report/report-query.service';

/** One reporting part of the dashboard: the single report that answers it (who sees it: `DASHBOARD_REPORT_ROLES`). */
export interface DashboardReport<P extends DashboardReportPartV1> {
  report: (reports: ReportQueryService, actor: ActorV1, moment: ReportMoment) => Promise<NonNullable<DashboardReportsV1[P]>>;
}

/**
 * The dashboard's reports (API.md, "Dashboard"), one entry a part, each the single report with an empty query
 * (everything up to now) in the actor's scope — a manager's are their own figures. A new report is one entry here,
 * one field of `DashboardReportsV1` and one part of the gateway's reporting section.
 */
export const DASHBOARD_REPORTS: { [P in DashboardReportPartV1]: DashboardReport<P> } = {
  summary: { report: (reports, actor, moment) => reports.summary(actor, {}, moment) },
  funnel: { report: (reports, actor, moment) => reports.funnel(actor, {}, moment) },
  managers: { report: (reports, actor, moment) => reports.managers(actor, {}, moment) },
  forecast: { report: (reports, actor, moment) => reports.forecast(actor, {}, moment) },
  leadSources: { report: (reports, _actor, moment) => reports.leadSources({}, moment) },
};

/** The parts a role sees, in the contract's order. */
export function dashboardPartsFor(role: ActorV1['role']): DashboardReportPartV1[] {
  return (Object.keys(DASHBOARD_REPORTS) as DashboardReportPartV1[]).filter((part) => (DASHBOARD_REPORT_ROLES[part] as readonly string[]).includes(role));
}
