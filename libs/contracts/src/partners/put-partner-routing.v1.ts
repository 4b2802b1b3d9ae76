import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { LEAD_SOURCES, type LeadSource } from '../leads/lead.values';
import { MAX_OFFER_HOURS } from './lead-offer.values';
import type { PartnerRoutingViewV1 } from './lead-offer.views';

/** The body of `PUT /api/v1/partner-routing`: the whole setting, replaced. */
export class PartnerRoutingInputV1 {
  @IsBoolean()
  enabled!: boolean;

  /** The lead sources whose new leads are offered to partners; others stay with the direct team. */
  @IsArray()
  @ArrayMaxSize(LEAD_SOURCES.length)
  @IsIn(LEAD_SOURCES, { each: true })
  sources!: LeadSource[];

  /** How long a partner has to answer an offer before it lapses and the next partner is tried. */
  @IsInt()
  @Min(1)
  @Max(MAX_OFFER_HOURS)
  offerHours!: number;
}

export class PutPartnerRoutingRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => PartnerRoutingInputV1)
  input!: PartnerRoutingInputV1;
}

/** `rpc.partners.put-partner-routing.v1`: replaces it, counting a version; applies to leads created from then on. */
export const PUT_PARTNER_ROUTING_V1 = defineCommand('partners', 'put-partner-routing', 1, PutPartnerRoutingRequestV1).replies<PartnerRoutingViewV1>();
