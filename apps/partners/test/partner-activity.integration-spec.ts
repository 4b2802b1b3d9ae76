import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  APPROVE_DEAL_REGISTRATION_V1,
  DEAL_CREATED_V1,
  DEAL_LOST_V1,
  DEAL_REGISTRATION_EXPIRING_V1,
  DEAL_STAGE_CHANGED_V1,
  DEAL_WON_V1,
  dealCreatedV1Fixture,
  dealLostV1Fixture,
  dealStageChangedV1Fixture,
  dealWonV1Fixture,
  EXTEND_DEAL_REGISTRATION_V1,
  LEAD_CONVERTED_V1,
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  LEAD_STATUS_CHANGED_V1,
  LEAD_UPDATED_V1,
  leadConvertedV1Fixture,
  leadCreatedV1Fixture,
  leadStatusChangedV1Fixture,
  leadUpdatedV1Fixture,
  PARTNER_DEAL_CHANGED_V1,
  PARTNER_LEAD_CHANGED_V1,
  PAYMENT_RECORDED_V1,
  type PartnerViewV1,
  paymentRecordedV1Fixture,
  SUBMIT_DEAL_REGISTRATION_V1,
} from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';
import { cleanupSuite, eventually, leadsImportedEvent, suiteSchema, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { PartnerActivityService } from '../src/partner-activity/partner-activity.service';
import { RegistrationExpiringService } from '../src/registration/registration-expiring.service';
import { CHANNEL, connectPg, createPartner, eventLike, publishedEvents, registrationInput, rows, rpcClient, startPartners } from './support';

const DAY_MS = 86_400_000;

/** Issue 10 item 6: what the partners service tells a partner's feed besides its own records' events (ADR 0023). */
describe('partners: notices of a partner’s leads and deals, and of protections expiring (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;
  let alpha: PartnerViewV1;
  let beta: PartnerViewV1;

  const published = async (type: string, aggregateId: string) => (await publishedEvents(producer)).filter((e) => e.type === type && e.aggregateId === aggregateId);
  const handled = (eventId: string) => eventually(async () => (await rows(pg, 'inbox_event', 'event_id = $1', [eventId])).length, (n) => n === 1);
  /** Waits until the event is handled and whatever it emitted has reached the stream. */
  const settle = async (eventId: string): Promise<void> => {
    await handled(eventId);
    await eventually(async () => (await rows(pg, 'outbox_event', 'published_at IS NULL')).length, (n) => n === 0);
  };

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await producer.provision('leads');
    await producer.provision('deals');
    app = await startPartners({ EVENT_MAX_DELIVER: '3' });
    rpc = rpcClient();
    alpha = await createPartner(rpc, { name: 'Alpha Notices' });
    beta = await createPartner(rpc, { name: 'Beta Notices' });
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  describe('leads and deals', () => {
    it('should tell nothing of the producers’ fixtures, a direct lead and a direct deal', async () => {
      const lead = eventLike(leadCreatedV1Fixture, { leadId: randomUUID() });
      const deal = eventLike(dealCreatedV1Fixture, { dealId: randomUUID() });
      await producer.publish(LEAD_CREATED_V1.subject, { ...lead, aggregateId: lead.payload.leadId });
      await producer.publish(DEAL_CREATED_V1.subject, { ...deal, aggregateId: deal.payload.dealId });
      await settle(lead.eventId);
      await settle(deal.eventId);
      expect(await published(PARTNER_LEAD_CHANGED_V1.type, lead.payload.leadId)).toEqual([]);
      expect(await published(PARTNER_DEAL_CHANGED_V1.type, deal.payload.dealId)).toEqual([]);
    });

    it('should tell a partner of its lead’s creation, update, status change (from the index when the event does not name it) and conversion', async () => {
      const leadId = randomUUID();
      const at = { aggregateId: leadId };
      const created = eventLike(leadCreatedV1Fixture, { leadId, partnerId: alpha.id }, { ...at, aggregateVersion: 1 });
      const updated = eventLike(leadUpdatedV1Fixture, { leadId, partnerId: alpha.id, changed: ['title'] }, { ...at, aggregateVersion: 2 });
      // An older status change, without the partner: the channel index knows the lead is alpha's.
      const qualified = eventLike(leadStatusChangedV1Fixture, { leadId, from: 'new', to: 'qualified', reason: null }, { ...at, aggregateVersion: 3 });
      const converted = eventLike(leadConvertedV1Fixture, { leadId, partnerId: alpha.id }, { ...at, aggregateVersion: 4 });
      for (const [subject, event] of [
        [LEAD_CREATED_V1.subject, created],
        [LEAD_UPDATED_V1.subject, updated],
        [LEAD_STATUS_CHANGED_V1.subject, qualified],
        [LEAD_CONVERTED_V1.subject, converted],
      ] as const) {
        await producer.publish(subject, event);
        await settle(event.eventId);
      }
      const notices = await published(PARTNER_LEAD_CHANGED_V1.type, leadId);
      expect(notices.map((n) => [n.aggregateVersion, n.payload.change, n.payload.status, n.payload.partnerId])).toEqual([
        [1, 'created', 'new', alpha.id],
        [2, 'updated', null, alpha.id],
        [3, 'status-changed', 'qualified', alpha.id],
        [4, 'converted', 'converted', alpha.id],
      ]);
      expect(notices.map((n) => n.payload.sourceEventId)).toEqual([created.eventId, updated.eventId, qualified.eventId, converted.eventId]);
      expect(notices.every((n) => n.causationId === (n.payload.sourceEventId as string))).toBe(true);
    });

    it("should tell a partner of its leads in an import's chunk, each caused by the lead's own event, and nothing of a direct lead", async () => {
      const ours = eventLike(leadCreatedV1Fixture, { leadId: randomUUID(), partnerId: alpha.id });
      const direct = eventLike(leadCreatedV1Fixture, { leadId: randomUUID(), partnerId: null });
      const chunk = leadsImportedEvent([ours, direct]);
      await producer.publish(LEAD_IMPORT_LEADS_CREATED_V1.subject, chunk);
      await settle(chunk.eventId);
      const notices = await published(PARTNER_LEAD_CHANGED_V1.type, ours.payload.leadId);
      expect(notices.map((n) => [n.aggregateVersion, n.payload.change, n.payload.partnerId, n.payload.sourceEventId, n.causationId])).toEqual([
        [1, 'created', alpha.id, ours.eventId, ours.eventId],
      ]);
      expect(await published(PARTNER_LEAD_CHANGED_V1.type, direct.payload.leadId)).toEqual([]);
    });

    it('should tell a lead accepted by a partner to that partner from then on, and nothing before', async () => {
      const leadId = randomUUID();
      const at = { aggregateId: leadId };
      const created = eventLike(leadCreatedV1Fixture, { leadId, partnerId: null }, { ...at, aggregateVersion: 1 });
      const accepted = eventLike(leadUpdatedV1Fixture, { leadId, partnerId: beta.id, changed: ['partnerId'] }, { ...at, aggregateVersion: 2 });
      const worked = eventLike(leadStatusChangedV1Fixture, { leadId, from: 'new', to: 'in_progress', reason: null, partnerId: beta.id }, { ...at, aggregateVersion: 3 });
      for (const [subject, event] of [
        [LEAD_CREATED_V1.subject, created],
        [LEAD_UPDATED_V1.subject, accepted],
        [LEAD_STATUS_CHANGED_V1.subject, worked],
      ] as const) {
        await producer.publish(subject, event);
        await settle(event.eventId);
      }
      const notices = await published(PARTNER_LEAD_CHANGED_V1.type, leadId);
      expect(notices.map((n) => [n.aggregateVersion, n.payload.change, n.payload.partnerId])).toEqual([
        [2, 'updated', beta.id],
        [3, 'status-changed', beta.id],
      ]);
    });

    it('should tell a partner of its indirect deal’s stage change, win and loss, and nothing of a direct deal’s', async () => {
      const dealId = randomUUID();
      const indirect = { dealId, channel: 'indirect' as const, partnerId: alpha.id };
      const moved = eventLike(dealStageChangedV1Fixture, indirect, { aggregateId: dealId, aggregateVersion: 2 });
      const won = eventLike(dealWonV1Fixture, indirect, { aggregateId: dealId, aggregateVersion: 5 });
      const directId = randomUUID();
      const direct = eventLike(dealLostV1Fixture, { dealId: directId }, { aggregateId: directId });
      await producer.publish(DEAL_STAGE_CHANGED_V1.subject, moved);
      await producer.publish(DEAL_WON_V1.subject, won);
      await producer.publish(DEAL_LOST_V1.subject, direct);
      for (const event of [moved, won, direct]) await settle(event.eventId);
      const notices = await published(PARTNER_DEAL_CHANGED_V1.type, dealId);
      expect(notices.map((n) => [n.aggregateVersion, n.payload.change, n.payload.stage, n.payload.partnerId]).sort()).toEqual([
        [2, 'stage-changed', 'proposal', alpha.id],
        [5, 'won', 'won', alpha.id],
      ]);
      expect(await published(PARTNER_DEAL_CHANGED_V1.type, directId)).toEqual([]);
    });

    it('should tell a partner of each payment of its indirect deal in a burst, each caused by its own event, and nothing of a direct deal’s', async () => {
      const dealId = randomUUID();
      const payments = [4, 5, 6].map((version) =>
        eventLike(paymentRecordedV1Fixture, { dealId, channel: 'indirect', partnerId: alpha.id, paymentId: randomUUID() }, { aggregateId: dealId, aggregateVersion: version }),
      );
      const directId = randomUUID();
      const direct = eventLike(paymentRecordedV1Fixture, { dealId: directId, paymentId: randomUUID() }, { aggregateId: directId });
      // Published at once, so that the consumer takes them in one batch.
      await Promise.all([...payments, direct].map((event) => producer.publish(PAYMENT_RECORDED_V1.subject, event)));
      for (const event of [...payments, direct]) await settle(event.eventId);
      const notices = await published(PARTNER_DEAL_CHANGED_V1.type, dealId);
      expect(notices.map((n) => [n.aggregateVersion, n.payload.change, n.payload.partnerId, n.payload.sourceEventId, n.causationId]).sort()).toEqual(
        payments.map((event) => [event.aggregateVersion, 'payment-recorded', alpha.id, event.eventId, event.eventId]),
      );
      expect(await published(PARTNER_DEAL_CHANGED_V1.type, directId)).toEqual([]);
    });

    it('should tell once when the same event is delivered twice, and once when the fact is re-published as a new event', async () => {
      const dealId = randomUUID();
      const event = eventLike(dealWonV1Fixture, { dealId, channel: 'indirect', partnerId: alpha.id }, { aggregateId: dealId });
      await producer.publish(DEAL_WON_V1.subject, event, `${event.eventId}-first`);
      await producer.publish(DEAL_WON_V1.subject, event, `${event.eventId}-second`); // past JetStream's de-duplication
      const again = { ...event, eventId: randomUUID() }; // the same fact, another event
      await producer.publish(DEAL_WON_V1.subject, again);
      await settle(again.eventId);
      await settle(event.eventId);
      expect(await published(PARTNER_DEAL_CHANGED_V1.type, dealId)).toHaveLength(1);
    });

    it('should tell once when its handler fails once and the event is redelivered', async () => {
      const service = app.get(PartnerActivityService);
      const original = service.dealChanged.bind(service);
      const dealId = randomUUID();
      const event = eventLike(dealCreatedV1Fixture, { dealId, channel: 'indirect', partnerId: alpha.id }, { aggregateId: dealId });
      let calls = 0;
      const spy = jest.spyOn(service, 'dealChanged').mockImplementation(async (source, tx) => {
        if (source.event.eventId === event.eventId && calls++ === 0) throw new Error('database hiccup');
        return original(source, tx);
      });
      try {
        await producer.publish(DEAL_CREATED_V1.subject, event);
        await settle(event.eventId);
        expect(calls).toBe(2);
        expect(await published(PARTNER_DEAL_CHANGED_V1.type, dealId)).toHaveLength(1);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('protections expiring within 7 days', () => {
    const approvedFor = async (name: string, protectionDays: number): Promise<string> => {
      const registration = await rpc.send(SUBMIT_DEAL_REGISTRATION_V1, { actor: CHANNEL, partnerId: beta.id, input: registrationInput({ name }) });
      await rpc.send(APPROVE_DEAL_REGISTRATION_V1, { actor: CHANNEL, id: registration.id, input: { protectionDays } });
      return registration.id;
    };
    const expiringCount = async (): Promise<number> => (await producer.countBySubject('PARTNERS_EVENTS'))[DEAL_REGISTRATION_EXPIRING_V1.subject] ?? 0;

    it('should announce each protection ending within 7 days exactly once with two replicas announcing at the same time', async () => {
      const replica = await startPartners();
      try {
        const due: string[] = [];
        for (let i = 0; i < 120; i++) due.push(await approvedFor(`Expiring Soon ${i} Ltd`, 5));
        const later = await approvedFor('Expiring Later Ltd', 30);
        const before = await expiringCount();
        const [one, two] = await Promise.all([app.get(RegistrationExpiringService).announceExpiring(), replica.get(RegistrationExpiringService).announceExpiring()]);
        const announced = [...one, ...two];
        expect(announced.filter((id) => due.includes(id)).sort()).toEqual([...due].sort());
        expect(new Set(announced).size).toBe(announced.length);
        expect(announced).not.toContain(later);
        await eventually(async () => (await expiringCount()) - before, (n) => n >= announced.length);
        // Again, later: nothing new is due, so nothing is announced twice.
        expect(await app.get(RegistrationExpiringService).announceExpiring()).toEqual([]);
        expect((await expiringCount()) - before).toBe(announced.length);
        const [notice] = await published(DEAL_REGISTRATION_EXPIRING_V1.type, due[0]);
        expect(notice.payload).toMatchObject({ registrationId: due[0], partnerId: beta.id, status: 'approved', daysLeft: 4 });
        const [row] = await rows<{ version: number; expiring_noticed_for: Date; protected_until: Date }>(pg, 'deal_registration', 'id = $1', [due[0]]);
        expect(row.expiring_noticed_for.getTime()).toBe(row.protected_until.getTime());
        expect(notice.aggregateVersion).toBe(row.version);
      } finally {
        await replica.close();
      }
    });

    it('should announce again when an extension moves the end into the window again, and not before', async () => {
      const id = await approvedFor('Extended Soon Ltd', 3);
      expect(await app.get(RegistrationExpiringService).announceExpiring()).toContain(id);
      await rpc.send(EXTEND_DEAL_REGISTRATION_V1, { actor: CHANNEL, id, input: { days: 30 } });
      expect(await app.get(RegistrationExpiringService).announceExpiring()).not.toContain(id);
      // 27 days on, the new end is 6 days away.
      expect(await app.get(RegistrationExpiringService).announceExpiring(new Date(Date.now() + 27 * DAY_MS))).toContain(id);
      await eventually(() => published(DEAL_REGISTRATION_EXPIRING_V1.type, id), (found) => found.length === 2);
    });

    it('should announce on schedule without being asked', async () => {
      const scheduled = await startPartners({ REGISTRATION_EXPIRY_CHECK_MS: '100' });
      try {
        const id = await approvedFor('Scheduled Expiring Ltd', 2);
        await eventually(() => published(DEAL_REGISTRATION_EXPIRING_V1.type, id), (found) => found.length === 1);
        const [row] = await rows<{ expiring_noticed_for: Date | null }>(pg, 'deal_registration', 'id = $1', [id]);
        expect(row.expiring_noticed_for).not.toBeNull();
      } finally {
        await scheduled.close();
      }
    });
  });

  it('should keep the notice ledger in the partners schema', async () => {
    const [table] = (await pg.query(`SELECT count(*)::int AS n FROM "${suiteSchema('partners')}".partner_notice`)).rows as Array<{ n: number }>;
    expect(table.n).toBeGreaterThan(0);
  });
});
