import { Payload } from '@nestjs/microservices';
import { GET_LEAD_SOURCES_V1, type GetLeadSourcesRequestV1, type LeadSourcesReportV1 } from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { ReportQueryService } from '../report/report-query.service';

@RpcController()
export class LeadSourceRpcController {
  constructor(private readonly reports: ReportQueryService) {}

  @RpcHandler(GET_LEAD_SOURCES_V1)
  report(@Payload(new ContractPipe(GET_LEAD_SOURCES_V1)) request: GetLeadSourcesRequestV1): Promise<LeadSourcesReportV1> {
    return this.reports.leadSources(request.query);
  }
}
