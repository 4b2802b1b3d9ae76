import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as contracts from '@saleswire/contracts';
import {
  CREATE_CUSTOMER_V1,
  CREATE_DEAL_V1,
  CREATE_PIPELINE_V1,
  type DealViewV1,
  MOVE_DEAL_STAGE_V1,
  RECORD_PAYMENT_V1,
  type RpcContract,
} from '@saleswire/contracts';
import { RequestKeyScope, runWithRequestKey, type RpcClient } from '@saleswire/messaging';
import { cleanupSuite } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { ADMIN, connectPg, count, MANAGER_A, rpcClient, startDeals } from './support';

/** The commands a context declares: each must record its key (ADR 0010). */
function commandsOf(context: string): string[] {
  return (Object.values(contracts) as unknown[])
    .filter((value): value is RpcContract => typeof value === 'object' && value !== null && (value as RpcContract).kind === 'command')
    .map((contract) => contract.subject)
    .filter((subject) => subject.startsWith(`rpc.${context}.`))
    .sort();
}

/** A tax id no other test of this suite uses, so customers never match each other. */
const taxId = (): string => String(Math.floor(1e9 + Math.random() * 9e9));

describe('deals: request keys recorded with the change (real PostgreSQL and NATS)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let pg: Client;

  async function sendWithKey<Req extends object, Res>(contract: RpcContract<Req, Res>, data: Req, key: string): Promise<{ reply: Res; replayed: boolean }> {
    const scope = new RequestKeyScope({ principalId: MANAGER_A.id, key, fingerprint: 'fp-1' }, 'http', contract.subject);
    const reply = await runWithRequestKey(scope, () => rpc.send(contract, data));
    return { reply, replayed: scope.replayed };
  }

  const newCustomer = () => rpc.send(CREATE_CUSTOMER_V1, { actor: MANAGER_A, input: { kind: 'company', name: 'Northwind', taxId: taxId() } });
  const newDeal = async (): Promise<DealViewV1> =>
    rpc.send(CREATE_DEAL_V1, {
      actor: MANAGER_A,
      input: { title: 'Scanners', customerId: (await newCustomer()).id, amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct' },
    });

  /** A valid request of each deals command, made fresh for each use (some need a record of their own). */
  const SAMPLES: Record<string, () => Promise<{ contract: RpcContract; data: object }>> = {
    [CREATE_CUSTOMER_V1.subject]: async () => ({ contract: CREATE_CUSTOMER_V1, data: { actor: MANAGER_A, input: { kind: 'company', name: 'Fabrikam', taxId: taxId() } } }),
    [CREATE_PIPELINE_V1.subject]: async () => ({
      contract: CREATE_PIPELINE_V1,
      data: {
        actor: ADMIN,
        input: {
          name: 'Retail',
          kind: 'new_business',
          stages: [
            { code: 'basket', name: 'Basket', semantics: 'open', probability: 50 },
            { code: 'sold', name: 'Sold', semantics: 'won', probability: 100 },
            { code: 'gone', name: 'Gone', semantics: 'lost', probability: 0 },
          ],
        },
      },
    }),
    [CREATE_DEAL_V1.subject]: async () => ({
      contract: CREATE_DEAL_V1,
      data: { actor: MANAGER_A, input: { title: 'Scanners', customerId: (await newCustomer()).id, amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct' } },
    }),
    [MOVE_DEAL_STAGE_V1.subject]: async () => ({ contract: MOVE_DEAL_STAGE_V1, data: { actor: MANAGER_A, id: (await newDeal()).id, input: { stage: 'proposal' } } }),
    [RECORD_PAYMENT_V1.subject]: async () => ({
      contract: RECORD_PAYMENT_V1,
      data: { actor: MANAGER_A, id: (await newDeal()).id, input: { amount: 400, currency: 'EUR', paidAt: '2026-04-01T10:00:00Z' } },
    }),
  };

  beforeAll(async () => {
    pg = await connectPg();
    app = await startDeals();
    rpc = rpcClient();
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await pg.end();
    await cleanupSuite();
  });

  it('should have a sample here for every command of deals, so none escapes the check below', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(commandsOf('deals'));
  });

  it.each(Object.keys(SAMPLES))('should record the key of %s with its change and answer a retry with the same reply, emitting nothing again', async (subject) => {
    const { contract, data } = await SAMPLES[subject]();
    const key = randomUUID();
    const first = await sendWithKey(contract, data, key);
    const outboxAfterFirst = await count(pg, 'outbox_event');
    const again = await sendWithKey(contract, data, key);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ reply: first.reply, replayed: true });
    expect(await count(pg, 'outbox_event')).toBe(outboxAfterFirst);
    expect(await count(pg, 'request_key', 'key = $1 AND subject = $2', [key, subject])).toBe(1);
  });

  it('should answer a retried move with its first reply, not 412, when its If-Match version was current the first time', async () => {
    const deal = await newDeal();
    const key = randomUUID();
    const moveWithVersion = { actor: MANAGER_A, id: deal.id, expectedVersion: deal.version, input: { stage: 'proposal' } };
    const first = await sendWithKey(MOVE_DEAL_STAGE_V1, moveWithVersion, key);
    const again = await sendWithKey(MOVE_DEAL_STAGE_V1, moveWithVersion, key);
    expect(first.reply).toMatchObject({ stage: 'proposal', version: deal.version + 1 });
    expect(again).toEqual({ reply: first.reply, replayed: true });
  });

  it('should record a payment once however often a retry with its key comes, so it neither counts twice nor wins twice', async () => {
    const deal = await newDeal();
    const key = randomUUID();
    const pay = { actor: MANAGER_A, id: deal.id, input: { amount: 1000, currency: 'EUR', paidAt: '2026-04-02T10:00:00Z' } };
    const answers = await Promise.all([sendWithKey(RECORD_PAYMENT_V1, pay, key), sendWithKey(RECORD_PAYMENT_V1, pay, key), sendWithKey(RECORD_PAYMENT_V1, pay, key)]);
    expect(new Set(answers.map((answer) => answer.reply.payment.id)).size).toBe(1);
    expect(answers[0].reply.deal).toMatchObject({ stage: 'won', paidAmount: 1000 });
    expect(await count(pg, 'payment', 'deal_id = $1', [deal.id])).toBe(1);
  });
});
