import { CREATE_LEAD_V1, type CreateLeadInputV1, type LeadDetailsV1, PUT_LEAD_ASSIGNMENT_V1 } from '@saleswire/contracts';
import { messagingConfigFromEnv, ProblemError, RequestKeyScope, RpcClient, runWithRequestKey } from '@saleswire/messaging';
import { Metrics, runWithCorrelation } from '@saleswire/observability';
import { eventually, suiteEnv } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import { HEAD, LEAD_INPUT, type LeadsDb, type LeadsSuite, startLeadsSuite } from './support';

const M = ['01936f0e-8a4b-7c3d-9e2f-0000000000d1', '01936f0e-8a4b-7c3d-9e2f-0000000000d2', '01936f0e-8a4b-7c3d-9e2f-0000000000d3', '01936f0e-8a4b-7c3d-9e2f-0000000000d4'];
const GONE = '01936f0e-8a4b-7c3d-9e2f-0000000000d9';
const LEAD_CREATED = 'evt.leads.lead.created.v1';
const LEAD_ASSIGNED = 'evt.leads.lead.assigned.v1';

/** One request of the burst, and what it must come to. */
interface Request {
  name: string;
  input: CreateLeadInputV1;
  correlationId: string;
  key?: string;
  kind: 'plain' | 'same-phone' | 'keyed' | 'manual' | 'inactive';
}

/**
 * 1,000 creations at once: 100 naming a deactivated assignee (422, nothing stored), 80 naming an active one
 * (manual), 100 keys sent twice each (one lead a key), 50 pairs sharing a phone, and 520 plain ones. The 720
 * leads the rule assigns are a multiple of its 4 members, so round robin gives each exactly 180.
 */
function burst(): Request[] {
  const requests: Request[] = [];
  const tag = randomUUID().slice(0, 8);
  const add = (kind: Request['kind'], i: number, patch: Partial<CreateLeadInputV1> = {}, key?: string): void => {
    const name = `Group ${tag} ${kind} ${i}`;
    requests.push({ name, kind, key, correlationId: randomUUID(), input: { ...LEAD_INPUT, company: undefined, contact: { name }, ...patch } });
  };
  for (let i = 0; i < 100; i++) {
    add('inactive', i, { assigneeId: GONE });
    if (i < 80) add('manual', i, { assigneeId: M[i % 4] });
    const key = randomUUID();
    add('keyed', i, {}, key);
    // The pair of a phone is sent side by side, so most pairs share a group; the second of each pair is
    // sent with the same name and key as the first.
    if (i < 50) {
      const phone = `+7 900 ${tag.replace(/\D/g, '0').slice(0, 3)}-${String(i).padStart(4, '0')}`;
      add('same-phone', 2 * i, { contact: { name: `Group ${tag} same-phone ${2 * i}`, phone } });
      add('same-phone', 2 * i + 1, { contact: { name: `Group ${tag} same-phone ${2 * i + 1}`, phone } });
    }
    requests.push({ ...requests.find((r) => r.key === key)!, correlationId: randomUUID() });
    for (let j = 0; j < 5; j++) add('plain', i * 5 + j);
    if (i < 20) add('plain', 500 + i);
  }
  return requests;
}

describe('leads: concurrent creations committed in groups, each answered alone (real PostgreSQL and NATS)', () => {
  let suite: LeadsSuite;
  let db: LeadsDb;
  // A gateway-like client that waits as long as a loaded machine may need for 1,000 requests in flight.
  let rpc: RpcClient;

  /** Sends a request as the gateway does: with its correlation id and, when it has one, its Idempotency-Key. */
  function send(request: Request): Promise<LeadDetailsV1> {
    const data = { actor: HEAD, input: request.input };
    return runWithCorrelation({ correlationId: request.correlationId }, () => {
      if (!request.key) return rpc.send(CREATE_LEAD_V1, data);
      const scope = new RequestKeyScope({ principalId: HEAD.id, key: request.key, fingerprint: `fp-${request.key}` }, 'http', CREATE_LEAD_V1.subject);
      return runWithRequestKey(scope, () => rpc.send(CREATE_LEAD_V1, data));
    });
  }

  /** Observations of the group-size histogram of the leads app: how many groups, and how many of size 1. */
  async function groupSizes(): Promise<{ groups: number; alone: number }> {
    const metric = await suite.app.get(Metrics).registry.getSingleMetric('saleswire_command_group_size')!.get();
    const values = metric.values as Array<(typeof metric.values)[number] & { metricName?: string }>;
    const of = (name: string, le?: string): number =>
      values.filter((v) => v.metricName === name && v.labels.group === 'create-lead' && (le === undefined || String(v.labels.le) === le)).reduce((n, v) => n + v.value, 0);
    return { groups: of('saleswire_command_group_size_count'), alone: of('saleswire_command_group_size_bucket', '1') };
  }

  beforeAll(async () => {
    suite = await startLeadsSuite({ DB_POOL_SIZE: '20' });
    ({ db } = suite);
    rpc = new RpcClient(messagingConfigFromEnv(suiteEnv('gateway', { RPC_TIMEOUT_MS: '120000' }), 'test-gateway'), new Metrics('test'));
    await suite.users(...M.map((id) => ({ id })), { id: GONE, active: false });
    await suite.rpc.send(PUT_LEAD_ASSIGNMENT_V1, { actor: HEAD, input: { strategy: 'round_robin', members: M.map((userId) => ({ userId, weight: 1, active: true })) } });
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await suite.close();
  });

  it('should answer each of 1,000 concurrent creations with its own lead or its own refusal, with exact turns and events once', async () => {
    const before = await groupSizes();
    const requests = burst();
    expect(requests).toHaveLength(1000);
    const settled = await Promise.allSettled(requests.map(send));

    // Each request has its own answer: its own lead (its name), or its refusal.
    const answers = new Map<Request, LeadDetailsV1>();
    settled.forEach((outcome, i) => {
      const request = requests[i];
      if (request.kind === 'inactive') {
        expect(outcome.status).toBe('rejected');
        const error = (outcome as PromiseRejectedResult).reason as ProblemError;
        expect(error).toBeInstanceOf(ProblemError);
        expect(error).toMatchObject({ status: 422, errors: [{ field: 'assigneeId', message: 'is a deactivated user' }] });
        return;
      }
      if (outcome.status === 'rejected') throw new Error(`${request.name}: ${String(outcome.reason)}`);
      expect(outcome.value).toMatchObject({ contact: { name: request.name }, status: 'new', version: 1 });
      expect(outcome.value.createdAt).toBe(outcome.value.updatedAt);
      answers.set(request, outcome.value);
    });
    const names = requests.map((r) => r.name);
    const stored = await db.rows<{ id: string; contact_name: string; assignee_id: string | null; duplicate_of_id: string | null; phone_norm: string | null; tx: string; created_at: Date }>(
      `SELECT id, contact_name, assignee_id, duplicate_of_id, phone_norm, xmin::text AS tx, created_at FROM $schema.lead WHERE contact_name = ANY($1::text[]) ORDER BY id`,
      [names],
    );
    // Nothing of a refused request; one lead per key, answered alike to both of its requests.
    expect(stored.filter((row) => row.contact_name.includes(' inactive '))).toHaveLength(0);
    expect(stored).toHaveLength(800);
    expect(new Set(stored.map((row) => row.contact_name)).size).toBe(800);
    const byName = new Map(stored.map((row) => [row.contact_name, row]));
    for (const [request, answer] of answers) {
      expect(answer.id).toBe(byName.get(request.name)!.id);
      expect(answer.assigneeId).toBe(byName.get(request.name)!.assignee_id);
      expect(answer.createdAt).toBe(byName.get(request.name)!.created_at.toISOString());
    }
    const keyed = requests.filter((r) => r.kind === 'keyed');
    for (const request of keyed) expect(answers.get(request)).toEqual(answers.get(keyed.find((r) => r.key === request.key && r !== request)!));
    expect(await db.count('request_key', 'key = ANY($1::text[])', [keyed.map((r) => r.key)])).toBe(100);

    // The second of a phone pair written in the same transaction as the first is its duplicate (it would be
    // one, were the first committed before); none is a duplicate of a lead outside its pair.
    const pairs = new Map<string, typeof stored>();
    for (const row of stored.filter((r) => r.phone_norm)) pairs.set(row.phone_norm!, [...(pairs.get(row.phone_norm!) ?? []), row]);
    expect(pairs.size).toBe(50);
    let together = 0;
    for (const [first, second] of pairs.values()) {
      expect(first.duplicate_of_id).toBeNull();
      if (first.tx === second.tx) {
        together++;
        expect(second.duplicate_of_id).toBe(first.id);
      } else {
        expect([null, first.id]).toContain(second.duplicate_of_id);
      }
    }
    expect(together).toBeGreaterThan(0);

    // Round robin stayed exact across the groups: 720 leads by the rule, 180 to each member; 80 kept by hand.
    const ledger = await db.rows<{ reason: string; assignee_id: string; n: number }>(
      `SELECT reason, assignee_id, count(*)::int AS n FROM $schema.assignment_ledger WHERE lead_id = ANY($1::uuid[]) GROUP BY 1, 2 ORDER BY 1, 2`,
      [stored.map((row) => row.id)],
    );
    expect(ledger).toEqual([
      ...M.map((id) => ({ reason: 'manual', assignee_id: id, n: 20 })),
      ...M.map((id) => ({ reason: 'round_robin', assignee_id: id, n: 180 })),
    ]);

    // One lead.created and one lead.assigned per lead, each with its own request's correlation id.
    const correlationOf = new Map(requests.filter((r) => r.kind !== 'keyed').map((r) => [byName.get(r.name)?.id, r.correlationId]));
    const ids = new Set(stored.map((row) => row.id));
    const events = await eventually(
      async () => (await suite.producer.messages('LEADS_EVENTS')).map((m) => ({ subject: m.subject, envelope: JSON.parse(m.data) })).filter((e) => ids.has(e.envelope.aggregateId)),
      (list) => list.length >= 1600,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    for (const subject of [LEAD_CREATED, LEAD_ASSIGNED]) {
      const of = events.filter((e) => e.subject.endsWith(subject));
      expect(of).toHaveLength(800);
      expect(new Set(of.map((e) => e.envelope.aggregateId)).size).toBe(800);
      for (const event of of) {
        if (correlationOf.has(event.envelope.aggregateId)) expect(event.envelope.correlationId).toBe(correlationOf.get(event.envelope.aggregateId));
      }
    }
    const keyedCorrelations = new Set(keyed.map((r) => r.correlationId));
    for (const event of events.filter((e) => !correlationOf.has(e.envelope.aggregateId))) expect(keyedCorrelations).toContain(event.envelope.correlationId);

    // The creations were grouped: fewer transactions than requests, some of more than one.
    const after = await groupSizes();
    expect(after.groups - before.groups).toBeLessThan(900);
    expect(after.groups - before.groups - (after.alone - before.alone)).toBeGreaterThan(0);
  }, 300_000);

  it('should answer a lone creation at once, in a group of its own, as before', async () => {
    const before = await groupSizes();
    const lead = await suite.rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: { ...LEAD_INPUT, contact: { name: `Alone ${randomUUID()}` } } });
    expect(lead).toMatchObject({ version: 1, isRepeat: false, assigneeId: expect.any(String) });
    const after = await groupSizes();
    expect([after.groups - before.groups, after.alone - before.alone]).toEqual([1, 1]);
  });
});
