import { ArrayNotEmpty, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_FACTS_FIXTURE, DealFactsV1 } from './deal-facts.v1';

export const UPDATABLE_DEAL_FIELDS = ['title', 'amount', 'currency', 'ownerId', 'expectedCloseDate', 'type', 'team'] as const;
export type UpdatableDealField = (typeof UPDATABLE_DEAL_FIELDS)[number];

/**
 * `evt.deals.deal.updated.v1`: a deal's own fields changed (`PATCH /deals/{id}`) — its money, owner, expected
 * close date, type or team. The facts are those after the change; `changed` names what changed.
 */
export class DealUpdatedV1 extends DealFactsV1 {
  @IsString()
  @IsNotEmpty()
  title!: string;

  @IsInt()
  @Min(0)
  @Max(100)
  probability!: number;

  @IsOptional()
  @IsISO8601({ strict: true })
  expectedCloseDate!: string | null;

  @ArrayNotEmpty()
  @IsIn(UPDATABLE_DEAL_FIELDS, { each: true })
  changed!: UpdatableDealField[];

  @IsISO8601({ strict: true })
  updatedAt!: string;
}

export const DEAL_UPDATED_V1 = defineEvent('deals.deal.updated', 1, DealUpdatedV1);

export const dealUpdatedV1Fixture: EventEnvelope<DealUpdatedV1> = {
  eventId: '01936f11-0000-7000-8000-0000000e0007',
  type: DEAL_UPDATED_V1.type,
  version: DEAL_UPDATED_V1.version,
  occurredAt: '2026-03-12T08:00:00.000Z',
  producer: 'deals',
  aggregateId: DEAL_FACTS_FIXTURE.dealId,
  aggregateVersion: 3,
  correlationId: 'c0ffee00-0000-4000-8000-000000000009',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    ...DEAL_FACTS_FIXTURE,
    stage: 'proposal',
    amount: 140000,
    title: 'Warehouse scanners for 4 sites',
    probability: 40,
    expectedCloseDate: '2026-06-15',
    changed: ['title', 'amount', 'expectedCloseDate'],
    updatedAt: '2026-03-12T08:00:00.000Z',
  },
};
