import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CREATE_CUSTOMER_V1,
  CREATE_DEAL_V1,
  CREATE_PIPELINE_V1,
  type CreateDealInputV1,
  type CustomerViewV1,
  DEALS_EVENT_CATALOGUE,
  type DealViewV1,
  GET_DEAL_V1,
  LIST_DEALS_V1,
  LIST_PIPELINES_V1,
  MOVE_DEAL_STAGE_V1,
  type PaymentRecordedViewV1,
  RECORD_PAYMENT_V1,
  UPDATE_DEAL_V1,
} from '@saleswire/contracts';
import { type RpcClient, validateContract } from '@saleswire/messaging';
import { cleanupSuite, eventually, provisionUsers, seedUserDirectory, suiteSchema, TestProducer } from '@saleswire/testing';
import type { Client } from 'pg';
import { DEFAULT_PIPELINE_ID, REPEAT_PIPELINE_ID } from '../src/migrations/1764500000200-seed-pipelines';
import {
  ADMIN,
  CHANNEL,
  connectPg,
  count,
  HEAD,
  MANAGER_A,
  MANAGER_B,
  PARTNER_1,
  PARTNER_2,
  PARTNER_USER_1,
  publishedEvents,
  rpcClient,
  startDeals,
  DEACTIVATED_USER,
  DIRECTORY_USERS,
} from './support';

describe('deals: pipelines, deals, stage moves and payments (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;
  let customer: CustomerViewV1;
  let input: CreateDealInputV1;

  const create = (patch: Partial<CreateDealInputV1> = {}, actor = MANAGER_A): Promise<DealViewV1> =>
    rpc.send(CREATE_DEAL_V1, { actor, input: { ...input, ...patch } });
  const move = (id: string, stage: string, reason?: string, actor = MANAGER_A): Promise<DealViewV1> =>
    rpc.send(MOVE_DEAL_STAGE_V1, { actor, id, input: reason ? { stage, reason } : { stage } });
  const pay = (id: string, amount: number, paidAt = '2026-04-01T10:00:00Z', currency = 'EUR'): Promise<PaymentRecordedViewV1> =>
    rpc.send(RECORD_PAYMENT_V1, { actor: MANAGER_A, id, input: { amount, currency, paidAt, reference: 'INV-1' } });
  const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'succeeded', (error: unknown) => error);
  const eventsOf = async (dealId: string, type: string) =>
    (await publishedEvents(producer)).filter((e) => e.aggregateId === dealId && e.type === type);

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await provisionUsers(producer);
    app = await startDeals();
    rpc = rpcClient();
    // Owners and team members must be users of the directory, which the gateway's events fill.
    await seedUserDirectory(producer, pg, suiteSchema('deals'), DIRECTORY_USERS);
    customer = await rpc.send(CREATE_CUSTOMER_V1, { actor: MANAGER_A, input: { kind: 'company', name: 'Northwind', taxId: '7707083893' } });
    input = { title: 'Scanners for 3 sites', customerId: customer.id, amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct' };
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  describe('pipelines', () => {
    it('should have the default and the repeat pipeline with the default stages when the service starts', async () => {
      const { items, nextCursor } = await rpc.send(LIST_PIPELINES_V1, { actor: MANAGER_A });
      expect(nextCursor).toBeNull();
      const stages = [
        ['new', 'open', 10],
        ['qualification', 'open', 20],
        ['proposal', 'open', 40],
        ['approval', 'open', 60],
        ['contract', 'open', 80],
        ['payment', 'open', 90],
        ['won', 'won', 100],
        ['lost', 'lost', 0],
      ].map(([code, semantics, probability]) => expect.objectContaining({ code, semantics, probability }));
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: DEFAULT_PIPELINE_ID, kind: 'new_business', isDefault: true, requiresPayment: true, stages }),
          expect.objectContaining({ id: REPEAT_PIPELINE_ID, kind: 'repeat', isDefault: true, stages }),
        ]),
      );
    });

    it('should create a pipeline when an admin sends usable stages', async () => {
      const pipeline = await rpc.send(CREATE_PIPELINE_V1, {
        actor: ADMIN,
        input: {
          name: 'Retail',
          kind: 'new_business',
          requiresPayment: false,
          stages: [
            { code: 'basket', name: 'Basket', semantics: 'open', probability: 50 },
            { code: 'sold', name: 'Sold', semantics: 'won', probability: 100 },
            { code: 'gone', name: 'Gone', semantics: 'lost', probability: 0 },
          ],
        },
      });
      expect(pipeline).toMatchObject({ kind: 'new_business', isDefault: false, requiresPayment: false, stages: [{ code: 'basket' }, { code: 'sold' }, { code: 'gone' }] });
    });

    it.each([
      ['a manager creates one', MANAGER_A, 403],
      ['the stages have no won stage', ADMIN, 422],
    ])('should refuse a pipeline when %s', async (_case, actor, status) => {
      const stages = [
        { code: 'a', name: 'A', semantics: 'open', probability: 10 },
        { code: 'b', name: 'B', semantics: status === 422 ? 'open' : 'won', probability: 100 },
        { code: 'c', name: 'C', semantics: 'lost', probability: 0 },
      ];
      const error = await failure(rpc.send(CREATE_PIPELINE_V1, { actor, input: { name: 'X', kind: 'project', stages } } as never));
      expect(error).toMatchObject({ status });
    });
  });

  describe('opening and reading deals', () => {
    it('should open the deal in the first stage and publish deal.created with its facts when a manager opens it', async () => {
      const deal = await create({ expectedCloseDate: '2026-06-30', direction: 'outbound', source: 'cold_call' });
      expect(deal).toMatchObject({
        stage: 'new',
        status: 'open',
        probability: 10,
        isRepeat: false,
        version: 1,
        ownerId: MANAGER_A.id,
        pipelineId: DEFAULT_PIPELINE_ID,
        amount: 1000,
        currency: 'EUR',
        paidAmount: 0,
        expectedCloseDate: '2026-06-30',
        direction: 'outbound',
        source: 'cold_call',
      });
      const [event] = await eventually(() => eventsOf(deal.id, 'deals.deal.created'), (list) => list.length === 1);
      expect(event).toMatchObject({ aggregateVersion: 1, payload: { dealId: deal.id, amount: 1000, currency: 'EUR', ownerId: MANAGER_A.id, channel: 'direct', partnerId: null, pipelineId: DEFAULT_PIPELINE_ID, stage: 'new' } });
      const contract = DEALS_EVENT_CATALOGUE.find((entry) => entry.contract.type === 'deals.deal.created')!.contract;
      expect(validateContract(contract.payload, event.payload)).toMatchObject({ ok: true });
    });

    it('should answer 422 on customerId when the customer does not exist', async () => {
      const error = await failure(create({ customerId: '01936f10-0000-7000-8000-00000000dead' }));
      expect(error).toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'customerId' })] });
    });

    it('should answer 403 when a partner user opens a deal', async () => {
      expect(await failure(create({}, PARTNER_USER_1))).toMatchObject({ status: 403 });
    });

    it('should answer the stage history oldest first when a deal is read by id', async () => {
      const deal = await create();
      await move(deal.id, 'qualification');
      await move(deal.id, 'proposal');
      const read = await rpc.send(GET_DEAL_V1, { actor: MANAGER_A, id: deal.id });
      expect(read.stageHistory).toEqual([
        expect.objectContaining({ fromStage: null, toStage: 'new', changedBy: MANAGER_A.id }),
        expect.objectContaining({ fromStage: 'new', toStage: 'qualification' }),
        expect.objectContaining({ fromStage: 'qualification', toStage: 'proposal' }),
      ]);
      expect(read).toMatchObject({ stage: 'proposal', probability: 40, version: 3 });
    });
  });

  describe('changing a deal with If-Match', () => {
    it('should change the deal and move its version when the version matches', async () => {
      const deal = await create();
      const changed = await rpc.send(UPDATE_DEAL_V1, { actor: MANAGER_A, id: deal.id, expectedVersion: 1, input: { title: 'Scanners, 4 sites', amount: 1500 } });
      expect(changed).toMatchObject({ title: 'Scanners, 4 sites', amount: 1500, version: 2 });
    });

    it('should answer 412 and change nothing when the version is stale', async () => {
      const deal = await create();
      await rpc.send(UPDATE_DEAL_V1, { actor: MANAGER_A, id: deal.id, expectedVersion: 1, input: { title: 'first' } });
      const error = await failure(rpc.send(UPDATE_DEAL_V1, { actor: MANAGER_A, id: deal.id, expectedVersion: 1, input: { title: 'second' } }));
      expect(error).toMatchObject({ status: 412 });
      expect(await rpc.send(GET_DEAL_V1, { actor: MANAGER_A, id: deal.id })).toMatchObject({ title: 'first', version: 2 });
    });

    it('should publish deal.updated naming what changed when the title and amount change', async () => {
      const deal = await create();
      await rpc.send(UPDATE_DEAL_V1, { actor: MANAGER_A, id: deal.id, expectedVersion: 1, input: { title: 'Bigger', amount: 2000, currency: 'EUR' } });
      const [event] = await eventually(() => eventsOf(deal.id, 'deals.deal.updated'), (list) => list.length === 1);
      expect(event).toMatchObject({ aggregateVersion: 2, payload: { changed: ['title', 'amount'], amount: 2000, title: 'Bigger', stage: 'new' } });
    });

    it('should keep the version and publish nothing when the patch changes nothing', async () => {
      const deal = await create();
      const same = await rpc.send(UPDATE_DEAL_V1, { actor: MANAGER_A, id: deal.id, expectedVersion: 1, input: { title: deal.title, currency: 'EUR' } });
      expect(same.version).toBe(1);
      await eventually(() => eventsOf(deal.id, 'deals.deal.created'), (list) => list.length === 1);
      expect(await eventsOf(deal.id, 'deals.deal.updated')).toEqual([]);
    });

    it('should win the deal by itself, dated by the last payment, when its amount is lowered to what is paid', async () => {
      const deal = await create();
      await pay(deal.id, 600, '2026-02-10T10:00:00Z');
      const changed = await rpc.send(UPDATE_DEAL_V1, { actor: MANAGER_A, id: deal.id, expectedVersion: 2, input: { amount: 600 } });
      expect(changed).toMatchObject({ status: 'won', stage: 'won', amount: 600, paidAmount: 600, wonAt: '2026-02-10T10:00:00.000Z', version: 3 });
      const [won] = await eventually(() => eventsOf(deal.id, 'deals.deal.won'), (list) => list.length === 1);
      expect(won).toMatchObject({ aggregateVersion: 3, payload: { wonBy: 'payment' } });
    });

    it('should replace the team and move the version when only the team changes', async () => {
      const deal = await create({ type: 'project', team: [{ externalCompany: 'Bolt Logistics', role: 'carrier' }] });
      const changed = await rpc.send(UPDATE_DEAL_V1, {
        actor: MANAGER_A,
        id: deal.id,
        expectedVersion: 1,
        input: { team: [{ userId: MANAGER_B.id, role: 'engineer' }, { partnerId: PARTNER_1, role: 'installer' }] },
      });
      expect(changed.version).toBe(2);
      expect(changed.team).toEqual([
        { userId: MANAGER_B.id, partnerId: null, externalCompany: null, role: 'engineer' },
        { userId: null, partnerId: PARTNER_1, externalCompany: null, role: 'installer' },
      ]);
    });

    it.each([
      ['a deactivated owner', { ownerId: DEACTIVATED_USER }, 'ownerId', 'is a deactivated user'],
      ['an owner no user has', { ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000ee' }, 'ownerId', 'is not a user of the directory'],
      ['a deactivated team member', { type: 'project' as const, team: [{ userId: MANAGER_B.id, role: 'engineer' }, { userId: DEACTIVATED_USER, role: 'lawyer' }] }, 'team.1.userId', 'is a deactivated user'],
    ])('should refuse %s with 422 naming the field, and open nothing', async (_what, patch, field, message) => {
      const before = await count(pg, 'deal');
      const error = await failure(create(patch));
      expect(error).toMatchObject({ status: 422, errors: [{ field, message }] });
      expect(await count(pg, 'deal')).toBe(before);
    });

    it('should refuse a deactivated team member in a change, with 422 and the version unmoved', async () => {
      const deal = await create({ type: 'project' });
      const error = await failure(rpc.send(UPDATE_DEAL_V1, { actor: MANAGER_A, id: deal.id, expectedVersion: 1, input: { team: [{ userId: DEACTIVATED_USER, role: 'engineer' }] } }));
      expect(error).toMatchObject({ status: 422, errors: [{ field: 'team.0.userId' }] });
      expect((await rpc.send(GET_DEAL_V1, { actor: MANAGER_A, id: deal.id })).version).toBe(1);
    });
  });

  describe('stage moves', () => {
    it('should publish stage-changed with the aggregate version when an open deal moves to another open stage', async () => {
      const deal = await create();
      const moved = await move(deal.id, 'contract');
      expect(moved).toMatchObject({ stage: 'contract', probability: 80, version: 2 });
      const [event] = await eventually(() => eventsOf(deal.id, 'deals.deal.stage-changed'), (list) => list.length === 1);
      expect(event).toMatchObject({ aggregateVersion: 2, payload: { fromStage: 'new', stage: 'contract', semantics: 'open', probability: 80, amount: 1000 } });
    });

    it('should answer 412 and keep the deal where it is when the move names a version the deal has moved past', async () => {
      const deal = await create();
      await move(deal.id, 'qualification');
      const error = await failure(rpc.send(MOVE_DEAL_STAGE_V1, { actor: MANAGER_A, id: deal.id, expectedVersion: 1, input: { stage: 'proposal' } }));
      expect(error).toMatchObject({ status: 412, title: 'Precondition failed' });
      expect(await rpc.send(GET_DEAL_V1, { actor: MANAGER_A, id: deal.id })).toMatchObject({ stage: 'qualification', version: 2 });
    });

    it.each([
      ['names the current version', 1],
      ['names none', undefined],
    ])('should move the deal when the move %s', async (_case, expectedVersion) => {
      const deal = await create();
      const moved = await rpc.send(MOVE_DEAL_STAGE_V1, { actor: MANAGER_A, id: deal.id, expectedVersion, input: { stage: 'proposal' } });
      expect(moved).toMatchObject({ stage: 'proposal', version: 2 });
    });

    it.each([
      ['lost without a reason', 'lost', undefined, 'reason'],
      ['won by hand before any payment', 'won', undefined, 'stage'],
      ['a stage the pipeline does not have', 'negotiation', undefined, 'stage'],
    ])('should answer 422 and keep the deal where it is when moved to %s', async (_case, stage, reason, field) => {
      const deal = await create();
      const error = await failure(move(deal.id, stage, reason));
      expect(error).toMatchObject({ status: 422, errors: [expect.objectContaining({ field })] });
      expect(await rpc.send(GET_DEAL_V1, { actor: MANAGER_A, id: deal.id })).toMatchObject({ stage: 'new', version: 1 });
    });

    it('should close the deal, publish lost with the reason, and refuse any further move when it is lost', async () => {
      const deal = await create();
      const lost = await move(deal.id, 'lost', 'Chose a competitor');
      expect(lost).toMatchObject({ status: 'lost', stage: 'lost', probability: 0, lostReason: 'Chose a competitor', closedAt: expect.any(String) });
      const [event] = await eventually(() => eventsOf(deal.id, 'deals.deal.lost'), (list) => list.length === 1);
      expect(event.payload).toMatchObject({ reason: 'Chose a competitor', fromStage: 'new', amount: 1000 });
      expect(await failure(move(deal.id, 'proposal'))).toMatchObject({ status: 422, errors: [expect.objectContaining({ message: 'closed' })] });
      expect(await failure(pay(deal.id, 10))).toMatchObject({ status: 422 });
    });

    it('should let a deal be won by hand before payment when its pipeline does not require payment', async () => {
      const { items } = await rpc.send(LIST_PIPELINES_V1, { actor: ADMIN });
      const retail = items.find((p) => p.name === 'Retail')!;
      const deal = await create({ pipelineId: retail.id, type: 'transactional' });
      expect(deal.stage).toBe('basket');
      const won = await move(deal.id, 'sold');
      expect(won).toMatchObject({ status: 'won', stage: 'sold', paidAmount: 0, wonAt: expect.any(String) });
      const [event] = await eventually(() => eventsOf(deal.id, 'deals.deal.won'), (list) => list.length === 1);
      expect(event.payload).toMatchObject({ wonBy: 'hand', paidAmount: 0 });
    });
  });

  describe('payments', () => {
    it('should keep the deal open after a partial payment and win it by itself when the payments cover the amount', async () => {
      const deal = await create();
      await move(deal.id, 'payment');
      const first = await pay(deal.id, 400, '2026-03-20T10:00:00Z');
      expect(first.deal).toMatchObject({ status: 'open', stage: 'payment', paidAmount: 400, version: 3 });
      expect(first.payment).toMatchObject({ amount: 400, currency: 'EUR', reference: 'INV-1', paidAt: '2026-03-20T10:00:00.000Z' });
      const second = await pay(deal.id, 600, '2026-04-02T09:00:00Z');
      // Dated by the payment that completed it, not by the moment it was recorded.
      expect(second.deal).toMatchObject({ status: 'won', stage: 'won', probability: 100, paidAmount: 1000, version: 4, wonAt: '2026-04-02T09:00:00.000Z' });

      const events = await eventually(() => publishedEvents(producer), (list) => list.some((e) => e.aggregateId === deal.id && e.type === 'deals.deal.won'));
      const ofDeal = events.filter((e) => e.aggregateId === deal.id);
      const payments = ofDeal.filter((e) => e.type === 'deals.deal.payment-recorded');
      expect(payments.map((e) => [e.aggregateVersion, e.payload.covered, e.payload.paidAmount])).toEqual([[3, false, 400], [4, true, 1000]]);
      expect(ofDeal.find((e) => e.type === 'deals.deal.won')).toMatchObject({
        aggregateVersion: 4,
        payload: { wonBy: 'payment', wonAt: '2026-04-02T09:00:00.000Z', paidAmount: 1000, amount: 1000, currency: 'EUR', ownerId: MANAGER_A.id },
      });
      expect(ofDeal.find((e) => e.type === 'deals.deal.stage-changed' && e.payload.stage === 'won')).toMatchObject({ payload: { fromStage: 'payment', semantics: 'won' } });
      expect(await count(pg, 'payment', 'deal_id = $1', [deal.id])).toBe(2);
    });

    it('should answer 422 and store nothing when the payment is in another currency', async () => {
      const deal = await create();
      expect(await failure(pay(deal.id, 100, undefined, 'USD'))).toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'currency' })] });
      expect(await count(pg, 'payment', 'deal_id = $1', [deal.id])).toBe(0);
    });

    it('should mark the next deal of a customer as repeat, in the repeat pipeline, when the customer has a won deal', async () => {
      const other = await rpc.send(CREATE_CUSTOMER_V1, { actor: MANAGER_A, input: { kind: 'person', name: 'Anna', email: 'anna@example.com' } });
      const first = await create({ customerId: other.id });
      expect(first.isRepeat).toBe(false);
      await pay(first.id, 1000);
      const second = await create({ customerId: other.id });
      expect(second).toMatchObject({ isRepeat: true, pipelineId: REPEAT_PIPELINE_ID, stage: 'new' });
    });
  });

  describe('scopes', () => {
    it('should hide a deal from another manager with 404 until that manager joins its team', async () => {
      const deal = await create();
      expect(await failure(rpc.send(GET_DEAL_V1, { actor: MANAGER_B, id: deal.id }))).toMatchObject({ status: 404 });
      expect(await failure(move(deal.id, 'proposal', undefined, MANAGER_B))).toMatchObject({ status: 404 });
      await rpc.send(UPDATE_DEAL_V1, { actor: MANAGER_A, id: deal.id, expectedVersion: 1, input: { team: [{ userId: MANAGER_B.id, role: 'engineer' }] } });
      expect(await rpc.send(GET_DEAL_V1, { actor: MANAGER_B, id: deal.id })).toMatchObject({ id: deal.id });
      const listB = await rpc.send(LIST_DEALS_V1, { actor: MANAGER_B, query: { limit: 500 } });
      expect(listB.items.map((d) => d.id)).toContain(deal.id);
      expect(listB.items.every((d) => d.ownerId === MANAGER_B.id || d.team.some((m) => m.userId === MANAGER_B.id))).toBe(true);
    });

    it('should show a partner user only its partner’s indirect deals, and a channel manager every indirect deal', async () => {
      const mine = await create({ channel: 'indirect', partnerId: PARTNER_1 }, CHANNEL);
      const theirs = await create({ channel: 'indirect', partnerId: PARTNER_2 }, CHANNEL);
      const direct = await create({}, HEAD);
      const partnerList = await rpc.send(LIST_DEALS_V1, { actor: PARTNER_USER_1, query: { limit: 500 } });
      expect(partnerList.items.map((d) => d.id)).toEqual([mine.id]);
      expect(await failure(rpc.send(GET_DEAL_V1, { actor: PARTNER_USER_1, id: theirs.id }))).toMatchObject({ status: 404 });
      const channelList = await rpc.send(LIST_DEALS_V1, { actor: CHANNEL, query: { limit: 500 } });
      expect(channelList.items.map((d) => d.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      expect(channelList.items.map((d) => d.id)).not.toContain(direct.id);
      expect(await failure(move(mine.id, 'proposal', undefined, PARTNER_USER_1))).toMatchObject({ status: 403 });
      expect(await failure(create({}, CHANNEL))).toMatchObject({ status: 403 }); // a direct deal it could not see
    });

    it('should find deals by words of their title when q is given', async () => {
      const deal = await create({ title: 'Forklift batteries' });
      const found = await rpc.send(LIST_DEALS_V1, { actor: ADMIN, query: { q: 'FORKLIFT' } });
      expect(found.items.map((d) => d.id)).toEqual([deal.id]);
    });

    it('should filter the list by status when asked', async () => {
      const won = await rpc.send(LIST_DEALS_V1, { actor: ADMIN, query: { status: 'won', limit: 500 } });
      expect(won.items.length).toBeGreaterThan(0);
      expect(won.items.every((d) => d.status === 'won')).toBe(true);
    });

    it('should filter by stage, direction and an expected-close day range (to exclusive), paging by keyset through the matches', async () => {
      const march = await create({ title: 'Closes in March', expectedCloseDate: '2026-03-31', direction: 'outbound' });
      const april = await create({ title: 'Closes in April', expectedCloseDate: '2026-04-01', direction: 'inbound' });
      const may = await create({ title: 'Closes in May', expectedCloseDate: '2026-05-15', direction: 'outbound' });
      await create({ title: 'No close date', direction: 'outbound' });
      await move(may.id, 'proposal');
      const ids = async (query: object, actor = ADMIN): Promise<string[]> => (await rpc.send(LIST_DEALS_V1, { actor, query: { limit: 500, ...query } })).items.map((d) => d.id);
      expect(await ids({ expectedCloseFrom: '2026-03-01', expectedCloseTo: '2026-04-01' })).toEqual([march.id]);
      expect(await ids({ expectedCloseFrom: '2026-03-01', expectedCloseTo: '2026-06-01' })).toEqual([may.id, april.id, march.id]);
      const spring = { expectedCloseFrom: '2026-03-01', expectedCloseTo: '2026-06-01' };
      expect(await ids({ ...spring, direction: 'outbound' })).toEqual([may.id, march.id]);
      expect(await ids({ ...spring, stage: 'proposal' })).toEqual([may.id]);
      const stages = (await rpc.send(LIST_DEALS_V1, { actor: ADMIN, query: { stage: 'proposal', limit: 500 } })).items.map((d) => d.stage);
      expect(stages.length).toBeGreaterThan(0);
      expect(new Set(stages)).toEqual(new Set(['proposal']));
      const first = await rpc.send(LIST_DEALS_V1, { actor: ADMIN, query: { expectedCloseFrom: '2026-03-01', expectedCloseTo: '2026-06-01', limit: 2 } });
      const next = await rpc.send(LIST_DEALS_V1, { actor: ADMIN, query: { expectedCloseFrom: '2026-03-01', expectedCloseTo: '2026-06-01', limit: 2, cursor: first.nextCursor! } });
      expect([...first.items, ...next.items].map((d) => d.id)).toEqual([may.id, april.id, march.id]);
      expect(next.nextCursor).toBeNull();
      // Another manager's deals stay out of its scope under any filter.
      expect(await ids(spring, MANAGER_B)).toEqual([]);
    });

    it('should find a deal by its customer’s name as well as by its title', async () => {
      const found = await rpc.send(LIST_DEALS_V1, { actor: ADMIN, query: { q: 'northw', limit: 500 } });
      expect(found.items.length).toBeGreaterThan(0);
      expect(found.items.every((d) => d.customerId === customer.id)).toBe(true);
    });
  });
});
