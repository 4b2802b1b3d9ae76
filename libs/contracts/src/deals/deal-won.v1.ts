import { IsIn, IsISO8601, IsNumber, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_FACTS_FIXTURE, DealFactsV1 } from './deal-facts.v1';

export const WON_BY = ['payment', 'hand'] as const;
export type WonBy = (typeof WON_BY)[number];

/**
 * `evt.deals.deal.won.v1`: a deal reached its logical end. `wonAt` dates the purchase: the payment that
 * covered the amount, or the moment of the move when the pipeline does not require payment.
 */
export class DealWonV1 extends DealFactsV1 {
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  paidAmount!: number;

  @IsIn(WON_BY)
  wonBy!: WonBy;

  @IsISO8601({ strict: true })
  wonAt!: string;
}

export const DEAL_WON_V1 = defineEvent('deals.deal.won', 1, DealWonV1);

export const dealWonV1Fixture: EventEnvelope<DealWonV1> = {
  eventId: '01936f11-0000-7000-8000-0000000e0003',
  type: DEAL_WON_V1.type,
  version: DEAL_WON_V1.version,
  occurredAt: '2026-04-02T14:00:00.000Z',
  producer: 'deals',
  aggregateId: DEAL_FACTS_FIXTURE.dealId,
  aggregateVersion: 5,
  correlationId: 'c0ffee00-0000-4000-8000-000000000006',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: { ...DEAL_FACTS_FIXTURE, stage: 'won', paidAmount: 125000.5, wonBy: 'payment', wonAt: '2026-04-01T00:00:00.000Z' },
};
