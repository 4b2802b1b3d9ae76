import { IsISO8601 } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { SYSTEM_ACTOR } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { COMMISSION_FACTS_FIXTURE, CommissionFactsV1 } from './commission-facts.v1';

/** `evt.partners.commission.accrued.v1`: an indirect deal of the partner was won; its commission is owed, once. */
export class CommissionAccruedV1 extends CommissionFactsV1 {
  @IsISO8601({ strict: true })
  wonAt!: string;

  @IsISO8601({ strict: true })
  accruedAt!: string;
}

export const COMMISSION_ACCRUED_V1 = defineEvent('partners.commission.accrued', 1, CommissionAccruedV1);

export const commissionAccruedV1Fixture: EventEnvelope<CommissionAccruedV1> = {
  eventId: '01936f14-0000-7000-8000-0000000e0c01',
  type: COMMISSION_ACCRUED_V1.type,
  version: COMMISSION_ACCRUED_V1.version,
  occurredAt: '2026-05-02T14:00:01.000Z',
  producer: 'partners',
  aggregateId: COMMISSION_FACTS_FIXTURE.commissionId,
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000c01',
  causationId: '01936f11-0000-7000-8000-0000000e0003',
  actor: SYSTEM_ACTOR,
  payload: { ...COMMISSION_FACTS_FIXTURE, wonAt: '2026-05-02T14:00:00.000Z', accruedAt: '2026-05-02T14:00:01.000Z' },
};
