import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO4217CurrencyCode,
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
import { IsRegionCode } from '../common/regions';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { MAX_AMOUNT } from '../common/money';
import {
  DIRECTIONS,
  LEAD_SOURCES,
  LeadCompanyV1,
  LeadContactV1,
  SEGMENTS,
  type Direction,
  type LeadSource,
  type Segment,
} from './lead.values';
import type { LeadDetailsV1 } from './lead.views';

/** The body of `POST /api/v1/leads` (API.md, Leads). */
export class CreateLeadInputV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => LeadContactV1)
  contact!: LeadContactV1;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LeadCompanyV1)
  company?: LeadCompanyV1;

  @IsIn(LEAD_SOURCES)
  source!: LeadSource;

  @IsIn(DIRECTIONS)
  direction!: Direction;

  @IsOptional()
  @IsIn(SEGMENTS)
  segment?: Segment;

  @IsOptional()
  @IsUUID()
  marketingEventId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  title?: string;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  expectedAmount?: number;

  @ValidateIf((lead: CreateLeadInputV1) => lead.expectedAmount !== undefined || lead.currency !== undefined)
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code and is required with expectedAmount' })
  currency?: string;

  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @IsOptional()
  @IsUUID()
  partnerId?: string;

  /** Where the lead is: an ISO 3166-1 country (`DE`) or ISO 3166-2 subdivision (`DE-BY`); partners' territories are matched on it. */
  @IsOptional()
  @IsRegionCode()
  region?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

/** `rpc.leads.create-lead.v1`: a new lead, assigned and checked for duplicates. Answers `LeadDetailsV1`. */
export class CreateLeadRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => CreateLeadInputV1)
  input!: CreateLeadInputV1;
}

export const CREATE_LEAD_V1 = defineCommand('leads', 'create-lead', 1, CreateLeadRequestV1).replies<LeadDetailsV1>();
