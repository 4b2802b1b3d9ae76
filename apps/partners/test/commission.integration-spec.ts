import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  APPROVE_COMMISSION_V1,
  APPROVE_DEAL_REGISTRATION_V1,
  COMMISSION_ACCRUED_V1,
  DEAD_LETTER_STREAM,
  DEAL_WON_V1,
  type DealWonV1,
  dealWonV1Fixture,
  type EventEnvelope,
  LIST_COMMISSIONS_V1,
  PAY_COMMISSION_V1,
  type PartnerViewV1,
  SUBMIT_DEAL_REGISTRATION_V1,
  UPDATE_PARTNER_V1,
} from '@saleswire/contracts';
import { DEAD_LETTER_REASON_HEADER, type RpcClient } from '@saleswire/messaging';
import { cleanupSuite, eventually, suiteSchema, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { CommissionAccrualService } from '../src/commission/commission-accrual.service';
import { CHANNEL, connectPg, createPartner, eventLike, failure, partnerUser, publishedEvents, registrationInput, rows, rpcClient, startPartners } from './support';

interface CommissionRow {
  id: string;
  deal_id: string;
  partner_id: string;
  base_amount: string;
  rate: string;
  amount: string;
  currency: string;
  status: string;
  registration_id: string | null;
}

describe('partners: commissions on won indirect deals (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;
  let partner: PartnerViewV1;

  const commissionsOf = (dealId: string): Promise<CommissionRow[]> => rows<CommissionRow>(pg, 'commission', 'deal_id = $1', [dealId]);
  /** A deal.won like the deals service's fixture, for an indirect deal of `partnerId` unless told otherwise. */
  const won = (patch: Partial<DealWonV1> = {}, envelope: Partial<EventEnvelope<DealWonV1>> = {}): EventEnvelope<DealWonV1> => {
    const dealId = patch.dealId ?? randomUUID();
    return eventLike(dealWonV1Fixture, { channel: 'indirect', partnerId: partner.id, paidAmount: 20000, currency: 'EUR', ...patch, dealId }, { aggregateId: dealId, ...envelope });
  };

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await producer.provision('deals');
    app = await startPartners({ EVENT_MAX_DELIVER: '3' });
    rpc = rpcClient();
    partner = await createPartner(rpc, { commissionRate: 0.1 });
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it("should accrue nothing for the producer's fixture, a direct deal", async () => {
    await producer.publish(DEAL_WON_V1.subject, dealWonV1Fixture);
    await eventually(async () => (await rows(pg, 'inbox_event', 'event_id = $1', [dealWonV1Fixture.eventId])).length, (n) => n === 1);
    expect(await commissionsOf(dealWonV1Fixture.payload.dealId)).toEqual([]);
  });

  it('should accrue the partner’s rate on the paid amount of a won indirect deal, naming its registration, and publish it', async () => {
    const registration = await rpc.send(SUBMIT_DEAL_REGISTRATION_V1, { actor: CHANNEL, partnerId: partner.id, input: registrationInput({ name: 'Commissioned GmbH' }) });
    const { dealId } = await rpc.send(APPROVE_DEAL_REGISTRATION_V1, { actor: CHANNEL, id: registration.id, input: {} });
    await producer.publish(DEAL_WON_V1.subject, won({ dealId: dealId!, paidAmount: 125000.5 }));
    const [commission] = await eventually(() => commissionsOf(dealId!), (found) => found.length === 1);
    expect(commission).toMatchObject({ base_amount: '125000.50', rate: '0.1000', amount: '12500.05', currency: 'EUR', status: 'accrued', registration_id: registration.id });
    const [accrued] = await eventually(
      async () => (await publishedEvents(producer)).filter((e) => e.type === COMMISSION_ACCRUED_V1.type && e.aggregateId === commission.id),
      (events) => events.length === 1,
    );
    expect(accrued.payload).toMatchObject({ dealId, partnerId: partner.id, amount: 12500.05, rate: 0.1, status: 'accrued' });
  });

  it('should take the rate in force when the deal was won, not when the event arrived', async () => {
    const other = await createPartner(rpc, { commissionRate: 0.05 });
    const wonAt = new Date().toISOString();
    await rpc.send(UPDATE_PARTNER_V1, { actor: CHANNEL, id: other.id, expectedVersion: 1, input: { commissionRate: 0.2 } });
    const event = won({ partnerId: other.id, paidAmount: 1000, wonAt });
    await producer.publish(DEAL_WON_V1.subject, event);
    const [commission] = await eventually(() => commissionsOf(event.payload.dealId), (found) => found.length === 1);
    expect(commission).toMatchObject({ rate: '0.0500', amount: '50.00' });
  });

  it('should accrue once when the same deal.won is delivered twice, and once when it is re-published as a new event', async () => {
    const event = won();
    await producer.publish(DEAL_WON_V1.subject, event, `${event.eventId}-first`);
    await producer.publish(DEAL_WON_V1.subject, event, `${event.eventId}-second`); // past JetStream's de-duplication
    await producer.publish(DEAL_WON_V1.subject, { ...event, eventId: randomUUID() }); // the same fact, another event
    await eventually(async () => (await rows(pg, 'inbox_event', 'event_id = $1', [event.eventId])).length, (n) => n === 1);
    await eventually(() => commissionsOf(event.payload.dealId), (found) => found.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the re-published event land
    expect(await commissionsOf(event.payload.dealId)).toHaveLength(1);
    // Published by the relay after the commit, so waited for; a second one would be there by now.
    const accrued = await eventually(
      async () => (await publishedEvents(producer)).filter((e) => e.type === COMMISSION_ACCRUED_V1.type && (e.payload as { dealId: string }).dealId === event.payload.dealId),
      (events) => events.length > 0,
    );
    expect(accrued).toHaveLength(1);
  });

  it('should accrue once when its handler fails once and the event is redelivered', async () => {
    const service = app.get(CommissionAccrualService);
    const original = service.dealWon.bind(service);
    const event = won();
    let calls = 0;
    const spy = jest.spyOn(service, 'dealWon').mockImplementation(async (delivered, tx) => {
      if (delivered.eventId === event.eventId && calls++ === 0) throw new Error('database hiccup');
      return original(delivered, tx);
    });
    try {
      await producer.publish(DEAL_WON_V1.subject, event);
      await eventually(() => commissionsOf(event.payload.dealId), (found) => found.length === 1);
      expect(calls).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('should dead-letter a win for a partner it never signed up, after the bounded deliveries', async () => {
    const event = won({ partnerId: randomUUID() });
    await producer.publish(DEAL_WON_V1.subject, event);
    const letters = await eventually(
      () => producer.messages(DEAD_LETTER_STREAM.name),
      (messages) => messages.some((m) => m.data.includes(event.eventId)),
      { timeoutMs: 20_000 },
    );
    expect(letters.find((m) => m.data.includes(event.eventId))!.headers[DEAD_LETTER_REASON_HEADER]).toMatch(/does not exist here/);
    expect(await commissionsOf(event.payload.dealId)).toEqual([]);
  });

  describe('approval, payment and lists', () => {
    it('should go accrued → approved → paid for the channel manager, refuse a partner user (403) and a skipped step (422)', async () => {
      const event = won({ paidAmount: 500 });
      await producer.publish(DEAL_WON_V1.subject, event);
      const [{ id }] = await eventually(() => commissionsOf(event.payload.dealId), (found) => found.length === 1);
      expect(await failure(rpc.send(PAY_COMMISSION_V1, { actor: CHANNEL, id, input: {} }))).toMatchObject({ status: 422 });
      expect(await failure(rpc.send(APPROVE_COMMISSION_V1, { actor: partnerUser(partner.id), id, input: {} }))).toMatchObject({ status: 403 });
      expect(await rpc.send(APPROVE_COMMISSION_V1, { actor: CHANNEL, id, input: { note: 'Invoice checked' } })).toMatchObject({ status: 'approved', version: 2 });
      expect(await rpc.send(PAY_COMMISSION_V1, { actor: CHANNEL, id, input: { reference: 'PAY-42' } })).toMatchObject({
        status: 'paid',
        reference: 'PAY-42',
        paidAt: expect.any(String),
        version: 3,
      });
    });

    it('should total per status and currency and show a partner user its own commissions only', async () => {
      const rich = await createPartner(rpc, { commissionRate: 0.1 });
      for (const [paidAmount, currency] of [
        [1000, 'EUR'],
        [2000, 'EUR'],
        [3000, 'USD'],
      ] as const) {
        await producer.publish(DEAL_WON_V1.subject, won({ partnerId: rich.id, paidAmount, currency }));
      }
      await eventually(async () => (await rows(pg, 'commission', 'partner_id = $1', [rich.id])).length, (n) => n === 3);
      const user = partnerUser(rich.id);
      const page = await rpc.send(LIST_COMMISSIONS_V1, { actor: user, ofPartner: rich.id, query: { limit: 2 } });
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).not.toBeNull();
      expect(page.totals).toEqual([
        { status: 'accrued', currency: 'EUR', amount: 300, count: 2 },
        { status: 'accrued', currency: 'USD', amount: 300, count: 1 },
      ]);
      const everyone = await rpc.send(LIST_COMMISSIONS_V1, { actor: user, query: { limit: 500 } });
      expect(everyone.items.every((c) => c.partnerId === rich.id)).toBe(true);
      expect(await failure(rpc.send(LIST_COMMISSIONS_V1, { actor: user, ofPartner: partner.id, query: {} }))).toMatchObject({ status: 404 });
      expect((await rpc.send(LIST_COMMISSIONS_V1, { actor: user, query: { partnerId: partner.id } })).items).toEqual([]);
      const usd = await rpc.send(LIST_COMMISSIONS_V1, { actor: CHANNEL, query: { partnerId: rich.id, currency: 'usd' } });
      expect(usd.items.map((c) => c.amount)).toEqual([300]);
    });
  });

  it('should keep money in numeric columns of the partners schema', async () => {
    const { rows: columns } = await pg.query(
      `SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = 'commission' AND column_name IN ('amount', 'base_amount')`,
      [suiteSchema('partners')],
    );
    expect(columns).toEqual(expect.arrayContaining([expect.objectContaining({ data_type: 'numeric', numeric_precision: 18, numeric_scale: 2 })]));
  });
});
