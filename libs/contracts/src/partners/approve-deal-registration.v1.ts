import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import type { DealRegistrationViewV1 } from './deal-registration.views';

/** The longest protection one approval or extension grants, in days. */
export const MAX_PROTECTION_DAYS = 365;

/** The body of `POST /api/v1/deal-registrations/{id}/approve`. */
export class ApproveDealRegistrationInputV1 {
  /** Days the customer stays the partner's; `PARTNER_PROTECTION_DAYS` (90) when absent. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PROTECTION_DAYS)
  protectionDays?: number;

  /** Approve although another partner's registration protects the customer; needs a `reason`, which is recorded. */
  @IsOptional()
  @IsBoolean()
  override?: boolean;

  @ValidateIf((input: ApproveDealRegistrationInputV1) => input.override === true || input.reason !== undefined)
  @IsString({ message: 'reason must be a text, and is required with override' })
  @IsNotEmpty({ message: 'reason must be a text, and is required with override' })
  @MaxLength(1000)
  reason?: string;
}

export class ApproveDealRegistrationRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ApproveDealRegistrationInputV1)
  input!: ApproveDealRegistrationInputV1;
}

export const APPROVE_DEAL_REGISTRATION_V1 = defineCommand('partners', 'approve-deal-registration', 1, ApproveDealRegistrationRequestV1).replies<DealRegistrationViewV1>();
