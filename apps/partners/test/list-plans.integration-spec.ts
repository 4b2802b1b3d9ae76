import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type ActorV1, encodeCursor } from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';
import { cleanupSuite, expectIndexScan, expectNoSeqScanOn, explainPlan, nodeTypes, suiteSchema, TestProducer, type PlanNode } from '@saleswire/testing';
import type { Client } from 'pg';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { CommissionQueryService } from '../src/commission/commission-query.service';
import { LeadOfferStore } from '../src/lead-offer/lead-offer.store';
import { RegistrationQueryService } from '../src/registration/registration-query.service';
import { CHANNEL, connectPg, createPartner, HEAD, partnerUser, rpcClient, startPartners } from './support';

const BIG = ['deal_registration', 'lead_offer', 'commission'];
// The next page's cursor in the middle of the seeded ids (made from md5, so every run plans on the same rows): a
// cursor below nearly every id let a walk of the primary key, filtered, look as cheap as the filter's index.
const CURSOR = encodeCursor({ id: '80000000-0000-4000-8000-000000000000' });

/**
 * Plan tests of the partner lists (issue 16): the SQL each list issues, explained on a seeded schema with
 * sequential scans discouraged (libs/testing query-plan): each documented filter and each scope read from its
 * index in keyset order (`id DESC`, no sort), and never a sequential scan.
 */
describe('partners: list plans at any size (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;
  let dataSource: DataSource;
  let partner: string;
  let own: ActorV1;

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await producer.provision('deals');
    app = await startPartners();
    rpc = rpcClient();
    dataSource = app.get<DataSource>(getDataSourceToken());
    partner = (await createPartner(rpc)).id;
    const other = (await createPartner(rpc)).id;
    own = partnerUser(partner);
    const s = `"${suiteSchema('partners')}"`;
    const partners = [partner, other];
    await pg.query(
      `INSERT INTO ${s}.deal_registration (id, version, partner_id, status, customer_name, title, expected_amount, currency, expected_close_date,
         keys, conflict, conflicts, submitted_by)
       SELECT md5('registration ' || n)::uuid, 1, ($1::uuid[])[1 + n % 2], (ARRAY['submitted','approved','rejected','withdrawn','expired','closed'])[1 + n % 6],
              'Customer ' || n, 'Deal ' || n, 100, 'EUR', current_date + 30, ARRAY['n:customer' || n], n % 10 = 0, '[]', 'spec'
         FROM generate_series(1, 2000) n`,
      [partners],
    );
    await pg.query(
      `INSERT INTO ${s}.lead_offer (id, version, lead_id, partner_id, region, round, status, offered_at, expires_at)
       SELECT md5('offer ' || n)::uuid, 1, md5('lead ' || n)::uuid, ($1::uuid[])[1 + n % 2], 'DE', 1, (ARRAY['offered','accepted','declined','lapsed'])[1 + n % 4],
              now(), now() + interval '1 day'
         FROM generate_series(1, 2000) n`,
      [partners],
    );
    await pg.query(
      `INSERT INTO ${s}.commission (id, version, partner_id, deal_id, base_amount, rate, amount, currency, status, won_at, accrued_at)
       SELECT md5('commission ' || n)::uuid, 1, ($1::uuid[])[1 + n % 2], md5('deal ' || n)::uuid, 1000, 0.1, 100, 'EUR', (ARRAY['accrued','approved','paid'])[1 + n % 3],
              now(), now()
         FROM generate_series(1, 2000) n`,
      [partners],
    );
    for (const table of BIG) await pg.query(`ANALYZE ${s}.${table}`);
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  async function plan(query: SelectQueryBuilder<object>): Promise<PlanNode> {
    const [sql, params] = query.take(51).getQueryAndParameters();
    return explainPlan(dataSource, sql, params, { sortOff: true });
  }

  async function expectKeysetFrom(query: () => SelectQueryBuilder<object>, index: string): Promise<void> {
    const explained = await plan(query());
    expectNoSeqScanOn(explained, BIG);
    expectIndexScan(explained, index);
    expect(nodeTypes(explained)).not.toContain('Sort');
  }

  it.each<[string, () => ActorV1, () => Record<string, string>, string]>([
    ['the channel manager, every registration', () => CHANNEL, () => ({}), 'deal_registration_pkey'],
    ['the channel manager, by status', () => CHANNEL, () => ({ status: 'submitted' }), 'deal_registration_status_id_idx'],
    ['the channel manager, by partner', () => CHANNEL, () => ({ partnerId: partner }), 'deal_registration_partner_idx'],
    ['the channel manager, by partner and status', () => CHANNEL, () => ({ partnerId: partner, status: 'approved' }), 'deal_registration_partner_status_id_idx'],
    ['the channel manager, in conflict', () => CHANNEL, () => ({ conflict: 'true' }), 'deal_registration_conflict_id_idx'],
    ['a partner user, its own', () => own, () => ({}), 'deal_registration_partner_idx'],
    ['a partner user, its own by status', () => own, () => ({ status: 'submitted' }), 'deal_registration_partner_status_id_idx'],
    ['a partner user, its own in conflict', () => own, () => ({ conflict: 'true' }), 'deal_registration_conflict_id_idx'],
  ])('should read deal registrations for %s from %s in keyset order', async (_who, actor, query, index) => {
    const registrations = app.get(RegistrationQueryService);
    for (const page of [query(), { ...query(), cursor: CURSOR }]) {
      await expectKeysetFrom(() => registrations.listQuery(page as never, actor()), index);
    }
  });

  it.each<[string, () => ActorV1, () => Record<string, string>, string]>([
    ['the head of sales, every offer', () => HEAD, () => ({}), 'lead_offer_pkey'],
    ['the head of sales, by status', () => HEAD, () => ({ status: 'offered' }), 'lead_offer_status_id_idx'],
    ['the head of sales, by partner', () => HEAD, () => ({ partnerId: partner }), 'lead_offer_partner_idx'],
    ['a partner user, its own', () => own, () => ({}), 'lead_offer_partner_idx'],
    ['a partner user, its own by status', () => own, () => ({ status: 'offered' }), 'lead_offer_partner_status_id_idx'],
  ])('should read lead offers for %s from %s in keyset order', async (_who, actor, query, index) => {
    const offers = app.get(LeadOfferStore);
    for (const after of [undefined, '01936f0e-8a4b-7c3d-9e2f-0000000d0100']) {
      await expectKeysetFrom(() => offers.listQuery(dataSource.manager, actor(), query() as never, after), index);
    }
  });

  it.each<[string, () => ActorV1, () => Record<string, string>, string]>([
    ['the channel manager, every commission', () => CHANNEL, () => ({}), 'commission_pkey'],
    ['the channel manager, by status', () => CHANNEL, () => ({ status: 'accrued' }), 'commission_status_id_idx'],
    ['the channel manager, by partner', () => CHANNEL, () => ({ partnerId: partner }), 'commission_partner_idx'],
    ['a partner user, its own', () => own, () => ({}), 'commission_partner_idx'],
    ['a partner user, its own by status', () => own, () => ({ status: 'paid' }), 'commission_partner_status_id_idx'],
  ])('should read commissions for %s from %s in keyset order', async (_who, actor, query, index) => {
    const commissions = app.get(CommissionQueryService);
    for (const page of [query(), { ...query(), cursor: CURSOR }]) {
      await expectKeysetFrom(() => commissions.listQuery(page as never, actor()), index);
    }
  });

  it('should read a partner’s commission page and totals from its indexes when a partner’s commissions are listed', async () => {
    const commissions = app.get(CommissionQueryService);
    await expectKeysetFrom(() => commissions.listQuery({} as never, CHANNEL, partner), 'commission_partner_idx');
  });
});
