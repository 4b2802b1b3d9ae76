import { Type } from 'class-transformer';
import {
  IsISO4217CurrencyCode,
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
import { IsIsoDateTime } from '../common/dates';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { MAX_AMOUNT } from '../common/money';
import type { DealViewV1, PaymentViewV1 } from './deal.views';

/** The body of `POST /api/v1/deals/{id}/payments`. */
export class RecordPaymentInputV1 {
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(MAX_AMOUNT)
  amount!: number;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsIsoDateTime()
  paidAt!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

export class RecordPaymentRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => RecordPaymentInputV1)
  input!: RecordPaymentInputV1;
}

/** The answer of `POST /deals/{id}/payments`: the payment and the deal after it. */
export interface PaymentRecordedViewV1 {
  payment: PaymentViewV1;
  deal: DealViewV1;
}

export const RECORD_PAYMENT_V1 = defineCommand('deals', 'record-payment', 1, RecordPaymentRequestV1).replies<PaymentRecordedViewV1>();
