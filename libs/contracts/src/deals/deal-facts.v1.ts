import { IsBoolean, IsIn, IsISO4217CurrencyCode, IsNumber, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { DIRECTIONS, LEAD_SOURCES, type Direction, type LeadSource } from '../leads/lead.values';
import { CHANNELS, DEAL_TYPES, type Channel, type DealType } from './deal.values';

/**
 * What every deal event carries, so that reporting and partners never have to ask the deals service: the
 * money, the owner, the channel and partner, the pipeline. The aggregate version is the envelope's.
 */
export class DealFactsV1 {
  @IsUUID()
  dealId!: string;

  @IsUUID()
  customerId!: string;

  @IsUUID()
  pipelineId!: string;

  @IsString()
  stage!: string;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  amount!: number | null;

  @IsOptional()
  @IsISO4217CurrencyCode()
  currency!: string | null;

  @IsOptional()
  @IsUUID()
  ownerId!: string | null;

  @IsIn(CHANNELS)
  channel!: Channel;

  @IsOptional()
  @IsUUID()
  partnerId!: string | null;

  @IsIn(DEAL_TYPES)
  type!: DealType;

  @IsOptional()
  @IsIn(DIRECTIONS)
  direction!: Direction | null;

  @IsOptional()
  @IsIn(LEAD_SOURCES)
  source!: LeadSource | null;

  @IsBoolean()
  isRepeat!: boolean;
}

/** Facts of the deal used by the fixtures of every deal event. */
export const DEAL_FACTS_FIXTURE: DealFactsV1 = {
  dealId: '01936f11-0000-7000-8000-0000000d0001',
  customerId: '01936f10-0000-7000-8000-0000000c0001',
  pipelineId: '01936f13-0000-7000-8000-0000000f0001',
  stage: 'new',
  amount: 125000.5,
  currency: 'EUR',
  ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa',
  channel: 'direct',
  partnerId: null,
  type: 'consultative',
  direction: 'inbound',
  source: 'exhibition',
  isRepeat: false,
};
