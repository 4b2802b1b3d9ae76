import { IsISO8601, IsOptional, IsString } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { COMMISSION_FACTS_FIXTURE, CommissionFactsV1 } from './commission-facts.v1';

/** `evt.partners.commission.paid.v1`: an approved commission was paid to the partner. */
export class CommissionPaidV1 extends CommissionFactsV1 {
  @IsOptional()
  @IsString()
  reference!: string | null;

  @IsISO8601({ strict: true })
  paidAt!: string;
}

export const COMMISSION_PAID_V1 = defineEvent('partners.commission.paid', 1, CommissionPaidV1);

export const commissionPaidV1Fixture: EventEnvelope<CommissionPaidV1> = {
  eventId: '01936f14-0000-7000-8000-0000000e0c03',
  type: COMMISSION_PAID_V1.type,
  version: COMMISSION_PAID_V1.version,
  occurredAt: '2026-05-31T12:00:00.000Z',
  producer: 'partners',
  aggregateId: COMMISSION_FACTS_FIXTURE.commissionId,
  aggregateVersion: 3,
  correlationId: 'c0ffee00-0000-4000-8000-000000000c03',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null },
  payload: { ...COMMISSION_FACTS_FIXTURE, status: 'paid', reference: 'PAY-2026-0531-17', paidAt: '2026-05-31T12:00:00.000Z' },
};
