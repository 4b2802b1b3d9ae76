import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIsoDateTime } from '../common/dates';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { MAX_AMOUNT } from '../common/money';
import { DIRECTIONS, LEAD_SOURCES, type Direction, type LeadSource } from '../leads/lead.values';
import { CHANNELS, DEAL_TYPES, DealTeamMemberV1, type Channel, type DealType } from './deal.values';
import type { DealViewV1 } from './deal.views';

/** The body of `POST /api/v1/deals`. */
export class CreateDealInputV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @IsUUID()
  customerId!: string;

  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  amount!: number;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsOptional()
  @IsUUID()
  pipelineId?: string;

  @IsIn(DEAL_TYPES)
  type!: DealType;

  @IsIn(CHANNELS)
  channel!: Channel;

  @ValidateIf((deal: CreateDealInputV1) => deal.channel === 'indirect' || deal.partnerId !== undefined)
  @IsUUID(undefined, { message: 'partnerId must be a UUID and is required for an indirect deal' })
  partnerId?: string;

  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsIsoDateTime()
  expectedCloseDate?: string;

  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @IsOptional()
  @IsIn(LEAD_SOURCES)
  source?: LeadSource;

  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DealTeamMemberV1)
  @ArrayMaxSize(50)
  team?: DealTeamMemberV1[];
}

export class CreateDealRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => CreateDealInputV1)
  input!: CreateDealInputV1;
}

export const CREATE_DEAL_V1 = defineCommand('deals', 'create-deal', 1, CreateDealRequestV1).replies<DealViewV1>();
