import { Payload } from '@nestjs/microservices';
import { GET_LEAD_SOURCES_V1, type GetLeadSourcesRequestV1, type LeadSourcesReportV1 } from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { LeadSourceProjection } from './lead-source.projection';

@RpcController()
export class LeadSourceRpcController {
  constructor(private readonly projection: LeadSourceProjection) {}

  @RpcHandler(GET_LEAD_SOURCES_V1)
  async report(@Payload(new ContractPipe(GET_LEAD_SOURCES_V1)) request: GetLeadSourcesRequestV1): Promise<LeadSourcesReportV1> {
    return { items: await this.projection.leadSources(request.query) };
  }
}
