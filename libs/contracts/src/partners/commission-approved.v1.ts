import { IsISO8601 } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { COMMISSION_FACTS_FIXTURE, CommissionFactsV1 } from './commission-facts.v1';

/** `evt.partners.commission.approved.v1`: a channel manager approved an accrued commission for payment. */
export class CommissionApprovedV1 extends CommissionFactsV1 {
  @IsISO8601({ strict: true })
  approvedAt!: string;
}

export const COMMISSION_APPROVED_V1 = defineEvent('partners.commission.approved', 1, CommissionApprovedV1);

export const commissionApprovedV1Fixture: EventEnvelope<CommissionApprovedV1> = {
  eventId: '01936f14-0000-7000-8000-0000000e0c02',
  type: COMMISSION_APPROVED_V1.type,
  version: COMMISSION_APPROVED_V1.version,
  occurredAt: '2026-05-10T09:00:00.000Z',
  producer: 'partners',
  aggregateId: COMMISSION_FACTS_FIXTURE.commissionId,
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-000000000c02',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null },
  payload: { ...COMMISSION_FACTS_FIXTURE, status: 'approved', approvedAt: '2026-05-10T09:00:00.000Z' },
};
