import {
  CHANGE_LEAD_STATUS_V1,
  CREATE_LEAD_V1,
  GET_LEAD_V1,
  type LeadDetailsV1,
  LIST_LEADS_V1,
  type ListLeadsQueryV1,
  type Page,
  UPDATE_LEAD_V1,
} from '@saleswire/contracts';
import { ProblemError, type RpcClient } from '@saleswire/messaging';
import { eventually, TestProducer } from '@saleswire/testing';
import { HEAD, LEAD_INPUT, LeadsDb, type LeadsSuite, managerActor, startLeadsSuite } from './support';

const ANNA = '01936f0e-8a4b-7c3d-9e2f-0000000000a1';
const BORIS = '01936f0e-8a4b-7c3d-9e2f-0000000000b2';
/** A manager the gateway deactivated: no assignee any more. */
const GONE = '01936f0e-8a4b-7c3d-9e2f-0000000000d9';
const PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';

describe('leads: read, list, edit and move leads within the caller’s scope (real PostgreSQL and JetStream)', () => {
  let rpc: RpcClient;
  let db: LeadsDb;
  let producer: TestProducer;
  let suite: LeadsSuite;

  const create = (patch: object = {}, actor = HEAD): Promise<LeadDetailsV1> =>
    rpc.send(CREATE_LEAD_V1, { actor, input: { ...LEAD_INPUT, ...patch } });
  const list = (query: ListLeadsQueryV1, actor = HEAD): Promise<Page<LeadDetailsV1>> =>
    rpc.send(LIST_LEADS_V1, { actor, query });
  const failure = (promise: Promise<unknown>): Promise<ProblemError> =>
    promise.then(
      () => {
        throw new Error('expected the request to fail');
      },
      (error: unknown) => error as ProblemError,
    );

  beforeAll(async () => {
    suite = await startLeadsSuite();
    ({ db, producer, rpc } = suite);
    await suite.users({ id: ANNA }, { id: BORIS }, { id: GONE, active: false });
  });

  afterAll(() => suite.close());

  describe('reading one lead', () => {
    it('should answer the lead with its status history when the caller may see it', async () => {
      const lead = await create({ assigneeId: ANNA });
      const found = await rpc.send(GET_LEAD_V1, { actor: managerActor(ANNA), leadId: lead.id });
      expect(found).toMatchObject({ id: lead.id, status: 'new', assigneeId: ANNA, version: 1, statusReason: null, dealId: null });
      expect(found.statusHistory).toEqual([{ from: null, to: 'new', reason: null, actorId: HEAD.id, changedAt: expect.any(String) }]);
    });

    it.each([
      ['another manager', managerActor(BORIS)],
      ['a partner user of no partner of the lead', { id: 'pu-1', role: 'partner_user' as const, partnerId: PARTNER }],
      ['a channel manager on a direct lead', { id: BORIS, role: 'channel_manager' as const, partnerId: null }],
    ])('should answer 404 when %s asks for it', async (_who, actor) => {
      const lead = await create({ assigneeId: ANNA });
      const error = await failure(rpc.send(GET_LEAD_V1, { actor, leadId: lead.id }));
      expect(error).toMatchObject({ status: 404 });
    });

    it('should answer 404 when the lead does not exist', async () => {
      const error = await failure(rpc.send(GET_LEAD_V1, { actor: HEAD, leadId: '01936f0e-8a4b-7c3d-9e2f-00000000ffff' }));
      expect(error).toMatchObject({ status: 404, title: 'Lead not found' });
    });
  });

  describe('listing', () => {
    let mine: LeadDetailsV1[];

    beforeAll(async () => {
      mine = [];
      for (let i = 0; i < 5; i++) mine.push(await create({ assigneeId: ANNA, source: 'website', contact: { name: `Anna lead ${i}` } }));
      await create({ assigneeId: BORIS, source: 'cold_call', direction: 'outbound', contact: { name: 'Zhukov Pavel', phone: '8 (812) 555-01-02' }, company: { name: 'Baltic Timber', taxId: '7801 234-567' } });
      await create({ partnerId: PARTNER, assigneeId: BORIS, source: 'partner', contact: { name: 'Partner contact 100% sure_' } });
    });

    it('should page newest first through every lead with a cursor and no repeats when the limit is small', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ limit: 2, ownerId: ANNA, source: 'website', ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((lead) => lead.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(mine.map((lead) => lead.id).reverse());
    });

    it('should page oldest first, the leads waiting longest, when order is oldest', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ limit: 2, ownerId: ANNA, source: 'website', order: 'oldest', ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((lead) => lead.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(mine.map((lead) => lead.id));
    });

    it('should show a manager only the leads assigned to them whatever the filters say', async () => {
      const page = await list({ limit: 500, ownerId: BORIS }, managerActor(ANNA));
      expect(page.items).toEqual([]);
      const own = await list({ limit: 500 }, managerActor(ANNA));
      expect(own.items.length).toBeGreaterThanOrEqual(5);
      expect(own.items.every((lead) => lead.assigneeId === ANNA)).toBe(true);
    });

    it('should show a partner user only its partner’s leads', async () => {
      const page = await list({ limit: 500 }, { id: 'pu-1', role: 'partner_user', partnerId: PARTNER });
      expect(page.items.map((lead) => lead.partnerId)).toEqual([PARTNER]);
    });

    it.each([
      ['the name, in any case', 'zhukov', 'Zhukov Pavel'],
      ['the company', 'baltic tim', 'Zhukov Pavel'],
      ['the phone typed another way', '812 555 0102', 'Zhukov Pavel'],
      ['the tax id without its spaces', '7801234567', 'Zhukov Pavel'],
      ['a literal % and _', '100% sure_', 'Partner contact 100% sure_'],
    ])('should find a lead by %s when searching with q', async (_what, q, name) => {
      const page = await list({ q, limit: 50 });
      expect(page.items.map((lead) => lead.contact.name)).toEqual([name]);
    });

    it('should not treat % as a wildcard when searching', async () => {
      expect((await list({ q: '%%' })).items).toEqual([]);
    });

    it('should filter by status, direction and creation time together', async () => {
      const page = await list({ status: 'new', direction: 'outbound', createdFrom: new Date(Date.now() - 60_000).toISOString() });
      expect(page.items.map((lead) => lead.contact.name)).toEqual(['Zhukov Pavel']);
      expect((await list({ createdTo: '2000-01-01T00:00:00Z' })).items).toEqual([]);
    });

    it('should answer 400 naming the cursor when it is not one of ours', async () => {
      const error = await failure(list({ cursor: 'eyJ4IjoxfQ' }));
      expect(error).toMatchObject({ status: 400, errors: [{ field: 'cursor', message: expect.any(String) }] });
    });

    it.each([
      ['query.status', { status: 'lost' }],
      ['query.limit', { limit: 501 }],
      ['query.ownerId', { ownerId: 'anna' }],
      ['query.createdFrom', { createdFrom: 'yesterday' }],
      ['query.q', { q: 'x' }],
      ['query.unknown', { unknown: 1 }],
    ])('should answer 400 naming %s when it is invalid', async (field, query) => {
      const error = await failure(list(query as ListLeadsQueryV1));
      expect(error.status).toBe(400);
      expect(error.errors?.map((e) => e.field)).toContain(field);
    });
  });

  describe('region', () => {
    it('should store a region upper case, carry it in lead.created, and find it by its code or its country only', async () => {
      const bavarian = await create({ region: 'de-by', contact: { name: 'Region Bavaria' } });
      const berliner = await create({ region: 'DE-BE', contact: { name: 'Region Berlin' } });
      const french = await create({ region: 'FR', contact: { name: 'Region France' } });
      expect(bavarian.region).toBe('DE-BY');
      expect((await create({ contact: { name: 'Region none' } })).region).toBeNull();
      const ids = async (region: string): Promise<string[]> => (await list({ region, limit: 500 })).items.map((lead) => lead.id);
      expect(await ids('DE')).toEqual(expect.arrayContaining([bavarian.id, berliner.id]));
      expect(await ids('DE')).not.toContain(french.id);
      expect(await ids('DE-BY')).toContain(bavarian.id);
      expect(await ids('DE-BY')).not.toContain(berliner.id);
      const events = await eventually(
        () => producer.messages('LEADS_EVENTS'),
        (all) => all.some((m) => m.subject.endsWith('lead.created.v1') && m.data.includes(bavarian.id)),
      );
      const created = JSON.parse(events.find((m) => m.subject.endsWith('lead.created.v1') && m.data.includes(bavarian.id))!.data);
      expect(created.payload.region).toBe('DE-BY');
    });

    it('should change and clear a region with If-Match, naming it among the changed fields', async () => {
      const lead = await create({ region: 'RU-MOW' });
      const moved = await rpc.send(UPDATE_LEAD_V1, { actor: HEAD, leadId: lead.id, expectedVersion: 1, input: { region: 'ru-spe' } });
      expect(moved).toMatchObject({ region: 'RU-SPE', version: 2 });
      const cleared = await rpc.send(UPDATE_LEAD_V1, { actor: HEAD, leadId: lead.id, expectedVersion: 2, input: { region: null } });
      expect(cleared).toMatchObject({ region: null, version: 3 });
    });

    it.each([['Bavaria'], ['XX'], ['DE-BAYERN'], ['D']])('should refuse the region %s with a 400 naming region', async (region) => {
      const error = await failure(create({ region }));
      expect(error).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'input.region' })] });
    });
  });

  describe('editing with If-Match', () => {
    it('should change the fields, bump the version, refresh duplicate keys and publish lead.updated when the version matches', async () => {
      const lead = await create({ assigneeId: ANNA, title: 'Scanners' });
      const updated = await rpc.send(UPDATE_LEAD_V1, {
        actor: managerActor(ANNA),
        leadId: lead.id,
        expectedVersion: 1,
        input: { expectedAmount: 99.99, currency: 'USD', contact: { name: 'Irina V.', phone: '+7 999 000-11-22' }, title: null },
      });
      expect(updated).toMatchObject({ version: 2, expectedAmount: 99.99, currency: 'USD', contact: { name: 'Irina V.', phone: '+7 999 000-11-22' }, title: null });
      const [row] = await db.rows<{ phone_norm: string; email_norm: string | null }>(`SELECT phone_norm, email_norm FROM $schema.lead WHERE id = $1`, [lead.id]);
      expect(row).toEqual({ phone_norm: '79990001122', email_norm: null });
      const events = await eventually(
        () => producer.messages('LEADS_EVENTS'),
        (list) => list.some((m) => m.subject.endsWith('evt.leads.lead.updated.v1') && m.data.includes(lead.id)),
      );
      const event = JSON.parse(events.find((m) => m.subject.endsWith('lead.updated.v1') && m.data.includes(lead.id))!.data);
      expect(event).toMatchObject({ aggregateVersion: 2, payload: { leadId: lead.id, changed: ['contact', 'title', 'expectedAmount', 'currency'] } });
    });

    it('should answer 412 and change nothing when the version is stale', async () => {
      const lead = await create({ assigneeId: ANNA });
      await rpc.send(UPDATE_LEAD_V1, { actor: HEAD, leadId: lead.id, expectedVersion: 1, input: { comment: 'first' } });
      const error = await failure(rpc.send(UPDATE_LEAD_V1, { actor: HEAD, leadId: lead.id, expectedVersion: 1, input: { comment: 'second' } }));
      expect(error).toMatchObject({ status: 412 });
      const [row] = await db.rows<{ comment: string; version: number }>(`SELECT comment, version FROM $schema.lead WHERE id = $1`, [lead.id]);
      expect(row).toEqual({ comment: 'first', version: 2 });
    });

    it('should let exactly one of two concurrent edits of the same version win', async () => {
      const lead = await create({ assigneeId: ANNA });
      const results = await Promise.allSettled(
        ['a', 'b'].map((comment) => rpc.send(UPDATE_LEAD_V1, { actor: HEAD, leadId: lead.id, expectedVersion: 1, input: { comment } })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 412 } });
    });

    it('should write a manual assignment to the ledger when the assignee changes', async () => {
      const lead = await create({ assigneeId: ANNA });
      await rpc.send(UPDATE_LEAD_V1, { actor: HEAD, leadId: lead.id, expectedVersion: 1, input: { assigneeId: BORIS } });
      const ledger = await db.rows(`SELECT assignee_id, previous_assignee_id, reason FROM $schema.assignment_ledger WHERE lead_id = $1 ORDER BY assigned_at, id`, [lead.id]);
      expect(ledger).toEqual([
        { assignee_id: ANNA, previous_assignee_id: null, reason: 'manual' },
        { assignee_id: BORIS, previous_assignee_id: ANNA, reason: 'manual' },
      ]);
    });

    it('should answer 400 naming currency when an amount would be left without one', async () => {
      const lead = await create({ assigneeId: ANNA, expectedAmount: undefined, currency: undefined });
      const error = await failure(rpc.send(UPDATE_LEAD_V1, { actor: HEAD, leadId: lead.id, expectedVersion: 1, input: { expectedAmount: 10 } }));
      expect(error).toMatchObject({ status: 400, errors: [{ field: 'currency' }] });
    });

    it.each([
      ['a deactivated user', GONE, 'is a deactivated user'],
      ['an id no user has', '01936f0e-8a4b-7c3d-9e2f-0000000000e1', 'is not a user of the directory'],
    ])('should answer 422 naming assigneeId, and store nothing, when a lead is created or reassigned to %s', async (_what, assigneeId, message) => {
      const before = await db.count('lead');
      const refused = await failure(create({ assigneeId }));
      expect(refused).toMatchObject({ status: 422, errors: [{ field: 'assigneeId', message }] });
      expect(await db.count('lead')).toBe(before);
      const lead = await create({ assigneeId: ANNA });
      const error = await failure(rpc.send(UPDATE_LEAD_V1, { actor: HEAD, leadId: lead.id, expectedVersion: 1, input: { assigneeId } }));
      expect(error).toMatchObject({ status: 422, errors: [{ field: 'assigneeId', message }] });
      expect(await rpc.send(GET_LEAD_V1, { actor: HEAD, leadId: lead.id })).toMatchObject({ assigneeId: ANNA, version: 1 });
    });

    it('should answer 404 when a manager edits another manager’s lead', async () => {
      const lead = await create({ assigneeId: BORIS });
      const error = await failure(rpc.send(UPDATE_LEAD_V1, { actor: managerActor(ANNA), leadId: lead.id, expectedVersion: 1, input: { comment: 'x' } }));
      expect(error).toMatchObject({ status: 404 });
    });
  });

  describe('status moves', () => {
    it('should move the lead, keep its history and publish status-changed when the move is allowed', async () => {
      const lead = await create({ assigneeId: ANNA });
      await rpc.send(CHANGE_LEAD_STATUS_V1, { actor: managerActor(ANNA), leadId: lead.id, input: { status: 'in_progress' } });
      const junk = await rpc.send(CHANGE_LEAD_STATUS_V1, { actor: managerActor(ANNA), leadId: lead.id, input: { status: 'junk', reason: 'No budget' } });
      expect(junk).toMatchObject({ status: 'junk', statusReason: 'No budget', version: 3 });
      const found = await rpc.send(GET_LEAD_V1, { actor: HEAD, leadId: lead.id });
      expect(found.statusHistory?.map((h) => [h.from, h.to, h.reason])).toEqual([
        [null, 'new', null],
        ['new', 'in_progress', null],
        ['in_progress', 'junk', 'No budget'],
      ]);
      const messages = await eventually(
        () => producer.messages('LEADS_EVENTS'),
        (list) => list.filter((m) => m.subject.endsWith('lead.status-changed.v1') && m.data.includes(lead.id)).length === 2,
      );
      const last = JSON.parse(messages.filter((m) => m.subject.endsWith('lead.status-changed.v1') && m.data.includes(lead.id))[1].data);
      // It names the lead's partner (none: a direct lead), so the partners service tells a partner's feed without asking.
      expect(last).toMatchObject({ aggregateVersion: 3, payload: { from: 'in_progress', to: 'junk', reason: 'No budget', partnerId: null } });
    });

    it('should answer 422 and keep the lead as it was when a junk lead is moved again', async () => {
      const lead = await create({ assigneeId: ANNA });
      await rpc.send(CHANGE_LEAD_STATUS_V1, { actor: HEAD, leadId: lead.id, input: { status: 'junk', reason: 'Spam' } });
      const error = await failure(rpc.send(CHANGE_LEAD_STATUS_V1, { actor: HEAD, leadId: lead.id, input: { status: 'in_progress' } }));
      expect(error).toMatchObject({ status: 422 });
      expect(await db.count('lead_status_history', 'lead_id = $1', [lead.id])).toBe(1); // the move to junk only
    });

    it.each([
      ['input.reason', { status: 'junk' }],
      ['input.reason', { status: 'junk', reason: '' }],
      ['input.status', { status: 'converted' }],
      ['input.status', { status: 'new' }],
    ])('should answer 400 naming %s when the body is %j', async (field, input) => {
      const lead = await create({ assigneeId: ANNA });
      const error = await failure(rpc.send(CHANGE_LEAD_STATUS_V1, { actor: HEAD, leadId: lead.id, input } as never));
      expect(error.status).toBe(400);
      expect(error.errors?.map((e) => e.field)).toContain(field);
    });
  });
});
