import { IsOrigin, MAX_ALLOWED_ORIGINS } from '../common/origins';
import { IsRegionCode } from '../common/regions';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import {
  MAX_ROUTING_WEIGHT,
  MAX_TERRITORIES,
  PARTNER_KINDS,
  PARTNER_TIERS,
  type PartnerKind,
  type PartnerTier,
} from './partner.values';
import type { PartnerViewV1 } from './partner.views';

/** The body of `POST /api/v1/partners`. */
export class CreatePartnerInputV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsIn(PARTNER_KINDS)
  kind!: PartnerKind;

  @IsIn(PARTNER_TIERS)
  tier!: PartnerTier;

  /** ISO 3166-1 alpha-2 or ISO 3166-2 codes: `DE`, `DE-BY`, `RU-MOW`. */
  @IsArray()
  @ArrayMaxSize(MAX_TERRITORIES)
  @IsRegionCode({ each: true })
  territories!: string[];

  /** A fraction of the deal's paid amount, at most 4 decimals: 0.1 is 10 %. */
  @IsNumber({ maxDecimalPlaces: 4, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  commissionRate!: number;

  /** Overrides the tier's weight for lead routing (gold 3, silver 2, bronze 1); 0 is never offered leads. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ROUTING_WEIGHT)
  routingWeight?: number;

  /**
   * Web origins (`https://portal.dealer.example`) whose pages may call the API as this partner's users and keys
   * and read the answers (CORS); canonical origins only, no path, no wildcard.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ALLOWED_ORIGINS)
  @IsOrigin({ each: true })
  allowedOrigins?: string[];
}

export class CreatePartnerRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => CreatePartnerInputV1)
  input!: CreatePartnerInputV1;
}

export const CREATE_PARTNER_V1 = defineCommand('partners', 'create-partner', 1, CreatePartnerRequestV1).replies<PartnerViewV1>();
