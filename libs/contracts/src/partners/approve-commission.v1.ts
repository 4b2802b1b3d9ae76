import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import type { CommissionViewV1 } from './commission.views';

/** The body of `POST /api/v1/commissions/{id}/approve`. */
export class ApproveCommissionInputV1 {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ApproveCommissionRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ApproveCommissionInputV1)
  input!: ApproveCommissionInputV1;
}

export const APPROVE_COMMISSION_V1 = defineCommand('partners', 'approve-commission', 1, ApproveCommissionRequestV1).replies<CommissionViewV1>();
