import { Injectable } from '@nestjs/common';
import type {
  ActorV1,
  ForecastQueryV1,
  ForecastReportV1,
  FunnelReportV1,
  LeadSourcesQueryV1,
  LeadSourcesReportV1,
  ManagersReportV1,
  PartnersReportV1,
  ReportFilterV1,
  SummaryReportV1,
} from '@saleswire/contracts';
import { NotFoundError } from '@saleswire/messaging';
import { SalesPlanService } from '../sales-plan/sales-plan.service';
import { forecastOf } from './forecast.metric';
import { funnelOf } from './funnel.metric';
import { managersOf } from './managers.metric';
import { partnersOf } from './partners.metric';
import { ReportFactsReader } from './report-facts.reader';
import type { ReportMoment } from './report-moment';
import { momentOf, periodOf, planMonths } from './report-period';
import { scopeReport } from './report-scope.policy';
import { summaryOf } from './summary.metric';

/**
 * The reports of API.md: the caller's scope applied, the deals' totals read as of the report's moment (from the
 * pre-aggregated rows when they can answer, else from the facts: ADR 0012), the metrics computed. Each takes the
 * moment it describes, which the query's `asOf` (or now) makes by default: reports that describe the same moment
 * (the dashboard's) pass one, and what they share — pipelines, freshness, whether the aggregates answer — is read
 * once for them all (`ReportMoment`).
 */
@Injectable()
export class ReportQueryService {
  constructor(
    private readonly facts: ReportFactsReader,
    private readonly plans: SalesPlanService,
  ) {}

  /** The moment a query describes (its `asOf`, or now), for reports that share it. */
  momentOf(query: Pick<ReportFilterV1, 'asOf'>): ReportMoment {
    return this.facts.moment(momentOf(query));
  }

  async funnel(actor: ActorV1, query: ReportFilterV1, moment = this.momentOf(query)): Promise<FunnelReportV1> {
    const filter = scopeReport(actor, query, 'deals');
    const period = periodOf(filter);
    // The totals read beside the pipelines, not after them: one round trip (they do not depend on the layout).
    const totals = this.facts.totals(filter, period, moment, { funnel: true });
    totals.catch(() => undefined);
    const { stages, defaultId } = await moment.pipelines();
    const pipelineId = filter.pipelineId ?? defaultId;
    const layout = pipelineId ? stages.get(pipelineId) : undefined;
    if (!pipelineId || !layout) throw new NotFoundError('Pipeline', filter.pipelineId ?? 'default');
    return { pipelineId, stages: funnelOf(await totals, layout, stages), dataAsOf: await moment.dataAsOf() };
  }

  async summary(actor: ActorV1, query: ReportFilterV1, moment = this.momentOf(query)): Promise<SummaryReportV1> {
    const filter = scopeReport(actor, query, 'deals');
    const period = periodOf(filter);
    const [totals, leads, { stages }] = await Promise.all([
      this.facts.totals(filter, period, moment, { flows: ['is_repeat'], open: ['stage'], cycleMiddle: true }),
      this.facts.leads(filter, period, moment, false),
      moment.pipelines(),
    ]);
    const leadCount = [...leads.values()].reduce((sum, n) => sum + n, 0);
    return { ...summaryOf(totals, leadCount, stages), dataAsOf: await moment.dataAsOf() };
  }

  async managers(actor: ActorV1, query: ReportFilterV1, moment = this.momentOf(query)): Promise<ManagersReportV1> {
    const filter = scopeReport(actor, query, 'managers');
    const at = moment.at;
    const period = periodOf(filter);
    const [totals, leads, plans] = await Promise.all([
      this.facts.totals(filter, period, moment, { flows: ['owner_id'], open: ['owner_id'], owners: true }),
      this.facts.leads(filter, period, moment, true),
      this.plans.totals(planMonths(period, at), at, moment.fold),
    ]);
    // One manager asked for (a manager always is): only that manager's row, with their plan and no other's.
    const owner = filter.ownerId;
    const scoped = owner ? new Map([...plans].filter(([key]) => key === owner || key === null)) : plans;
    // The department's total only when no single manager is asked for: a filtered total is not the department's.
    const report = managersOf(totals, leads, scoped, !owner);
    const items = owner ? report.items.filter((row) => row.ownerId === owner) : report.items;
    return { ...report, items, dataAsOf: await moment.dataAsOf() };
  }

  async partners(actor: ActorV1, query: ReportFilterV1, moment = this.momentOf(query)): Promise<PartnersReportV1> {
    const filter = scopeReport(actor, query, 'partners');
    const period = periodOf(filter);
    // Registrations, commissions and offers take only the partner of the filter (they have no owner, channel, ...).
    const [totals, activity] = await Promise.all([
      this.facts.totals(filter, period, moment, { partnerFlows: true, flowKinds: ['opened', 'won'], partners: true }),
      this.facts.partnerActivity(filter.partnerId, period, moment),
    ]);
    const items = partnersOf(totals, activity);
    return { items, dataAsOf: await moment.dataAsOf() };
  }

  async forecast(actor: ActorV1, query: ForecastQueryV1, moment = this.momentOf(query)): Promise<ForecastReportV1> {
    const filter = scopeReport(actor, query, 'deals');
    // The forecast has no period: every deal open now, and every win by month.
    const [totals, { stages }] = await Promise.all([
      this.facts.totals(filter, { from: null, to: null }, moment, { open: ['stage', 'expected_month'], wonByMonth: true }),
      moment.pipelines(),
    ]);
    return { months: forecastOf(totals, moment.at.getTime(), query.months ?? 3, stages), dataAsOf: await moment.dataAsOf() };
  }

  /** The lead sources (API.md): for heads of sales, which the gateway's route and the dashboard decide, not a scope. */
  async leadSources(query: LeadSourcesQueryV1, moment = this.momentOf(query)): Promise<LeadSourcesReportV1> {
    const [items, dataAsOf] = await Promise.all([this.facts.leadSources(query, undefined, moment), moment.dataAsOf()]);
    return { items, dataAsOf };
  }
}
