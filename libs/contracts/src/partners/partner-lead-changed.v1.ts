import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { LEAD_STATUSES, type LeadStatus } from '../leads/lead.values';

/** The leads events a partner hears of for its own leads, by the verb of their subject. */
export const PARTNER_LEAD_CHANGES = ['created', 'updated', 'status-changed', 'converted'] as const;
export type PartnerLeadChange = (typeof PARTNER_LEAD_CHANGES)[number];

/**
 * `evt.partners.partner-lead.changed.v1`: a lead of a partner changed, told in the partners stream so that the
 * partner's feed stays one ordered stream (ADR 0023). Published by the partners service for every leads event
 * whose lead belongs to a partner at that version; never for a lead of the direct team. The envelope's
 * `aggregateId` and `aggregateVersion` are the lead's; `sourceEventId` is the leads event it tells of.
 */
export class PartnerLeadChangedV1 {
  @IsUUID()
  partnerId!: string;

  @IsUUID()
  leadId!: string;

  @IsIn(PARTNER_LEAD_CHANGES)
  change!: PartnerLeadChange;

  /** The lead's status when the change says it (created, status-changed, converted); null otherwise. */
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status!: LeadStatus | null;

  /** The lead's assignee when the change says it (created, updated); null otherwise or when unassigned. */
  @IsOptional()
  @IsUUID()
  assigneeId!: string | null;

  /** For `updated`: the names of the fields it touched; null otherwise. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  changed!: string[] | null;

  /** For `status-changed`: the reason given; null otherwise. */
  @IsOptional()
  @IsString()
  reason!: string | null;

  /** For `converted`: the deal the lead became; null otherwise. */
  @IsOptional()
  @IsUUID()
  dealId!: string | null;

  @IsInt()
  @Min(1)
  leadVersion!: number;

  @IsUUID()
  sourceEventId!: string;

  @IsISO8601({ strict: true })
  changedAt!: string;
}

export const PARTNER_LEAD_CHANGED_V1 = defineEvent('partners.partner-lead.changed', 1, PartnerLeadChangedV1);

export const partnerLeadChangedV1Fixture: EventEnvelope<PartnerLeadChangedV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0c01',
  type: PARTNER_LEAD_CHANGED_V1.type,
  version: PARTNER_LEAD_CHANGED_V1.version,
  occurredAt: '2026-03-03T08:00:01.000Z',
  producer: 'partners',
  aggregateId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
  aggregateVersion: 3,
  correlationId: 'c0ffee00-0000-4000-8000-000000000c01',
  causationId: '01936f0f-0000-7000-8000-0000000000d1',
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb01',
    leadId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
    change: 'status-changed',
    status: 'qualified',
    assigneeId: null,
    changed: null,
    reason: 'Budget confirmed',
    dealId: null,
    leadVersion: 3,
    sourceEventId: '01936f0f-0000-7000-8000-0000000000d1',
    changedAt: '2026-03-03T08:00:00.000Z',
  },
};
