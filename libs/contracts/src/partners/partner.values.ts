import { Type } from 'class-transformer';
import {
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';

export const PARTNER_KINDS = ['partner', 'agent', 'dealer', 'reseller'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PARTNER_TIERS = ['gold', 'silver', 'bronze'] as const;
export type PartnerTier = (typeof PARTNER_TIERS)[number];

export const PARTNER_STATUSES = ['active', 'suspended'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** The fields of a partner a `PATCH` may change, as `evt.partners.partner.updated.v1` names them (and `status`). */
export const PARTNER_FIELDS = ['name', 'kind', 'tier', 'territories', 'commissionRate', 'routingWeight', 'allowedOrigins', 'status'] as const;
export type PartnerField = (typeof PARTNER_FIELDS)[number];

/** The most territories one partner may cover; a country counts as one, whatever its subdivisions. */
export const MAX_TERRITORIES = 200;
/** The highest routing weight: weights are relative, and gold's default is 3. */
export const MAX_ROUTING_WEIGHT = 100;


/** The body of `POST /partners/{id}/suspend` and `/reactivate`: why, for the record and the partner's feed. */
export class PartnerStatusChangeInputV1 {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** `rpc.partners.suspend-partner.v1` and `rpc.partners.reactivate-partner.v1`. */
export class PartnerStatusChangeRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => PartnerStatusChangeInputV1)
  input!: PartnerStatusChangeInputV1;
}
