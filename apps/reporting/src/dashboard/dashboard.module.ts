import { Module } from '@nestjs/common';
import { ReportModule } from '../report/report.module';
import { DashboardReportsRpcController } from './dashboard-reports.rpc.controller';
import { DashboardReportsService } from './dashboard-reports.service';

/** The reporting parts of `GET /dashboard` in one request (ADR 0016, amendment). */
@Module({
  imports: [ReportModule],
  controllers: [DashboardReportsRpcController],
  providers: [DashboardReportsService],
})
export class DashboardModule {}
