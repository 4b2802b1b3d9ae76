import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import type { DealRegistrationViewV1 } from './deal-registration.views';

/** The body of `POST /api/v1/deal-registrations/{id}/withdraw`. */
export class WithdrawDealRegistrationInputV1 {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class WithdrawDealRegistrationRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => WithdrawDealRegistrationInputV1)
  input!: WithdrawDealRegistrationInputV1;
}

export const WITHDRAW_DEAL_REGISTRATION_V1 = defineCommand('partners', 'withdraw-deal-registration', 1, WithdrawDealRegistrationRequestV1).replies<DealRegistrationViewV1>();
