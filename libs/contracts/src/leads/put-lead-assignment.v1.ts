import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { ASSIGNMENT_STRATEGIES, AssignmentMemberV1, type AssignmentStrategy } from './lead-assignment.values';
import type { LeadAssignmentRuleViewV1 } from './lead-assignment.views';

/** The body of `PUT /api/v1/lead-assignment` (and the answer of `GET`). */
export class LeadAssignmentRuleInputV1 {
  @IsIn(ASSIGNMENT_STRATEGIES)
  strategy!: AssignmentStrategy;

  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique((member: AssignmentMemberV1) => member?.userId, { message: 'members must not repeat a userId' })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AssignmentMemberV1)
  members!: AssignmentMemberV1[];
}

export class PutLeadAssignmentRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => LeadAssignmentRuleInputV1)
  input!: LeadAssignmentRuleInputV1;
}

/** `rpc.leads.put-lead-assignment.v1`: replaces the rule; answers the new `LeadAssignmentRuleViewV1`. */
export const PUT_LEAD_ASSIGNMENT_V1 = defineCommand('leads', 'put-lead-assignment', 1, PutLeadAssignmentRequestV1).replies<LeadAssignmentRuleViewV1>();
