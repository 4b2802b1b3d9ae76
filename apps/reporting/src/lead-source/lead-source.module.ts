import { Module } from '@nestjs/common';
import { ReportFactsReader } from '../report/report-facts.reader';
import { LeadSourceEventsController } from './lead-source.events.controller';
import { LeadSourceProjection } from './lead-source.projection';
import { LeadSourceRpcController } from './lead-source.rpc.controller';

@Module({
  controllers: [LeadSourceEventsController, LeadSourceRpcController],
  providers: [LeadSourceProjection, ReportFactsReader],
})
export class LeadSourceModule {}
