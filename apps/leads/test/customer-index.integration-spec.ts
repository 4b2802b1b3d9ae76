import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CREATE_LEAD_V1,
  CUSTOMER_CREATED_V1,
  type CustomerCreatedV1,
  customerCreatedV1Fixture,
  type EventEnvelope,
  type LeadDetailsV1,
  LIST_LEADS_V1,
} from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';
import { cleanupSuite, eventually, provisionUsers, seedUserDirectory, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import { CustomerIndexService } from '../src/duplicate/customer-index.service';
import { LeadService } from '../src/lead/lead.service';
import { gatewayRpc, HEAD, LEAD_INPUT, LeadsDb, startLeads } from './support';

const OWNER = customerCreatedV1Fixture.payload.ownerId!;
const OTHER_OWNER = '01936f0e-8a4b-7c3d-9e2f-0000000000dd';

/** A customer.created event like the deals service's fixture, with fresh ids and the fields given. */
function customerCreated(payload: Partial<CustomerCreatedV1> = {}, envelope: Partial<EventEnvelope<CustomerCreatedV1>> = {}): EventEnvelope<CustomerCreatedV1> {
  const customerId = payload.customerId ?? randomUUID();
  return {
    ...customerCreatedV1Fixture,
    eventId: randomUUID(),
    aggregateId: customerId,
    ...envelope,
    payload: { ...customerCreatedV1Fixture.payload, ...payload, customerId },
  };
}

describe('leads: customer.created from deals marks repeat clients; duplicates of open leads (real PostgreSQL and JetStream)', () => {
  let producer: TestProducer;
  let db: LeadsDb;
  let rpc: RpcClient;
  const running: NestFastifyApplication[] = [];

  const customerRows = (id: string): Promise<Array<Record<string, unknown>>> =>
    db.rows(`SELECT name, email_norm, phone_norm, tax_id_norm, owner_id, aggregate_version FROM $schema.customer_index WHERE customer_id = $1`, [id]);
  const inboxCount = (eventId: string): Promise<number> => db.count('inbox_event', 'event_id = $1', [eventId]);
  const create = (patch: object): Promise<LeadDetailsV1> => rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: { ...LEAD_INPUT, ...patch } });

  beforeAll(async () => {
    db = await LeadsDb.connect();
    producer = await TestProducer.connect();
    await producer.provision('deals');
    await provisionUsers(producer);
    running.push(await startLeads({ EVENT_MAX_DELIVER: '3' }));
    rpc = gatewayRpc();
    await seedUserDirectory(producer, db.pg, db.schema, [{ id: OWNER }]);
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    for (const app of running) await app.close().catch(() => undefined);
    await producer.close();
    await db.close();
    await cleanupSuite();
  });

  describe('consuming evt.deals.customer.created.v1', () => {
    it('should index the customer of the deals service’s fixture with normalised keys', async () => {
      await producer.publish(CUSTOMER_CREATED_V1.subject, customerCreatedV1Fixture);
      const rows = await eventually(() => customerRows(customerCreatedV1Fixture.payload.customerId), (r) => r.length === 1);
      expect(rows[0]).toEqual({
        name: 'Northwind LLC',
        email_norm: 'purchasing@northwind.example',
        phone_norm: '74951234567',
        tax_id_norm: '7707083893',
        owner_id: OWNER,
        aggregate_version: 1,
      });
    });

    it('should apply the event once when it is delivered twice', async () => {
      const event = customerCreated({ name: 'Twice Ltd', taxId: 'TW-1' });
      const handled = jest.spyOn(running[0].get(CustomerIndexService), 'record');
      await producer.publish(CUSTOMER_CREATED_V1.subject, event, `${event.eventId}-a`);
      await producer.publish(CUSTOMER_CREATED_V1.subject, event, `${event.eventId}-b`); // a second copy, past JetStream's dedup
      await eventually(() => inboxCount(event.eventId), (n) => n === 1);
      // Wait until the stream has handed out both copies, then check the effect happened once.
      await eventually(async () => (await producer.messages('DEALS_EVENTS')).filter((m) => m.data.includes(event.eventId)).length, (n) => n === 2);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(handled.mock.calls.filter(([e]) => e.eventId === event.eventId)).toHaveLength(1);
      expect(await customerRows(event.payload.customerId)).toHaveLength(1);
      handled.mockRestore();
    });

    it('should apply the event after a handler failure when it is redelivered', async () => {
      const event = customerCreated({ name: 'Retry GmbH', taxId: 'DE 777' });
      const service = running[0].get(CustomerIndexService);
      const record = jest.spyOn(service, 'record').mockRejectedValueOnce(new Error('database hiccup'));
      await producer.publish(CUSTOMER_CREATED_V1.subject, event);
      const rows = await eventually(() => customerRows(event.payload.customerId), (r) => r.length === 1, { timeoutMs: 20_000 });
      expect(rows[0]).toMatchObject({ name: 'Retry GmbH', tax_id_norm: 'DE777' });
      expect(record.mock.calls.filter(([e]) => e.eventId === event.eventId)).toHaveLength(2);
      expect(await inboxCount(event.eventId)).toBe(1);
      record.mockRestore();
    });

    it('should keep the newer version of a customer when an older one arrives later', async () => {
      const customerId = randomUUID();
      const newer = customerCreated({ customerId, name: 'Renamed Co' }, { aggregateVersion: 2 });
      const older = customerCreated({ customerId, name: 'Old Co' }, { aggregateVersion: 1 });
      await producer.publish(CUSTOMER_CREATED_V1.subject, newer);
      await eventually(() => customerRows(customerId), (r) => r.length === 1);
      await producer.publish(CUSTOMER_CREATED_V1.subject, older);
      await eventually(() => inboxCount(older.eventId), (n) => n === 1);
      expect(await customerRows(customerId)).toMatchObject([{ name: 'Renamed Co', aggregate_version: 2 }]);
    });
  });

  describe('new leads', () => {
    let customer: EventEnvelope<CustomerCreatedV1>;

    beforeAll(async () => {
      customer = customerCreated({ name: 'Repeat Buyer AG', taxId: 'CHE-123 456', email: 'Buyer@Repeat.example', phone: '+41 44 668 18 00', ownerId: OTHER_OWNER });
      await producer.publish(CUSTOMER_CREATED_V1.subject, customer);
      await eventually(() => customerRows(customer.payload.customerId), (r) => r.length === 1);
    });

    it.each([
      ['the tax id written differently', { contact: { name: 'A' }, company: { name: 'RB', taxId: 'che 123-456' } }],
      ['the email in another case', { contact: { name: 'B', email: 'buyer@REPEAT.example' }, company: undefined }],
      ['the phone with other punctuation', { contact: { name: 'C', phone: '+41 (44) 668-18-00' }, company: undefined }],
    ])('should mark the lead repeat and give it to the customer’s owner when it matches by %s', async (_how, patch) => {
      const lead = await create(patch);
      expect(lead).toMatchObject({ isRepeat: true, customerId: customer.payload.customerId, assigneeId: OTHER_OWNER });
      const [entry] = await db.rows(`SELECT reason, assignee_id FROM $schema.assignment_ledger WHERE lead_id = $1`, [lead.id]);
      expect(entry).toEqual({ reason: 'repeat_customer', assignee_id: OTHER_OWNER });
    });

    it('should match a phone written any way: repeat of the customer, duplicate of the first lead, found by q in another spelling', async () => {
      const moscow = customerCreated({ name: 'Moscow Buyer', taxId: null, email: null, phone: '+7 (916) 555-01-02', ownerId: OTHER_OWNER });
      await producer.publish(CUSTOMER_CREATED_V1.subject, moscow);
      await eventually(() => customerRows(moscow.payload.customerId), (r) => r.length === 1);
      expect((await customerRows(moscow.payload.customerId))[0]).toMatchObject({ phone_norm: '79165550102' });

      // The trunk 8, the international 00 and bare digits are the customer's phone written otherwise.
      const first = await create({ contact: { name: 'Trunk Eight', phone: '8 916 555 01 02' }, company: undefined });
      const second = await create({ contact: { name: 'Double Zero', phone: '007 (916) 5550102' }, company: undefined });
      const third = await create({ contact: { name: 'Bare Digits', phone: '79165550102' }, company: undefined });
      for (const lead of [first, second, third]) {
        expect(lead).toMatchObject({ isRepeat: true, customerId: moscow.payload.customerId, assigneeId: OTHER_OWNER });
      }
      expect([first.duplicateOfId, second.duplicateOfId, third.duplicateOfId]).toEqual([null, first.id, first.id]);

      const found = async (q: string): Promise<string[]> =>
        (await rpc.send(LIST_LEADS_V1, { actor: HEAD, query: { q } })).items.map((lead: LeadDetailsV1) => lead.id);
      const all = [third.id, second.id, first.id];
      expect(await found('+7 916 555-01-02')).toEqual(all);
      expect(await found('8 (916) 555 01 02')).toEqual(all);
      expect(await found('8 916 555')).toEqual(all);
      expect(await found('916 555 01')).toEqual(all);
    });

    it('should keep an explicit assignee on a repeat lead', async () => {
      const lead = await create({ contact: { name: 'D', email: 'buyer@repeat.example' }, company: undefined, assigneeId: OWNER });
      expect(lead).toMatchObject({ isRepeat: true, assigneeId: OWNER });
    });

    it('should mark a lead duplicate of the first open lead sharing a key, pointing at the original', async () => {
      const original = await create({ contact: { name: 'Orig', email: 'dup@one.example' }, company: undefined });
      const second = await create({ contact: { name: 'Second', email: 'DUP@one.example', phone: '+1 555 0100' }, company: undefined });
      const third = await create({ contact: { name: 'Third', phone: '+1 (555) 0100' }, company: undefined });
      expect(original.duplicateOfId).toBeNull();
      expect(second.duplicateOfId).toBe(original.id);
      expect(third.duplicateOfId).toBe(original.id);
    });

    it('should not mark a duplicate when the matching lead is closed', async () => {
      const closed = await create({ contact: { name: 'Closed', email: 'closed@one.example' }, company: undefined });
      await db.rows(`UPDATE $schema.lead SET status = 'junk' WHERE id = $1`, [closed.id]);
      const fresh = await create({ contact: { name: 'Fresh', email: 'closed@one.example' }, company: undefined });
      expect(fresh.duplicateOfId).toBeNull();
    });

    it('should not mark a lead repeat when REPEAT_DETECTION is off', async () => {
      const b2c = await startLeads({ REPEAT_DETECTION: 'off' });
      running.push(b2c);
      // Both apps answer the same subject; call the B2C one's service directly.
      const lead = await b2c.get(LeadService).create({ ...LEAD_INPUT, contact: { name: 'E', email: 'buyer@repeat.example' }, company: undefined }, HEAD);
      expect(lead).toMatchObject({ isRepeat: false, customerId: null });
    });
  });
});
