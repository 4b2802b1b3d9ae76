import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsIsoDateTime } from '../common/dates';
import { CHANNELS, type Channel } from '../deals/deal.values';
import { DIRECTIONS, LEAD_SOURCES, type Direction, type LeadSource } from '../leads/lead.values';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * The filters every report takes (API.md, Reports): the period `[from, to)`, the deal's attributes, and `asOf`,
 * the moment the answer describes (what had happened by then; by default now).
 */
export class ReportFilterV1 {
  /** Start of the period (inclusive). */
  @IsOptional()
  @IsIsoDateTime()
  from?: string;

  /** End of the period (exclusive). */
  @IsOptional()
  @IsIsoDateTime()
  to?: string;

  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @IsOptional()
  @IsUUID()
  pipelineId?: string;

  @IsOptional()
  @IsIn(LEAD_SOURCES)
  source?: LeadSource;

  /** `true`: repeat sales only; `false`: new business only. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  isRepeat?: boolean;

  /** Answer as the data stood at this moment: later wins, losses, stage moves and plan changes are not seen. */
  @IsOptional()
  @IsIsoDateTime()
  asOf?: string;
}

/** An amount of one currency; reports sum money per currency and never convert. */
export interface MoneyV1 {
  currency: string;
  value: number;
}

/** What every report answer carries: how fresh its data is. */
export interface ReportFreshnessV1 {
  /** The time of the newest event counted (null before any); with `asOf`, at most `asOf`. */
  dataAsOf: string | null;
}
