import type { DealRecord } from '../report/report.model';
import {
  AGGREGATE_TABLES,
  AggregateDelta,
  DEAL_PROJECTION_TABLES,
  LEAD_TABLES,
  PARTNER_TABLES,
  rollupFrom,
  rollupSourceOf,
  writesNothing,
  type AggregateTable,
  type LeadRecord,
  type PartnerRecord,
} from './deal-aggregates';

const DAY = 86_400_000;
const deal: DealRecord = {
  dealId: '01936f0e-8a4b-7c3d-9e2f-d00000000001',
  pipelineId: '01936f0e-8a4b-7c3d-9e2f-c00000000001',
  ownerId: '01936f0e-8a4b-7c3d-9e2f-a00000000001',
  partnerId: null,
  channel: 'direct',
  direction: 'inbound',
  source: 'website',
  isRepeat: false,
  amount: 1234.5,
  currency: 'EUR',
  expectedCloseDate: '2025-05-31',
  openedAt: Date.parse('2025-03-30T10:00:00.000Z'),
  wonAt: Date.parse('2025-04-02T09:00:00.000Z'),
  lostAt: null,
  entries: [
    { stage: 'new', probability: 10, enteredAt: Date.parse('2025-03-30T10:00:00.000Z'), version: 1 },
    { stage: 'won', probability: 100, enteredAt: Date.parse('2025-04-02T09:00:00.000Z'), version: 2 },
  ],
};

/** The rows one statement of the delta writes, as objects of its columns. */
function rowsOf(delta: AggregateDelta, table: string): Array<Record<string, unknown>> {
  const statement = delta.statements((name) => name).find(({ sql }) => sql.startsWith(`INSERT INTO ${table} AS`));
  if (!statement) return [];
  const target = AGGREGATE_TABLES.find((candidate) => candidate.table === table)!;
  const columns = [...target.keys.map(([column]) => column), ...target.sums];
  const count = (statement.params[0] as unknown[]).length;
  return Array.from({ length: count }, (_, row) => Object.fromEntries(columns.map((column, index) => [column, (statement.params[index] as unknown[])[row]])));
}

describe('AggregateDelta', () => {
  it("should add a deal to its month row of each rollup, and to its year row and its all-time row in the rollup's own tables, by the rollup's dimensions only", () => {
    const delta = AggregateDelta.everyTable().add([deal], 1);
    const department = { channel: 'direct', direction: 'inbound', pipeline_id: deal.pipelineId, is_repeat: false, currency: 'EUR', n: 1, n_amount: 1, cents: 123450 };
    const won = { ...department, kind: 'won', cycle_ms: 3 * DAY - 3_600_000 };
    expect(rowsOf(delta, 'deal_agg_flow_department')).toEqual([
      // In key order: opened in March, won in April.
      { ...department, kind: 'opened', day: '2025-03-01', year: false, cycle_ms: 0 },
      { ...won, day: '2025-04-01', year: false },
    ]);
    // Each in the year.
    expect(rowsOf(delta, 'deal_agg_flow_department_years')).toEqual([
      { ...department, kind: 'opened', day: '2025-01-01', year: true, cycle_ms: 0 },
      { ...won, day: '2025-01-01', year: true },
    ]);
    // All of time: no day, no year.
    expect(rowsOf(delta, 'deal_agg_flow_department_ever')).toEqual([
      { ...department, kind: 'opened', cycle_ms: 0 },
      won,
    ]);
    // The owner's rollup keeps the owner; its open deals drop the expected month (a won deal has none open anyway).
    expect(rowsOf(delta, 'deal_agg_flow_owner').every((row) => row.owner_id === deal.ownerId)).toBe(true);
    expect(rowsOf(delta, 'deal_agg_flow_owner_ever').map((row) => [row.owner_id, row.kind])).toEqual([
      [deal.ownerId, 'opened'],
      [deal.ownerId, 'won'],
    ]);
    // The won deal's cycle: 2 days 23 hours, day of cycle 2, in April's rows and the all-time row.
    expect(rowsOf(delta, 'deal_agg_cycle_department').map((row) => [row.day, row.year, row.cycle_day, row.n])).toEqual([['2025-04-01', false, 2, 1]]);
    expect(rowsOf(delta, 'deal_agg_cycle_department_years').map((row) => [row.day, row.year, row.cycle_day, row.n])).toEqual([['2025-01-01', true, 2, 1]]);
    expect(rowsOf(delta, 'deal_agg_cycle_department_ever').map((row) => [row.cycle_day, row.n])).toEqual([[2, 1]]);
    // The all-time rollups by the owner alone and the partner alone (a deal of no partner has no row there).
    expect(rowsOf(delta, 'deal_agg_flow_owner_alone')).toEqual([
      { owner_id: deal.ownerId, kind: 'opened', currency: 'EUR', n: 1, n_amount: 1, cents: 123450, cycle_ms: 0 },
      { owner_id: deal.ownerId, kind: 'won', currency: 'EUR', n: 1, n_amount: 1, cents: 123450, cycle_ms: 3 * DAY - 3_600_000 },
    ]);
    expect(rowsOf(delta, 'deal_agg_flow_partner_alone').map((row) => [row.partner_id, row.kind])).toEqual([
      [null, 'opened'],
      [null, 'won'],
    ]);
    // A rollup of no day (the open deals') keeps its one row a key in its one table: it has no year or all-time table.
    expect(AGGREGATE_TABLES.some((table) => table.table === 'deal_agg_open_owner_ever' || table.table === 'deal_agg_open_owner_years')).toBe(false);
    // The full-key rows keep the day and every dimension, source included.
    expect(rowsOf(delta, 'deal_agg_flow').map((row) => [row.kind, row.day, row.source])).toEqual([
      ['opened', '2025-03-30', 'website'],
      ['won', '2025-04-02', 'website'],
    ]);
  });

  /** Each statement's table and how many rows it writes (a table with none still has its statement: one text). */
  const written = (delta: AggregateDelta): Array<[string, number]> =>
    delta.statements((name) => name).map(({ sql, params }) => [/INSERT INTO (\S+)/.exec(sql)![1], (params[0] as unknown[]).length]);

  it('should write nothing when a deal is taken back as it was added, in any table', () => {
    const tables = written(AggregateDelta.everyTable().add([deal], 1).add([deal], -1));
    expect(tables.length).toBeGreaterThan(4);
    expect(tables.filter(([, rows]) => rows > 0)).toEqual([]);
  });

  it('should fold a change of owner into the old rows taken back and the new ones added', () => {
    const moved = { ...deal, ownerId: '01936f0e-8a4b-7c3d-9e2f-a00000000002' };
    const delta = AggregateDelta.everyTable().add([deal], -1).add([moved], 1);
    // The department's rows do not see the owner: nothing to write there.
    expect(rowsOf(delta, 'deal_agg_flow_department')).toEqual([]);
    expect(rowsOf(delta, 'deal_agg_flow_department_ever')).toEqual([]);
    expect(rowsOf(delta, 'deal_agg_flow_owner').map((row) => [row.owner_id, row.day, row.n])).toEqual(
      expect.arrayContaining([
        [deal.ownerId, '2025-03-01', -1],
        [moved.ownerId, '2025-03-01', 1],
      ]),
    );
    expect(rowsOf(delta, 'deal_agg_flow_owner_ever').map((row) => [row.owner_id, row.kind, row.n])).toEqual([
      [deal.ownerId, 'opened', -1],
      [deal.ownerId, 'won', -1],
      [moved.ownerId, 'opened', 1],
      [moved.ownerId, 'won', 1],
    ]);
  });

  const open: DealRecord = { ...deal, wonAt: null, entries: [deal.entries[0]] };
  const moved: DealRecord = { ...open, entries: [...open.entries, { stage: 'proposal', probability: 40, enteredAt: Date.parse('2025-04-01T08:00:00.000Z'), version: 2 }] };
  it.each<[string, DealRecord | null, DealRecord]>([
    ['a new deal', null, deal],
    ['a stage change', open, moved],
    ['a move back', moved, { ...moved, entries: [...moved.entries, { ...open.entries[0], enteredAt: Date.parse('2025-04-05T08:00:00.000Z'), version: 3 }] }],
    ['a win', moved, { ...deal, entries: [...moved.entries, { ...deal.entries[1], version: 3 }] }],
    ['a loss', moved, { ...moved, lostAt: Date.parse('2025-04-09T08:00:00.000Z') }],
    ['a change of owner', deal, { ...deal, ownerId: '01936f0e-8a4b-7c3d-9e2f-a00000000002' }],
    ['a change of amount and currency', open, { ...open, amount: 99.99, currency: 'USD' }],
    ['an amount removed', open, { ...open, amount: null }],
    ['nothing that counts (a payment)', deal, { ...deal }],
  ])('should write for %s what taking the deal back as it was and adding it as it is writes', (_what, before, after) => {
    const apart = AggregateDelta.everyTable();
    if (before) apart.add([before], -1);
    apart.add([after], 1);
    expect(AggregateDelta.everyTable().changeDeal(before, after).statements((name) => name)).toEqual(apart.statements((name) => name));
  });

  it("should write for a lead's and a partner record's change what taking it back and adding it writes", () => {
    const lead: LeadRecord = {
      assigneeId: deal.ownerId,
      partnerId: null,
      direction: 'inbound',
      source: 'website',
      isRepeat: false,
      createdAt: Date.parse('2025-03-01T10:00:00.000Z'),
      marketingEventId: null,
      converted: false,
      wonDeals: [{ amount: 10, currency: 'EUR' }],
    };
    const converted = { ...lead, converted: true };
    expect(new AggregateDelta(LEAD_TABLES).changeLead(lead, converted).statements((name) => name)).toEqual(
      new AggregateDelta(LEAD_TABLES).addLeads([lead], -1).addLeads([converted], 1).statements((name) => name),
    );
    const partnerId = '01936f0e-8a4b-7c3d-9e2f-b00000000001';
    const submitted: PartnerRecord = { kind: 'registration', partnerId, conflict: false, submittedAt: Date.parse('2025-04-01T10:00:00.000Z'), approvedAt: null };
    const approved: PartnerRecord = { ...submitted, approvedAt: Date.parse('2025-04-03T10:00:00.000Z') };
    expect(new AggregateDelta(PARTNER_TABLES).changePartnerRecord(submitted, approved).statements((name) => name)).toEqual(
      new AggregateDelta(PARTNER_TABLES).addPartnerRecords([submitted], -1).addPartnerRecords([approved], 1).statements((name) => name),
    );
    expect(writesNothing(new AggregateDelta(PARTNER_TABLES).changePartnerRecord(approved, { ...approved }).statements((name) => name))).toBe(true);
  });

  it('should keep rows apart whose keys differ only by a null, an empty text or the text "null"', () => {
    const lead: LeadRecord = {
      assigneeId: null,
      partnerId: null,
      direction: 'inbound',
      source: null,
      isRepeat: false,
      createdAt: Date.parse('2025-03-01T10:00:00.000Z'),
      marketingEventId: null,
      converted: false,
      wonDeals: [],
    };
    const delta = new AggregateDelta(LEAD_TABLES).addLeads([lead, { ...lead, source: '' }, { ...lead, source: 'null' }, { ...lead, source: null }], 1);
    expect(rowsOf(delta, 'lead_agg_created').map((row) => [row.source, row.n])).toEqual([
      ['', 1],
      ['null', 1],
      [null, 2],
    ]);
  });

  it('should write only the four tables of its first migration by default', () => {
    // A won deal has no open row; no cycles, no rollups.
    expect(written(new AggregateDelta().add([deal], 1))).toEqual([
      ['deal_agg_flow', 2],
      ['deal_agg_open', 0],
      ['deal_agg_funnel', 1],
      ['deal_agg_visit', 1],
    ]);
  });

  it("should add a partner's record once with no day, and each of its moments on its day, its month, its year and all time", () => {
    const partnerId = '01936f0e-8a4b-7c3d-9e2f-b00000000001';
    const commission: PartnerRecord = { kind: 'commission', partnerId, amount: 100.25, currency: 'EUR', accruedAt: Date.parse('2025-04-30T23:59:59.000Z'), paidAt: null };
    const delta = new AggregateDelta(PARTNER_TABLES).addPartnerRecords([commission], 1);
    expect(rowsOf(delta, 'partner_agg_flow')).toEqual([
      { partner_id: partnerId, kind: 'accrued', day: '2025-04-30', currency: 'EUR', n: 1, conflicts: 0, cents: 10025 },
      { partner_id: partnerId, kind: 'commission', day: null, currency: null, n: 1, conflicts: 0, cents: 0 },
    ]);
    // The row of no day is an all-time row only (not a month's too).
    expect(rowsOf(delta, 'partner_agg_flow_month').map((row) => [row.kind, row.day, row.year, row.n, row.cents])).toEqual([['accrued', '2025-04-01', false, 1, 10025]]);
    expect(rowsOf(delta, 'partner_agg_flow_month_years').map((row) => [row.kind, row.day, row.year, row.n, row.cents])).toEqual([['accrued', '2025-01-01', true, 1, 10025]]);
    expect(rowsOf(delta, 'partner_agg_flow_month_ever').map((row) => [row.kind, row.n, row.cents])).toEqual([
      ['accrued', 1, 10025],
      ['commission', 1, 0],
    ]);
  });

  it('should move a registration approved later and found conflicting: the old contribution taken back, the new one added', () => {
    const partnerId = '01936f0e-8a4b-7c3d-9e2f-b00000000001';
    const submitted: PartnerRecord = { kind: 'registration', partnerId, conflict: false, submittedAt: Date.parse('2025-04-01T10:00:00.000Z'), approvedAt: null };
    const approved: PartnerRecord = { ...submitted, conflict: true, approvedAt: Date.parse('2025-04-03T10:00:00.000Z') };
    const delta = new AggregateDelta(PARTNER_TABLES).addPartnerRecords([submitted], -1).addPartnerRecords([approved], 1);
    expect(rowsOf(delta, 'partner_agg_flow').map((row) => [row.kind, row.day, row.n, row.conflicts])).toEqual([
      ['approved', '2025-04-03', 1, 0],
      ['submitted', '2025-04-01', 0, 1],
    ]);
    // Partner records never touch the deals' tables, nor deals the partners'.
    expect(new AggregateDelta(DEAL_PROJECTION_TABLES).add([deal], 1).statements((name) => name).some(({ sql }) => sql.includes('partner_agg'))).toBe(false);
    expect(writesNothing(AggregateDelta.everyTable().add([deal], 1).statements((name) => name).filter(({ sql }) => sql.includes('partner_agg')))).toBe(true);
  });
});

describe('rollupSourceOf', () => {
  const byName = (name: string): AggregateTable => AGGREGATE_TABLES.find((table) => table.table === name)!;

  it.each([
    // A table of years from its table of months; the department's from the owner's; an all-time table from the full key
    // (months and years leave rows of no day out); an owner's all-time rows alone from their rows by channel.
    ['deal_agg_flow_owner', 'deal_agg_flow'],
    ['deal_agg_flow_owner_years', 'deal_agg_flow_owner'],
    ['deal_agg_flow_owner_ever', 'deal_agg_flow'],
    ['deal_agg_flow_department', 'deal_agg_flow_owner'],
    ['deal_agg_flow_department_years', 'deal_agg_flow_department'],
    ['deal_agg_flow_department_ever', 'deal_agg_flow_owner_ever'],
    ['deal_agg_flow_owner_channel', 'deal_agg_flow_owner'],
    ['deal_agg_flow_owner_alone', 'deal_agg_flow_owner_channel_ever'],
    ['partner_agg_flow_month_years', 'partner_agg_flow_month'],
    ['partner_agg_flow_month_ever', 'partner_agg_flow'],
  ])('should sum %s from %s', (target, source) => {
    expect(rollupSourceOf(byName(target)).table).toBe(source);
  });

  it('should lead every rollup back to its full-key table through tables that keep its key columns', () => {
    for (const target of AGGREGATE_TABLES.filter((table) => table.rollup !== null)) {
      const seen = new Set<string>();
      let table = target;
      while (table.rollup !== null) {
        expect(seen.has(table.table)).toBe(false);
        seen.add(table.table);
        const source = rollupSourceOf(table);
        const columns = new Set(source.keys.map(([column]) => column));
        expect(table.keys.filter(([column]) => column !== 'year' && !columns.has(column))).toEqual([]);
        table = source;
      }
      expect(table.aggregate).toBe(target.aggregate);
    }
  });

  it("should keep rows of no day out of a table of months, and not sum one from a table that left them out", () => {
    expect(rollupFrom(byName('deal_agg_flow_owner'), byName('deal_agg_flow'), (name) => name)).toContain('FROM deal_agg_flow WHERE day IS NOT NULL');
    expect(() => rollupFrom(byName('partner_agg_flow_month_ever'), byName('partner_agg_flow_month'), (name) => name)).toThrow('cannot be summed from');
    expect(() => rollupFrom(byName('deal_agg_flow_owner'), byName('deal_agg_flow_owner_years'), (name) => name)).toThrow('cannot be summed from');
  });
});

