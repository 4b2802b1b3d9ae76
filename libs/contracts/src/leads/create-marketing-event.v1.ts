import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineCommand } from '../common/event-contract';
import { MAX_AMOUNT } from '../common/money';
import { MARKETING_EVENT_KINDS, type MarketingEventKind } from './marketing-event.values';
import type { MarketingEventViewV1 } from './marketing-event.views';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The body of `POST /api/v1/marketing-events`: an event the company takes part in, with its cost for ROI. */
export class CreateMarketingEventInputV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsIn(MARKETING_EVENT_KINDS)
  kind!: MarketingEventKind;

  /** A calendar date, `YYYY-MM-DD`. */
  @Matches(DATE, { message: 'startsOn must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'startsOn must be a real calendar date' })
  startsOn!: string;

  @Matches(DATE, { message: 'endsOn must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'endsOn must be a real calendar date' })
  endsOn!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city?: string;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  cost?: number;

  @ValidateIf((input: CreateMarketingEventInputV1) => input.cost !== undefined || input.currency !== undefined)
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code and is required with cost' })
  currency?: string;
}

export class CreateMarketingEventRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => CreateMarketingEventInputV1)
  input!: CreateMarketingEventInputV1;
}

/** `rpc.leads.create-marketing-event.v1` answers `MarketingEventViewV1`. */
export const CREATE_MARKETING_EVENT_V1 = defineCommand('leads', 'create-marketing-event', 1, CreateMarketingEventRequestV1).replies<MarketingEventViewV1>();
