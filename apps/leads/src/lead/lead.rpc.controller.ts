import { MessagePattern, Payload } from '@nestjs/microservices';
import { CREATE_LEAD_V1, type CreateLeadRequestV1, type LeadViewV1 } from '@saleswire/contracts';
import { ContractPipe, RpcController } from '@saleswire/messaging';
import { LeadService } from './lead.service';

@RpcController()
export class LeadRpcController {
  constructor(private readonly leads: LeadService) {}

  @MessagePattern(CREATE_LEAD_V1.subject)
  create(@Payload(new ContractPipe(CREATE_LEAD_V1)) request: CreateLeadRequestV1): Promise<LeadViewV1> {
    return this.leads.create(request.input, request.actor);
  }
}
