import {
  CREATE_LEAD_V1,
  GET_LEAD_ASSIGNMENT_V1,
  type LeadAssignmentRuleInputV1,
  type LeadAssignmentRuleViewV1,
  type LeadDetailsV1,
  PUT_LEAD_ASSIGNMENT_V1,
} from '@saleswire/contracts';
import { forEachConcurrent, ProblemError, type RpcClient } from '@saleswire/messaging';
import { eventually, TestProducer } from '@saleswire/testing';
import { HEAD, LEAD_INPUT, LeadsDb, type LeadsSuite, startLeadsSuite } from './support';

const M = ['01936f0e-8a4b-7c3d-9e2f-0000000000c1', '01936f0e-8a4b-7c3d-9e2f-0000000000c2', '01936f0e-8a4b-7c3d-9e2f-0000000000c3', '01936f0e-8a4b-7c3d-9e2f-0000000000c4'];
/** An id the directory never hears of (an invented one, or an API key's: keys are no users). */
const STRANGER = '01936f0e-8a4b-7c3d-9e2f-0000000000f9';

describe('leads: assignment by rule, fair under concurrency, with ledger and events (real PostgreSQL and JetStream)', () => {
  let rpc: RpcClient;
  let db: LeadsDb;
  let producer: TestProducer;
  let suite: LeadsSuite;

  const putRule = (input: LeadAssignmentRuleInputV1): Promise<LeadAssignmentRuleViewV1> =>
    rpc.send(PUT_LEAD_ASSIGNMENT_V1, { actor: HEAD, input });
  // Unrelated contacts, so that no lead is a duplicate of another.
  const createLead = (i: number, patch: object = {}): Promise<LeadDetailsV1> =>
    rpc.send(CREATE_LEAD_V1, {
      actor: HEAD,
      input: { ...LEAD_INPUT, contact: { name: `Lead ${i}` }, company: undefined, ...patch },
    });
  async function countsBy(ids: string[]): Promise<Record<string, number>> {
    const rows = await db.rows<{ assignee_id: string; n: number }>(
      `SELECT assignee_id, count(*)::int AS n FROM $schema.lead WHERE id = ANY($1::uuid[]) GROUP BY assignee_id`,
      [ids],
    );
    return Object.fromEntries(rows.map((r) => [r.assignee_id, r.n]));
  }

  beforeAll(async () => {
    suite = await startLeadsSuite({ DB_POOL_SIZE: '20' });
    ({ db, producer, rpc } = suite);
    await suite.users(...M.map((id) => ({ id })));
  });

  afterAll(() => suite.close());

  it('should leave a lead unassigned when the rule has no active member', async () => {
    const rule = await rpc.send(GET_LEAD_ASSIGNMENT_V1, { actor: HEAD });
    expect(rule).toMatchObject({ strategy: 'round_robin', members: [], version: 1, updatedAt: null });
    const lead = await createLead(0);
    expect(lead.assigneeId).toBeNull();
    expect(await db.count('assignment_ledger', 'lead_id = $1', [lead.id])).toBe(0);
  });

  it('should give each of 4 equal members exactly 250 of 1,000 leads created 50 at a time with round robin', async () => {
    const rule = await putRule({ strategy: 'round_robin', members: M.map((userId) => ({ userId, weight: 1, active: true })) });
    expect(rule).toMatchObject({ strategy: 'round_robin', version: 2, updatedAt: expect.any(String) });
    const ids: string[] = [];
    await forEachConcurrent([...Array(1000).keys()], 50, async (i) => {
      ids.push((await createLead(i)).id);
    });
    expect(await countsBy(ids)).toEqual(Object.fromEntries(M.map((id) => [id, 250])));
    const ledger = await db.rows<{ reason: string; rule_version: number; n: number }>(
      `SELECT reason, rule_version, count(*)::int AS n FROM $schema.assignment_ledger WHERE lead_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [ids],
    );
    expect(ledger).toEqual([{ reason: 'round_robin', rule_version: 2, n: 1000 }]);
    const assigned = await eventually(
      async () => (await producer.messages('LEADS_EVENTS')).filter((m) => m.subject.endsWith('evt.leads.lead.assigned.v1')),
      (list) => list.length >= 1000,
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const payloads = assigned.map((m) => JSON.parse(m.data).payload).filter((p) => ids.includes(p.leadId));
    expect(payloads).toHaveLength(1000);
    expect(payloads[0]).toMatchObject({ reason: 'round_robin', ruleVersion: 2, previousAssigneeId: null });
  }, 120_000);

  it('should share leads by weight and skip inactive members when weighted', async () => {
    await putRule({
      strategy: 'weighted',
      members: [
        { userId: M[0], weight: 3, active: true },
        { userId: M[1], weight: 1, active: true },
        { userId: M[2], weight: 5, active: false },
      ],
    });
    const ids: string[] = [];
    await forEachConcurrent([...Array(40).keys()], 10, async (i) => {
      ids.push((await createLead(i)).id);
    });
    expect(await countsBy(ids)).toEqual({ [M[0]]: 30, [M[1]]: 10 });
  });

  it('should give new leads to the member with the fewest open leads when least loaded', async () => {
    await putRule({ strategy: 'least_loaded', members: [M[2], M[3]].map((userId) => ({ userId, weight: 1, active: true })) });
    // M[2] and M[3] hold 250 open leads each from round robin; close 10 of M[3]'s.
    await db.rows(
      `UPDATE $schema.lead SET status = 'junk' WHERE id IN (SELECT id FROM $schema.lead WHERE assignee_id = $1 LIMIT 10)`,
      [M[3]],
    );
    const ids: string[] = [];
    await forEachConcurrent([...Array(14).keys()], 7, async (i) => {
      ids.push((await createLead(i)).id);
    });
    // 10 to M[3] to catch up, then the 4 left alternate.
    expect(await countsBy(ids)).toEqual({ [M[2]]: 2, [M[3]]: 12 });
  });

  it('should keep an explicit assignee and record it as a manual decision', async () => {
    const lead = await createLead(1, { assigneeId: M[1] });
    expect(lead.assigneeId).toBe(M[1]);
    const [entry] = await db.rows(`SELECT reason, rule_version FROM $schema.assignment_ledger WHERE lead_id = $1`, [lead.id]);
    expect(entry).toEqual({ reason: 'manual', rule_version: null });
  });

  it.each([
    ['input.strategy', { strategy: 'random', members: [] }],
    ['input.members.0.userId', { strategy: 'weighted', members: [{ userId: 'anna', weight: 1, active: true }] }],
    ['input.members.0.weight', { strategy: 'weighted', members: [{ userId: M[0], weight: 0, active: true }] }],
    ['input.members.0.active', { strategy: 'weighted', members: [{ userId: M[0], weight: 1, active: 'yes' }] }],
    ['input.members', { strategy: 'weighted', members: [{ userId: M[0], weight: 1, active: true }, { userId: M[0], weight: 2, active: true }] }],
  ])('should answer 400 naming %s and keep the rule when it is invalid', async (field, input) => {
    const before = await rpc.send(GET_LEAD_ASSIGNMENT_V1, { actor: HEAD });
    const error = (await putRule(input as never).catch((e: unknown) => e)) as ProblemError;
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.status).toBe(400);
    expect(error.errors?.map((e) => e.field)).toContain(field);
    expect(await rpc.send(GET_LEAD_ASSIGNMENT_V1, { actor: HEAD })).toEqual(before);
  });

  it('should give a member the gateway deactivated no more leads, as if inactive in the rule, and refuse them as an explicit assignee', async () => {
    await putRule({ strategy: 'round_robin', members: [M[0], M[1]].map((userId) => ({ userId, weight: 1, active: true })) });
    await suite.users({ id: M[1], active: false });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await createLead(2000 + i)).id);
    expect(await countsBy(ids)).toEqual({ [M[0]]: 6 });
    const error = (await createLead(2100, { assigneeId: M[1] }).catch((e: unknown) => e)) as ProblemError;
    expect(error).toMatchObject({ status: 422, errors: [{ field: 'assigneeId', message: 'is a deactivated user' }] });
    expect((await rpc.send(GET_LEAD_ASSIGNMENT_V1, { actor: HEAD })).members.map((member) => member.active)).toEqual([true, true]);
  });

  it('should refuse a rule naming an unknown id, or a deactivated user marked active, with 422 naming each, and keep the rule', async () => {
    const before = await rpc.send(GET_LEAD_ASSIGNMENT_V1, { actor: HEAD });
    const error = (await putRule({
      strategy: 'round_robin',
      members: [
        { userId: M[0], weight: 1, active: true },
        { userId: STRANGER, weight: 1, active: true },
        { userId: M[1], weight: 1, active: true },
      ],
    }).catch((e: unknown) => e)) as ProblemError;
    expect(error).toMatchObject({
      status: 422,
      errors: [
        { field: 'members.1.userId', message: 'is not a user of the directory' },
        { field: 'members.2.userId', message: 'is a deactivated user' },
      ],
    });
    expect(await rpc.send(GET_LEAD_ASSIGNMENT_V1, { actor: HEAD })).toEqual(before);
  });

  it('should keep a deactivated user in the rule when marked inactive there, and refuse an unknown id even so', async () => {
    const rule = await putRule({ strategy: 'round_robin', members: [{ userId: M[0], weight: 1, active: true }, { userId: M[1], weight: 1, active: false }] });
    expect(rule.members.map((member) => member.userId)).toEqual([M[0], M[1]]);
    const error = (await putRule({ strategy: 'round_robin', members: [{ userId: STRANGER, weight: 1, active: false }] }).catch((e: unknown) => e)) as ProblemError;
    expect(error).toMatchObject({ status: 422, errors: [{ field: 'members.0.userId', message: 'is not a user of the directory' }] });
  });
});
