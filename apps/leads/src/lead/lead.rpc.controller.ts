import { Payload } from '@nestjs/microservices';
import {
  CHANGE_LEAD_STATUS_V1,
  type ChangeLeadStatusRequestV1,
  CREATE_LEAD_V1,
  type CreateLeadRequestV1,
  GET_LEAD_V1,
  type GetLeadRequestV1,
  type LeadDetailsV1,
  LIST_LEADS_V1,
  type ListLeadsRequestV1,
  type Page,
  UPDATE_LEAD_V1,
  type UpdateLeadRequestV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { LeadQueryService } from './lead-query.service';
import { LeadWorkflowService } from './lead-workflow.service';
import { LeadService } from './lead.service';

@RpcController()
export class LeadRpcController {
  constructor(
    private readonly leads: LeadService,
    private readonly queries: LeadQueryService,
    private readonly workflow: LeadWorkflowService,
  ) {}

  @RpcHandler(CREATE_LEAD_V1)
  create(@Payload(new ContractPipe(CREATE_LEAD_V1)) request: CreateLeadRequestV1): Promise<LeadDetailsV1> {
    return this.leads.create(request.input, request.actor);
  }

  @RpcHandler(GET_LEAD_V1)
  get(@Payload(new ContractPipe(GET_LEAD_V1)) request: GetLeadRequestV1): Promise<LeadDetailsV1> {
    return this.queries.get(request.leadId, request.actor);
  }

  @RpcHandler(LIST_LEADS_V1)
  list(@Payload(new ContractPipe(LIST_LEADS_V1)) request: ListLeadsRequestV1): Promise<Page<LeadDetailsV1>> {
    return this.queries.list(request.query, request.actor);
  }

  @RpcHandler(UPDATE_LEAD_V1)
  update(@Payload(new ContractPipe(UPDATE_LEAD_V1)) request: UpdateLeadRequestV1): Promise<LeadDetailsV1> {
    return this.workflow.update(request.leadId, request.expectedVersion, request.input, request.actor);
  }

  @RpcHandler(CHANGE_LEAD_STATUS_V1)
  changeStatus(@Payload(new ContractPipe(CHANGE_LEAD_STATUS_V1)) request: ChangeLeadStatusRequestV1): Promise<LeadDetailsV1> {
    return this.workflow.changeStatus(request.leadId, request.input, request.actor);
  }
}
