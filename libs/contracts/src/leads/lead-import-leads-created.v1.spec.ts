import { EventEnvelopeSchema, type EventEnvelope } from '../common/envelope';
import { validatePlain } from '../common/validation';
import { LEAD_ASSIGNED_V1, LeadAssignedV1 } from './lead-assigned.v1';
import { LEAD_CREATED_V1, LeadCreatedV1, leadCreatedV1Fixture } from './lead-created.v1';
import {
  createdLeadsOf,
  type ImportedLeadV1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  LEADS_PER_IMPORT_EVENT,
  LeadImportLeadsCreatedV1,
  leadAssignedEvents,
  leadCreatedEvents,
  leadImportLeadsCreatedV1Fixture as fixture,
} from './lead-import-leads-created.v1';

/** NATS's default `max_payload`: headers and body of one message. */
const NATS_MAX_PAYLOAD = 1024 * 1024;

describe('lead-import.leads-created', () => {
  it('should tell each lead of the chunk as the lead.created it stands for', () => {
    const created = leadCreatedEvents({ ...fixture, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(created).toHaveLength(2);
    created.forEach((event, i) => {
      const item = fixture.payload.leads[i];
      expect(event).toEqual({
        eventId: item.eventId,
        type: LEAD_CREATED_V1.type,
        version: 1,
        occurredAt: fixture.occurredAt,
        producer: 'leads',
        aggregateId: item.lead.leadId,
        aggregateVersion: 1,
        correlationId: fixture.correlationId,
        causationId: null,
        actor: fixture.actor,
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        payload: item.lead,
      });
      expect(validatePlain(EventEnvelopeSchema, event, { allowUnknown: true }).ok).toBe(true);
      expect(validatePlain(LeadCreatedV1, event.payload).ok).toBe(true);
    });
  });

  it("should answer every handler of a chunk the same events, made once, and another chunk's its own", () => {
    const chunk = { ...fixture };
    const first = leadCreatedEvents(chunk);
    expect(leadCreatedEvents(chunk)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(leadCreatedEvents({ ...fixture })).not.toBe(first);
  });

  it("should read a batch of both subjects as its lead.created events in stream order, a chunk as its leads, and a chunk as carrying a hundred", () => {
    const alone = { ...leadCreatedV1Fixture, eventId: '01936f10-0000-7000-8000-0000000000f1' };
    const later = { ...leadCreatedV1Fixture, eventId: '01936f10-0000-7000-8000-0000000000f2' };
    const events = createdLeadsOf([
      { contract: LEAD_CREATED_V1, event: alone },
      { contract: LEAD_IMPORT_LEADS_CREATED_V1, event: fixture },
      { contract: LEAD_CREATED_V1, event: later },
    ]);
    expect(events.map((event) => event.eventId)).toEqual([alone.eventId, ...fixture.payload.leads.map((lead) => lead.eventId), later.eventId]);
    expect(events[0]).toBe(alone);
    expect(LEAD_IMPORT_LEADS_CREATED_V1.carries).toBe(LEADS_PER_IMPORT_EVENT);
    expect(LEAD_CREATED_V1.carries).toBe(1);
  });

  it('should tell each assigned lead of the chunk as the lead.assigned it stands for, and no other', () => {
    const assigned = leadAssignedEvents(fixture);
    const [first] = fixture.payload.leads;
    expect(assigned).toEqual([
      expect.objectContaining({
        eventId: first.assignment!.eventId,
        type: LEAD_ASSIGNED_V1.type,
        aggregateId: first.lead.leadId,
        aggregateVersion: 1,
        payload: { leadId: first.lead.leadId, assigneeId: first.lead.assigneeId, previousAssigneeId: null, reason: 'round_robin', ruleVersion: 3, assignedAt: first.assignment!.assignedAt },
      }),
    ]);
    expect(validatePlain(LeadAssignedV1, assigned[0].payload).ok).toBe(true);
  });

  it.each([
    ['no lead', []],
    ['more leads than one event carries', Array.from({ length: LEADS_PER_IMPORT_EVENT + 1 }, () => fixture.payload.leads[0])],
    ['a lead without its event id', [{ ...fixture.payload.leads[0], eventId: undefined }]],
    ['a lead that lost its leadId', [{ ...fixture.payload.leads[0], lead: { ...fixture.payload.leads[0].lead, leadId: undefined } }]],
    ['an assignment for no reason a rule knows', [{ ...fixture.payload.leads[0], assignment: { ...fixture.payload.leads[0].assignment, reason: 'coin_toss' } }]],
    ['an array for a lead', [[fixture.payload.leads[0]]]],
  ])('should refuse a chunk with %s', (_what, leads) => {
    expect(validatePlain(LeadImportLeadsCreatedV1, { ...fixture.payload, leads }).ok).toBe(false);
  });

  it('should fit a NATS message with the most leads it carries, each as long as a lead may be and escaped', () => {
    // Control characters are valid in the texts and JSON writes each as six bytes (\u0001).
    const escaped = (length: number): string => '\u0001'.repeat(length);
    const longest: ImportedLeadV1 = {
      ...fixture.payload.leads[0],
      lead: {
        ...leadCreatedV1Fixture.payload,
        contact: { name: escaped(200), email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.example`.slice(0, 254), phone: '+'.concat('1'.repeat(31)) },
        company: { name: escaped(200), taxId: 'A'.repeat(32) },
        title: escaped(300),
        expectedAmount: 999_999_999_999.99,
      },
    };
    const event: EventEnvelope<LeadImportLeadsCreatedV1> = { ...fixture, payload: { ...fixture.payload, leads: Array.from({ length: LEADS_PER_IMPORT_EVENT }, () => longest) } };
    expect(validatePlain(LeadImportLeadsCreatedV1, event.payload).ok).toBe(true);
    // Room for the message's headers (trace context, message id) besides the body.
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(NATS_MAX_PAYLOAD - 16 * 1024);
  });
});
