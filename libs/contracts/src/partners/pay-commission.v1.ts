import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import type { CommissionViewV1 } from './commission.views';

/** The body of `POST /api/v1/commissions/{id}/pay`. */
export class PayCommissionInputV1 {
  /** The bank transfer's reference, kept with the commission. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

export class PayCommissionRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => PayCommissionInputV1)
  input!: PayCommissionInputV1;
}

export const PAY_COMMISSION_V1 = defineCommand('partners', 'pay-commission', 1, PayCommissionRequestV1).replies<CommissionViewV1>();
