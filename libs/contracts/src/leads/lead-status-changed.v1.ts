import { IsIn, IsISO8601, IsOptional, IsString, IsUUID } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { LEAD_STATUSES, type LeadStatus } from './lead.values';

/** `evt.leads.lead.status-changed.v1`: a lead moved to another status (by hand; conversion has its own event). */
export class LeadStatusChangedV1 {
  @IsUUID()
  leadId!: string;

  @IsIn(LEAD_STATUSES)
  from!: LeadStatus;

  @IsIn(LEAD_STATUSES)
  to!: LeadStatus;

  @IsOptional()
  @IsString()
  reason!: string | null;

  @IsISO8601({ strict: true })
  changedAt!: string;

  /** The partner the lead belongs to, if any; absent in events published before it was carried. */
  @IsOptional()
  @IsUUID()
  partnerId?: string | null;
}

export const LEAD_STATUS_CHANGED_V1 = defineEvent('leads.lead.status-changed', 1, LeadStatusChangedV1);

export const leadStatusChangedV1Fixture: EventEnvelope<LeadStatusChangedV1> = {
  eventId: '01936f0f-0000-7000-8000-0000000000d1',
  type: LEAD_STATUS_CHANGED_V1.type,
  version: LEAD_STATUS_CHANGED_V1.version,
  occurredAt: '2026-03-03T08:00:00.000Z',
  producer: 'leads',
  aggregateId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-000000000011',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    leadId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
    from: 'new',
    to: 'junk',
    reason: 'Student project, no budget',
    changedAt: '2026-03-03T08:00:00.000Z',
  },
};
