import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ACCEPT_LEAD_OFFER_V1,
  DECLINE_LEAD_OFFER_V1,
  type EventEnvelope,
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  LEAD_OFFER_LAPSED_V1,
  LEAD_OFFER_MADE_V1,
  type LeadCreatedV1,
  leadCreatedV1Fixture,
  type LeadOfferViewV1,
  LIST_LEAD_OFFERS_V1,
  PUT_PARTNER_ROUTING_V1,
} from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';
import { cleanupSuite, eventually, leadsImportedEvent, suiteSchema, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { LeadOfferIntakeService } from '../src/lead-offer/lead-offer-intake.service';
import { LeadOfferLapseService } from '../src/lead-offer/lead-offer-lapse.service';
import { PartnerRoutingStore } from '../src/lead-offer/partner-routing.store';
import { CHANNEL, connectPg, createPartner, eventLike, failure, partnerUser, publishedEvents, rows, rpcClient, startPartners } from './support';

describe('partners: lead offers from lead.created, answered, lapsed once (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;

  /** A new lead as the leads service announces it: of a routed source, in `region`, assigned by the rule. */
  const leadCreated = (region: string, patch: Partial<LeadCreatedV1> = {}): EventEnvelope<LeadCreatedV1> => {
    const leadId = randomUUID();
    return eventLike(leadCreatedV1Fixture, { leadId, source: 'website', region, partnerId: null, assigneeExplicit: false, ...patch }, { aggregateId: leadId });
  };
  const offersOf = (leadId: string): Promise<LeadOfferViewV1[]> =>
    rpc.send(LIST_LEAD_OFFERS_V1, { actor: CHANNEL, query: { leadId } }).then((page) => page.items);
  const openOffer = async (leadId: string, round: number): Promise<LeadOfferViewV1> =>
    (await eventually(() => offersOf(leadId), (offers) => offers.length === round && offers.some((o) => o.status === 'offered'))).find((o) => o.status === 'offered')!;
  const settle = (eventId: string) => eventually(async () => (await rows(pg, 'inbox_event', 'event_id = $1', [eventId])).length, (n) => n >= 1);

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await producer.provision('leads');
    app = await startPartners({ EVENT_MAX_DELIVER: '3', LEAD_OFFER_CHECK_MS: '0' });
    rpc = rpcClient();
    const routing = await rpc.send(PUT_PARTNER_ROUTING_V1, { actor: CHANNEL, input: { enabled: true, sources: ['website', 'website'], offerHours: 48 } });
    expect(routing).toMatchObject({ enabled: true, sources: ['website'], offerHours: 48, version: 1, updatedBy: CHANNEL.id });
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it("should offer nothing for the leads service's fixture, whose creator named its assignee", async () => {
    await createPartner(rpc, { territories: ['DE'] });
    await producer.publish(LEAD_CREATED_V1.subject, leadCreatedV1Fixture);
    await settle(leadCreatedV1Fixture.eventId);
    expect(await offersOf(leadCreatedV1Fixture.payload.leadId)).toEqual([]);
  });

  it('should offer a new lead to a partner whose territories contain its region, and announce the offer', async () => {
    const partner = await createPartner(rpc, { territories: ['AT'] });
    await createPartner(rpc, { territories: ['AT-7'], routingWeight: 0 }); // weight 0: never offered leads
    const event = leadCreated('AT-9');
    await producer.publish(LEAD_CREATED_V1.subject, event);
    const offer = await openOffer(event.payload.leadId, 1);
    expect(offer).toMatchObject({ partnerId: partner.id, region: 'AT-9', status: 'offered' });
    expect(new Date(offer.expiresAt).getTime() - new Date(offer.offeredAt).getTime()).toBe(48 * 3_600_000);
    const made = await eventually(
      async () => (await publishedEvents(producer)).filter((e) => e.type === LEAD_OFFER_MADE_V1.type && e.aggregateId === offer.id),
      (events) => events.length === 1,
    );
    expect(made[0].payload).toMatchObject({ leadId: event.payload.leadId, partnerId: partner.id, round: 1 });
  });

  it('should read the routing once per batch of leads, and follow a change made between two batches', async () => {
    await createPartner(rpc, { territories: ['BE'] });
    const reads = jest.spyOn(app.get(PartnerRoutingStore), 'get');
    try {
      // Ten leads at once: the channel index takes lead.created in batches, this handler runs once per lead inside.
      const burst = Array.from({ length: 10 }, () => leadCreated('BE-VLG'));
      await Promise.all(burst.map((event) => producer.publish(LEAD_CREATED_V1.subject, event)));
      for (const event of burst) await openOffer(event.payload.leadId, 1);
      // One read per transaction: no transaction's manager asked twice, however the burst fell into batches.
      const managers = reads.mock.calls.map(([manager]) => manager);
      expect(managers.length).toBeGreaterThanOrEqual(1);
      expect(new Set(managers).size).toBe(managers.length);
      // Routing turned off: the next lead, in a later transaction, is not offered.
      await rpc.send(PUT_PARTNER_ROUTING_V1, { actor: CHANNEL, input: { enabled: false, sources: ['website'], offerHours: 48 } });
      const off = leadCreated('BE-VLG');
      await producer.publish(LEAD_CREATED_V1.subject, off);
      await settle(off.eventId);
      expect(await offersOf(off.payload.leadId)).toEqual([]);
    } finally {
      reads.mockRestore();
      await rpc.send(PUT_PARTNER_ROUTING_V1, { actor: CHANNEL, input: { enabled: true, sources: ['website'], offerHours: 48 } });
    }
  });

  it("should offer each lead of an import's chunk as its lead.created, once, reading the routing once for the chunk", async () => {
    await createPartner(rpc, { territories: ['SE'] });
    const leads = Array.from({ length: 5 }, () => leadCreated('SE-AB'));
    const named = leadCreated('SE-AB', { assigneeId: leadCreatedV1Fixture.payload.assigneeId, assigneeExplicit: true });
    const chunk = leadsImportedEvent([...leads, named]);
    const reads = jest.spyOn(app.get(PartnerRoutingStore), 'get');
    try {
      await producer.publish(LEAD_IMPORT_LEADS_CREATED_V1.subject, chunk, `${chunk.eventId}-first`);
      await producer.publish(LEAD_IMPORT_LEADS_CREATED_V1.subject, chunk, `${chunk.eventId}-second`); // past JetStream's de-duplication
      await producer.publish(LEAD_CREATED_V1.subject, leads[0]); // the same fact told alone
      for (const event of leads) await openOffer(event.payload.leadId, 1);
      await settle(leads[0].eventId);
      await new Promise((resolve) => setTimeout(resolve, 400));
      for (const event of leads) expect(await offersOf(event.payload.leadId)).toHaveLength(1);
      expect(await offersOf(named.payload.leadId)).toEqual([]);
      // The chunk's transaction and the lone lead.created's: not one read a lead.
      expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      reads.mockRestore();
    }
  });

  it('should offer a lead once when lead.created is delivered twice and once more as a new event', async () => {
    await createPartner(rpc, { territories: ['FR'] });
    await createPartner(rpc, { territories: ['FR'] });
    const event = leadCreated('FR-IDF');
    await producer.publish(LEAD_CREATED_V1.subject, event, `${event.eventId}-first`);
    await producer.publish(LEAD_CREATED_V1.subject, event, `${event.eventId}-second`); // past JetStream's de-duplication
    await producer.publish(LEAD_CREATED_V1.subject, { ...event, eventId: randomUUID() }); // the same fact, another event
    await openOffer(event.payload.leadId, 1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await offersOf(event.payload.leadId)).toHaveLength(1);
  });

  it('should offer the lead once when its handler fails once and the event is redelivered', async () => {
    await createPartner(rpc, { territories: ['IT'] });
    const service = app.get(LeadOfferIntakeService);
    const original = service.leadCreated.bind(service);
    const event = leadCreated('IT-25');
    let calls = 0;
    const spy = jest.spyOn(service, 'leadCreated').mockImplementation(async (delivered, tx) => {
      if (delivered.payload.leadId === event.payload.leadId && calls++ === 0) throw new Error('database hiccup');
      return original(delivered, tx);
    });
    try {
      await producer.publish(LEAD_CREATED_V1.subject, event);
      await openOffer(event.payload.leadId, 1);
      expect(calls).toBe(2);
      expect(await offersOf(event.payload.leadId)).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('should offer the next partner after a decline, never the one that declined, and stop when none is left', async () => {
    const [a, b] = [await createPartner(rpc, { territories: ['ES'] }), await createPartner(rpc, { territories: ['ES-MD'] })];
    const event = leadCreated('ES-MD');
    await producer.publish(LEAD_CREATED_V1.subject, event);
    const first = await openOffer(event.payload.leadId, 1);
    const firstUser = partnerUser(first.partnerId);
    const declined = await rpc.send(DECLINE_LEAD_OFFER_V1, { actor: firstUser, id: first.id, input: { reason: 'No capacity' } });
    expect(declined).toMatchObject({ status: 'declined', reason: 'No capacity' });
    const second = await openOffer(event.payload.leadId, 2);
    expect(second.partnerId).not.toBe(first.partnerId);
    expect([a.id, b.id]).toContain(second.partnerId);
    const [made] = await eventually(
      async () => (await publishedEvents(producer)).filter((e) => e.type === LEAD_OFFER_MADE_V1.type && e.aggregateId === second.id),
      (events) => events.length === 1,
    );
    expect(made.actor).toMatchObject({ role: 'system', partnerId: null }); // never the declining partner's user
    // The first partner no longer sees an open offer, and cannot reach the second one at all.
    expect(await failure(rpc.send(ACCEPT_LEAD_OFFER_V1, { actor: firstUser, id: second.id, input: {} }))).toMatchObject({ status: 404 });
    expect(await failure(rpc.send(ACCEPT_LEAD_OFFER_V1, { actor: firstUser, id: first.id, input: {} }))).toMatchObject({ status: 422 });
    await rpc.send(DECLINE_LEAD_OFFER_V1, { actor: partnerUser(second.partnerId), id: second.id, input: { reason: 'Not ours' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const offers = await offersOf(event.payload.leadId);
    expect(offers.map((o) => o.status).sort()).toEqual(['declined', 'declined']); // the direct team keeps it
  });

  it('should let a partner user list and accept its own offers only', async () => {
    const partner = await createPartner(rpc, { territories: ['PL'] });
    const stranger = await createPartner(rpc, { territories: ['CZ'] });
    const event = leadCreated('PL-MZ');
    await producer.publish(LEAD_CREATED_V1.subject, event);
    const offer = await openOffer(event.payload.leadId, 1);
    const seen = await rpc.send(LIST_LEAD_OFFERS_V1, { actor: partnerUser(stranger.id), query: { leadId: event.payload.leadId } });
    expect(seen.items).toEqual([]);
    expect(await failure(rpc.send(ACCEPT_LEAD_OFFER_V1, { actor: partnerUser(stranger.id), id: offer.id, input: {} }))).toMatchObject({ status: 404 });
    const accepted = await rpc.send(ACCEPT_LEAD_OFFER_V1, { actor: partnerUser(partner.id), id: offer.id, input: {} });
    expect(accepted).toMatchObject({ status: 'accepted', partnerId: partner.id });
    const own = await rpc.send(LIST_LEAD_OFFERS_V1, { actor: partnerUser(partner.id), query: {} });
    expect(own.items.every((o) => o.partnerId === partner.id)).toBe(true);
  });

  it('should lapse each due offer once with two replicas sweeping at the same moment, offering each lead onward', async () => {
    await createPartner(rpc, { territories: ['NL'] });
    await createPartner(rpc, { territories: ['NL'] });
    const leads = Array.from({ length: 120 }, () => leadCreated('NL-NH'));
    for (const event of leads) await producer.publish(LEAD_CREATED_V1.subject, event);
    await eventually(
      async () => (await rows(pg, 'lead_offer', `region = 'NL-NH' AND status = 'offered'`)).length,
      (n) => n === 120,
      { timeoutMs: 30_000 },
    );
    await pg.query(`UPDATE "${suiteSchema('partners')}".lead_offer SET expires_at = now() - interval '1 minute' WHERE region = 'NL-NH'`);
    const second = await startPartners({ LEAD_OFFER_CHECK_MS: '0' });
    try {
      const [mine, theirs] = await Promise.all([app.get(LeadOfferLapseService).lapseDue(), second.get(LeadOfferLapseService).lapseDue()]);
      expect(mine.length + theirs.length).toBe(120);
      expect(new Set([...mine, ...theirs]).size).toBe(120);
    } finally {
      await second.close();
    }
    const lapsed = await eventually(
      async () => (await publishedEvents(producer)).filter((e) => e.type === LEAD_OFFER_LAPSED_V1.type && (e.payload as { region: string }).region === 'NL-NH'),
      (events) => events.length === 120,
    );
    expect(new Set(lapsed.map((e) => e.aggregateId)).size).toBe(120);
    // Each lead went on to the other partner: two offers a lead, one lapsed and one open.
    expect((await rows(pg, 'lead_offer', `region = 'NL-NH' AND status = 'offered'`)).length).toBe(120);
  });
});
