import { Payload } from '@nestjs/microservices';
import { GET_LEAD_SOURCES_V1, type GetLeadSourcesRequestV1, type LeadSourcesReportV1 } from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { ReportFactsReader } from '../report/report-facts.reader';
import { momentOf } from '../report/report-period';

@RpcController()
export class LeadSourceRpcController {
  constructor(private readonly facts: ReportFactsReader) {}

  @RpcHandler(GET_LEAD_SOURCES_V1)
  async report(@Payload(new ContractPipe(GET_LEAD_SOURCES_V1)) request: GetLeadSourcesRequestV1): Promise<LeadSourcesReportV1> {
    const [items, dataAsOf] = await Promise.all([this.facts.leadSources(request.query), this.facts.dataAsOf(momentOf(request.query))]);
    return { items, dataAsOf };
  }
}
