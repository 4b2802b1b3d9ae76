import { IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_FACTS_FIXTURE, DealFactsV1 } from './deal-facts.v1';

/** `evt.deals.deal.created.v1`: a deal opened — by hand, from a converted lead, a partner's registration or a repeat sale. */
export class DealCreatedV1 extends DealFactsV1 {
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

  @IsOptional()
  @IsUUID()
  leadId!: string | null;

  @IsOptional()
  @IsUUID()
  registrationId!: string | null;

  @IsISO8601({ strict: true })
  createdAt!: string;
}

export const DEAL_CREATED_V1 = defineEvent('deals.deal.created', 1, DealCreatedV1);

export const dealCreatedV1Fixture: EventEnvelope<DealCreatedV1> = {
  eventId: '01936f11-0000-7000-8000-0000000e0001',
  type: DEAL_CREATED_V1.type,
  version: DEAL_CREATED_V1.version,
  occurredAt: '2026-03-04T12:00:01.000Z',
  producer: 'deals',
  aggregateId: DEAL_FACTS_FIXTURE.dealId,
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000003',
  causationId: '01936f0f-0000-7000-8000-0000000000c1',
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    ...DEAL_FACTS_FIXTURE,
    title: 'Warehouse scanners for 3 sites',
    probability: 10,
    expectedCloseDate: '2026-05-31',
    leadId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
    registrationId: null,
    createdAt: '2026-03-04T12:00:01.000Z',
  },
};
