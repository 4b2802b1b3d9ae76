import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import type { LeadDetailsV1 } from './lead-queries.v1';
import { DIRECTIONS, LEAD_SOURCES, SEGMENTS, type Direction, type LeadSource, type Segment } from './lead.values';
import { MAX_AMOUNT } from '../common/money';

export class LeadContactV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()\-.]{5,32}$/, { message: 'phone must be digits with optional +, spaces, dashes or brackets' })
  phone?: string;
}

export class LeadCompanyV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9 -]{4,32}$/, { message: 'taxId must be 4 to 32 letters, digits, spaces or dashes' })
  taxId?: string;
}

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

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

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

/** A lead as the leads service answers it. */
export interface LeadViewV1 {
  id: string;
  status: string;
  contact: LeadContactV1;
  company: LeadCompanyV1 | null;
  source: LeadSource;
  direction: Direction;
  segment: Segment;
  marketingEventId: string | null;
  title: string | null;
  expectedAmount: number | null;
  currency: string | null;
  assigneeId: string | null;
  partnerId: string | null;
  comment: string | null;
  isRepeat: boolean;
  customerId: string | null;
  duplicateOfId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const CREATE_LEAD_V1 = defineRpc('leads', 'create-lead', 1, CreateLeadRequestV1).replies<LeadDetailsV1>();
