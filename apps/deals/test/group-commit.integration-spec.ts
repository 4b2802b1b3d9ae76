import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CREATE_CUSTOMER_V1,
  CREATE_DEAL_V1,
  type CreateDealInputV1,
  type CustomerViewV1,
  DEAL_CREATED_V1,
  DEAL_WON_V1,
  type DealViewV1,
  PAYMENT_RECORDED_V1,
  type PaymentRecordedViewV1,
  RECORD_PAYMENT_V1,
  type RpcContract,
} from '@saleswire/contracts';
import { RequestKeyScope, runWithRequestKey, type RpcClient } from '@saleswire/messaging';
import { Metrics } from '@saleswire/observability';
import { cleanupSuite, eventually, provisionUsers, seedUserDirectory, suiteSchema, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { connectPg, count, DEACTIVATED_USER, DIRECTORY_USERS, MANAGER_A, MANAGER_B, publishedEvents, rpcClient, startDeals } from './support';

/** Concurrent requests on two cores under other suites' load may wait a while for their group. */
const SLOW_RPC_MS = 60_000;

/**
 * Group commit (issue 14): concurrent deal creations and payments are applied in shared transactions, each still
 * answered with its own result, refused alone, recorded once with its key, and announced once.
 */
describe('deals: group commit of deal creations and payments (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let pg: Client;
  let producer: TestProducer;
  let customers: CustomerViewV1[];
  const schema = suiteSchema('deals');

  /** Sends a command, with an idempotency key when one is given, and answers its reply and whether it was replayed. */
  async function send<Req extends object, Res>(contract: RpcContract<Req, Res>, data: Req, key?: string): Promise<{ reply: Res; replayed: boolean }> {
    if (!key) return { reply: await rpc.send(contract, data, SLOW_RPC_MS), replayed: false };
    const scope = new RequestKeyScope({ principalId: MANAGER_A.id, key, fingerprint: `fp-${key}` }, 'http', contract.subject);
    const reply = await runWithRequestKey(scope, () => rpc.send(contract, data, SLOW_RPC_MS));
    return { reply, replayed: scope.replayed };
  }

  /** The groups a service's command group formed so far: how many, and how many commands they applied. */
  async function groupsOf(group: string): Promise<{ groups: number; commands: number }> {
    const { values } = await app.get(Metrics).commandGroupSize.get();
    const of = (name: string) => values.find((v) => v.metricName === name && v.labels.group === group)?.value ?? 0;
    return { groups: of('saleswire_command_group_size_count'), commands: of('saleswire_command_group_size_sum') };
  }

  /** How many transactions wrote these rows (PostgreSQL's `xmin`): fewer than the rows when commands were grouped. */
  async function transactionsOf(table: string, ids: string[]): Promise<number> {
    const { rows } = await pg.query(`SELECT count(DISTINCT xmin::text)::int AS n FROM "${schema}".${table} WHERE id = ANY($1::uuid[])`, [ids]);
    return rows[0].n as number;
  }

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await provisionUsers(producer);
    app = await startDeals();
    rpc = rpcClient();
    await seedUserDirectory(producer, pg, schema, DIRECTORY_USERS);
    customers = [];
    for (let i = 0; i < 20; i++) {
      customers.push(await rpc.send(CREATE_CUSTOMER_V1, { actor: MANAGER_A, input: { kind: 'company', name: `Grouped ${i}`, taxId: String(5_000_000_000 + i * 7919) } }));
    }
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  describe('deal creation', () => {
    it('should open 200 concurrent deals in shared transactions, each answered with its own, the refused ones alone and storing nothing', async () => {
      const before = await groupsOf('create-deal');
      const run = randomUUID().slice(0, 8);
      // Every 20th names a customer nobody can see (refused in the transaction), every 25th a deactivated owner
      // (refused by the directory before it), the rest open; each title says which request it was.
      const requests = Array.from({ length: 200 }, (_, i) => {
        const input: CreateDealInputV1 = {
          title: `${run} deal ${i}`,
          customerId: i % 20 === 7 ? randomUUID() : customers[i % customers.length].id,
          amount: 100 + i,
          currency: 'EUR',
          type: 'consultative',
          channel: 'direct',
          ...(i % 25 === 3 ? { ownerId: DEACTIVATED_USER } : {}),
        };
        return input;
      });
      const refusedAt = (i: number): boolean => i % 20 === 7 || i % 25 === 3;
      const settled = await Promise.allSettled(requests.map((input) => send(CREATE_DEAL_V1, { actor: MANAGER_A, input })));

      const opened: DealViewV1[] = [];
      settled.forEach((result, i) => {
        if (refusedAt(i)) {
          expect(result).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ status: 422 }) });
          return;
        }
        if (result.status === 'rejected') throw new Error(`deal ${i} failed: ${String(result.reason)} ${JSON.stringify(result.reason)}`);
        const { reply } = (result as PromiseFulfilledResult<{ reply: DealViewV1 }>).value;
        expect(reply).toMatchObject({ title: `${run} deal ${i}`, customerId: requests[i].customerId, amount: 100 + i, stage: 'new', version: 1 });
        opened.push(reply);
      });
      expect(opened).toHaveLength(200 - requests.filter((_, i) => refusedAt(i)).length);
      expect(new Set(opened.map((deal) => deal.id)).size).toBe(opened.length);
      // Stored once each, with their first stage; nothing of a refused one.
      expect(await count(pg, 'deal', 'title LIKE $1', [`${run} deal %`])).toBe(opened.length);
      expect(await count(pg, 'deal_stage_history', 'deal_id = ANY($1::uuid[])', [opened.map((deal) => deal.id)])).toBe(opened.length);
      // Grouped: fewer transactions than deals, and the metric saw groups of more than one.
      expect(await transactionsOf('deal', opened.map((deal) => deal.id))).toBeLessThan(opened.length);
      const after = await groupsOf('create-deal');
      expect(after.commands - before.commands).toBeGreaterThan(after.groups - before.groups);
      // Announced exactly once each, with its own correlation.
      const created = await eventually(
        async () => (await publishedEvents(producer)).filter((e) => e.type === DEAL_CREATED_V1.type && String(e.payload.title).startsWith(`${run} deal `)),
        (events) => events.length >= opened.length,
      );
      expect(created.map((e) => e.aggregateId).sort()).toEqual(opened.map((deal) => deal.id).sort());
      expect(new Set(created.map((e) => e.correlationId)).size).toBe(created.length);
    });

    it('should record each key with its deal and answer its concurrent retries with the same deal, in the same group or not', async () => {
      const run = randomUUID().slice(0, 8);
      const keys = Array.from({ length: 30 }, () => randomUUID());
      const data = keys.map((_, i) => ({ actor: MANAGER_A, input: { title: `${run} keyed ${i}`, customerId: customers[i % 20].id, amount: 10, currency: 'EUR', type: 'consultative', channel: 'direct' } as CreateDealInputV1 }));
      // Each request three times at once with its key: the three land in one group or in successive ones.
      const answers = await Promise.all(keys.flatMap((key, i) => [0, 1, 2].map(() => send(CREATE_DEAL_V1, data[i], key))));
      for (let i = 0; i < keys.length; i++) {
        const three = answers.slice(i * 3, i * 3 + 3);
        expect(new Set(three.map((a) => a.reply.id)).size).toBe(1);
        expect(three.filter((a) => !a.replayed)).toHaveLength(1);
        expect(three[0].reply.title).toBe(`${run} keyed ${i}`);
      }
      expect(await count(pg, 'deal', 'title LIKE $1', [`${run} keyed %`])).toBe(30);
      expect(await count(pg, 'request_key', 'key = ANY($1::text[]) AND reply IS NOT NULL', [keys])).toBe(30);
      // A later retry is answered from the stored reply, opening nothing.
      const later = await send(CREATE_DEAL_V1, data[0], keys[0]);
      expect(later).toEqual({ reply: answers[0].reply, replayed: true });
      expect(await count(pg, 'deal', 'title LIKE $1', [`${run} keyed %`])).toBe(30);
    });
  });

  describe('payments', () => {
    it('should take 100+ concurrent payments over 20 deals exactly: each sees the ones before it, a covered deal is won once, the refused store nothing', async () => {
      const before = await groupsOf('record-payment');
      const deals = await Promise.all(
        customers.map((customer, i) =>
          rpc.send(CREATE_DEAL_V1, { actor: MANAGER_A, input: { title: `paid ${i}`, customerId: customer.id, amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct' } }, SLOW_RPC_MS),
        ),
      );
      // Per deal: four payments of 250 EUR (the fourth covers the amount), one in USD (refused: the deal is in
      // EUR), and for every fourth deal one more of 100 EUR, paid once the deal may be won already (taken, but it
      // wins nothing again). Shuffled, so that each group mixes deals and payments of one deal share groups.
      const payments = deals.flatMap((deal, d) => [
        ...[1, 2, 3, 4].map(() => ({ deal, amount: 250, currency: 'EUR' })),
        { deal, amount: 250, currency: 'USD' },
        ...(d % 4 === 0 ? [{ deal, amount: 100, currency: 'EUR' }] : []),
      ]);
      shuffle(payments);
      const settled = await Promise.allSettled(
        payments.map(({ deal, amount, currency }, i) =>
          send(RECORD_PAYMENT_V1, { actor: MANAGER_A, id: deal.id, input: { amount, currency, paidAt: '2026-04-01T10:00:00Z', reference: `P-${i}` } }),
        ),
      );

      const taken = new Map<string, PaymentRecordedViewV1[]>(deals.map((deal) => [deal.id, []]));
      settled.forEach((result, i) => {
        if (payments[i].currency === 'USD') {
          expect(result).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ status: 422 }) });
          return;
        }
        expect(result.status).toBe('fulfilled');
        const { reply } = (result as PromiseFulfilledResult<{ reply: PaymentRecordedViewV1 }>).value;
        expect(reply.payment).toMatchObject({ dealId: payments[i].deal.id, amount: payments[i].amount, reference: `P-${i}` });
        taken.get(reply.deal.id)!.push(reply);
      });
      for (const [d, deal] of deals.entries()) {
        const replies = taken.get(deal.id)!;
        const expected = d % 4 === 0 ? 1100 : 1000;
        expect(replies).toHaveLength(d % 4 === 0 ? 5 : 4);
        // Each answer shows its deal as its payment left it: the running totals are all different and end at the sum.
        const totals = replies.map((reply) => reply.deal.paidAmount).sort((a, b) => a - b);
        expect(new Set(totals).size).toBe(replies.length);
        expect(totals[totals.length - 1]).toBe(expected);
        // Won by the payment that covered 1000, not before, and then stays won.
        for (const reply of replies) expect(reply.deal.stage).toBe(reply.deal.paidAmount >= 1000 ? 'won' : 'new');
        // Each payment moved the deal's version once, in the order of the totals: opened at 1, then 2, 3, …
        const versions = [...replies].sort((x, y) => x.deal.paidAmount - y.deal.paidAmount).map((reply) => reply.deal.version);
        expect(versions).toEqual(replies.map((_, n) => n + 2));
        const [stored] = (await pg.query(`SELECT paid_amount::float AS paid, status, version FROM "${schema}".deal WHERE id = $1`, [deal.id])).rows;
        expect(stored).toEqual({ paid: expected, status: 'won', version: replies.length + 1 });
        expect(await count(pg, 'payment', 'deal_id = $1', [deal.id])).toBe(replies.length);
        expect(await count(pg, 'payment', 'deal_id = $1 AND currency = $2', [deal.id, 'USD'])).toBe(0);
        expect(await count(pg, 'deal_stage_history', 'deal_id = $1 AND to_stage = $2', [deal.id, 'won'])).toBe(1);
      }
      const paymentIds = [...taken.values()].flat().map((reply) => reply.payment.id);
      expect(await transactionsOf('payment', paymentIds)).toBeLessThan(paymentIds.length);
      const after = await groupsOf('record-payment');
      expect(after.commands - before.commands).toBeGreaterThan(after.groups - before.groups);
      // One payment.recorded per payment taken, one deal.won per deal.
      const dealIds = new Set(deals.map((deal) => deal.id));
      const events = await eventually(
        async () => (await publishedEvents(producer)).filter((e) => dealIds.has(e.aggregateId)),
        (all) => all.filter((e) => e.type === PAYMENT_RECORDED_V1.type).length >= paymentIds.length && all.filter((e) => e.type === DEAL_WON_V1.type).length >= deals.length,
      );
      expect(events.filter((e) => e.type === PAYMENT_RECORDED_V1.type).map((e) => e.payload.paymentId).sort()).toEqual([...paymentIds].sort());
      // Each event carries the version and total its payment gave the deal, as its answer did.
      const answered = new Map([...taken.values()].flat().map((reply) => [reply.payment.id, reply.deal]));
      for (const event of events.filter((e) => e.type === PAYMENT_RECORDED_V1.type)) {
        const deal = answered.get(String(event.payload.paymentId))!;
        expect({ version: event.aggregateVersion, paidAmount: event.payload.paidAmount }).toEqual({ version: deal.version, paidAmount: deal.paidAmount });
      }
      expect(events.filter((e) => e.type === DEAL_WON_V1.type).map((e) => e.aggregateId).sort()).toEqual([...dealIds].sort());
    });

    it('should check each payment of a group in its own caller’s scope: a deal out of sight is not found, nothing of it stored', async () => {
      const open = (title: string, team: CreateDealInputV1['team'] = []) =>
        rpc.send(CREATE_DEAL_V1, { actor: MANAGER_A, input: { title, customerId: customers[1].id, amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct', team } }, SLOW_RPC_MS);
      // A's own deal, and one whose team B is in.
      const [own, shared] = await Promise.all([open('scoped own'), open('scoped shared', [{ userId: MANAGER_B.id, role: 'engineer' }])]);
      const payments = Array.from({ length: 40 }, (_, i) => ({
        actor: i % 2 === 0 ? MANAGER_A : MANAGER_B,
        deal: i % 4 < 2 ? own : shared,
      }));
      const settled = await Promise.allSettled(
        payments.map(({ actor, deal }, i) => send(RECORD_PAYMENT_V1, { actor, id: deal.id, input: { amount: 10, currency: 'EUR', paidAt: '2026-04-03T10:00:00Z', reference: `S-${i}` } })),
      );
      settled.forEach((result, i) => {
        // B does not see A's own deal; both see the shared one.
        if (payments[i].actor === MANAGER_B && payments[i].deal === own) {
          expect(result).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ status: 404 }) });
        } else {
          expect(result).toMatchObject({ status: 'fulfilled', value: { reply: { payment: { reference: `S-${i}` } } } });
        }
      });
      const paid = async (id: string) => (await pg.query(`SELECT paid_amount::float AS paid, version FROM "${schema}".deal WHERE id = $1`, [id])).rows[0];
      expect(await paid(own.id)).toEqual({ paid: 100, version: 11 });
      expect(await paid(shared.id)).toEqual({ paid: 200, version: 21 });
      expect(await count(pg, 'payment', 'deal_id = $1', [own.id])).toBe(10);
    });

    it('should record a payment once when it and its retries come at once, and answer them all with its reply', async () => {
      const deal = await rpc.send(CREATE_DEAL_V1, { actor: MANAGER_A, input: { title: 'retried', customerId: customers[0].id, amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct' } }, SLOW_RPC_MS);
      const keys = Array.from({ length: 10 }, () => randomUUID());
      const answers = await Promise.all(
        keys.flatMap((key, i) =>
          [0, 1].map(() => send(RECORD_PAYMENT_V1, { actor: MANAGER_A, id: deal.id, input: { amount: 100, currency: 'EUR', paidAt: '2026-04-02T10:00:00Z', reference: `R-${i}` } }, key)),
        ),
      );
      for (let i = 0; i < keys.length; i++) {
        const [a, b] = answers.slice(i * 2, i * 2 + 2);
        expect(b.reply).toEqual(a.reply);
        expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
      }
      expect(await count(pg, 'payment', 'deal_id = $1', [deal.id])).toBe(10);
      const [stored] = (await pg.query(`SELECT paid_amount::float AS paid, status FROM "${schema}".deal WHERE id = $1`, [deal.id])).rows;
      expect(stored).toEqual({ paid: 1000, status: 'won' });
      expect(await count(pg, 'deal_stage_history', 'deal_id = $1 AND to_stage = $2', [deal.id, 'won'])).toBe(1);
    });
  });
});

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
