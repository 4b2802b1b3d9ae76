import { MessagePattern, Payload } from '@nestjs/microservices';
import { ContractPipe, RpcController } from '@saleswire/messaging';
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

  @MessagePattern(GET_LEAD_ASSIGNMENT_V1.subject)
  get(@Payload(new ContractPipe(GET_LEAD_ASSIGNMENT_V1)) _request: GetLeadAssignmentRequestV1): Promise<LeadAssignmentRuleViewV1> {
    return this.assignment.get();
  }

  @MessagePattern(PUT_LEAD_ASSIGNMENT_V1.subject)
  put(@Payload(new ContractPipe(PUT_LEAD_ASSIGNMENT_V1)) request: PutLeadAssignmentRequestV1): Promise<LeadAssignmentRuleViewV1> {
    return this.assignment.put(request.input, request.actor);
  }
}
