import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent, type EventContract } from '../common/event-contract';
import { AssignmentGroundsV1, LEAD_ASSIGNED_V1, type LeadAssignedV1 } from './lead-assigned.v1';
import { LEAD_CREATED_V1, LeadCreatedV1, leadCreatedV1Fixture } from './lead-created.v1';

/**
 * The most leads one event carries. A message must fit NATS's payload limit (1 MiB by default): a lead whose every
 * text is as long as CreateLeadInputV1 allows and written in six-byte JSON escapes is under 7 KiB, so a hundred
 * stay under 700 KiB (the contract's spec proves it). A hundred leads a message is already a hundredth of the
 * messages a `lead.created` and a `lead.assigned` each made.
 */
export const LEADS_PER_IMPORT_EVENT = 100;

/** How an imported lead was assigned: what its `lead.assigned` would have said besides the lead and the assignee. */
export class ImportedAssignmentV1 extends AssignmentGroundsV1 {
  /** The id a consumer gives this assignment as a `lead.assigned` event (`leadAssignedEvents`). */
  @IsUUID()
  eventId!: string;
}

/** One lead of the chunk: its `lead.created` payload and, when it went to someone, its assignment. */
export class ImportedLeadV1 {
  /** The id a consumer gives this lead's creation as a `lead.created` event (`leadCreatedEvents`). */
  @IsUUID()
  eventId!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => LeadCreatedV1)
  lead!: LeadCreatedV1;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ImportedAssignmentV1)
  assignment!: ImportedAssignmentV1 | null;
}

/**
 * `evt.leads.lead-import.leads-created.v1`: a chunk of an import made these leads (issue 14). An imported lead is
 * told by this event instead of a `lead.created` and a `lead.assigned` of its own: a 100,000-row import was 200,000
 * messages, each stored, delivered to every consumer, validated, remembered in its inbox and acknowledged, and
 * that was half of the import's CPU. The aggregate is the import job; `aggregateVersion` is the job's row number
 * of the first lead, so the job's events are numbered in the order of its rows. A consumer reads each lead as the
 * `lead.created` (and `lead.assigned`) it stands for, with `leadCreatedEvents` (and `leadAssignedEvents`).
 */
export class LeadImportLeadsCreatedV1 {
  @IsUUID()
  jobId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LEADS_PER_IMPORT_EVENT)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ImportedLeadV1)
  leads!: ImportedLeadV1[];
}

export const LEAD_IMPORT_LEADS_CREATED_V1 = defineEvent('leads.lead-import.leads-created', 1, LeadImportLeadsCreatedV1, { carries: LEADS_PER_IMPORT_EVENT });

/** What `leadCreatedEvents` answered for a chunk: a consumer's several handlers of the subject read it once. */
const createdOf = new WeakMap<EventEnvelope<LeadImportLeadsCreatedV1>, EventEnvelope<LeadCreatedV1>[]>();

/**
 * Each lead of the chunk as the `lead.created` it stands for: its own event id, the lead as aggregate (version 1),
 * the chunk's time, actor, correlation and cause. A consumer applies them as it applies `lead.created`, so one
 * piece of code keeps each rule whichever way a lead arrived. The same chunk answers the same (frozen) array.
 */
export function leadCreatedEvents(event: EventEnvelope<LeadImportLeadsCreatedV1>): readonly EventEnvelope<LeadCreatedV1>[] {
  let created = createdOf.get(event);
  if (!created) {
    created = Object.freeze(
      event.payload.leads.map(({ eventId, lead }) => told(event, eventId, lead.leadId, LEAD_CREATED_V1, lead)),
    ) as EventEnvelope<LeadCreatedV1>[];
    createdOf.set(event, created);
  }
  return created;
}

/**
 * The `lead.created` events a batch of both subjects stands for, in stream order: a `lead.created` as it is, an
 * import's chunk as its leads (`leadCreatedEvents`). What a consumer's batch handler of the two subjects projects, so
 * that a fetch of an import's chunks is one transaction, not one a chunk.
 */
export function createdLeadsOf(events: ReadonlyArray<{ readonly contract: EventContract; readonly event: EventEnvelope<object> }>): EventEnvelope<LeadCreatedV1>[] {
  return events.flatMap(({ contract, event }) =>
    contract === LEAD_IMPORT_LEADS_CREATED_V1 ? leadCreatedEvents(event as EventEnvelope<LeadImportLeadsCreatedV1>) : [event as EventEnvelope<LeadCreatedV1>],
  );
}

/** Each assigned lead of the chunk as the `lead.assigned` it stands for (a new lead: no previous assignee). */
export function leadAssignedEvents(event: EventEnvelope<LeadImportLeadsCreatedV1>): EventEnvelope<LeadAssignedV1>[] {
  return event.payload.leads.flatMap(({ lead, assignment }) =>
    assignment && lead.assigneeId
      ? [
          told(event, assignment.eventId, lead.leadId, LEAD_ASSIGNED_V1, {
            leadId: lead.leadId,
            assigneeId: lead.assigneeId,
            previousAssigneeId: null,
            reason: assignment.reason,
            ruleVersion: assignment.ruleVersion,
            assignedAt: assignment.assignedAt,
          }),
        ]
      : [],
  );
}

/**
 * A lead's event as the chunk tells it, written as one object literal (with the trace context set after it): spreading
 * a shared head into each event cost 4.5–5.5 µs a lead against 0.1, half a second for an import's 100,000 leads
 * in each consumer, and as much again in every replay.
 */
function told<P extends object>(event: EventEnvelope<LeadImportLeadsCreatedV1>, eventId: string, leadId: string, contract: EventContract<P>, payload: P): EventEnvelope<P> {
  const told: EventEnvelope<P> = {
    eventId,
    type: contract.type,
    version: contract.version,
    occurredAt: event.occurredAt,
    producer: event.producer,
    aggregateId: leadId,
    aggregateVersion: 1,
    correlationId: event.correlationId,
    causationId: event.causationId,
    actor: event.actor,
    payload,
  };
  if (event.traceparent) told.traceparent = event.traceparent;
  return told;
}

export const leadImportLeadsCreatedV1Fixture: EventEnvelope<LeadImportLeadsCreatedV1> = {
  eventId: '01936f10-0000-7000-8000-0000000000c1',
  type: LEAD_IMPORT_LEADS_CREATED_V1.type,
  version: LEAD_IMPORT_LEADS_CREATED_V1.version,
  occurredAt: '2026-03-02T10:20:00.000Z',
  producer: 'leads',
  aggregateId: '01936f10-0000-7000-8000-0000000000b1',
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-0000000000c1',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000ab', role: 'head_of_sales', partnerId: null },
  payload: {
    jobId: '01936f10-0000-7000-8000-0000000000b1',
    leads: [
      {
        eventId: '01936f10-0000-7000-8000-0000000000d1',
        lead: {
          ...leadCreatedV1Fixture.payload,
          leadId: '01936f10-0000-7000-8000-000000000101',
          contact: { name: 'Oleg Smirnov', email: 'oleg@polar-trade.example' },
          company: { name: 'Polar Trade', taxId: '7701234567' },
          assigneeId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa',
          assigneeExplicit: false,
          createdAt: '2026-03-02T10:20:00.000Z',
        },
        assignment: { eventId: '01936f10-0000-7000-8000-0000000000e1', reason: 'round_robin', ruleVersion: 3, assignedAt: '2026-03-02T10:20:00.000Z' },
      },
      {
        eventId: '01936f10-0000-7000-8000-0000000000d2',
        lead: {
          ...leadCreatedV1Fixture.payload,
          leadId: '01936f10-0000-7000-8000-000000000102',
          contact: { name: 'Anna Berg', phone: '+49 30 1234567' },
          company: null,
          source: 'website',
          marketingEventId: null,
          assigneeId: null,
          assigneeExplicit: false,
          createdAt: '2026-03-02T10:20:00.000Z',
        },
        assignment: null,
      },
    ],
  },
};
