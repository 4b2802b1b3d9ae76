import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import type { LeadDetailsV1 } from './lead.views';

/** The statuses a lead can be moved to by hand; `converted` is reached only through conversion. */
export const MANUAL_LEAD_STATUSES = ['in_progress', 'qualified', 'junk'] as const;
export type ManualLeadStatus = (typeof MANUAL_LEAD_STATUSES)[number];

/** The body of `POST /api/v1/leads/{id}/status`. A lead marked `junk` needs a reason. */
export class ChangeLeadStatusInputV1 {
  @IsIn(MANUAL_LEAD_STATUSES)
  status!: ManualLeadStatus;

  @ValidateIf((input: ChangeLeadStatusInputV1) => input.status === 'junk' || input.reason !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'reason is required when the status is junk' })
  @MaxLength(1000)
  reason?: string;
}

/** `rpc.leads.change-lead-status.v1`: answers the updated `LeadViewV1`; 422 for a move the rules forbid. */
export class ChangeLeadStatusRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  leadId!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ChangeLeadStatusInputV1)
  input!: ChangeLeadStatusInputV1;
}

export const CHANGE_LEAD_STATUS_V1 = defineCommand('leads', 'change-lead-status', 1, ChangeLeadStatusRequestV1).replies<LeadDetailsV1>();
