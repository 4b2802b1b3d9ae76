import { Module } from '@nestjs/common';
import { DealFactEventsController } from '../deal-fact/deal-fact.events.controller';
import { DealFactProjection } from '../deal-fact/deal-fact.projection';
import { PartnerFactEventsController } from '../partner-fact/partner-fact.events.controller';
import { PartnerFactProjection } from '../partner-fact/partner-fact.projection';
import { SalesPlanRpcController } from '../sales-plan/sales-plan.rpc.controller';
import { SalesPlanService } from '../sales-plan/sales-plan.service';
import { ReadModelRebuild } from '../rebuild/read-model-rebuild';
import { ReportFactsReader } from './report-facts.reader';
import { ReportQueryService } from './report-query.service';
import { ReportRpcController } from './report.rpc.controller';

/** The deal and partner facts, the sales plans, and the reports computed from them. */
@Module({
  controllers: [DealFactEventsController, PartnerFactEventsController, SalesPlanRpcController, ReportRpcController],
  providers: [DealFactProjection, PartnerFactProjection, SalesPlanService, ReportFactsReader, ReportQueryService, ReadModelRebuild],
  exports: [ReportFactsReader, ReportQueryService],
})
export class ReportModule {}
