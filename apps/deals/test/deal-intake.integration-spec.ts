import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DEAD_LETTER_STREAM,
  DEAL_REGISTRATION_APPROVED_V1,
  dealRegistrationApprovedV1Fixture,
  LEAD_CONVERTED_V1,
  leadConvertedV1Fixture,
  type DealRegistrationApprovedV1,
  type EventEnvelope,
  type LeadConvertedV1,
} from '@saleswire/contracts';
import { DEAD_LETTER_REASON_HEADER } from '@saleswire/messaging';
import { cleanupSuite, eventually, suiteSchema, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DealIntakeService } from '../src/intake/deal-intake.service';
import { connectPg, count, publishedEvents, startDeals } from './support';

const schema = suiteSchema('deals');

function leadConverted(payload: Partial<LeadConvertedV1> = {}): EventEnvelope<LeadConvertedV1> {
  const leadId = payload.leadId ?? randomUUID();
  return {
    ...leadConvertedV1Fixture,
    eventId: randomUUID(),
    aggregateId: leadId,
    payload: { ...leadConvertedV1Fixture.payload, dealId: randomUUID(), ...payload, leadId },
  };
}

function registrationApproved(payload: Partial<DealRegistrationApprovedV1> = {}): EventEnvelope<DealRegistrationApprovedV1> {
  const registrationId = payload.registrationId ?? randomUUID();
  return {
    ...dealRegistrationApprovedV1Fixture,
    eventId: randomUUID(),
    aggregateId: registrationId,
    payload: { ...dealRegistrationApprovedV1Fixture.payload, dealId: randomUUID(), ...payload, registrationId },
  };
}

describe('deals: deals opened from converted leads and approved registrations (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let producer: TestProducer;
  let pg: Client;

  async function dealRow(id: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await pg.query(`SELECT * FROM "${schema}".deal WHERE id = $1`, [id]);
    return rows[0];
  }

  async function seedCustomer(id: string, ownerId: string | null = null): Promise<void> {
    await pg.query(
      `INSERT INTO "${schema}".customer (id, version, kind, name, owner_id, created_by) VALUES ($1, 1, 'company', 'Seeded', $2, 'test')
       ON CONFLICT DO NOTHING`,
      [id, ownerId],
    );
  }

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await producer.provision('leads');
    await producer.provision('partners');
    app = await startDeals({ EVENT_MAX_DELIVER: '3' });
  });

  afterAll(async () => {
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  describe('lead converted', () => {
    it("should open the deal the producer's fixture names, for its customer, with direction and source carried over", async () => {
      const lead = leadConvertedV1Fixture.payload;
      await seedCustomer(lead.customerId); // resolve-customer made it before the conversion committed
      await producer.publish(LEAD_CONVERTED_V1.subject, leadConvertedV1Fixture);
      const deal = await eventually(() => dealRow(lead.dealId), (row) => row !== undefined);
      expect(deal).toMatchObject({
        customer_id: lead.customerId,
        lead_id: lead.leadId,
        title: lead.title,
        amount: '125000.50',
        currency: 'EUR',
        type: 'consultative',
        channel: 'direct',
        owner_id: lead.ownerId,
        direction: 'inbound',
        source: 'exhibition',
        marketing_event_id: lead.marketingEventId,
        stage: 'new',
        status: 'open',
        is_repeat: false,
      });
      const events = await eventually(() => publishedEvents(producer), (list) => list.some((e) => e.aggregateId === lead.dealId));
      expect(events.find((e) => e.aggregateId === lead.dealId)).toMatchObject({
        type: 'deals.deal.created',
        causationId: leadConvertedV1Fixture.eventId,
        correlationId: leadConvertedV1Fixture.correlationId,
        payload: { leadId: lead.leadId, direction: 'inbound', source: 'exhibition' },
      });
    });

    it('should open the deal once when its handler fails once and the event is redelivered', async () => {
      const customerId = randomUUID();
      await seedCustomer(customerId);
      const spy = jest.spyOn(app.get(DealIntakeService), 'openFromLead').mockRejectedValueOnce(new Error('database hiccup'));
      const event = leadConverted({ customerId, direction: 'outbound', source: 'cold_call' });
      await producer.publish(LEAD_CONVERTED_V1.subject, event);
      const deal = await eventually(() => dealRow(event.payload.dealId), (row) => row !== undefined);
      expect(deal).toMatchObject({ direction: 'outbound', source: 'cold_call' });
      expect(spy).toHaveBeenCalledTimes(2);
      expect(await count(pg, 'deal', 'lead_id = $1', [event.payload.leadId])).toBe(1);
      spy.mockRestore();
    });

    it('should open the deal once when the same event is delivered twice', async () => {
      const customerId = randomUUID();
      await seedCustomer(customerId);
      const event = leadConverted({ customerId });
      await producer.publish(LEAD_CONVERTED_V1.subject, event, `${event.eventId}-first`);
      await producer.publish(LEAD_CONVERTED_V1.subject, event, `${event.eventId}-second`); // past JetStream's de-duplication
      const marker = leadConverted({ customerId }); // delivered after both copies: once it is in, so are they
      await producer.publish(LEAD_CONVERTED_V1.subject, marker);
      await eventually(() => dealRow(marker.payload.dealId), (row) => row !== undefined);
      await eventually(() => count(pg, 'inbox_event', 'event_id = ANY($1::uuid[])', [[event.eventId, marker.eventId]]), (n) => n === 2);
      expect(await count(pg, 'deal', 'id = $1', [event.payload.dealId])).toBe(1);
      expect(await count(pg, 'deal_stage_history', 'deal_id = $1', [event.payload.dealId])).toBe(1);
      // The relay publishes after the commit (a claim follows a short pause, ADR 0002), in the order committed: once
      // the marker's deal is published, so is every deal the copies opened.
      const published = await eventually(() => publishedEvents(producer), (list) => list.some((e) => e.aggregateId === marker.payload.dealId));
      expect(published.filter((e) => e.aggregateId === event.payload.dealId)).toHaveLength(1);
    });

    it('should make the deal indirect for the partner when the lead came through one', async () => {
      const customerId = randomUUID();
      await seedCustomer(customerId);
      const partnerId = randomUUID();
      const event = leadConverted({ customerId, partnerId, source: 'partner' });
      await producer.publish(LEAD_CONVERTED_V1.subject, event);
      const deal = await eventually(() => dealRow(event.payload.dealId), (row) => row !== undefined);
      expect(deal).toMatchObject({ channel: 'indirect', partner_id: partnerId, source: 'partner' });
    });

    it('should dead-letter the event and open nothing when its customer does not exist', async () => {
      const event = leadConverted({ customerId: randomUUID() });
      await producer.publish(LEAD_CONVERTED_V1.subject, event);
      const letters = await eventually(
        () => producer.messages(DEAD_LETTER_STREAM.name).catch(() => []),
        (messages) => messages.some((m) => m.data.includes(event.eventId)),
        { timeoutMs: 20_000 },
      );
      expect(letters.find((m) => m.data.includes(event.eventId))!.headers[DEAD_LETTER_REASON_HEADER]).toMatch(/does not exist/);
      expect(await dealRow(event.payload.dealId)).toBeUndefined();
    });
  });

  describe('deal registration approved', () => {
    it("should open the indirect deal of the producer's fixture and create its customer by identity", async () => {
      const registration = dealRegistrationApprovedV1Fixture.payload;
      await producer.publish(DEAL_REGISTRATION_APPROVED_V1.subject, dealRegistrationApprovedV1Fixture);
      const deal = await eventually(() => dealRow(registration.dealId), (row) => row !== undefined);
      expect(deal).toMatchObject({
        channel: 'indirect',
        partner_id: registration.partnerId,
        registration_id: registration.registrationId,
        amount: '380000.00',
        currency: 'EUR',
        owner_id: registration.ownerId,
        source: 'partner',
        status: 'open',
      });
      expect((deal!.expected_close_date as Date | string).toString()).toMatch(/2026/);
      const { rows } = await pg.query(`SELECT name, tax_id_key, email_key FROM "${schema}".customer WHERE id = $1`, [deal!.customer_id]);
      expect(rows).toEqual([{ name: 'Contoso Retail', tax_id_key: '7812014560', email_key: 'it@contoso.example' }]);
      const events = await eventually(() => publishedEvents(producer), (list) => list.some((e) => e.aggregateId === deal!.customer_id));
      expect(events.filter((e) => e.type === 'deals.customer.created' && e.aggregateId === deal!.customer_id)).toHaveLength(1);
    });

    it('should reuse the customer when a second registration names the same tax id in another spelling', async () => {
      const event = registrationApproved({ customer: { name: 'CONTOSO', taxId: '781-201-4560', email: null } });
      await producer.publish(DEAL_REGISTRATION_APPROVED_V1.subject, event);
      const deal = await eventually(() => dealRow(event.payload.dealId), (row) => row !== undefined);
      const first = await dealRow(dealRegistrationApprovedV1Fixture.payload.dealId);
      expect(deal!.customer_id).toBe(first!.customer_id);
      expect(await count(pg, 'customer', 'tax_id_key = $1', ['7812014560'])).toBe(1);
    });

    it('should open the deal once when its handler fails once and the event is redelivered', async () => {
      const spy = jest.spyOn(app.get(DealIntakeService), 'openFromRegistration').mockRejectedValueOnce(new Error('database hiccup'));
      const event = registrationApproved({ customer: { name: 'Litware', taxId: '1234509876', email: null } });
      await producer.publish(DEAL_REGISTRATION_APPROVED_V1.subject, event);
      await eventually(() => dealRow(event.payload.dealId), (row) => row !== undefined);
      expect(spy).toHaveBeenCalledTimes(2);
      expect(await count(pg, 'customer', 'tax_id_key = $1', ['1234509876'])).toBe(1);
      spy.mockRestore();
    });

    it('should open the deal and create the customer once when the same event is delivered twice', async () => {
      const event = registrationApproved({ customer: { name: 'Adatum', taxId: null, email: 'buy@adatum.example' } });
      await producer.publish(DEAL_REGISTRATION_APPROVED_V1.subject, event, `${event.eventId}-first`);
      await producer.publish(DEAL_REGISTRATION_APPROVED_V1.subject, event, `${event.eventId}-second`);
      const marker = registrationApproved({ customer: { name: 'Marker', taxId: null, email: 'marker@adatum.example' } });
      await producer.publish(DEAL_REGISTRATION_APPROVED_V1.subject, marker);
      await eventually(() => count(pg, 'inbox_event', 'event_id = ANY($1::uuid[])', [[event.eventId, marker.eventId]]), (n) => n === 2);
      await eventually(() => dealRow(marker.payload.dealId), (row) => row !== undefined);
      expect(await count(pg, 'deal', 'registration_id = $1', [event.payload.registrationId])).toBe(1);
      expect(await count(pg, 'customer', 'email_key = $1', ['buy@adatum.example'])).toBe(1);
    });
  });
});
