import { IsOrigin, MAX_ALLOWED_ORIGINS } from '../common/origins';
import { IsRegionCode } from '../common/regions';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import {
  MAX_ROUTING_WEIGHT,
  MAX_TERRITORIES,
  PARTNER_KINDS,
  PARTNER_TIERS,
  type PartnerKind,
  type PartnerTier,
} from './partner.values';
import type { PartnerViewV1 } from './partner.views';

/** The body of `PATCH /api/v1/partners/{id}`: absent fields stay; `routingWeight: null` hands the weight back to the tier. */
export class UpdatePartnerInputV1 {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsIn(PARTNER_KINDS)
  kind?: PartnerKind;

  @IsOptional()
  @IsIn(PARTNER_TIERS)
  tier?: PartnerTier;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TERRITORIES)
  @IsRegionCode({ each: true })
  territories?: string[];

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 4, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  commissionRate?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ROUTING_WEIGHT)
  routingWeight?: number | null;

  /**
   * Web origins (`https://portal.dealer.example`) whose pages may call the API as this partner's users and keys
   * and read the answers (CORS); canonical origins only, no path, no wildcard. Replaces the list when given.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ALLOWED_ORIGINS)
  @IsOrigin({ each: true })
  allowedOrigins?: string[];
}

export class UpdatePartnerRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  /** The version the caller last saw (`If-Match`); a stale one is answered 412. */
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @IsObject()
  @ValidateNested()
  @Type(() => UpdatePartnerInputV1)
  input!: UpdatePartnerInputV1;
}

export const UPDATE_PARTNER_V1 = defineRpc('partners', 'update-partner', 1, UpdatePartnerRequestV1).replies<PartnerViewV1>();
