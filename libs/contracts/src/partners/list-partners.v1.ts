import { IsRegionCode } from '../common/regions';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import {
  PARTNER_KINDS,
  PARTNER_STATUSES,
  PARTNER_TIERS,
  type PartnerKind,
  type PartnerStatus,
  type PartnerTier,
} from './partner.values';
import type { PartnerViewV1 } from './partner.views';

/** `GET /api/v1/partners?kind=&tier=&status=&territory=&q=&limit=&cursor=`. */
export class ListPartnersQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsIn(PARTNER_KINDS)
  kind?: PartnerKind;

  @IsOptional()
  @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;

  @IsOptional()
  @IsIn(PARTNER_STATUSES)
  status?: PartnerStatus;

  /** Partners working in this region: `DE-BY` finds those covering `DE-BY` or all of `DE`; `DE` those in any part of it. */
  @IsOptional()
  @IsRegionCode()
  territory?: string;

  /** Text search in the name. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class ListPartnersRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ListPartnersQueryV1)
  query!: ListPartnersQueryV1;
}

export const LIST_PARTNERS_V1 = defineRpc('partners', 'list-partners', 1, ListPartnersRequestV1).replies<Page<PartnerViewV1>>();
