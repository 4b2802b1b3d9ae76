import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
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
import { defineRpc } from '../common/event-contract';
import { MAX_AMOUNT } from '../common/money';
import { LeadCompanyV1, LeadContactV1, SEGMENTS, type Segment } from './lead.values';
import type { LeadDetailsV1 } from './lead.views';

/**
 * The body of `PATCH /api/v1/leads/{id}`: the fields given replace the stored ones; `null` clears an optional
 * field. Status moves have their own route; `contact` and `company` are replaced as a whole.
 */
export class UpdateLeadInputV1 {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LeadContactV1)
  contact?: LeadContactV1;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LeadCompanyV1)
  company?: LeadCompanyV1 | null;

  @IsOptional()
  @IsIn(SEGMENTS)
  segment?: Segment;

  @IsOptional()
  @IsUUID()
  marketingEventId?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  title?: string | null;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  expectedAmount?: number | null;

  @ValidateIf((lead: UpdateLeadInputV1) => lead.currency !== undefined && lead.currency !== null)
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency?: string | null;

  /** Reassigns the lead by hand; the decision is written to the assignment ledger. */
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string | null;

  @IsOptional()
  @IsRegionCode()
  region?: string | null;
}

/** `rpc.leads.update-lead.v1`: answers the updated `LeadViewV1`; 412 when `expectedVersion` is stale. */
export class UpdateLeadRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  leadId!: string;

  /** The version the caller saw (HTTP `If-Match`). */
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @IsObject()
  @ValidateNested()
  @Type(() => UpdateLeadInputV1)
  input!: UpdateLeadInputV1;
}

export const UPDATE_LEAD_V1 = defineRpc('leads', 'update-lead', 1, UpdateLeadRequestV1).replies<LeadDetailsV1>();
