import { IsIn, IsISO4217CurrencyCode, IsISO8601, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { MARKETING_EVENT_KINDS, type MarketingEventKind } from './marketing-event.values';

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
