import { Type } from 'class-transformer';
import { IsInt, IsObject, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { MAX_PROTECTION_DAYS } from './approve-deal-registration.v1';
import type { DealRegistrationViewV1 } from './deal-registration.views';

/** The body of `POST /api/v1/deal-registrations/{id}/extend`: days added to the protection, once. */
export class ExtendDealRegistrationInputV1 {
  @IsInt()
  @Min(1)
  @Max(MAX_PROTECTION_DAYS)
  days!: number;
}

export class ExtendDealRegistrationRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ExtendDealRegistrationInputV1)
  input!: ExtendDealRegistrationInputV1;
}

export const EXTEND_DEAL_REGISTRATION_V1 = defineCommand('partners', 'extend-deal-registration', 1, ExtendDealRegistrationRequestV1).replies<DealRegistrationViewV1>();
