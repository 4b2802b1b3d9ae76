import {
  CREATE_LEAD_V1,
  type EventEnvelope,
  GET_LEAD_V1,
  LEAD_OFFER_ACCEPTED_V1,
  type LeadDetailsV1,
  type LeadOfferAcceptedV1,
  leadOfferAcceptedV1Fixture,
} from '@saleswire/contracts';
import { eventually } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import { PartnerOfferService } from '../src/partner-offer/partner-offer.service';
import { HEAD, LEAD_INPUT, type LeadsSuite, startLeadsSuite } from './support';

const PARTNER = leadOfferAcceptedV1Fixture.payload.partnerId;
const OTHER_PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb77';

/** The partners service's fixture of an accepted offer, for this lead, with a fresh event id. */
function accepted(leadId: string, payload: Partial<LeadOfferAcceptedV1> = {}): EventEnvelope<LeadOfferAcceptedV1> {
  return { ...leadOfferAcceptedV1Fixture, eventId: randomUUID(), payload: { ...leadOfferAcceptedV1Fixture.payload, offerId: randomUUID(), ...payload, leadId } };
}

describe('leads: lead-offer.accepted from partners sets the lead’s partner (real PostgreSQL and JetStream)', () => {
  let suite: LeadsSuite;

  const create = (patch: object = {}): Promise<LeadDetailsV1> => suite.rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: { ...LEAD_INPUT, region: 'DE-BY', ...patch } });
  const partnerOf = async (leadId: string): Promise<string | null> => (await suite.rpc.send(GET_LEAD_V1, { actor: HEAD, leadId })).partnerId;
  const inboxCount = (eventId: string): Promise<number> => suite.db.count('inbox_event', 'event_id = $1', [eventId]);
  const updatesOf = async (leadId: string): Promise<Array<{ payload: { changed: string[]; partnerId: string } }>> =>
    (await suite.producer.messages('LEADS_EVENTS'))
      .filter((m) => m.subject.endsWith('lead.updated.v1') && m.data.includes(leadId))
      .map((m) => JSON.parse(m.data));

  beforeAll(async () => {
    suite = await startLeadsSuite({ EVENT_MAX_DELIVER: '3' }, (producer) => producer.provision('partners'));
  });

  afterAll(() => suite.close());

  it('should give the lead to the partner of the partners service’s fixture and announce it as lead.updated', async () => {
    const lead = await create();
    await suite.producer.publish(LEAD_OFFER_ACCEPTED_V1.subject, accepted(lead.id));
    await eventually(() => partnerOf(lead.id), (partnerId) => partnerId === PARTNER);
    const [updated] = await eventually(() => updatesOf(lead.id), (events) => events.length === 1);
    expect(updated.payload).toMatchObject({ changed: ['partnerId'], partnerId: PARTNER });
    // The partner's users see it now.
    const seen = await suite.rpc.send(GET_LEAD_V1, { actor: { id: randomUUID(), role: 'partner_user', partnerId: PARTNER }, leadId: lead.id });
    expect(seen.id).toBe(lead.id);
  });

  it('should change the lead once when the same acceptance is delivered twice, and once when it is re-published', async () => {
    const lead = await create();
    const event = accepted(lead.id);
    await suite.producer.publish(LEAD_OFFER_ACCEPTED_V1.subject, event, `${event.eventId}-first`);
    await suite.producer.publish(LEAD_OFFER_ACCEPTED_V1.subject, event, `${event.eventId}-second`);
    await suite.producer.publish(LEAD_OFFER_ACCEPTED_V1.subject, { ...event, eventId: randomUUID() });
    await eventually(() => inboxCount(event.eventId), (n) => n === 1);
    await eventually(() => partnerOf(lead.id), (partnerId) => partnerId === PARTNER);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await updatesOf(lead.id)).toHaveLength(1);
    const [row] = await suite.db.rows<{ version: number }>(`SELECT version FROM $schema.lead WHERE id = $1`, [lead.id]);
    expect(row.version).toBe(2);
  });

  it('should apply the acceptance when its handler fails once and the event is redelivered', async () => {
    const service = suite.app.get(PartnerOfferService);
    const original = service.accepted.bind(service);
    const lead = await create();
    const event = accepted(lead.id);
    let calls = 0;
    const spy = jest.spyOn(service, 'accepted').mockImplementation(async (delivered, tx) => {
      if (delivered.eventId === event.eventId && calls++ === 0) throw new Error('database hiccup');
      return original(delivered, tx);
    });
    try {
      await suite.producer.publish(LEAD_OFFER_ACCEPTED_V1.subject, event);
      await eventually(() => partnerOf(lead.id), (partnerId) => partnerId === PARTNER, { timeoutMs: 15_000 });
      expect(calls).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('should keep a partner given by hand since the offer was made', async () => {
    const lead = await create({ partnerId: OTHER_PARTNER });
    const event = accepted(lead.id);
    await suite.producer.publish(LEAD_OFFER_ACCEPTED_V1.subject, event);
    await eventually(() => inboxCount(event.eventId), (n) => n === 1);
    expect(await partnerOf(lead.id)).toBe(OTHER_PARTNER);
  });
});
