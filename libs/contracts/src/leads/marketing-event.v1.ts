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
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ActorV1, type EventEnvelope } from '../common/envelope';
import { defineEvent, defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import { MAX_AMOUNT } from '../common/money';

export const MARKETING_EVENT_KINDS = ['exhibition', 'seminar', 'conference', 'webinar', 'other'] as const;
export type MarketingEventKind = (typeof MARKETING_EVENT_KINDS)[number];

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

/** The query of `GET /api/v1/marketing-events`: events that overlap `[from, to]`, newest first. */
export class ListMarketingEventsQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsIn(MARKETING_EVENT_KINDS)
  kind?: MarketingEventKind;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ListMarketingEventsRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ListMarketingEventsQueryV1)
  query!: ListMarketingEventsQueryV1;
}

export interface MarketingEventViewV1 {
  id: string;
  name: string;
  kind: MarketingEventKind;
  startsOn: string;
  endsOn: string;
  city: string | null;
  cost: number | null;
  currency: string | null;
  version: number;
  createdAt: string;
}

/** `rpc.leads.create-marketing-event.v1` answers `MarketingEventViewV1`; `list-marketing-events` a page of them. */
export const CREATE_MARKETING_EVENT_V1 = defineRpc('leads', 'create-marketing-event', 1, CreateMarketingEventRequestV1).replies<MarketingEventViewV1>();
export const LIST_MARKETING_EVENTS_V1 = defineRpc('leads', 'list-marketing-events', 1, ListMarketingEventsRequestV1).replies<Page<MarketingEventViewV1>>();

/** `evt.leads.marketing-event.created.v1`: reporting learns each event's dates and cost for its return. */
export class MarketingEventCreatedV1 {
  @IsUUID()
  marketingEventId!: string;

  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsIn(MARKETING_EVENT_KINDS)
  kind!: MarketingEventKind;

  @IsISO8601({ strict: true })
  startsOn!: string;

  @IsISO8601({ strict: true })
  endsOn!: string;

  @IsOptional()
  @IsString()
  city!: string | null;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  cost!: number | null;

  @IsOptional()
  @IsISO4217CurrencyCode()
  currency!: string | null;
}

export const MARKETING_EVENT_CREATED_V1 = defineEvent('leads.marketing-event.created', 1, MarketingEventCreatedV1);

export const marketingEventCreatedV1Fixture: EventEnvelope<MarketingEventCreatedV1> = {
  eventId: '01936f0f-0000-7000-8000-0000000000e1',
  type: MARKETING_EVENT_CREATED_V1.type,
  version: MARKETING_EVENT_CREATED_V1.version,
  occurredAt: '2026-02-01T09:00:00.000Z',
  producer: 'leads',
  aggregateId: '01936f0e-8a4b-7c3d-9e2f-0000000000e1',
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000021',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000f0', role: 'head_of_sales', partnerId: null },
  payload: {
    marketingEventId: '01936f0e-8a4b-7c3d-9e2f-0000000000e1',
    name: 'LogiMAT 2026',
    kind: 'exhibition',
    startsOn: '2026-03-10',
    endsOn: '2026-03-12',
    city: 'Stuttgart',
    cost: 18000,
    currency: 'EUR',
  },
};
