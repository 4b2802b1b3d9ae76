import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ActorV1, encodeCursor, type ListCustomersQueryV1, type ListDealsQueryV1 } from '@saleswire/contracts';
import { cleanupSuite, expectIndexScan, expectNoSeqScanOn, explainPlan, nodeTypes, scanNodes, suiteSchema, TestProducer, type PlanNode } from '@saleswire/testing';
import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CustomerService } from '../src/customer/customer.service';
import { DealQueryService } from '../src/deal/deal-query.service';
import { RepeatSaleService } from '../src/repeat-sale/repeat-sale.service';
import { CHANNEL, connectPg, HEAD, MANAGER_A, PARTNER_1, PARTNER_USER_1, startDeals } from './support';

const CUSTOMER = '01936f0e-8a4b-7c3d-9e2f-0000000c0001';
// The next page's cursor in the middle of the seeded ids (made from md5, so every run plans on the same rows): a
// cursor below nearly every id let a walk of the primary key, filtered, look as cheap as the filter's index.
const CURSOR_ID = '80000000-0000-4000-8000-000000000000';
const BIG = ['deal', 'customer', 'deal_team_member', 'customer_rhythm'];

/**
 * Plan tests of the deals and customers lists (issue 16): the SQL each list issues, as `listQuery` builds it
 * for the request, explained on a seeded schema with sequential scans discouraged (libs/testing query-plan):
 * no sequential scan of the big tables for any documented filter and scope, and the index meant for it used.
 */
describe('deals: list plans at any size (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let producer: TestProducer;
  let pg: Client;
  let dataSource: DataSource;
  let deals: DealQueryService;
  let customers: CustomerService;
  let pipelineId: string;

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    app = await startDeals();
    dataSource = app.get<DataSource>(getDataSourceToken());
    deals = app.get(DealQueryService);
    customers = app.get(CustomerService);
    const s = `"${suiteSchema('deals')}"`;
    pipelineId = (await pg.query(`SELECT id FROM ${s}.pipeline WHERE kind = 'new_business'`)).rows[0].id;
    await pg.query(
      `INSERT INTO ${s}.customer (id, version, kind, name, email, phone, tax_id, email_key, phone_key, tax_id_key, owner_id, created_by)
       SELECT CASE WHEN n = 1 THEN $1::uuid ELSE md5('customer ' || n)::uuid END, 1, CASE WHEN n % 3 = 0 THEN 'person' ELSE 'company' END,
              'Customer ' || n, 'c' || n || '@x.example', '+7 900 ' || n, (7700000000 + n)::text,
              'c' || n || '@x.example', '7900' || lpad(n::text, 7, '0'), (7700000000 + n)::text, $2, 'spec'
         FROM generate_series(1, 30000) n`,
      [CUSTOMER, MANAGER_A.id],
    );
    await pg.query(
      `INSERT INTO ${s}.deal (id, version, title, customer_id, pipeline_id, stage, status, probability, type, channel, partner_id, owner_id, created_by)
       SELECT md5('deal ' || n)::uuid, 1, 'Deal ' || n, (SELECT id FROM ${s}.customer ORDER BY id LIMIT 1 OFFSET n % 300), $1, 'new', 'open', 10,
              'transactional', CASE WHEN n % 5 = 0 THEN 'indirect' ELSE 'direct' END, CASE WHEN n % 5 = 0 THEN $2::uuid END, $3, 'spec'
         FROM generate_series(1, 600) n`,
      [pipelineId, PARTNER_1, MANAGER_A.id],
    );
    await pg.query(
      `INSERT INTO ${s}.customer_rhythm (customer_id, purchases, last_purchase_at, median_interval_days, next_expected_at)
       SELECT id, 2, now() - interval '30 days', 30, now() + (row_number() OVER (ORDER BY id)) * interval '1 day' FROM ${s}.customer`,
    );
    await pg.query(`INSERT INTO ${s}.deal_team_member (id, deal_id, user_id, role) SELECT md5('member ' || id)::uuid, id, $1, 'presales' FROM ${s}.deal ORDER BY id LIMIT 50`, [HEAD.id]);
    // VACUUM as well as ANALYZE, as autovacuum does to a live table: rows inserted after a GIN index was made wait in
    // its pending list, which the planner prices as read whole; on a freshly seeded table that priced the trigram
    // index of the search key above walking the primary key, and the plan said nothing about a table in use.
    for (const table of BIG) await pg.query(`VACUUM ANALYZE ${s}.${table}`);
  });

  afterAll(async () => {
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  async function dealPlan(query: Partial<ListDealsQueryV1>, actor: ActorV1, options = { sortOff: true }): Promise<PlanNode> {
    const [sql, params] = deals.listQuery(query as ListDealsQueryV1, actor).take(51).getQueryAndParameters();
    return explainPlan(dataSource, sql, params, options);
  }

  async function customerPlan(query: Partial<ListCustomersQueryV1>, actor: ActorV1, options = { sortOff: true }): Promise<PlanNode> {
    const [sql, params] = customers.listQuery(query as ListCustomersQueryV1, actor).take(51).getQueryAndParameters();
    return explainPlan(dataSource, sql, params, options);
  }

  // Each documented filter of GET /deals, alone and with the next page's cursor, read in keyset order from its index.
  it.each<[string, Partial<ListDealsQueryV1>, string]>([
    ['no filter', {}, 'deal_pkey'],
    ['status', { status: 'won' }, 'deal_status_id_idx'],
    ['pipelineId', { pipelineId: '01936f0e-8a4b-7c3d-9e2f-0000000e0001' }, 'deal_pipeline_id_idx'],
    ['ownerId', { ownerId: MANAGER_A.id }, 'deal_owner_idx'],
    ['ownerId and status', { ownerId: MANAGER_A.id, status: 'lost' }, 'deal_owner_status_id_idx'],
    ['customerId', { customerId: CUSTOMER }, 'deal_customer_id_idx'],
    ['channel', { channel: 'indirect' }, 'deal_channel_id_idx'],
    ['stage', { stage: 'proposal' }, 'deal_stage_id_idx'],
    ['direction', { direction: 'outbound' }, 'deal_direction_id_idx'],
    ['partnerId', { partnerId: PARTNER_1 }, 'deal_partner_idx'],
    ['partnerId and status', { partnerId: PARTNER_1, status: 'won' }, 'deal_partner_status_id_idx'],
  ])('should read deals by %s from %s in keyset order when the head of sales lists them', async (_name, query, index) => {
    for (const page of [query, { ...query, cursor: encodeCursor({ id: CURSOR_ID }) }]) {
      const plan = await dealPlan(page, HEAD);
      expectNoSeqScanOn(plan, BIG);
      expectIndexScan(plan, index);
      expect(nodeTypes(plan)).not.toContain('Sort');
    }
  });

  it.each<[string, ActorV1, string]>([
    ['a channel manager (indirect deals)', CHANNEL, 'deal_channel_id_idx'],
    ["a partner user (its partner's deals)", PARTNER_USER_1, 'deal_partner_idx'],
  ])('should read the scope of %s from its index in keyset order', async (_who, actor, index) => {
    const plan = await dealPlan({}, actor);
    expectNoSeqScanOn(plan, BIG);
    expectIndexScan(plan, index);
  });

  it('should read a manager’s deals (owned or in the team) without a sequential scan, the team by its user index', async () => {
    for (const query of [{}, { status: 'won' as const }, { customerId: CUSTOMER }]) {
      const plan = await dealPlan(query, MANAGER_A, { sortOff: false });
      expectNoSeqScanOn(plan, BIG);
      expectIndexScan(plan, 'deal_team_member_user_idx');
    }
  });

  it('should find deals by a piece of the title or the customer’s name through the trigram index, for every scope', async () => {
    // 'Customer 12345' is a customer's name only: the key folds it in, so the same one index answers it.
    for (const q of ['Ёлка', 'Customer 12345']) {
      for (const actor of [HEAD, MANAGER_A]) {
        const plan = await dealPlan({ q }, actor, { sortOff: false });
        expectNoSeqScanOn(plan, BIG);
        expectIndexScan(plan, 'deal_search_trgm_idx');
        // Never a join to the customers to search their names per request.
        expect(scanNodes(plan).map((node) => node.relation)).not.toContain('customer');
      }
    }
    // A partner's or the indirect deals are a narrow scope of their own: its index or the trigram one, never a scan.
    for (const actor of [CHANNEL, PARTNER_USER_1]) expectNoSeqScanOn(await dealPlan({ q: 'Ёлка' }, actor, { sortOff: false }), BIG);
  });

  it('should not read deals sequentially when filtered by the creation time', async () => {
    const plan = await dealPlan({ createdFrom: '2026-01-01T00:00:00Z', createdTo: '2026-02-01T00:00:00Z' }, HEAD, { sortOff: false });
    expectNoSeqScanOn(plan, BIG);
  });

  it('should read the deals expected to close in a range of months from the expected-close index, also with the head of sales’ other filters', async () => {
    const months = { expectedCloseFrom: '2026-03-01', expectedCloseTo: '2026-06-01' };
    for (const query of [months, { ...months, cursor: encodeCursor({ id: CURSOR_ID }) }, { ...months, direction: 'inbound' as const, channel: 'direct' as const }]) {
      const plan = await dealPlan(query, HEAD, { sortOff: false });
      expectNoSeqScanOn(plan, BIG);
      expectIndexScan(plan, 'deal_expected_close_idx');
    }
    // In a manager's scope the range narrows the manager's own deals.
    expectNoSeqScanOn(await dealPlan(months, MANAGER_A, { sortOff: false }), BIG);
  });

  it.each<[string, Partial<ListCustomersQueryV1>, string]>([
    ['no filter', {}, 'customer_pkey'],
    ['kind', { kind: 'person' }, 'customer_kind_id_idx'],
    ['ownerId', { ownerId: MANAGER_A.id }, 'customer_owner_idx'],
  ])('should read customers by %s from %s in keyset order when the head of sales lists them', async (_name, query, index) => {
    const plan = await customerPlan(query, HEAD);
    expectNoSeqScanOn(plan, BIG);
    expectIndexScan(plan, index);
    expect(nodeTypes(plan)).not.toContain('Sort');
  });

  // Rare texts: for one that most customers match, walking the primary key until the page is full is the faster plan.
  it.each([['Customer 12345'], ['C12345@X.EXAMPLE'], ['+7 (900) 001-23-45'], ['7700012345'], ['Фёдоров']])(
    'should search customers for %s through the trigram index, also in a manager’s scope',
    async (q) => {
      for (const actor of [HEAD, MANAGER_A]) {
        const plan = await customerPlan({ q }, actor, { sortOff: false });
        expectNoSeqScanOn(plan, BIG);
        expectIndexScan(plan, 'customer_search_trgm_idx');
      }
    },
  );

  it('should read the repeat sales due from the maintained rhythms by their expected day, never aggregating won deals', async () => {
    for (const actor of [HEAD, MANAGER_A]) {
      const [sql, params] = app.get(RepeatSaleService).dueQuery(30, actor, new Date()).getQueryAndParameters();
      const plan = await explainPlan(dataSource, sql, params);
      expectNoSeqScanOn(plan, BIG);
      expectIndexScan(plan, 'customer_rhythm_next_idx');
      expect(nodeTypes(plan)).not.toContain('Aggregate');
    }
  });

  it('should read a manager’s and a partner user’s customers without a sequential scan', async () => {
    for (const actor of [MANAGER_A, PARTNER_USER_1, CHANNEL]) {
      const plan = await customerPlan({}, actor, { sortOff: false });
      expectNoSeqScanOn(plan, BIG);
    }
  });
});
