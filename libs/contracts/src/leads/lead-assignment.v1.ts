import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';

export const ASSIGNMENT_STRATEGIES = ['round_robin', 'weighted', 'least_loaded'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

export class AssignmentMemberV1 {
  @IsUUID()
  userId!: string;

  /** Share of leads under `weighted`; ignored by the other strategies. */
  @IsInt()
  @Min(1)
  @Max(1000)
  weight!: number;

  /** An inactive member (absent, on leave) gets no leads. */
  @IsBoolean()
  active!: boolean;
}

/** The body of `PUT /api/v1/lead-assignment` (and the answer of `GET`). */
export class LeadAssignmentRuleInputV1 {
  @IsIn(ASSIGNMENT_STRATEGIES)
  strategy!: AssignmentStrategy;

  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique((member: AssignmentMemberV1) => member?.userId, { message: 'members must not repeat a userId' })
  @ValidateNested({ each: true })
  @Type(() => AssignmentMemberV1)
  members!: AssignmentMemberV1[];
}

/** The active rule as the leads service answers it. */
export interface LeadAssignmentRuleViewV1 {
  strategy: AssignmentStrategy;
  members: AssignmentMemberV1[];
  version: number;
  updatedAt: string | null;
}

export class GetLeadAssignmentRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;
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

/** `rpc.leads.get-lead-assignment.v1` and `rpc.leads.put-lead-assignment.v1`: answer `LeadAssignmentRuleViewV1`. */
export const GET_LEAD_ASSIGNMENT_V1 = defineRpc('leads', 'get-lead-assignment', 1, GetLeadAssignmentRequestV1).replies<LeadAssignmentRuleViewV1>();
export const PUT_LEAD_ASSIGNMENT_V1 = defineRpc('leads', 'put-lead-assignment', 1, PutLeadAssignmentRequestV1).replies<LeadAssignmentRuleViewV1>();
