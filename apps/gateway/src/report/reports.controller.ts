import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ForecastQueryV1,
  GET_FORECAST_V1,
  GET_FUNNEL_V1,
  GET_LEAD_SOURCES_V1,
  GET_MANAGERS_REPORT_V1,
  GET_PARTNERS_REPORT_V1,
  GET_SUMMARY_V1,
  LeadSourcesQueryV1,
  ReportFilterV1,
  type ForecastReportV1,
  type FunnelReportV1,
  type LeadSourcesReportV1,
  type ManagersReportV1,
  type PartnersReportV1,
  type SummaryReportV1,
} from '@saleswire/contracts';
import { JsonText, RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';

const COMMON =
  'Filters: `from`/`to` (the period, `[from, to)`), `ownerId`, `partnerId`, `channel`, `direction`, `pipelineId`, `source`, ' +
  '`isRepeat`; `asOf` answers as the data stood then (later stage moves, wins, losses, re-assignments, amount changes and plan ' +
  'changes unseen: a deal counts under the owner and with the amount it had then). Amounts are ' +
  'summed per currency, never converted. `dataAsOf` is the time of the newest event counted. Scope: a manager sees only ' +
  'their own figures (another `ownerId` is 403), a channel manager the indirect channel (`channel=direct` is 403), a ' +
  'partner user only its partner (another `partnerId` is 404).';

/** The head of sales' reports, computed by reporting from events (API.md, Reports). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly rpc: RpcClient) {}

  /** Leads per source and marketing event, and what they returned. */
  @Get('lead-sources')
  @Roles('admin', 'head_of_sales')
  @ApiOperation({
    summary: 'Leads per source and marketing event, and their return',
    description:
      'Per source and marketing event, over the leads created in the period (`from`/`to`, as of `asOf`): `leads`, ' +
      '`converted` into a deal, `won` — the deals opened from them and won, `revenue` — those deals\' amounts per ' +
      'currency (a deal is followed back to the lead and event it came from), `cost` — the event\'s cost, `roi` = ' +
      '(revenue in the cost\'s currency − cost) / cost (null without a cost). `dataAsOf` is the time of the newest event counted.',
  })
  leadSources(@Query() query: LeadSourcesQueryV1, @CurrentUser() user: Principal): Promise<JsonText<LeadSourcesReportV1>> {
    return this.rpc.sendJson(GET_LEAD_SOURCES_V1, { actor: toActor(user), query });
  }

  @Get('funnel')
  @Roles('admin', 'head_of_sales', 'manager', 'channel_manager', 'partner_user')
  @ApiOperation({
    summary: 'The funnel of a pipeline, "with conversion"',
    description:
      'Per stage of the pipeline (`pipelineId`, by default the default one) in its order, over the deals opened in the period: ' +
      '`count` — deals that reached the stage or a later one (a skipped stage counts; a deal moved back still counts where it ' +
      'had been); a lost deal counts up to the furthest stage it reached and in the `lost` stage, never in `won`; `amount` — ' +
      'their amounts; `conversionFromPrevious` — count / the previous stage\'s count (null for the first and the lost stage); ' +
      '`averageDaysInStage` — mean days of the finished visits to the stage (entering it to entering the next). ' + COMMON,
  })
  funnel(@Query() query: ReportFilterV1, @CurrentUser() user: Principal): Promise<JsonText<FunnelReportV1>> {
    return this.rpc.sendJson(GET_FUNNEL_V1, { actor: toActor(user), query });
  }

  @Get('summary')
  @Roles('admin', 'head_of_sales', 'manager', 'channel_manager', 'partner_user')
  @ApiOperation({
    summary: 'The department at a glance',
    description:
      '`deals` — opened in the period; `won`/`lost` — closed in the period; `winRate` = won / (won + lost); `revenue` — ' +
      'amounts of the deals won; `averageDealSize` = won amount / won count; `averageCycleDays` — mean days from creation to ' +
      'win of the deals won (and `medianCycleDays`); `open`, `pipelineValue` — the deals open at `asOf` (or now) and their ' +
      'amounts; `weightedPipeline` = Σ amount × stage probability / 100 of the open deals; `velocityPerDay` = open deals × ' +
      'average deal size × win rate / average cycle days (per currency); `leads` — leads created in the period; ' +
      '`newBusiness`/`repeat` — deals, won and revenue split by `isRepeat`. ' + COMMON,
  })
  summary(@Query() query: ReportFilterV1, @CurrentUser() user: Principal): Promise<JsonText<SummaryReportV1>> {
    return this.rpc.sendJson(GET_SUMMARY_V1, { actor: toActor(user), query });
  }

  @Get('managers')
  @Roles('admin', 'head_of_sales', 'manager')
  @ApiOperation({
    summary: 'Per manager, against the plan',
    description:
      'Per deal owner: `leads` assigned and created in the period, `deals` opened, `won`/`lost` closed, `revenue`, `winRate`, ' +
      '`openPipeline`, `plan` — the sum of the manager\'s plans of the months the period touches (the month of `asOf` ' +
      'without a period) as they stood at `asOf`, `planDone` = revenue / plan in the plan\'s currency (null without a plan, ' +
      'with a plan of 0 or of several currencies); `department` — the revenue of the deals matched against the department\'s ' +
      'plan (null for a manager, who gets only their own row, and whenever `ownerId` names one manager). ' + COMMON,
  })
  managers(@Query() query: ReportFilterV1, @CurrentUser() user: Principal): Promise<JsonText<ManagersReportV1>> {
    return this.rpc.sendJson(GET_MANAGERS_REPORT_V1, { actor: toActor(user), query });
  }

  @Get('partners')
  @Roles('admin', 'head_of_sales', 'channel_manager', 'partner_user')
  @ApiOperation({
    summary: 'Per partner',
    description:
      '`registrations` submitted in the period and of them `conflicts` (colliding with another channel), `approved` in the ' +
      'period, the partner\'s `deals` opened, `won` and their `revenue`, `commissionsAccrued` and `commissionsPaid` in the ' +
      'period; `offersMade` — leads offered to the partner in the period, and of the offers decided in the period ' +
      '`offersAccepted`, `offersDeclined` and `offersLapsed` (not answered in time). ' + COMMON,
  })
  partners(@Query() query: ReportFilterV1, @CurrentUser() user: Principal): Promise<JsonText<PartnersReportV1>> {
    return this.rpc.sendJson(GET_PARTNERS_REPORT_V1, { actor: toActor(user), query });
  }

  @Get('forecast')
  @Roles('admin', 'head_of_sales', 'manager', 'channel_manager', 'partner_user')
  @ApiOperation({
    summary: 'Money expected per month',
    description:
      'Per expected close month, for `months` (1–24, default 3) from the month of `asOf` (or now): over the open deals, ' +
      '`weighted` = Σ amount × stage probability / 100, and their amounts by category — `commit` (stage probability ≥ 80), ' +
      '`bestCase` (≥ 40), `pipeline` (the rest); `won` — amounts of the deals won in the month. An open deal whose expected ' +
      'close date has passed counts in the first month; one without a date is not forecast. ' + COMMON,
  })
  forecast(@Query() query: ForecastQueryV1, @CurrentUser() user: Principal): Promise<JsonText<ForecastReportV1>> {
    return this.rpc.sendJson(GET_FORECAST_V1, { actor: toActor(user), query });
  }
}
