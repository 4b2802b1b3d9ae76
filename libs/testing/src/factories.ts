import {
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  leadCreatedV1Fixture,
  leadImportLeadsCreatedV1Fixture,
  type EventEnvelope,
  type LeadCreatedV1,
  type LeadImportLeadsCreatedV1,
} from '@saleswire/contracts';
import { randomUUID } from 'node:crypto';

/** A lead-created event like the producer's fixture, with fresh ids and the fields you give. */
export function leadCreatedEvent(
  payload: Partial<LeadCreatedV1> = {},
  envelope: Partial<EventEnvelope<LeadCreatedV1>> = {},
): EventEnvelope<LeadCreatedV1> {
  const leadId = payload.leadId ?? randomUUID();
  return {
    ...leadCreatedV1Fixture,
    eventId: randomUUID(),
    aggregateId: leadId,
    correlationId: randomUUID(),
    ...envelope,
    type: LEAD_CREATED_V1.type,
    payload: { ...leadCreatedV1Fixture.payload, ...payload, leadId },
  };
}

/**
 * An import's chunk telling these lead.created events (their ids and payloads; no assignment), as the leads service
 * publishes it (issue 14), with a fresh event id and job.
 */
export function leadsImportedEvent(
  created: ReadonlyArray<EventEnvelope<LeadCreatedV1>>,
  envelope: Partial<EventEnvelope<LeadImportLeadsCreatedV1>> = {},
): EventEnvelope<LeadImportLeadsCreatedV1> {
  const jobId = randomUUID();
  return {
    ...leadImportLeadsCreatedV1Fixture,
    eventId: randomUUID(),
    aggregateId: jobId,
    correlationId: randomUUID(),
    ...envelope,
    type: LEAD_IMPORT_LEADS_CREATED_V1.type,
    payload: { jobId, leads: created.map((event) => ({ eventId: event.eventId, lead: event.payload, assignment: null })) },
  };
}
