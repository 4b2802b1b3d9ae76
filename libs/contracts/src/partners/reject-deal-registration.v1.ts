import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import type { DealRegistrationViewV1 } from './deal-registration.views';

/** The body of `POST /api/v1/deal-registrations/{id}/reject`: the partner is told why. */
export class RejectDealRegistrationInputV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class RejectDealRegistrationRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => RejectDealRegistrationInputV1)
  input!: RejectDealRegistrationInputV1;
}

export const REJECT_DEAL_REGISTRATION_V1 = defineCommand('partners', 'reject-deal-registration', 1, RejectDealRegistrationRequestV1).replies<DealRegistrationViewV1>();
