import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import type { PartnerRoutingViewV1 } from './lead-offer.views';

export class GetPartnerRoutingRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;
}

/** `rpc.partners.get-partner-routing.v1`: the channel side and heads of sales read the setting. */
export const GET_PARTNER_ROUTING_V1 = defineRpc('partners', 'get-partner-routing', 1, GetPartnerRoutingRequestV1).replies<PartnerRoutingViewV1>();
