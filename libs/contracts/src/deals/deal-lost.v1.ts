import { IsISO8601, IsNotEmpty, IsString } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_FACTS_FIXTURE, DealFactsV1 } from './deal-facts.v1';

/** `evt.deals.deal.lost.v1`: a deal was closed as lost, with the reason the manager gave. */
export class DealLostV1 extends DealFactsV1 {
  @IsString()
  @IsNotEmpty()
  reason!: string;

  @IsString()
  fromStage!: string;

  @IsISO8601({ strict: true })
  lostAt!: string;
}

export const DEAL_LOST_V1 = defineEvent('deals.deal.lost', 1, DealLostV1);

export const dealLostV1Fixture: EventEnvelope<DealLostV1> = {
  eventId: '01936f11-0000-7000-8000-0000000e0004',
  type: DEAL_LOST_V1.type,
  version: DEAL_LOST_V1.version,
  occurredAt: '2026-03-20T11:00:00.000Z',
  producer: 'deals',
  aggregateId: DEAL_FACTS_FIXTURE.dealId,
  aggregateVersion: 3,
  correlationId: 'c0ffee00-0000-4000-8000-000000000007',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: { ...DEAL_FACTS_FIXTURE, stage: 'lost', reason: 'Chose a competitor', fromStage: 'proposal', lostAt: '2026-03-20T11:00:00.000Z' },
};
