import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import type { LeadOfferViewV1 } from './lead-offer.views';

/** The body of `POST /api/v1/lead-offers/{id}/decline`. */
export class DeclineLeadOfferInputV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class DeclineLeadOfferRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => DeclineLeadOfferInputV1)
  input!: DeclineLeadOfferInputV1;
}

/** The offer's partner turns the lead down; the next partner is offered it in the same transaction. */
export const DECLINE_LEAD_OFFER_V1 = defineCommand('partners', 'decline-lead-offer', 1, DeclineLeadOfferRequestV1).replies<LeadOfferViewV1>();
