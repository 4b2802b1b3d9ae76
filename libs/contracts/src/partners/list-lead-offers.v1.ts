import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import { LEAD_OFFER_STATUSES, type LeadOfferStatus } from './lead-offer.values';
import type { LeadOfferViewV1 } from './lead-offer.views';

/** `GET /api/v1/lead-offers?status=&partnerId=&leadId=&limit=&cursor=`: a partner user sees its own partner's. */
export class ListLeadOffersQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsIn(LEAD_OFFER_STATUSES)
  status?: LeadOfferStatus;

  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @IsOptional()
  @IsUUID()
  leadId?: string;
}

export class ListLeadOffersRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ListLeadOffersQueryV1)
  query!: ListLeadOffersQueryV1;
}

export const LIST_LEAD_OFFERS_V1 = defineRpc('partners', 'list-lead-offers', 1, ListLeadOffersRequestV1).replies<Page<LeadOfferViewV1>>();
