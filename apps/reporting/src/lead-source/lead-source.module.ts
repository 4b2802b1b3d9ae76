import { Module } from '@nestjs/common';
import { ReportModule } from '../report/report.module';
import { LeadSourceEventsController } from './lead-source.events.controller';
import { LeadSourceProjection } from './lead-source.projection';
import { LeadSourceRpcController } from './lead-source.rpc.controller';

/** The leads' facts and the lead-sources report, computed by the reports' one query service. */
@Module({
  imports: [ReportModule],
  controllers: [LeadSourceEventsController, LeadSourceRpcController],
  providers: [LeadSourceProjection],
})
export class LeadSourceModule {}
