import { LEAD_CREATED_V1, leadCreatedV1Fixture, type EventEnvelope, type LeadCreatedV1 } from '@saleswire/contracts';
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
