import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_FACTS_FIXTURE, DealFactsV1 } from './deal-facts.v1';
import { STAGE_SEMANTICS, type StageSemantics } from './deal.values';

/** `evt.deals.deal.stage-changed.v1`: a deal moved from one stage to another (`stage` is the new one). */
export class DealStageChangedV1 extends DealFactsV1 {
  @IsString()
  fromStage!: string;

  @IsIn(STAGE_SEMANTICS)
  fromSemantics!: StageSemantics;

  @IsIn(STAGE_SEMANTICS)
  semantics!: StageSemantics;

  @IsInt()
  @Min(0)
  @Max(100)
  probability!: number;

  @IsOptional()
  @IsString()
  reason!: string | null;

  @IsISO8601({ strict: true })
  changedAt!: string;
}

export const DEAL_STAGE_CHANGED_V1 = defineEvent('deals.deal.stage-changed', 1, DealStageChangedV1);

export const dealStageChangedV1Fixture: EventEnvelope<DealStageChangedV1> = {
  eventId: '01936f11-0000-7000-8000-0000000e0002',
  type: DEAL_STAGE_CHANGED_V1.type,
  version: DEAL_STAGE_CHANGED_V1.version,
  occurredAt: '2026-03-10T09:30:00.000Z',
  producer: 'deals',
  aggregateId: DEAL_FACTS_FIXTURE.dealId,
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-000000000005',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    ...DEAL_FACTS_FIXTURE,
    stage: 'proposal',
    fromStage: 'new',
    fromSemantics: 'open',
    semantics: 'open',
    probability: 40,
    reason: null,
    changedAt: '2026-03-10T09:30:00.000Z',
  },
};
