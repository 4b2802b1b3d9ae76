import { Payload } from '@nestjs/microservices';
import { GET_DASHBOARD_REPORTS_V1, type DashboardReportsV1, type GetDashboardReportsRequestV1 } from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { DashboardReportsService } from './dashboard-reports.service';

@RpcController()
export class DashboardReportsRpcController {
  constructor(private readonly dashboard: DashboardReportsService) {}

  @RpcHandler(GET_DASHBOARD_REPORTS_V1)
  reports(@Payload(new ContractPipe(GET_DASHBOARD_REPORTS_V1)) request: GetDashboardReportsRequestV1): Promise<DashboardReportsV1> {
    return this.dashboard.reportsFor(request.actor);
  }
}
