import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';

/** Why a lead went to its assignee: a rule's strategy, the returning customer's owner, or a person's choice. */
export const ASSIGNMENT_REASONS = ['round_robin', 'weighted', 'least_loaded', 'repeat_customer', 'manual'] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];

/** Why and when a lead went to its assignee: what an assignment says besides the lead and the people. */
export class AssignmentGroundsV1 {
  @IsIn(ASSIGNMENT_REASONS)
  reason!: AssignmentReason;

  /** The version of the assignment rule that decided, when a rule decided. */
  @IsOptional()
  @IsInt()
  @Min(1)
  ruleVersion!: number | null;

  @IsISO8601({ strict: true })
  assignedAt!: string;
}

/** `evt.leads.lead.assigned.v1`: a lead was given to a sales manager; one per entry of the assignment ledger. */
export class LeadAssignedV1 extends AssignmentGroundsV1 {
  @IsUUID()
  leadId!: string;

  @IsUUID()
  assigneeId!: string;

  @IsOptional()
  @IsUUID()
  previousAssigneeId!: string | null;
}

export const LEAD_ASSIGNED_V1 = defineEvent('leads.lead.assigned', 1, LeadAssignedV1);

export const leadAssignedV1Fixture: EventEnvelope<LeadAssignedV1> = {
  eventId: '01936f0f-0000-7000-8000-0000000000a1',
  type: LEAD_ASSIGNED_V1.type,
  version: LEAD_ASSIGNED_V1.version,
  occurredAt: '2026-03-02T10:15:00.000Z',
  producer: 'leads',
  aggregateId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    leadId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
    assigneeId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa',
    previousAssigneeId: null,
    reason: 'round_robin',
    ruleVersion: 3,
    assignedAt: '2026-03-02T10:15:00.000Z',
  },
};
