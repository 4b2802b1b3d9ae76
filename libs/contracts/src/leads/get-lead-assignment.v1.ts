import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import type { LeadAssignmentRuleViewV1 } from './lead-assignment.views';

export class GetLeadAssignmentRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;
}

/** `rpc.leads.get-lead-assignment.v1`: answers the active `LeadAssignmentRuleViewV1`. */
export const GET_LEAD_ASSIGNMENT_V1 = defineRpc('leads', 'get-lead-assignment', 1, GetLeadAssignmentRequestV1).replies<LeadAssignmentRuleViewV1>();
