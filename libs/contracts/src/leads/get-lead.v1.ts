import { Type } from 'class-transformer';
import { IsObject, IsUUID, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import type { LeadDetailsV1 } from './lead.views';

/** `rpc.leads.get-lead.v1`: one lead, 404 when it does not exist or is outside the actor's scope. */
export class GetLeadRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  leadId!: string;
}

export const GET_LEAD_V1 = defineRpc('leads', 'get-lead', 1, GetLeadRequestV1).replies<LeadDetailsV1>();
