import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsNotEmpty,
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
import { defineRpc } from '../common/event-contract';
import { MAX_AMOUNT } from '../common/money';
import { DEAL_TYPES, DealTeamMemberV1, type DealType } from './deal.values';
import type { DealViewV1 } from './deal.views';

/** The body of `PATCH /api/v1/deals/{id}`: the fields that may change while the deal is open. */
export class UpdateDealInputV1 {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  amount?: number;

  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;

  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsIsoDateTime()
  expectedCloseDate?: string;

  @IsOptional()
  @IsIn(DEAL_TYPES)
  type?: DealType;

  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DealTeamMemberV1)
  @ArrayMaxSize(50)
  team?: DealTeamMemberV1[];
}

export class UpdateDealRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;

  /** The version the caller last saw (`If-Match`); a stale one is answered 412. */
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @IsObject()
  @ValidateNested()
  @Type(() => UpdateDealInputV1)
  input!: UpdateDealInputV1;
}

export const UPDATE_DEAL_V1 = defineRpc('deals', 'update-deal', 1, UpdateDealRequestV1).replies<DealViewV1>();
