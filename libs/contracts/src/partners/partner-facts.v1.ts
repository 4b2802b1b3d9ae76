import { IsOrigin } from '../common/origins';
import { IsRegionCode } from '../common/regions';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { PARTNER_KINDS, PARTNER_STATUSES, PARTNER_TIERS, type PartnerKind, type PartnerStatus, type PartnerTier } from './partner.values';

/**
 * What every partner event carries: the partner as it now is, so that a consumer (reporting, the gateway's
 * suspension check, lead routing) keeps a copy from events alone. The aggregate version is the envelope's.
 */
export class PartnerFactsV1 {
  @IsUUID()
  partnerId!: string;

  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsIn(PARTNER_KINDS)
  kind!: PartnerKind;

  @IsIn(PARTNER_TIERS)
  tier!: PartnerTier;

  @IsIn(PARTNER_STATUSES)
  status!: PartnerStatus;

  @IsArray()
  @IsRegionCode({ each: true })
  territories!: string[];

  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1)
  commissionRate!: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  routingWeight!: number | null;

  @IsInt()
  @Min(0)
  effectiveRoutingWeight!: number;

  /**
   * Web origins whose pages may read the answers of this partner's users and keys (the gateway's CORS). Absent
   * from events published before the field existed: read as none.
   */
  @IsOptional()
  @IsArray()
  @IsOrigin({ each: true })
  allowedOrigins?: string[];
}

/** Facts of the partner used by the fixtures of every partner event. */
export const PARTNER_FACTS_FIXTURE: PartnerFactsV1 = {
  partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb01',
  name: 'Baltic Systems GmbH',
  kind: 'reseller',
  tier: 'gold',
  status: 'active',
  territories: ['DE', 'AT', 'RU-MOW'],
  commissionRate: 0.1,
  routingWeight: null,
  effectiveRoutingWeight: 3,
  allowedOrigins: ['https://portal.baltic-systems.example'],
};
