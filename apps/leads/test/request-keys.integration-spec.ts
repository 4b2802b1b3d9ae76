import type { Subscription } from '@nats-io/transport-node';
import * as contracts from '@saleswire/contracts';
import {
  CHANGE_LEAD_STATUS_V1,
  CONVERT_LEAD_V1,
  CREATE_LEAD_V1,
  CREATE_MARKETING_EVENT_V1,
  PUT_LEAD_ASSIGNMENT_V1,
  RESOLVE_CUSTOMER_V1,
  START_LEAD_IMPORT_V1,
  type LeadDetailsV1,
  type RpcContract,
} from '@saleswire/contracts';
import { ProblemError, RequestKeys, RequestKeyScope, runWithRequestKey, type RpcClient } from '@saleswire/messaging';
import { randomUUID } from 'node:crypto';
import { DuplicateFinder } from '../src/duplicate/duplicate.finder';
import { HEAD, LEAD_INPUT, type LeadsDb, type LeadsSuite, startLeadsSuite } from './support';

const ANNA = '01936f0e-8a4b-7c3d-9e2f-0000000000a1';
const CUSTOMER_ID = '01936f10-0000-7000-8000-0000000c0888';

/** The commands a context declares: each must record its key (ADR 0010). */
function commandsOf(context: string): string[] {
  return (Object.values(contracts) as unknown[])
    .filter((value): value is RpcContract => typeof value === 'object' && value !== null && (value as RpcContract).kind === 'command')
    .map((contract) => contract.subject)
    .filter((subject) => subject.startsWith(`rpc.${context}.`))
    .sort();
}

describe('leads: request keys recorded with the change (real PostgreSQL and NATS)', () => {
  let suite: LeadsSuite;
  let rpc: RpcClient;
  let db: LeadsDb;
  let resolver: Subscription;

  /** Sends a request as the gateway does while it handles a write with `Idempotency-Key: key`. */
  async function sendWithKey<Req extends object, Res>(
    contract: RpcContract<Req, Res>,
    data: Req,
    key: string,
    fingerprint = 'fp-1',
  ): Promise<{ reply: Res; replayed: boolean }> {
    const scope = new RequestKeyScope({ principalId: HEAD.id, key, fingerprint }, 'http', contract.subject);
    const reply = await runWithRequestKey(scope, () => rpc.send(contract, data));
    return { reply, replayed: scope.replayed };
  }

  const createLead = (patch: object = {}): Promise<LeadDetailsV1> => rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: { ...LEAD_INPUT, ...patch } });
  const leadsNamed = (name: string): Promise<number> => db.count('lead', 'contact_name = $1', [name]);

  /** A valid request of each leads command, made fresh for each use (some need a record of their own). */
  const SAMPLES: Record<string, () => Promise<{ contract: RpcContract; data: object }>> = {
    [CREATE_LEAD_V1.subject]: async () => ({ contract: CREATE_LEAD_V1, data: { actor: HEAD, input: { ...LEAD_INPUT, contact: { name: `Sample ${randomUUID()}` } } } }),
    [CHANGE_LEAD_STATUS_V1.subject]: async () => ({
      contract: CHANGE_LEAD_STATUS_V1,
      data: { actor: HEAD, leadId: (await createLead()).id, input: { status: 'in_progress' } },
    }),
    [CONVERT_LEAD_V1.subject]: async () => ({ contract: CONVERT_LEAD_V1, data: { actor: HEAD, leadId: (await createLead()).id, input: {} } }),
    [START_LEAD_IMPORT_V1.subject]: async () => ({ contract: START_LEAD_IMPORT_V1, data: { actor: HEAD, format: 'json', total: 1 } }),
    [CREATE_MARKETING_EVENT_V1.subject]: async () => ({
      contract: CREATE_MARKETING_EVENT_V1,
      data: { actor: HEAD, input: { name: 'Expo', kind: 'exhibition', startsOn: '2026-05-01', endsOn: '2026-05-03' } },
    }),
    [PUT_LEAD_ASSIGNMENT_V1.subject]: async () => ({
      contract: PUT_LEAD_ASSIGNMENT_V1,
      data: { actor: HEAD, input: { strategy: 'round_robin', members: [{ userId: ANNA, weight: 1, active: true }] } },
    }),
  };

  beforeAll(async () => {
    suite = await startLeadsSuite({ RPC_TIMEOUT_MS: '3000' }, (producer) => {
      // Stands in for deals: a conversion asks it for the customer.
      resolver = producer.nc.subscribe(producer.subject(RESOLVE_CUSTOMER_V1.subject), {
        callback: (_error, message) => {
          const packet = message.json<{ id: string }>();
          message.respond(JSON.stringify({ id: packet.id, response: { customerId: CUSTOMER_ID, ownerId: ANNA, created: true }, isDisposed: true }));
        },
      });
    });
    ({ rpc, db } = suite);
    // The rule's member must be a user of the directory (ADR 0016).
    await suite.users({ id: ANNA });
  });

  afterAll(async () => {
    resolver.unsubscribe();
    await suite.close();
  });

  it('should have a sample here for every command of leads, so none escapes the check below', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(commandsOf('leads'));
  });

  it.each(Object.keys(SAMPLES))('should record the key of %s with its change and answer a retry with the same reply, emitting nothing again', async (subject) => {
    const { contract, data } = await SAMPLES[subject]();
    const key = randomUUID();
    const first = await sendWithKey(contract, data, key);
    const outboxAfterFirst = await db.count('outbox_event');
    const again = await sendWithKey(contract, data, key);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ reply: first.reply, replayed: true });
    expect(await db.count('outbox_event')).toBe(outboxAfterFirst);
    const rows = await db.rows<{ subject: string; principal_id: string }>('SELECT subject, principal_id FROM $schema.request_key WHERE key = $1', [key]);
    expect(rows).toEqual([{ subject, principal_id: HEAD.id }]);
  });

  it('should store one lead and answer both with it when two requests with the same key race', async () => {
    const name = `Racer ${randomUUID()}`;
    const key = randomUUID();
    const data = { actor: HEAD, input: { ...LEAD_INPUT, contact: { name } } };
    const answers = await Promise.all(Array.from({ length: 4 }, () => sendWithKey(CREATE_LEAD_V1, data, key)));
    expect(new Set(answers.map((answer) => answer.reply.id)).size).toBe(1);
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    expect(await leadsNamed(name)).toBe(1);
  });

  it('should answer 409 naming Idempotency-Key when the key comes back with another request, and store nothing', async () => {
    const key = randomUUID();
    const name = `Conflict ${randomUUID()}`;
    await sendWithKey(CREATE_LEAD_V1, { actor: HEAD, input: { ...LEAD_INPUT, contact: { name } } }, key, 'fp-a');
    const error = await sendWithKey(CREATE_LEAD_V1, { actor: HEAD, input: { ...LEAD_INPUT, contact: { name: `${name}, changed` } } }, key, 'fp-b').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status: 409, errors: [{ field: 'Idempotency-Key', message: expect.stringMatching(/different request/) }] });
    expect(await leadsNamed(`${name}, changed`)).toBe(0);
  });

  it('should create the lead when its key comes back after a first attempt that failed before its commit', async () => {
    const finder = suite.app.get(DuplicateFinder);
    jest.spyOn(finder, 'lookup').mockRejectedValueOnce(new Error('the first attempt broke off'));
    const key = randomUUID();
    const name = `Second chance ${randomUUID()}`;
    const data = { actor: HEAD, input: { ...LEAD_INPUT, contact: { name } } };
    await expect(sendWithKey(CREATE_LEAD_V1, data, key)).rejects.toMatchObject({ status: 500 });
    expect(await db.count('request_key', 'key = $1', [key])).toBe(0);
    const retried = await sendWithKey(CREATE_LEAD_V1, data, key);
    expect(retried.replayed).toBe(false);
    expect(await leadsNamed(name)).toBe(1);
  });

  it('should forget a key after 24 hours: the purge deletes it, and a key past its time runs again', async () => {
    const [purged, lingering] = [randomUUID(), randomUUID()];
    const name = `Expired ${randomUUID()}`;
    const data = { actor: HEAD, input: { ...LEAD_INPUT, contact: { name } } };
    await sendWithKey(CREATE_LEAD_V1, data, purged);
    await sendWithKey(CREATE_LEAD_V1, data, lingering);
    await db.rows(`UPDATE $schema.request_key SET created_at = now() - interval '25 hours' WHERE key = ANY($1)`, [[purged, lingering]]);

    const again = await sendWithKey(CREATE_LEAD_V1, data, lingering);
    expect(again.replayed).toBe(false);
    expect(await suite.app.get(RequestKeys).purge()).toBeGreaterThanOrEqual(1);
    expect(await db.count('request_key', 'key = $1', [purged])).toBe(0);
    expect(await db.count('request_key', 'key = $1', [lingering])).toBe(1);
    expect(await leadsNamed(name)).toBe(3);
  });

  it('should answer a retried conversion with its first answer, not the 409 a second conversion gets', async () => {
    const lead = await createLead();
    const key = randomUUID();
    const first = await sendWithKey(CONVERT_LEAD_V1, { actor: HEAD, leadId: lead.id, input: {} }, key);
    const again = await sendWithKey(CONVERT_LEAD_V1, { actor: HEAD, leadId: lead.id, input: {} }, key);
    expect(again).toEqual({ reply: first.reply, replayed: true });
    const unkeyed = await rpc.send(CONVERT_LEAD_V1, { actor: HEAD, leadId: lead.id, input: {} }).catch((e: unknown) => e);
    expect(unkeyed).toMatchObject({ status: 409 });
  });

  it('should send the key with the first command of a write only, refusing a second command before it is sent', async () => {
    const scope = new RequestKeyScope({ principalId: HEAD.id, key: randomUUID(), fingerprint: 'fp' }, 'http', 'POST /api/v1/leads');
    await runWithRequestKey(scope, async () => {
      await rpc.send(START_LEAD_IMPORT_V1, { actor: HEAD, format: 'json', total: 1 });
      await expect(rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: LEAD_INPUT })).rejects.toThrow(/second command/);
    });
    expect(await db.count('request_key', 'key = $1', [scope.key.key])).toBe(1);
  });
});
