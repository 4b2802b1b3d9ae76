import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CUSTOMER_CREATED_V1,
  customerCreatedV1Fixture,
  DEAD_LETTER_STREAM,
  DEAL_CREATED_V1,
  DEAL_LOST_V1,
  DEAL_UPDATED_V1,
  DEAL_WON_V1,
  dealCreatedV1Fixture,
  dealLostV1Fixture,
  dealUpdatedV1Fixture,
  dealWonV1Fixture,
  LEAD_CONVERTED_V1,
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  LEAD_STATUS_CHANGED_V1,
  LEAD_UPDATED_V1,
  leadConvertedV1Fixture,
  leadCreatedV1Fixture,
  leadImportLeadsCreatedV1Fixture,
  leadStatusChangedV1Fixture,
  leadUpdatedV1Fixture,
  type EventContract,
  type EventEnvelope,
  type LeadCreatedV1,
} from '@saleswire/contracts';
import { DEAD_LETTER_REASON_HEADER, EventTarget } from '@saleswire/messaging';
import { cleanupSuite, eventually, leadsImportedEvent, suiteSchema, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ChannelIndexStore, type LeadFacts } from '../src/channel-index/channel-index.store';
import { connectPg, eventLike, rows, startPartners } from './support';

interface LeadRow {
  lead_id: string;
  keys: string[];
  open: boolean;
  partner_id: string | null;
}

describe('partners: the channel index fed by leads and deals events (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let producer: TestProducer;
  let pg: Client;

  const lead = async (id: string): Promise<LeadRow | undefined> => (await rows<LeadRow>(pg, 'channel_lead', 'lead_id = $1', [id]))[0];
  const deal = async (id: string): Promise<Record<string, unknown> | undefined> => (await rows(pg, 'channel_deal', 'deal_id = $1', [id]))[0];
  const inboxed = async (eventId: string): Promise<number> => (await rows(pg, 'inbox_event', 'event_id = $1', [eventId])).length;

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await producer.provision('leads');
    await producer.provision('deals');
    app = await startPartners({ EVENT_MAX_DELIVER: '3' });
  });

  afterAll(async () => {
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  describe("the producers' fixtures", () => {
    it('should index a created lead by its tax id, email domain and company name, open and routed to no partner', async () => {
      await producer.publish(LEAD_CREATED_V1.subject, leadCreatedV1Fixture);
      const row = await eventually(() => lead(leadCreatedV1Fixture.payload.leadId), (r) => r !== undefined);
      expect(row).toMatchObject({ keys: ['t:7707083893', 'd:northwind.example', 'n:northwind'], open: true, partner_id: null });
    });

    it("should index each lead of an import's chunk as the lead.created it stands for", async () => {
      await producer.publish(LEAD_IMPORT_LEADS_CREATED_V1.subject, leadImportLeadsCreatedV1Fixture);
      const [withCompany, withPhone] = leadImportLeadsCreatedV1Fixture.payload.leads.map(({ lead }) => lead.leadId);
      expect(await eventually(() => lead(withCompany), (r) => r !== undefined)).toMatchObject({ keys: ['t:7701234567', 'd:polar-trade.example', 'n:polartrade'], open: true, partner_id: null });
      expect(await eventually(() => lead(withPhone), (r) => r !== undefined)).toMatchObject({ open: true, partner_id: null });
    });

    it('should take the keys of a lead.updated and close the lead on its status change to junk and on its conversion', async () => {
      const leadId = randomUUID();
      await producer.publish(LEAD_CREATED_V1.subject, eventLike(leadCreatedV1Fixture, { leadId }, { aggregateId: leadId }));
      await producer.publish(
        LEAD_UPDATED_V1.subject,
        eventLike(leadUpdatedV1Fixture, { leadId, company: { name: 'Northwind Traders Ltd', taxId: '7707083894' } }, { aggregateId: leadId, aggregateVersion: 2 }),
      );
      await eventually(() => lead(leadId), (r) => r?.keys.includes('t:7707083894') === true);
      await producer.publish(LEAD_STATUS_CHANGED_V1.subject, eventLike(leadStatusChangedV1Fixture, { leadId }, { aggregateId: leadId, aggregateVersion: 3 }));
      await eventually(() => lead(leadId), (r) => r?.open === false);

      const converted = randomUUID();
      await producer.publish(LEAD_CREATED_V1.subject, eventLike(leadCreatedV1Fixture, { leadId: converted }, { aggregateId: converted }));
      await producer.publish(LEAD_CONVERTED_V1.subject, eventLike(leadConvertedV1Fixture, { leadId: converted }, { aggregateId: converted, aggregateVersion: 3 }));
      await eventually(() => lead(converted), (r) => r?.open === false);
    });

    it('should index a created customer by its keys, and the fixtures of every deal event', async () => {
      await producer.publish(CUSTOMER_CREATED_V1.subject, customerCreatedV1Fixture);
      const [customer] = await eventually(
        () => rows<{ keys: string[] }>(pg, 'channel_customer', 'customer_id = $1', [customerCreatedV1Fixture.payload.customerId]),
        (found) => found.length === 1,
      );
      expect(customer.keys).toEqual(['t:7707083893', 'd:northwind.example', 'n:northwind']);

      await producer.publish(DEAL_CREATED_V1.subject, dealCreatedV1Fixture);
      await producer.publish(DEAL_UPDATED_V1.subject, dealUpdatedV1Fixture);
      const dealId = dealCreatedV1Fixture.payload.dealId;
      expect(await eventually(() => deal(dealId), (r) => r?.facts_version === 3)).toMatchObject({
        customer_id: dealCreatedV1Fixture.payload.customerId,
        channel: 'direct',
        partner_id: null,
        open: true,
      });
      await producer.publish(DEAL_WON_V1.subject, dealWonV1Fixture);
      await eventually(() => deal(dealId), (r) => r?.open === false);

      const lost = randomUUID();
      await producer.publish(DEAL_LOST_V1.subject, eventLike(dealLostV1Fixture, { dealId: lost }, { aggregateId: lost }));
      expect(await eventually(() => deal(lost), (r) => r !== undefined)).toMatchObject({ open: false, facts_version: 3 });
    });
  });

  describe('delivery order', () => {
    it('should end with the newest keys, the newest status and the creation’s partner whatever order a lead’s events arrive in', async () => {
      const leadId = randomUUID();
      const partnerId = randomUUID();
      await producer.publish(LEAD_STATUS_CHANGED_V1.subject, eventLike(leadStatusChangedV1Fixture, { leadId, from: 'in_progress', to: 'junk' }, { aggregateId: leadId, aggregateVersion: 3 }));
      // An update from before leads announced the partner in lead.updated: it leaves the partner as it was.
      const { partnerId: _absent, ...olderUpdate } = leadUpdatedV1Fixture.payload;
      await producer.publish(
        LEAD_UPDATED_V1.subject,
        eventLike({ ...leadUpdatedV1Fixture, payload: olderUpdate }, { leadId, company: { name: 'Late Keys GmbH' } }, { aggregateId: leadId, aggregateVersion: 2 }),
      );
      await producer.publish(
        LEAD_CREATED_V1.subject,
        eventLike(leadCreatedV1Fixture, { leadId, partnerId, company: { name: 'Early Keys GmbH' } }, { aggregateId: leadId, aggregateVersion: 1 }),
      );
      const row = await eventually(() => lead(leadId), (r) => r?.partner_id === partnerId);
      expect(row).toMatchObject({ open: false, keys: ['d:northwind.example', 'n:latekeys'] });
    });

    it('should take the partner a lead.updated names (an accepted offer), so the lead is routed to that partner from then on', async () => {
      const leadId = randomUUID();
      const partnerId = randomUUID();
      await producer.publish(LEAD_CREATED_V1.subject, eventLike(leadCreatedV1Fixture, { leadId, partnerId: null }, { aggregateId: leadId, aggregateVersion: 1 }));
      await producer.publish(
        LEAD_UPDATED_V1.subject,
        eventLike(leadUpdatedV1Fixture, { leadId, changed: ['partnerId'], partnerId }, { aggregateId: leadId, aggregateVersion: 2 }),
      );
      await eventually(() => lead(leadId), (r) => r?.partner_id === partnerId);
    });

    it('should keep a deal closed when its won event arrives before its creation', async () => {
      const dealId = randomUUID();
      const ownerId = randomUUID();
      await producer.publish(DEAL_WON_V1.subject, eventLike(dealWonV1Fixture, { dealId, ownerId }, { aggregateId: dealId, aggregateVersion: 5 }));
      await eventually(() => deal(dealId), (r) => r !== undefined);
      await producer.publish(DEAL_CREATED_V1.subject, eventLike(dealCreatedV1Fixture, { dealId, registrationId: randomUUID() }, { aggregateId: dealId, aggregateVersion: 1 }));
      const row = await eventually(() => deal(dealId), (r) => r?.registration_id != null);
      expect(row).toMatchObject({ open: false, facts_version: 5 });
    });
  });

  describe('key rows', () => {
    /**
     * Applies the facts in a transaction of its own, planned as with statistics older than the table (the key table
     * read whole rather than through its index); answers the key rows it read so.
     */
    const apply = (leads: LeadFacts[]): Promise<number> =>
      app.get(DataSource).transaction(async (manager) => {
        await manager.query('SET LOCAL enable_indexscan = off');
        await manager.query('SET LOCAL enable_bitmapscan = off');
        await app.get(ChannelIndexStore).applyLeads({ manager, target: EventTarget.of(manager) }, leads);
        const [stats] = (await manager.query(`SELECT seq_tup_read AS n FROM pg_stat_xact_user_tables WHERE relid = $1::regclass`, [
          `"${suiteSchema('partners')}".channel_key`,
        ])) as Array<{ n: string }>;
        return Number(stats.n);
      });
    const keyRows = async (leadId: string): Promise<number> => (await rows(pg, 'channel_key', 'record_id = $1', [leadId])).length;

    it('should add the keys of leads it has just inserted without reading the key table, and replace those of leads it knew', async () => {
      const known = randomUUID();
      const fresh = [randomUUID(), randomUUID()];
      await apply([{ leadId: randomUUID(), keys: { value: ['t:0000'], version: 1 } }]); // a key row to read, should it be read
      // New leads only (an import's chunk): nothing to delete, so no key row is read.
      expect(await apply([{ leadId: known, keys: { value: ['t:1111', 'n:one'], version: 1 } }])).toBe(0);
      // A lead it knew, with newer keys, beside new ones: its old key rows are deleted first (here by reading them all).
      const scans = await apply([{ leadId: known, keys: { value: ['t:2222'], version: 2 } }, ...fresh.map((leadId) => ({ leadId, keys: { value: [`n:${leadId}`], version: 1 } }))]);
      expect(scans).toBeGreaterThan(0);
      expect(await lead(known)).toMatchObject({ keys: ['t:2222'] });
      expect(await keyRows(known)).toBe(1);
      for (const leadId of fresh) expect(await keyRows(leadId)).toBe(1);
    });
  });

  describe('redelivery and duplicates', () => {
    type Method = 'applyLeads' | 'applyCustomers' | 'applyDeals';
    interface Case {
      contract: EventContract;
      method: Method;
      /** A fresh event of the contract like the producer's fixture, and the id of the record it indexes. */
      make(): { event: EventEnvelope<object>; id: string };
      indexed(id: string): Promise<boolean>;
    }
    const fresh = <P extends object>(fixture: EventEnvelope<P>, idField: keyof P, patch: Partial<P> = {}) => {
      const id = randomUUID();
      return { event: eventLike(fixture, { ...patch, [idField]: id } as Partial<P>, { aggregateId: id }) as EventEnvelope<object>, id };
    };
    const leadIndexed = async (id: string) => (await lead(id)) !== undefined;
    const dealIndexed = async (id: string) => (await deal(id)) !== undefined;
    const cases: Array<[string, Case]> = [
      ['lead.created', { contract: LEAD_CREATED_V1, method: 'applyLeads', make: () => fresh(leadCreatedV1Fixture, 'leadId'), indexed: leadIndexed }],
      [
        'lead-import.leads-created',
        {
          contract: LEAD_IMPORT_LEADS_CREATED_V1,
          method: 'applyLeads',
          make: () => {
            const created = fresh(leadCreatedV1Fixture, 'leadId');
            return { event: leadsImportedEvent([created.event as EventEnvelope<LeadCreatedV1>]), id: created.id };
          },
          indexed: leadIndexed,
        },
      ],
      ['lead.updated', { contract: LEAD_UPDATED_V1, method: 'applyLeads', make: () => fresh(leadUpdatedV1Fixture, 'leadId'), indexed: leadIndexed }],
      ['lead.status-changed', { contract: LEAD_STATUS_CHANGED_V1, method: 'applyLeads', make: () => fresh(leadStatusChangedV1Fixture, 'leadId'), indexed: leadIndexed }],
      ['lead.converted', { contract: LEAD_CONVERTED_V1, method: 'applyLeads', make: () => fresh(leadConvertedV1Fixture, 'leadId'), indexed: leadIndexed }],
      [
        'customer.created',
        {
          contract: CUSTOMER_CREATED_V1,
          method: 'applyCustomers',
          make: () => fresh(customerCreatedV1Fixture, 'customerId'),
          indexed: async (id) => (await rows(pg, 'channel_customer', 'customer_id = $1', [id])).length === 1,
        },
      ],
      ['deal.created', { contract: DEAL_CREATED_V1, method: 'applyDeals', make: () => fresh(dealCreatedV1Fixture, 'dealId'), indexed: dealIndexed }],
      ['deal.updated', { contract: DEAL_UPDATED_V1, method: 'applyDeals', make: () => fresh(dealUpdatedV1Fixture, 'dealId'), indexed: dealIndexed }],
      ['deal.won', { contract: DEAL_WON_V1, method: 'applyDeals', make: () => fresh(dealWonV1Fixture, 'dealId'), indexed: dealIndexed }],
      ['deal.lost', { contract: DEAL_LOST_V1, method: 'applyDeals', make: () => fresh(dealLostV1Fixture, 'dealId'), indexed: dealIndexed }],
    ];

    /** Whether a call of the store's method was about the record `id`. */
    const touches = (args: unknown[], id: string): boolean => JSON.stringify(args[1]).includes(id);

    it.each(cases)('should index a %s once when its handler fails once and it is redelivered', async (_subject, { contract, method, make, indexed }) => {
      const store = app.get(ChannelIndexStore);
      const original = store[method].bind(store) as (...args: unknown[]) => Promise<void>;
      const { event, id } = make();
      let failures = 0;
      const spy = jest.spyOn(store, method).mockImplementation((async (...args: unknown[]) => {
        if (touches(args, id) && failures++ === 0) throw new Error('database hiccup');
        return original(...args);
      }) as never);
      try {
        await producer.publish(contract.subject, event);
        await eventually(() => indexed(id), (done) => done);
        expect(failures).toBe(2);
        expect(await inboxed(event.eventId)).toBe(1);
      } finally {
        spy.mockRestore();
      }
    });

    it.each(cases)('should index a %s once when it is delivered twice', async (_subject, { contract, method, make, indexed }) => {
      const store = app.get(ChannelIndexStore);
      const spy = jest.spyOn(store, method);
      const { event, id } = make();
      const marker = make();
      try {
        await producer.publish(contract.subject, event, `${event.eventId}-first`);
        await producer.publish(contract.subject, event, `${event.eventId}-second`); // past JetStream's de-duplication
        await producer.publish(contract.subject, marker.event);
        await eventually(() => indexed(marker.id), (done) => done);
        await eventually(() => inboxed(event.eventId), (n) => n === 1);
        expect(await indexed(id)).toBe(true);
        expect(spy.mock.calls.filter((args) => touches(args, id))).toHaveLength(1);
      } finally {
        spy.mockRestore();
      }
    });

    it('should send an invalid event straight to the dead letters without indexing it', async () => {
      const broken = eventLike(customerCreatedV1Fixture, { customerId: randomUUID(), kind: 'robot' as never });
      await producer.publish(CUSTOMER_CREATED_V1.subject, broken);
      const letters = await eventually(
        () => producer.messages(DEAD_LETTER_STREAM.name),
        (messages) => messages.some((m) => m.data.includes(broken.eventId)),
      );
      const letter = letters.find((m) => m.data.includes(broken.eventId))!;
      expect(letter.subject).toBe(producer.subject(`dlq.partners.${CUSTOMER_CREATED_V1.subject}`));
      expect(letter.headers[DEAD_LETTER_REASON_HEADER]).toMatch(/invalid payload: kind/);
      expect(await rows(pg, 'channel_customer', 'customer_id = $1', [broken.payload.customerId])).toEqual([]);
    });
  });
});
