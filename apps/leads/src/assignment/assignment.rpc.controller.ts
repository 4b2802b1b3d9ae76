import { Payload } from '@nestjs/microservices';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import {
  GET_LEAD_ASSIGNMENT_V1,
  PUT_LEAD_ASSIGNMENT_V1,
  type GetLeadAssignmentRequestV1,
  type LeadAssignmentRuleViewV1,
  type PutLeadAssignmentRequestV1,
} from '@saleswire/contracts';
import { AssignmentService } from './assignment.service';

@RpcController()
export class AssignmentRpcController {
  constructor(private readonly assignment: AssignmentService) {}

  @RpcHandler(GET_LEAD_ASSIGNMENT_V1)
  get(@Payload(new ContractPipe(GET_LEAD_ASSIGNMENT_V1)) _request: GetLeadAssignmentRequestV1): Promise<LeadAssignmentRuleViewV1> {
    return this.assignment.get();
  }

  @RpcHandler(PUT_LEAD_ASSIGNMENT_V1)
  put(@Payload(new ContractPipe(PUT_LEAD_ASSIGNMENT_V1)) request: PutLeadAssignmentRequestV1): Promise<LeadAssignmentRuleViewV1> {
    return this.assignment.put(request.input, request.actor);
  }
}
