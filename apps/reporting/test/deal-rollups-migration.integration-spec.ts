import { migrateSchema, schemaName } from '@saleswire/database';
import { migrateToJustBefore, seededRandom, suiteEnv } from '@saleswire/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';
import { AGGREGATE_TABLES, AggregateDelta, LEAD_TABLES, PARTNER_TABLES, type AggregateTable, type LeadRecord, type PartnerRecord, type Query, type WonDeal } from '../src/deal-fact/deal-aggregates';
import type { DealRecord } from '../src/report/report.model';

const DAY = 86_400_000;
const DEAL_TABLES = AGGREGATE_TABLES.filter((target) => target.aggregate !== 'lead' && target.aggregate !== 'partner');
const START = Date.parse('2025-01-01T00:00:00.000Z');

/** Random deals as the projection sees them: open, won or lost, with stage entries, amounts and attributes. */
function deals(count: number): DealRecord[] {
  const next = seededRandom(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const id = (prefix: string, n: number): string => `01936f0e-8a4b-7c3d-9e2f-${prefix}${String(n).padStart(11, '0')}`;
  return Array.from({ length: count }, (_, index) => {
    const openedAt = START + Math.floor(next() * 600) * DAY + Math.floor(next() * DAY);
    const partnerId = next() < 0.3 ? id('b', Math.floor(next() * 3)) : null;
    const entries = [{ stage: 'new', probability: 10, enteredAt: openedAt, version: 1 }];
    for (let step = 1; step <= Math.floor(next() * 4); step += 1) {
      entries.push({ stage: pick(['qualification', 'proposal', 'contract']), probability: 40, enteredAt: openedAt + step * 3 * DAY, version: step + 1 });
    }
    const end = next();
    const closedAt = openedAt + 20 * DAY + Math.floor(next() * 40) * DAY;
    return {
      dealId: id('d', index),
      pipelineId: pick([id('c', 1), id('c', 2)]),
      ownerId: pick([id('a', 1), id('a', 2), id('a', 3), null]),
      partnerId,
      channel: partnerId ? 'indirect' : 'direct',
      direction: pick(['inbound', 'outbound', null]),
      source: pick(['website', 'exhibition', null]),
      isRepeat: next() < 0.3,
      amount: next() < 0.1 ? null : Math.floor(next() * 1_000_000) / 100,
      currency: pick(['EUR', 'USD', null]),
      expectedCloseDate: next() < 0.8 ? new Date(openedAt + 60 * DAY).toISOString().slice(0, 10) : null,
      openedAt,
      wonAt: end < 0.35 ? closedAt : null,
      lostAt: end >= 0.35 && end < 0.6 ? closedAt : null,
      entries,
    };
  });
}

/**
 * Migration 1766100000000 (ADR 0012, third amendment): the rollups are back-filled from the full-key rows that exist
 * already, and hold exactly what the projection's code would have added to them deal by deal.
 */
describe('reporting: the rollups back-filled from the full-key aggregate rows (migration 1766100000000)', () => {
  let dataSource: DataSource;
  let s: string;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(loadConfig(suiteEnv('reporting'))));
    await dataSource.initialize();
    s = `"${schemaName(dataSource)}"`;
    await migrateSchema(dataSource);
    // Back to just before the rollups (with whatever came after them), to run them again over rows of the old code.
    const table = `${s}.${dataSource.options.migrationsTableName ?? 'migrations'}`;
    const applied = async (): Promise<string[]> => ((await dataSource.query(`SELECT name FROM ${table}`)) as Array<{ name: string }>).map((row) => row.name);
    while ((await applied()).includes('DealRollups1766100000000')) await dataSource.undoLastMigration({ transaction: 'each' });
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('should fill every rollup with the sums the projection would have written, so that taking the deals back leaves zeros', async () => {
    const query: Query = (sql, params) => dataSource.query(sql, params);
    const table = (name: string): string => `${s}.${name}`;
    const records = deals(400);
    // What the projection of the version before wrote: the deals' facts and the full-key rows.
    const column = <T>(pick: (deal: DealRecord) => T): T[] => records.map(pick);
    await dataSource.query(
      `INSERT INTO ${table('deal_fact')} (deal_id, aggregate_version, event_id, pipeline_id, owner_id, partner_id, channel, direction, source, is_repeat,
         amount, currency, created_at, first_seen_at, won_at, lost_at, last_event_at)
       SELECT d, 1, gen_random_uuid(), p, o, pa, c, di, so, r, a, cu, op, op, w, l, op
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::numeric[], $10::text[],
                     $11::timestamptz[], $12::timestamptz[], $13::timestamptz[]) AS t (d, p, o, pa, c, di, so, r, a, cu, op, w, l)`,
      [
        column((deal) => deal.dealId),
        column((deal) => deal.pipelineId),
        column((deal) => deal.ownerId),
        column((deal) => deal.partnerId),
        column((deal) => deal.channel),
        column((deal) => deal.direction),
        column((deal) => deal.source),
        column((deal) => deal.isRepeat),
        column((deal) => deal.amount),
        column((deal) => deal.currency),
        column((deal) => new Date(deal.openedAt)),
        column((deal) => (deal.wonAt === null ? null : new Date(deal.wonAt))),
        column((deal) => (deal.lostAt === null ? null : new Date(deal.lostAt))),
      ],
    );
    await new AggregateDelta().add(records, 1).write(query, table);

    expect((await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name)).toContain('DealRollups1766100000000');

    const nonZero = async (): Promise<Record<string, number>> => {
      const counts: Record<string, number> = {};
      for (const target of AGGREGATE_TABLES) {
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM ${table(target.table)} WHERE ${target.sums.map((sum) => `${sum} <> 0`).join(' OR ')}`);
        counts[target.table] = n;
      }
      return counts;
    };
    const filled = await nonZero();
    // Every deal table has rows (the cycles' filled from the facts), month rows on the months' first days; no leads nor partners' records here.
    for (const target of DEAL_TABLES) expect(filled[target.table]).toBeGreaterThan(0);
    const [{ months }] = await dataSource.query(`SELECT count(DISTINCT day)::int AS months FROM ${table('deal_agg_flow_department')} WHERE day IS NOT NULL`);
    const [{ firsts }] = await dataSource.query(`SELECT bool_and(extract(day FROM day) = 1) AS firsts FROM ${table('deal_agg_flow_owner')} WHERE day IS NOT NULL`);
    expect(months).toBeGreaterThan(12);
    expect(firsts).toBe(true);

    // The projection's code, every table, taking the same deals back: exact back-fill leaves zeros everywhere.
    await AggregateDelta.everyTable().add(records, -1).write(query, table);
    expect(await nonZero()).toEqual(Object.fromEntries(AGGREGATE_TABLES.map((target) => [target.table, 0])));
  });
});

/**
 * Migration 1766300000000 (ADR 0012, fourth amendment): the leads' counts back-filled from the facts by SQL hold
 * exactly what the projections' code adds lead by lead (the UTC day of creation, the assignee as the owner, indirect
 * when the lead went to a partner, no pipeline; converted or not; its won deals by currency).
 */
describe('reporting: the leads\' counts back-filled from the lead facts (migration 1766300000000)', () => {
  let dataSource: DataSource;
  let s: string;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(loadConfig(suiteEnv('reportingleads'))));
    await dataSource.initialize();
    s = `"${schemaName(dataSource)}"`;
    await migrateToJustBefore(dataSource, 'LeadAggregates1766300000000');
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('should count every lead where the projection would, so that taking the leads back leaves zeros', async () => {
    const next = seededRandom(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const id = (prefix: string, n: number): string => `01936f0e-8a4b-7c3d-9e2f-${prefix}${String(n).padStart(11, '0')}`;
    const leads: Array<LeadRecord & { leadId: string; wonDeals: WonDeal[] }> = Array.from({ length: 300 }, (_, index) => ({
      leadId: id('e', index),
      assigneeId: pick([id('a', 1), id('a', 2), null]),
      partnerId: next() < 0.3 ? id('b', Math.floor(next() * 3)) : null,
      direction: pick(['inbound', 'outbound']),
      source: pick(['website', 'exhibition', 'referral']),
      isRepeat: next() < 0.3,
      // Any moment of any day: the day is the UTC one, near midnight included.
      createdAt: START + Math.floor(next() * 500 * DAY),
      marketingEventId: next() < 0.4 ? id('f', Math.floor(next() * 3)) : null,
      converted: next() < 0.4,
      wonDeals: [] as WonDeal[],
    }));
    // Some converted leads' deals won (one with no amount, one lead with two), some deals lost or open, some from no lead.
    const deals: Array<{ dealId: string; leadId: string | null; won: boolean; amount: number | null; currency: string | null }> = [];
    leads.forEach((lead, index) => {
      if (!lead.converted) return;
      for (let n = 0; n < (index % 17 === 0 ? 2 : 1); n += 1) {
        const won = next() < 0.5;
        const deal = { dealId: id('d', index * 10 + n), leadId: lead.leadId, won, amount: index % 13 === 0 ? null : Math.floor(next() * 1_000_000) / 100, currency: pick(['EUR', 'USD', null]) };
        deals.push(deal);
        if (won) lead.wonDeals.push({ amount: deal.amount, currency: deal.currency });
      }
    });
    deals.push({ dealId: id('d', 99_999), leadId: null, won: true, amount: 10, currency: 'EUR' });
    const column = <T>(pick: (lead: (typeof leads)[number]) => T): T[] => leads.map(pick);
    await dataSource.query(
      `INSERT INTO ${s}.lead_fact (lead_id, aggregate_version, source, direction, segment, assignee_id, partner_id, status, is_repeat, created_at)
       SELECT l, 1, so, di, 'b2b', a, p, 'new', r, c
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::boolean[], $7::timestamptz[]) AS t (l, so, di, a, p, r, c)`,
      [
        column((lead) => lead.leadId),
        column((lead) => lead.source),
        column((lead) => lead.direction),
        column((lead) => lead.assigneeId),
        column((lead) => lead.partnerId),
        column((lead) => lead.isRepeat),
        column((lead) => new Date(lead.createdAt)),
      ],
    );
    await dataSource.query(`UPDATE ${s}.lead_fact l SET marketing_event_id = e FROM unnest($1::uuid[], $2::uuid[]) AS t (l, e) WHERE l.lead_id = t.l`, [
      column((lead) => lead.leadId),
      column((lead) => lead.marketingEventId),
    ]);
    const converted = leads.filter((lead) => lead.converted);
    await dataSource.query(`INSERT INTO ${s}.lead_conversion (lead_id, deal_id, converted_at) SELECT l, gen_random_uuid(), now() FROM unnest($1::uuid[]) AS l`, [
      converted.map((lead) => lead.leadId),
    ]);
    await dataSource.query(
      `INSERT INTO ${s}.deal_fact (deal_id, aggregate_version, event_id, pipeline_id, channel, is_repeat, amount, currency, lead_id, created_at, first_seen_at, won_at, last_event_at)
       SELECT d, 1, gen_random_uuid(), gen_random_uuid(), 'direct', false, a, c, l, now(), now(), CASE WHEN w THEN now() END, now()
         FROM unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::numeric[], $5::text[]) AS t (d, l, w, a, c)`,
      [deals.map((deal) => deal.dealId), deals.map((deal) => deal.leadId), deals.map((deal) => deal.won), deals.map((deal) => deal.amount), deals.map((deal) => deal.currency)],
    );

    expect((await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name)).toContain('LeadAggregates1766300000000');

    const table = (name: string): string => `${s}.${name}`;
    const nonZero = async (): Promise<Record<string, number>> => {
      const counts: Record<string, number> = {};
      for (const target of LEAD_TABLES) counts[target.table] = (await dataSource.query(`SELECT count(*)::int AS n FROM ${table(target.table)} WHERE n <> 0`))[0].n;
      return counts;
    };
    for (const [name, rows] of Object.entries(await nonZero())) expect([name, rows > 0]).toEqual([name, true]);
    const [totals] = await dataSource.query(
      `SELECT sum(n)::int AS leads, sum(converted)::int AS converted, sum(won)::int AS won FROM ${table('lead_agg_created_source_ever')}`,
    );
    expect(totals).toEqual({ leads: leads.length, converted: converted.length, won: deals.filter((deal) => deal.won && deal.leadId).length });
    expect(totals.won).toBeGreaterThan(10);

    const query: Query = (sql, params) => dataSource.query(sql, params);
    await new AggregateDelta(LEAD_TABLES).addLeads(leads, -1).write(query, table);
    expect(await nonZero()).toEqual(Object.fromEntries(LEAD_TABLES.map((target) => [target.table, 0])));
  });
});

/**
 * Migration 1766400000000 (ADR 0012, fifth amendment): the partners' registrations, commissions and offers
 * back-filled from their facts by SQL hold exactly what the partner projection's code adds record by record (a row of
 * no day per record; each moment on its UTC day, its month and all time; a conflict where submitted; cents by currency).
 */
describe("reporting: the partners' activity back-filled from the partner facts (migration 1766400000000)", () => {
  let dataSource: DataSource;
  let s: string;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(loadConfig(suiteEnv('reportingpartners'))));
    await dataSource.initialize();
    s = `"${schemaName(dataSource)}"`;
    await migrateToJustBefore(dataSource, 'PartnerAggregates1766400000000');
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('should count every registration, commission and offer where the projection would, so that taking them back leaves zeros', async () => {
    const next = seededRandom(13);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const id = (prefix: string, n: number): string => `01936f0e-8a4b-7c3d-9e2f-${prefix}${String(n).padStart(11, '0')}`;
    // Any moment of any day: the day is the UTC one, near midnight included; some moments missing.
    const moment = (): number => START + Math.floor(next() * 500 * DAY);
    const maybe = (): number | null => (next() < 0.6 ? moment() : null);
    const partner = (): string => id('b', Math.floor(next() * 4));
    const registrations = Array.from({ length: 200 }, (_, index) => ({
      id: id('a', index),
      record: { kind: 'registration' as const, partnerId: partner(), conflict: pick([true, false, null]), submittedAt: maybe(), approvedAt: maybe() },
    }));
    const commissions = Array.from({ length: 200 }, (_, index) => ({
      id: id('c', index),
      record: { kind: 'commission' as const, partnerId: partner(), amount: Math.floor(next() * 1_000_000) / 100, currency: pick(['EUR', 'USD']), accruedAt: maybe(), paidAt: maybe() },
    }));
    const offers = Array.from({ length: 200 }, (_, index) => {
      const status = pick(['offered', 'accepted', 'declined', 'lapsed']);
      // An offer decided carries its moment; one still open none (and, as the facts allow, a status with no moment).
      return { id: id('f', index), record: { kind: 'offer' as const, partnerId: partner(), status, offeredAt: moment(), decidedAt: status === 'offered' || next() < 0.1 ? null : moment() } };
    });
    const at = (time: number | null): Date | null => (time === null ? null : new Date(time));
    await dataSource.query(
      `INSERT INTO ${s}.registration_fact (registration_id, aggregate_version, event_id, partner_id, status, conflict, submitted_at, approved_at, last_event_at)
       SELECT r, 1, gen_random_uuid(), p, 'submitted', c, sa, aa, now() FROM unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::timestamptz[], $5::timestamptz[]) AS t (r, p, c, sa, aa)`,
      [
        registrations.map((row) => row.id),
        registrations.map((row) => row.record.partnerId),
        registrations.map((row) => row.record.conflict),
        registrations.map((row) => at(row.record.submittedAt)),
        registrations.map((row) => at(row.record.approvedAt)),
      ],
    );
    await dataSource.query(
      `INSERT INTO ${s}.commission_fact (commission_id, aggregate_version, event_id, partner_id, deal_id, amount, currency, status, accrued_at, paid_at, last_event_at)
       SELECT c, 1, gen_random_uuid(), p, gen_random_uuid(), a, cu, 'accrued', aa, pa, now()
         FROM unnest($1::uuid[], $2::uuid[], $3::numeric[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS t (c, p, a, cu, aa, pa)`,
      [
        commissions.map((row) => row.id),
        commissions.map((row) => row.record.partnerId),
        commissions.map((row) => row.record.amount),
        commissions.map((row) => row.record.currency),
        commissions.map((row) => at(row.record.accruedAt)),
        commissions.map((row) => at(row.record.paidAt)),
      ],
    );
    await dataSource.query(
      `INSERT INTO ${s}.lead_offer_fact (offer_id, aggregate_version, event_id, partner_id, status, offered_at, decided_at, last_event_at)
       SELECT o, 1, gen_random_uuid(), p, st, oa, da, now() FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS t (o, p, st, oa, da)`,
      [
        offers.map((row) => row.id),
        offers.map((row) => row.record.partnerId),
        offers.map((row) => row.record.status),
        offers.map((row) => new Date(row.record.offeredAt)),
        offers.map((row) => at(row.record.decidedAt)),
      ],
    );

    expect((await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name)).toContain('PartnerAggregates1766400000000');

    const table = (name: string): string => `${s}.${name}`;
    const nonZero = async (): Promise<Record<string, number>> => {
      const counts: Record<string, number> = {};
      for (const target of PARTNER_TABLES) {
        counts[target.table] = (await dataSource.query(`SELECT count(*)::int AS n FROM ${table(target.table)} WHERE n <> 0 OR conflicts <> 0 OR cents <> 0`))[0].n;
      }
      return counts;
    };
    for (const [name, rows] of Object.entries(await nonZero())) expect([name, rows > 0]).toEqual([name, true]);
    const kinds: Array<{ kind: string; n: number }> = await dataSource.query(
      `SELECT kind, sum(n)::int AS n FROM ${table('partner_agg_flow_month_ever')} WHERE kind IN ('registration', 'commission', 'offer') GROUP BY kind`,
    );
    const totals = Object.fromEntries(kinds.map((row) => [row.kind, row.n]));
    expect(totals).toEqual({ commission: 200, offer: 200, registration: 200 });

    const query: Query = (sql, params) => dataSource.query(sql, params);
    const records: PartnerRecord[] = [...registrations, ...commissions, ...offers].map((row) => row.record);
    await new AggregateDelta(PARTNER_TABLES).addPartnerRecords(records, -1).write(query, table);
    expect(await nonZero()).toEqual(Object.fromEntries(PARTNER_TABLES.map((target) => [target.table, 0])));
  });
});

/** A data source on the suite's schema, every migration applied; `s` its quoted schema name. */
async function migratedSchema(): Promise<{ dataSource: DataSource; s: string }> {
  const dataSource = new DataSource(dataSourceOptions(loadConfig(suiteEnv('reporting'))));
  await dataSource.initialize();
  await migrateSchema(dataSource);
  return { dataSource, s: `"${schemaName(dataSource)}"` };
}

/**
 * The schema's own indexes, each with its table and definition. Written only for this schema's indexes (a
 * materialized CTE picks them first), as `dropIndexesLike` does: through `pg_indexes` PostgreSQL may write another
 * schema's definitions before it filters them out, and fails on an index another suite drops meanwhile ("cache
 * lookup failed for attribute 1 of relation …").
 */
async function ownIndexes(dataSource: DataSource): Promise<Array<{ table: string; definition: string }>> {
  return dataSource.query(
    `WITH own AS MATERIALIZED (
       SELECT i.indexrelid, t.relname AS table
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1)
     SELECT "table", pg_get_indexdef(indexrelid) AS definition FROM own`,
    [schemaName(dataSource)],
  );
}

async function dropSchema(dataSource: DataSource | undefined, s: string): Promise<void> {
  await dataSource?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
  await dataSource?.destroy();
}

/** Two hundred deals, a lead and a partner's registration, written into every aggregate table as the projection writes them. */
async function fillEveryTable(dataSource: DataSource, table: (name: string) => string): Promise<void> {
  const query: Query = (sql, params) => dataSource.query(sql, params);
  const partnerId = '01936f0e-8a4b-7c3d-9e2f-b00000000001';
  const registration: PartnerRecord = { kind: 'registration', partnerId, conflict: true, submittedAt: START + 3 * DAY, approvedAt: null };
  const lead: LeadRecord = {
    assigneeId: null,
    partnerId,
    direction: 'inbound',
    source: 'website',
    isRepeat: false,
    createdAt: START + DAY,
    marketingEventId: null,
    converted: true,
    wonDeals: [],
  };
  await AggregateDelta.everyTable().add(deals(200), 1).addLeads([lead], 1).addPartnerRecords([registration], 1).write(query, table);
}

/**
 * Rollups created after the all-time and year rows moved (1767500000000), their year and all-time tables with them:
 * none of their rows was ever in the rollup's own table.
 */
const CREATED_APART = new Set(['owner_channel']);

/** The rollup a table of its all-time or year rows (`_ever`, `_years`) was moved out of. */
const rollupOf = (target: AggregateTable): string => target.table.replace(/_(ever|years)$/, '');

/**
 * The rows of `targets` (tables a migration moved rows into), each in one order: from the table itself (`rollupWhere`
 * null), or from its rollup's rows that `rollupWhere` picks, as they lay before the move.
 */
async function rowsByTable(dataSource: DataSource, s: string, targets: readonly AggregateTable[], rollupWhere: string | null): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const target of targets) {
    const columns = [...target.keys.map(([column]) => column), ...target.sums];
    const from = rollupWhere === null ? `${s}.${target.table}` : `${s}.${rollupOf(target)} WHERE ${rollupWhere}`;
    rows[target.table] = await dataSource.query(`SELECT ${columns.join(', ')} FROM ${from} ORDER BY ${columns.map((_, index) => index + 1).join(', ')}`);
  }
  return rows;
}

/**
 * A migration that moves some rows of each rollup into a table of its own (`targets`, its `_ever` or `_years`), and
 * drops the rollup's partial index of them, reverted and applied again: the rows go back and come out unchanged, the
 * index comes and goes with them. `inRollup` picks the rows in a rollup; `rollupIndexes` counts those indexes.
 */
async function expectMovedAndBack(
  dataSource: DataSource,
  s: string,
  { migration, targets, inRollup, rollupIndexes }: { migration: string; targets: readonly AggregateTable[]; inRollup: string; rollupIndexes: () => Promise<number> },
): Promise<void> {
  const rowsIn = (moved: boolean): Promise<Record<string, unknown[]>> => rowsByTable(dataSource, s, targets, moved ? null : inRollup);
  await fillEveryTable(dataSource, (name) => `${s}.${name}`);
  const moved = await rowsIn(true);
  for (const target of targets) expect([target.table, moved[target.table].length > 0]).toEqual([target.table, true]);
  expect(await rollupIndexes()).toBe(0);

  await migrateToJustBefore(dataSource, migration);
  expect(await rowsIn(false)).toEqual(moved);
  expect(await rollupIndexes()).toBe(targets.length);

  await dataSource.runMigrations({ transaction: 'each' });
  expect(await rowsIn(true)).toEqual(moved);
  for (const target of targets) {
    const rollup = rollupOf(target);
    expect([rollup, (await dataSource.query(`SELECT count(*)::int AS n FROM ${s}.${rollup} WHERE ${inRollup}`))[0].n]).toEqual([rollup, 0]);
  }
  expect(await rollupIndexes()).toBe(0);
}

/**
 * Migration 1766900000000 (ADR 0012, thirteenth amendment): each rollup's all-time rows move to a table of their own
 * and back, unchanged, and the reports' partial index of them goes and comes with them.
 */
describe('reporting: the all-time rows moved to tables of their own (migration 1766900000000)', () => {
  let dataSource: DataSource;
  let s: string;
  // The rollups' all-time tables (not the all-time rollups, 1767000000000, which have no rollup to come from).
  const EVER = AGGREGATE_TABLES.filter((target) => target.ever && !target.rollup?.allTime && !CREATED_APART.has(target.rollup!.name));

  beforeAll(async () => {
    ({ dataSource, s } = await migratedSchema());
  });

  afterAll(() => dropSchema(dataSource, s));

  const partialIndexes = async (): Promise<number> => (await ownIndexes(dataSource)).filter(({ definition }) => definition.endsWith(' WHERE (day IS NULL)')).length;

  it('should move every all-time row out of its rollup and back, unchanged', async () => {
    await expectMovedAndBack(dataSource, s, { migration: 'AllTimeTables1766900000000', targets: EVER, inRollup: 'day IS NULL', rollupIndexes: partialIndexes });
  });
});

/**
 * Migration 1767200000000 (ADR 0012, sixteenth amendment): each rollup's year rows move to a table of their own and
 * back, unchanged, and the rollup's index of its year rows goes and comes with them.
 */
describe('reporting: the year rows moved to tables of their own (migration 1767200000000)', () => {
  let dataSource: DataSource;
  let s: string;
  const YEARS = AGGREGATE_TABLES.filter((target) => target.years && !CREATED_APART.has(target.rollup!.name));

  beforeAll(async () => {
    ({ dataSource, s } = await migratedSchema());
  });

  afterAll(() => dropSchema(dataSource, s));

  /** The rollups' own indexes of their year rows (their `_years` tables have theirs, by day). */
  const rollupYearIndexes = async (): Promise<number> =>
    (await ownIndexes(dataSource)).filter(({ table, definition }) => !table.endsWith('_years') && definition.endsWith(' WHERE year')).length;

  it('should move every year row out of its rollup and back, unchanged', async () => {
    await expectMovedAndBack(dataSource, s, { migration: 'YearTables1767200000000', targets: YEARS, inRollup: 'year', rollupIndexes: rollupYearIndexes });
  });
});

/**
 * Migration 1767300000000 (ADR 0012, seventeenth amendment): the rollups' small tables — years, all time, no day, the
 * all-time rollups — leave half of each page free, so that their rows' many updates stay on their pages; the full-key
 * day rows and the rollups' month rows keep PostgreSQL's default. Checked against the catalogue, so that a small table
 * added later without the setting fails here.
 */
describe("reporting: the rollups' small tables leave room for their updates (migration 1767300000000)", () => {
  let dataSource: DataSource;
  let s: string;

  beforeAll(async () => {
    ({ dataSource, s } = await migratedSchema());
  });

  afterAll(() => dropSchema(dataSource, s));

  it('should set a fill factor of 50 on every small table of the catalogue and on no other', async () => {
    const options: Array<{ table: string; options: string[] | null }> = await dataSource.query(
      `SELECT c.relname AS table, c.reloptions AS options FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schemaName(dataSource)],
    );
    const fillFactor = new Map(options.map(({ table, options }) => [table, options?.find((option) => option.startsWith('fillfactor=')) ?? null]));
    const small = (target: (typeof AGGREGATE_TABLES)[number]): boolean =>
      target.rollup !== null && (target.years || target.ever || !target.keys.some(([column]) => column === 'day'));
    expect(AGGREGATE_TABLES.filter(small).length).toBeGreaterThan(20);
    for (const target of AGGREGATE_TABLES) expect([target.table, fillFactor.get(target.table)]).toEqual([target.table, small(target) ? 'fillfactor=50' : null]);
  });
});

/**
 * Migration 1767500000000 (ADR 0012, nineteenth amendment): the rollup by owner and channel, back-filled from the
 * owner's rollup, holds exactly the rows the projection's code writes there, and goes with its `down`.
 */
describe('reporting: the rollup by owner and channel back-filled from the owner\'s (migration 1767500000000)', () => {
  let dataSource: DataSource;
  let s: string;
  const OWNER_CHANNEL = AGGREGATE_TABLES.filter((target) => target.rollup?.name === 'owner_channel');

  beforeAll(async () => {
    ({ dataSource, s } = await migratedSchema());
  });

  afterAll(() => dropSchema(dataSource, s));

  it('should fill every table of the rollup with the rows the projection writes there', async () => {
    expect(OWNER_CHANNEL.map((target) => target.table).sort()).toEqual([
      'deal_agg_flow_owner_channel',
      'deal_agg_flow_owner_channel_ever',
      'deal_agg_flow_owner_channel_years',
      'deal_agg_open_owner_channel',
      'lead_agg_created_owner_channel',
      'lead_agg_created_owner_channel_ever',
      'lead_agg_created_owner_channel_years',
    ]);
    await fillEveryTable(dataSource, (name) => `${s}.${name}`);
    const written = await rowsByTable(dataSource, s, OWNER_CHANNEL, null);
    for (const target of OWNER_CHANNEL) expect([target.table, written[target.table].length > 0]).toEqual([target.table, true]);

    await migrateToJustBefore(dataSource, 'OwnerChannelRollup1767500000000');
    const left = await dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename LIKE '%\\_owner\\_channel%'`, [schemaName(dataSource)]);
    expect(left[0].n).toBe(0);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await rowsByTable(dataSource, s, OWNER_CHANNEL, null)).toEqual(written);
  });
});
