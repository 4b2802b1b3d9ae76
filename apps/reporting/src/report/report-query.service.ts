import { Injectable } from '@nestjs/common';
import type {
  ActorV1,
  ForecastQueryV1,
  ForecastReportV1,
  FunnelReportV1,
  ManagersReportV1,
  PartnersReportV1,
  ReportFilterV1,
  SummaryReportV1,
} from '@saleswire/contracts';
import { NotFoundError } from '@saleswire/messaging';
import { SalesPlanService } from '../sales-plan/sales-plan.service';
import { forecast } from './forecast.metric';
import { funnel } from './funnel.metric';
import { managers } from './managers.metric';
import { partners } from './partners.metric';
import { ReportFactsReader } from './report-facts.reader';
import { momentOf, periodOf, planMonths } from './report-period';
import { scopeReport } from './report-scope.policy';
import { summary } from './summary.metric';

/** The reports of API.md: the caller's scope applied, the facts read as of the report's moment, the metrics computed. */
@Injectable()
export class ReportQueryService {
  constructor(
    private readonly facts: ReportFactsReader,
    private readonly plans: SalesPlanService,
  ) {}

  async funnel(actor: ActorV1, query: ReportFilterV1): Promise<FunnelReportV1> {
    const filter = scopeReport(actor, query, 'deals');
    const at = momentOf(filter);
    const period = periodOf(filter);
    const { stages, defaultId } = await this.facts.pipelines();
    const pipelineId = filter.pipelineId ?? defaultId;
    const layout = pipelineId ? stages.get(pipelineId) : undefined;
    if (!pipelineId || !layout) throw new NotFoundError('Pipeline', filter.pipelineId ?? 'default');
    const deals = (await this.facts.deals(filter, at)).filter((deal) => deal.openedAt >= (period.from ?? -Infinity) && deal.openedAt < (period.to ?? Infinity));
    return { pipelineId, stages: funnel(deals, layout, stages), dataAsOf: await this.facts.dataAsOf(at) };
  }

  async summary(actor: ActorV1, query: ReportFilterV1): Promise<SummaryReportV1> {
    const filter = scopeReport(actor, query, 'deals');
    const at = momentOf(filter);
    const period = periodOf(filter);
    const [deals, leads, { stages }] = await Promise.all([
      this.facts.deals(filter, at, 'last'),
      this.facts.leadsByOwner(filter, period, at),
      this.facts.pipelines(),
    ]);
    const leadCount = [...leads.values()].reduce((sum, n) => sum + n, 0);
    return { ...summary(deals, leadCount, period, stages), dataAsOf: await this.facts.dataAsOf(at) };
  }

  async managers(actor: ActorV1, query: ReportFilterV1): Promise<ManagersReportV1> {
    const filter = scopeReport(actor, query, 'managers');
    const at = momentOf(filter);
    const period = periodOf(filter);
    const [deals, leads, plans] = await Promise.all([
      this.facts.deals(filter, at, 'none'),
      this.facts.leadsByOwner(filter, period, at),
      this.plans.totals(planMonths(period, at), at),
    ]);
    // One manager asked for (a manager always is): only that manager's row, with their plan and no other's.
    const owner = filter.ownerId;
    const scoped = owner ? new Map([...plans].filter(([key]) => key === owner || key === null)) : plans;
    // The department's total only when no single manager is asked for: a filtered total is not the department's.
    const report = managers(deals, leads, scoped, period, !owner);
    const items = owner ? report.items.filter((row) => row.ownerId === owner) : report.items;
    return { ...report, items, dataAsOf: await this.facts.dataAsOf(at) };
  }

  async partners(actor: ActorV1, query: ReportFilterV1): Promise<PartnersReportV1> {
    const filter = scopeReport(actor, query, 'partners');
    const at = momentOf(filter);
    const [deals, registrations, commissions, offers] = await Promise.all([
      this.facts.deals(filter, at, 'none'),
      this.facts.registrations(filter.partnerId, at),
      this.facts.commissions(filter.partnerId, at),
      this.facts.offers(filter.partnerId, at),
    ]);
    const items = partners(deals.filter((deal) => deal.partnerId !== null), registrations, commissions, offers, periodOf(filter));
    return { items, dataAsOf: await this.facts.dataAsOf(at) };
  }

  async forecast(actor: ActorV1, query: ForecastQueryV1): Promise<ForecastReportV1> {
    const filter = scopeReport(actor, query, 'deals');
    const at = momentOf(filter);
    const [deals, { stages }] = await Promise.all([this.facts.deals(filter, at, 'last'), this.facts.pipelines()]);
    return { months: forecast(deals, at.getTime(), query.months ?? 3, stages), dataAsOf: await this.facts.dataAsOf(at) };
  }
}
