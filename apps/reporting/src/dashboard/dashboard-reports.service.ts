import { Injectable } from '@nestjs/common';
import { DASHBOARD_REPORT_PARTS, type ActorV1, type DashboardReportPartV1, type DashboardReportsV1 } from '@saleswire/contracts';
import { ProblemError } from '@saleswire/messaging';
import { ReportQueryService } from '../report/report-query.service';
import { DASHBOARD_REPORTS, dashboardPartsFor } from './dashboard-reports';

/**
 * The dashboard's reports in one request: the parts the actor's role sees, all at one moment whose shared reads
 * (pipelines, freshness, whether the aggregates answer) are made once, each computed by its single report.
 */
@Injectable()
export class DashboardReportsService {
  constructor(private readonly reports: ReportQueryService) {}

  /**
   * A part refused for a reason of its own (a 4xx: the funnel with no default pipeline) is null and named in
   * `problems`, and the others still come: the dashboard asked for no record that could be missing. A failure of
   * the service (a 5xx, an unexpected error) fails the whole answer, as it would have failed each report.
   */
  async reportsFor(actor: ActorV1): Promise<DashboardReportsV1> {
    const moment = this.reports.momentOf({});
    const answer: DashboardReportsV1 = { summary: null, funnel: null, managers: null, forecast: null, leadSources: null, problems: [] };
    const problems = new Map<DashboardReportPartV1, string>();
    await Promise.all(
      dashboardPartsFor(actor.role).map(async (part) => {
        try {
          Object.assign(answer, { [part]: await DASHBOARD_REPORTS[part].report(this.reports, actor, moment) });
        } catch (error) {
          if (!(error instanceof ProblemError) || error.status >= 500) throw error;
          problems.set(part, error.detail ?? error.title);
        }
      }),
    );
    answer.problems = DASHBOARD_REPORT_PARTS.filter((part) => problems.has(part)).map((part) => ({ part, problem: problems.get(part)! }));
    return answer;
  }
}
