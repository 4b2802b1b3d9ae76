import { IsInt, IsISO8601, IsNumber, IsOptional, IsUUID, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';

/**
 * `evt.deals.repeat-sale.due.v1`: a customer's next purchase is near by its rhythm, and a repeat deal was
 * opened for its owner. Published once per customer and expected purchase.
 */
export class RepeatSaleDueV1 {
  @IsUUID()
  customerId!: string;

  @IsOptional()
  @IsUUID()
  ownerId!: string | null;

  /** The repeat deal opened for it. */
  @IsUUID()
  dealId!: string;

  @IsInt()
  @Min(2)
  purchases!: number;

  @IsISO8601({ strict: true })
  lastPurchaseAt!: string;

  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  medianIntervalDays!: number;

  @IsISO8601({ strict: true })
  nextExpectedAt!: string;
}

export const REPEAT_SALE_DUE_V1 = defineEvent('deals.repeat-sale.due', 1, RepeatSaleDueV1);

export const repeatSaleDueV1Fixture: EventEnvelope<RepeatSaleDueV1> = {
  eventId: '01936f11-0000-7000-8000-0000000e0006',
  type: REPEAT_SALE_DUE_V1.type,
  version: REPEAT_SALE_DUE_V1.version,
  occurredAt: '2026-06-17T03:00:00.000Z',
  producer: 'deals',
  aggregateId: '01936f10-0000-7000-8000-0000000c0001',
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000008',
  causationId: null,
  actor: { id: 'system', role: 'system', partnerId: null },
  payload: {
    customerId: '01936f10-0000-7000-8000-0000000c0001',
    ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa',
    dealId: '01936f11-0000-7000-8000-0000000d0009',
    purchases: 3,
    lastPurchaseAt: '2026-04-01T00:00:00.000Z',
    medianIntervalDays: 90,
    nextExpectedAt: '2026-06-30T00:00:00.000Z',
  },
};
