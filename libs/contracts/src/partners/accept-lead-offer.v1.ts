import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import type { LeadOfferViewV1 } from './lead-offer.views';

/** The body of `POST /api/v1/lead-offers/{id}/accept`. */
export class AcceptLeadOfferInputV1 {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class AcceptLeadOfferRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => AcceptLeadOfferInputV1)
  input!: AcceptLeadOfferInputV1;
}

/** The offer's partner takes the lead (its users, or the channel side on its behalf); 422 unless it is still offered. */
export const ACCEPT_LEAD_OFFER_V1 = defineCommand('partners', 'accept-lead-offer', 1, AcceptLeadOfferRequestV1).replies<LeadOfferViewV1>();
