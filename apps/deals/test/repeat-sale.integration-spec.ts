import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type RpcClient, validateContract } from '@saleswire/messaging';
import { cleanupSuite, eventually, suiteSchema, TestProducer } from '@saleswire/testing';
import type { Client } from 'pg';
import {
  CREATE_CUSTOMER_V1,
  CREATE_DEAL_V1,
  type CustomerViewV1,
  type DealViewV1,
  GET_CUSTOMER_HISTORY_V1,
  LIST_REPEAT_SALES_DUE_V1,
  RECORD_PAYMENT_V1,
  RepeatSaleDueV1,
} from '@saleswire/contracts';
import { DealPaymentService } from '../src/deal/deal-payment.service';
import { DealService } from '../src/deal/deal.service';
import { DEFAULT_PIPELINE_ID, REPEAT_PIPELINE_ID } from '../src/migrations/1764500000200-seed-pipelines';
import { RepeatSaleService } from '../src/repeat-sale/repeat-sale.service';
import { ADMIN, connectPg, count, MANAGER_A, MANAGER_B, publishedEvents, rpcClient, startDeals } from './support';

const DAY = 86_400_000;
const daysFromNow = (days: number): Date => new Date(Date.now() + days * DAY);

describe('deals: repeat-sales rhythm and client history (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let replica: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;

  async function customerNamed(name: string, actor = MANAGER_A): Promise<CustomerViewV1> {
    return rpc.send(CREATE_CUSTOMER_V1, { actor, input: { kind: 'company', name } });
  }

  /** A deal of the customer paid in full on `paidAt`: a purchase dated then. */
  async function purchase(customerId: string, paidAt: Date, amount = 500, actor = MANAGER_A): Promise<DealViewV1> {
    const deal = await rpc.send(CREATE_DEAL_V1, {
      actor,
      input: { title: 'Supplies', customerId, amount, currency: 'EUR', type: 'transactional', channel: 'direct' },
    });
    await rpc.send(RECORD_PAYMENT_V1, { actor, id: deal.id, input: { amount, currency: 'EUR', paidAt: paidAt.toISOString() } });
    return deal;
  }

  const repeatDeals = (customerId: string): Promise<number> => count(pg, 'deal', 'customer_id = $1 AND status = $2 AND is_repeat AND pipeline_id = $3', [customerId, 'open', REPEAT_PIPELINE_ID]);

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    app = await startDeals({ REPEAT_LEAD_DAYS: '14' });
    replica = await startDeals({ REPEAT_LEAD_DAYS: '14' });
    rpc = rpcClient();
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await replica.close();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it('should open a repeat deal for the owner and publish repeat-sale.due as soon as the purchase that makes the customer due is paid', async () => {
    const customer = await customerNamed('Regular Buyer');
    await purchase(customer.id, daysFromNow(-120));
    expect(await repeatDeals(customer.id)).toBe(0);
    await purchase(customer.id, daysFromNow(-60)); // every 60 days: the next purchase is due today
    expect(await repeatDeals(customer.id)).toBe(1);
    const { rows } = await pg.query(`SELECT owner_id, amount, title FROM "${suiteSchema('deals')}".deal WHERE customer_id = $1 AND status = 'open'`, [customer.id]);
    expect(rows).toEqual([{ owner_id: MANAGER_A.id, amount: '500.00', title: 'Repeat purchase: Regular Buyer' }]);
    const events = await eventually(() => publishedEvents(producer), (list) => list.some((e) => e.type === 'deals.repeat-sale.due' && e.aggregateId === customer.id));
    const due = events.find((e) => e.type === 'deals.repeat-sale.due' && e.aggregateId === customer.id)!;
    expect(due).toMatchObject({ aggregateVersion: 1, actor: { role: 'system' }, payload: { customerId: customer.id, ownerId: MANAGER_A.id, purchases: 2, medianIntervalDays: 60 } });
    expect(validateContract(RepeatSaleDueV1, due.payload)).toMatchObject({ ok: true });
  });

  it('should list the due customer with its repeat deal, and open no second deal when the schedule checks again', async () => {
    const rows = await rpc.send(LIST_REPEAT_SALES_DUE_V1, { actor: MANAGER_A, query: { withinDays: 30 } });
    const row = rows.find((r) => r.ownerId === MANAGER_A.id && r.purchases === 2 && r.medianIntervalDays === 60)!;
    expect(row).toMatchObject({ dealId: expect.any(String), nextExpectedAt: expect.stringMatching(/T00:00:00.000Z$/) });
    expect(await app.get(RepeatSaleService).scan()).toEqual([]);
    expect(await repeatDeals(row.customerId)).toBe(1);
  });

  it('should open one repeat deal when two replicas check the same customer at the same moment', async () => {
    const customer = await customerNamed('Every 40 days');
    await purchase(customer.id, daysFromNow(-60));
    await purchase(customer.id, daysFromNow(-20)); // next expected in 20 days: not yet within 14
    expect(await repeatDeals(customer.id)).toBe(0);
    const at = daysFromNow(10);
    const opened = await Promise.all([
      app.get(RepeatSaleService).checkCustomer(customer.id, at),
      replica.get(RepeatSaleService).checkCustomer(customer.id, at),
      app.get(RepeatSaleService).scan(at),
      replica.get(RepeatSaleService).scan(at),
    ]);
    expect(opened.flat().filter((id) => id !== null)).toHaveLength(1);
    expect(await repeatDeals(customer.id)).toBe(1);
    expect(await count(pg, 'repeat_sale', 'customer_id = $1', [customer.id])).toBe(1);
  });

  it.each([
    ['bought once', [-10]],
    ['bought twice on the same day', [-30, -30]],
    ['bought twice, the last time today, every 60 days', [-60, 0]],
  ])('should not list a customer who %s within 30 days', async (name, offsets) => {
    const customer = await customerNamed(`Buyer who ${name}`);
    for (const offset of offsets) await purchase(customer.id, daysFromNow(offset));
    const rows = await rpc.send(LIST_REPEAT_SALES_DUE_V1, { actor: ADMIN, query: { withinDays: 30 } });
    expect(rows.map((r) => r.customerId)).not.toContain(customer.id);
    expect(await repeatDeals(customer.id)).toBe(0);
  });

  it('should list a customer whose next purchase is beyond the repeat window without a deal when the window asked is wider', async () => {
    const customer = await customerNamed('Far ahead');
    await purchase(customer.id, daysFromNow(-60));
    await purchase(customer.id, daysFromNow(0));
    const rows = await rpc.send(LIST_REPEAT_SALES_DUE_V1, { actor: ADMIN, query: { withinDays: 90 } });
    expect(rows.find((r) => r.customerId === customer.id)).toMatchObject({ purchases: 2, medianIntervalDays: 60, dealId: null });
  });

  it('should show another manager none of the customers they do not own when they ask for due repeat sales', async () => {
    const rows = await rpc.send(LIST_REPEAT_SALES_DUE_V1, { actor: MANAGER_B, query: { withinDays: 365 } });
    expect(rows).toEqual([]);
  });

  it('should neither mark repeat deals nor open them when a deployment switches repeat detection off', async () => {
    const b2c = await startDeals({ REPEAT_SALES_ENABLED: 'false' });
    try {
      const customer = await customerNamed('Retail shopper');
      await purchase(customer.id, daysFromNow(-20));
      const next = await b2c.get(DealService).create(
        { title: 'Again', customerId: customer.id, amount: 10, currency: 'EUR', type: 'transactional', channel: 'direct' },
        MANAGER_A,
      );
      expect(next).toMatchObject({ isRepeat: false, pipelineId: DEFAULT_PIPELINE_ID });
      await b2c.get(DealPaymentService).record(next.id, { amount: 10, currency: 'EUR', paidAt: daysFromNow(-10).toISOString() }, MANAGER_A);
      expect(await b2c.get(RepeatSaleService).checkCustomer(customer.id, daysFromNow(0))).toBeNull();
      expect(await repeatDeals(customer.id)).toBe(0);
    } finally {
      await b2c.close();
    }
  });

  describe('client history', () => {
    it('should answer the customer with its deals and payments newest first', async () => {
      const customer = await customerNamed('History Inc');
      const older = await purchase(customer.id, daysFromNow(-90), 100);
      const newer = await purchase(customer.id, daysFromNow(-30), 200);
      const history = await rpc.send(GET_CUSTOMER_HISTORY_V1, { actor: MANAGER_A, id: customer.id });
      expect(history.customer).toMatchObject({ id: customer.id, name: 'History Inc' });
      const ids = history.deals.map((d) => d.id);
      expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
      expect(history.deals.filter((d) => d.status === 'won')).toHaveLength(2);
      expect(history.payments.map((p) => [p.dealId, p.amount])).toEqual([[newer.id, 200], [older.id, 100]]);
    });

    it('should answer 404 when the customer is outside the caller’s scope', async () => {
      const customer = await customerNamed('Private Ltd');
      const error = await rpc.send(GET_CUSTOMER_HISTORY_V1, { actor: MANAGER_B, id: customer.id }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 404 });
    });
  });
});
