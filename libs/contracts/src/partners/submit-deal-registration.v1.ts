import { Type } from 'class-transformer';
import {
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsIsoDateTime } from '../common/dates';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { MAX_AMOUNT } from '../common/money';
import { RegisteredCustomerV1 } from './deal-registration.values';
import type { DealRegistrationViewV1 } from './deal-registration.views';

/** The body of `POST /api/v1/partners/{id}/deal-registrations`. */
export class SubmitDealRegistrationInputV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => RegisteredCustomerV1)
  customer!: RegisteredCustomerV1;

  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  expectedAmount!: number;

  @IsISO4217CurrencyCode()
  currency!: string;

  /** A date (`2026-06-30`); a time of day given with it is dropped. */
  @IsIsoDateTime()
  expectedCloseDate!: string;
}

export class SubmitDealRegistrationRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  /** The partner registering: a partner user's own, or any active partner for a channel manager acting for it. */
  @IsUUID()
  partnerId!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => SubmitDealRegistrationInputV1)
  input!: SubmitDealRegistrationInputV1;
}

export const SUBMIT_DEAL_REGISTRATION_V1 = defineCommand('partners', 'submit-deal-registration', 1, SubmitDealRegistrationRequestV1).replies<DealRegistrationViewV1>();
