import { Type } from 'class-transformer';
import {
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
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { DEAL_TYPES, type DealType } from '../deals/deal.values';
import { MAX_AMOUNT } from '../common/money';

/** The body of `POST /api/v1/leads/{id}/convert`. */
export class ConvertLeadInputV1 {
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

  @ValidateIf((input: ConvertLeadInputV1) => input.amount !== undefined || input.currency !== undefined)
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code and is required with amount' })
  currency?: string;

  @IsOptional()
  @IsUUID()
  pipelineId?: string;

  @IsOptional()
  @IsIn(DEAL_TYPES)
  type?: DealType;
}

/** `rpc.leads.convert-lead.v1`: answers `LeadConversionV1`; 409 when the lead was converted already. */
export class ConvertLeadRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  leadId!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ConvertLeadInputV1)
  input!: ConvertLeadInputV1;
}

export interface LeadConversionV1 {
  leadId: string;
  customerId: string;
  dealId: string;
}

export const CONVERT_LEAD_V1 = defineCommand('leads', 'convert-lead', 1, ConvertLeadRequestV1).replies<LeadConversionV1>();
