import { Type } from 'class-transformer';
import {
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  isISO31661Alpha2,
  MaxLength,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';

export const PARTNER_KINDS = ['partner', 'agent', 'dealer', 'reseller'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PARTNER_TIERS = ['gold', 'silver', 'bronze'] as const;
export type PartnerTier = (typeof PARTNER_TIERS)[number];

export const PARTNER_STATUSES = ['active', 'suspended'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** The fields of a partner a `PATCH` may change, as `evt.partners.partner.updated.v1` names them (and `status`). */
export const PARTNER_FIELDS = ['name', 'kind', 'tier', 'territories', 'commissionRate', 'routingWeight', 'status'] as const;
export type PartnerField = (typeof PARTNER_FIELDS)[number];

/** The most territories one partner may cover; a country counts as one, whatever its subdivisions. */
export const MAX_TERRITORIES = 200;
/** The highest routing weight: weights are relative, and gold's default is 3. */
export const MAX_ROUTING_WEIGHT = 100;

const REGION_SHAPE = /^([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?$/;

/**
 * Whether a value is a region as API.md names them: an ISO 3166-1 alpha-2 country (`DE`) or an ISO 3166-2
 * subdivision of one (`DE-BY`, `RU-MOW`), in either case. The country is checked against ISO 3166-1; of the
 * subdivision only its ISO 3166-2 shape (1–3 letters or digits), since the standard's ~5,000 codes change yearly.
 */
export function isRegionCode(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = REGION_SHAPE.exec(value);
  return match !== null && isISO31661Alpha2(match[1].toUpperCase());
}

/** Validates a region code (`each: true` for a list of them). */
export function IsRegionCode(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRegionCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isRegionCode(value),
        defaultMessage: (args) => `${args?.property ?? 'region'} must be ISO 3166-1 alpha-2 or ISO 3166-2 codes such as DE, DE-BY or RU-MOW`,
      },
    });
}

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
