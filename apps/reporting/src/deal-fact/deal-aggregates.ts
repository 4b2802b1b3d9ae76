import { enteredStages, visitsOf } from '../report/deal-totals';
import type { DealRecord } from '../report/report.model';

/** Runs one SQL statement (a transaction's manager, a query runner, a data source). */
export type Query = (sql: string, params?: unknown[]) => Promise<any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The dimensions every report filters deals on: the columns of every full-key aggregate table. */
const DIMENSIONS = [
  ['owner_id', 'uuid'],
  ['partner_id', 'uuid'],
  ['channel', 'text'],
  ['direction', 'text'],
  ['pipeline_id', 'uuid'],
  ['source', 'text'],
  ['is_repeat', 'boolean'],
] as const;

export type Dimension = (typeof DIMENSIONS)[number][0];
const TYPE_OF = new Map<string, string>(DIMENSIONS);

interface Aggregate {
  table: string;
  /** The dimensions it is keyed by, where not all (the partners' activity: the partner only). */
  dimensions?: readonly Dimension[];
  /** Key columns beyond the dimensions, with their SQL types (`day`, where there is one, is a UTC day). */
  keys: ReadonlyArray<readonly [string, string]>;
  /** Summed columns. */
  sums: readonly string[];
}

/**
 * The pre-aggregated tables (ADR 0012, amended), each keyed by the dimensions and a few more columns, holding
 * counts and sums of the deals' contributions as their facts stand now:
 * - `deal_agg_flow`: deals opened, won and lost by day (the day of that moment), currency; won with Σ cycle.
 * - `deal_agg_open`: deals open now by pipeline stage (and the entry's probability), expected close month, currency.
 * - `deal_agg_funnel`: deals by opening day, currency, the stages they entered, their last stage and whether lost.
 * - `deal_agg_visit`: finished stage visits of deals by opening day and stage: their number and Σ length.
 * - `deal_agg_cycle`: won deals by the day they were won and their cycle in whole days (won − opened, floored): where
 *   the median cycle lies, so that the reader ranks only the won deals of that one day of cycle (ADR 0012, third
 *   amendment).
 * - `lead_agg_created`: leads by the day of their creation and their marketing event (ADR 0012, fourth amendment):
 *   how many, how many converted, and the deals opened from them that were won, by the deal's currency — the leads'
 *   counts of the summary and the managers report, and the lead-sources report. A lead has the deals' dimensions but
 *   a pipeline (always null): its owner is its assignee, and its channel is indirect when it went to a partner.
 * - `partner_agg_flow`: the partners' registrations, commissions and lead offers by partner, kind, UTC day of that
 *   moment and currency (ADR 0012, fifth amendment): submitted (with Σ conflicts), approved, accrued and paid (with Σ
 *   cents), offered, accepted, declined, lapsed; and one row per record with no day (`registration`, `commission`,
 *   `offer`: the partners the report lists whatever the period). Keyed by the partner alone: the only filter the
 *   report applies to them.
 */
export const AGGREGATES = {
  flow: {
    table: 'deal_agg_flow',
    keys: [['kind', 'text'], ['day', 'date'], ['currency', 'text']],
    sums: ['n', 'n_amount', 'cents', 'cycle_ms'],
  },
  open: {
    table: 'deal_agg_open',
    keys: [['stage', 'text'], ['probability', 'integer'], ['expected_month', 'text'], ['currency', 'text']],
    sums: ['n', 'n_amount', 'cents'],
  },
  funnel: {
    table: 'deal_agg_funnel',
    keys: [['day', 'date'], ['stages', 'text'], ['last_stage', 'text'], ['lost', 'boolean'], ['currency', 'text']],
    sums: ['n', 'n_amount', 'cents'],
  },
  visit: {
    table: 'deal_agg_visit',
    keys: [['day', 'date'], ['stage', 'text']],
    sums: ['n', 'ms'],
  },
  cycle: {
    table: 'deal_agg_cycle',
    keys: [['day', 'date'], ['cycle_day', 'integer']],
    sums: ['n'],
  },
  lead: {
    table: 'lead_agg_created',
    keys: [['day', 'date'], ['marketing_event_id', 'uuid'], ['currency', 'text']],
    sums: ['n', 'converted', 'won', 'n_amount', 'cents'],
  },
  partner: {
    table: 'partner_agg_flow',
    dimensions: ['partner_id'],
    keys: [['kind', 'text'], ['day', 'date'], ['currency', 'text']],
    sums: ['n', 'conflicts', 'cents'],
  },
} as const satisfies Record<string, Aggregate>;

export type AggregateName = keyof typeof AGGREGATES;
export const AGGREGATE_NAMES = Object.keys(AGGREGATES) as AggregateName[];

/**
 * A rollup (ADR 0012, third amendment): every aggregate again with fewer dimensions and a coarser day — a row per
 * month (`day` the month's first day), one per year (`day` the year's first day, `year` true: ADR 0012, seventh
 * amendment) and one for all time (`day` null) —, so that the common reports read a few rows whatever the number of
 * deals. `drops`: own key columns a rollup does not keep either (the open deals' expected month would multiply the
 * owner's and partner's rows by thirty; only the forecast asks for it).
 * In order of size, smallest first: the reader takes the first that holds every column a query filters or groups on;
 * over all of time, an all-time rollup (`allTime`, declared last) that holds them before any other (`tableFor`).
 */
export interface Rollup {
  name: string;
  dimensions: readonly Dimension[];
  drops?: Partial<Record<AggregateName, readonly string[]>>;
  /** The aggregates it rolls up, where not all. */
  only?: readonly AggregateName[];
  /**
   * All-time rows only, in one table of no day (ADR 0012, fourteenth amendment): for a report over all of time that
   * groups by these dimensions alone, which would otherwise group a wider rollup's all-time rows down to them.
   */
  allTime?: true;
}

/** The aggregates keyed by every dimension: those the deals' rollups apply to (the partners' activity has its own). */
const keyedByAll = (name: AggregateName): boolean => !('dimensions' in AGGREGATES[name]);

const DEPARTMENT: readonly Dimension[] = ['channel', 'direction', 'pipeline_id', 'is_repeat'];

export const ROLLUPS: readonly Rollup[] = [
  // The department's reports and their channel, direction, pipeline and repeat filters (a channel manager's scope).
  { name: 'department', dimensions: DEPARTMENT },
  // The managers report of a channel (a channel manager's scope, always the indirect one) and of a period: a row per
  // owner and channel (and kind, currency), where the owner's rollup keeps eight per owner and channel besides (ADR
  // 0012, nineteenth amendment). It keeps neither the open deals' stage nor the leads' marketing event.
  { name: 'owner_channel', dimensions: ['owner_id', 'channel'], drops: { open: ['stage', 'probability', 'expected_month'], lead: ['marketing_event_id'] }, only: ['flow', 'open', 'lead'] },
  // The managers report and a manager's scope.
  { name: 'owner', dimensions: ['owner_id', ...DEPARTMENT], drops: { open: ['expected_month'] } },
  // The partners report and a partner user's scope.
  { name: 'partner', dimensions: ['partner_id', ...DEPARTMENT], drops: { open: ['expected_month'] } },
  // The lead-sources report (ADR 0012, fourth amendment): the leads only.
  { name: 'source', dimensions: ['source', ...DEPARTMENT], only: ['lead'] },
  // The partners' registrations, commissions and offers by month and for all time (ADR 0012, fifth amendment).
  { name: 'month', dimensions: ['partner_id'], only: ['partner'] },
  // The managers report (and the dashboard's) over all of time, unfiltered or for one manager: a row per owner and
  // currency (and kind), where the owner's all-time rows hold eight or more (ADR 0012, fourteenth amendment).
  { name: 'owner_alone', dimensions: ['owner_id'], drops: { open: ['stage', 'probability', 'expected_month'], lead: ['marketing_event_id'] }, only: ['flow', 'open', 'lead'], allTime: true },
  // The partners report's deals over all of time: a row per partner, kind and currency.
  { name: 'partner_alone', dimensions: ['partner_id'], only: ['flow'], allTime: true },
];

/**
 * One table of an aggregate: its full-key day rows (`rollup` null), a rollup's month rows, its year rows (`years`),
 * or its all-time rows (`ever`: no day, no year). A rollup with a day keeps its year rows and its all-time rows each
 * in a table of its own (`<rollup>_years`, `<rollup>_ever`: ADR 0012, thirteenth and sixteenth amendments), so that a
 * report of a year or of all time reads a few pages, not one in two or three of the rollup's; an all-time rollup
 * (`allTime`) keeps all-time rows alone. A rollup of no day (the open deals') has one row a key, in its one table.
 */
export interface AggregateTable {
  table: string;
  aggregate: AggregateName;
  rollup: Rollup | null;
  ever: boolean;
  /** A rollup's year rows (`day` the year's first day, `year` true), read through the rollup (`yearsTableOf`). */
  years: boolean;
  /** Key columns in index order, with their SQL types. */
  keys: ReadonlyArray<readonly [string, string]>;
  sums: readonly string[];
}

/** A rollup's key column after its day: the row sums a whole year, not a month (ADR 0012, seventh amendment). */
const YEAR = ['year', 'boolean'] as const;

function tablesOf(name: AggregateName): AggregateTable[] {
  const aggregate: Aggregate = AGGREGATES[name];
  const dimensions = aggregate.dimensions ? DIMENSIONS.filter(([dimension]) => aggregate.dimensions!.includes(dimension)) : DIMENSIONS;
  const full: AggregateTable = { table: aggregate.table, aggregate: name, rollup: null, ever: false, years: false, keys: [...dimensions, ...aggregate.keys], sums: aggregate.sums };
  return [
    full,
    ...ROLLUPS.filter((rollup) => (rollup.only ? rollup.only.includes(name) : keyedByAll(name))).flatMap((rollup) => {
      const own = aggregate.keys.filter(([column]) => !rollup.drops?.[name]?.includes(column));
      const table: AggregateTable = {
        table: `${aggregate.table}_${rollup.name}`,
        aggregate: name,
        rollup,
        ever: false,
        years: false,
        keys: [
          ...rollup.dimensions.map((dimension) => [dimension, TYPE_OF.get(dimension)!] as const),
          // A rollup's day is followed by whether its row sums a year (`day` the year's first day) or a month.
          ...own.flatMap(([column, type]) => (column === 'day' ? [[column, type] as const, YEAR] : [[column, type] as const])),
        ],
        sums: aggregate.sums,
      };
      const allTime = { ...table, ever: true, keys: table.keys.filter(([column]) => column !== 'day' && column !== 'year') };
      if (rollup.allTime) return [allTime];
      if (!own.some(([column]) => column === 'day')) return [table];
      // Its year rows and its all-time rows, right after it (the projection writes the tables in this order).
      return [table, { ...table, table: `${table.table}_years`, years: true }, { ...allTime, table: `${table.table}_ever` }];
    }),
  ];
}

/**
 * The table of a rollup's all-time rows: its `_ever` table, or the rollup itself where it has no day (one row a key)
 * or holds all-time rows only.
 */
export function everTableOf(rollup: AggregateTable): AggregateTable {
  if (rollup.rollup === null) throw new Error(`${rollup.table} is not a rollup`);
  if (rollup.ever) return rollup;
  return AGGREGATE_TABLES.find((table) => table.table === `${rollup.table}_ever`) ?? rollup;
}

/** The table of a rollup's year rows: its `_years` table. */
export function yearsTableOf(rollup: AggregateTable): AggregateTable {
  const years = AGGREGATE_TABLES.find((table) => table.table === `${rollup.table}_years`);
  if (rollup.rollup === null || rollup.ever || rollup.years || !years) throw new Error(`${rollup.table} is not a rollup's table of months`);
  return years;
}

/** Every aggregate table, in the order the projection writes them (so that concurrent batches lock rows in one order). */
export const AGGREGATE_TABLES: readonly AggregateTable[] = AGGREGATE_NAMES.flatMap(tablesOf);
/** The full-key tables the migration 1765700000000 created and back-filled with this code, before the rollups, the cycles and the leads. */
const FIRST_TABLES = AGGREGATE_TABLES.filter((table) => table.rollup === null && table.aggregate !== 'cycle' && table.aggregate !== 'lead' && table.aggregate !== 'partner');
/** The tables of the leads' counts, which the lead projection writes. */
export const LEAD_TABLES = AGGREGATE_TABLES.filter((table) => table.aggregate === 'lead');
/** The tables of the partners' activity, which the partner projection writes. */
export const PARTNER_TABLES = AGGREGATE_TABLES.filter((table) => table.aggregate === 'partner');
/** The tables the deal projection writes: the deals', and the leads' (a won deal counts in its lead's row). */
export const DEAL_PROJECTION_TABLES = AGGREGATE_TABLES.filter((table) => table.aggregate !== 'partner');

/** A row of one aggregate: its key values (dimensions first, then its own keys) and its sums, in column order. */
interface Contribution {
  aggregate: AggregateName;
  key: unknown[];
  sums: number[];
}

/** Days already written out, by their number since the epoch: a batch's rows fall on few days, and each key holds one. */
const DAYS = new Map<number, string>();

/** The UTC day of `time` (`YYYY-MM-DD`). */
function dayOf(time: number): string {
  const number = Math.floor(time / 86_400_000);
  let day = DAYS.get(number);
  if (day === undefined) {
    day = new Date(time).toISOString().slice(0, 10);
    if (DAYS.size >= 100_000) DAYS.clear();
    DAYS.set(number, day);
  }
  return day;
}

/** A won deal's cycle in whole days, floored: its bucket of `deal_agg_cycle` (the reader's SQL computes the same). */
export const cycleDayOf = (ms: number): number => Math.floor(ms / 86_400_000);

/** What one deal, as its facts stand, adds to each aggregate. */
export function contributionsOf(deal: DealRecord): Contribution[] {
  const dims = [deal.ownerId, deal.partnerId, deal.channel ?? null, deal.direction ?? null, deal.pipelineId, deal.source ?? null, deal.isRepeat];
  const nAmount = deal.amount === null ? 0 : 1;
  const cents = deal.amount === null ? 0 : Math.round(deal.amount * 100);
  const rows: Contribution[] = [{ aggregate: 'flow', key: [...dims, 'opened', dayOf(deal.openedAt), deal.currency], sums: [1, nAmount, cents, 0] }];
  if (deal.wonAt !== null) {
    rows.push({ aggregate: 'flow', key: [...dims, 'won', dayOf(deal.wonAt), deal.currency], sums: [1, nAmount, cents, deal.wonAt - deal.openedAt] });
  }
  if (deal.lostAt !== null) rows.push({ aggregate: 'flow', key: [...dims, 'lost', dayOf(deal.lostAt), deal.currency], sums: [1, nAmount, cents, 0] });
  const last = deal.entries[deal.entries.length - 1];
  if (deal.wonAt === null && deal.lostAt === null) {
    rows.push({
      aggregate: 'open',
      key: [...dims, last?.stage ?? null, last?.probability ?? null, deal.expectedCloseDate?.slice(0, 7) ?? null, deal.currency],
      sums: [1, nAmount, cents],
    });
  }
  const opened = dayOf(deal.openedAt);
  rows.push({
    aggregate: 'funnel',
    key: [...dims, opened, JSON.stringify(enteredStages(deal)), last?.stage ?? null, deal.lostAt !== null, deal.currency],
    sums: [1, nAmount, cents],
  });
  for (const visit of visitsOf(deal)) rows.push({ aggregate: 'visit', key: [...dims, opened, visit.stage], sums: [1, visit.ms] });
  if (deal.wonAt !== null) rows.push({ aggregate: 'cycle', key: [...dims, dayOf(deal.wonAt), cycleDayOf(deal.wonAt - deal.openedAt)], sums: [1] });
  return rows;
}

/** A lead's attributes as its fact holds them: where it counts in `lead_agg_created`. */
export interface LeadFacts {
  assigneeId: string | null;
  partnerId: string | null;
  direction: string | null;
  source: string | null;
  isRepeat: boolean;
  createdAt: number;
  marketingEventId: string | null;
}

/** A deal opened from a lead and won: what it adds to the lead's row of its currency. */
export interface WonDeal {
  amount: number | null;
  currency: string | null;
}

/** A lead as its facts stand: its attributes, whether it was converted, and the won deals opened from it. */
export interface LeadRecord extends LeadFacts {
  converted: boolean;
  wonDeals: readonly WonDeal[];
}

/** A lead's key in `lead_agg_created`: the assignee as the owner, indirect when it went to a partner, no pipeline. */
function leadKey(lead: LeadFacts, currency: string | null): unknown[] {
  const channel = lead.partnerId === null ? 'direct' : 'indirect';
  return [lead.assigneeId, lead.partnerId, channel, lead.direction, null, lead.source, lead.isRepeat, dayOf(lead.createdAt), lead.marketingEventId, currency];
}

/** What one won deal opened from `lead` adds: a win and its amount, on the lead's row of the deal's currency. */
export function wonDealContributionOf(lead: LeadFacts, deal: WonDeal): Contribution {
  const nAmount = deal.amount === null ? 0 : 1;
  return { aggregate: 'lead', key: leadKey(lead, deal.currency), sums: [0, 0, 1, nAmount, deal.amount === null ? 0 : Math.round(deal.amount * 100)] };
}

/** What one lead adds: one lead (converted or not) on its day of creation, and each of its won deals. */
export function leadContributionsOf(lead: LeadRecord): Contribution[] {
  return [{ aggregate: 'lead', key: leadKey(lead, null), sums: [1, lead.converted ? 1 : 0, 0, 0, 0] }, ...lead.wonDeals.map((deal) => wonDealContributionOf(lead, deal))];
}

/**
 * A partner's record as its fact holds it (`registration_fact`, `commission_fact`, `lead_offer_fact`; moments in epoch
 * ms): what it counts for in `partner_agg_flow` (ADR 0012, fifth amendment).
 */
export type PartnerRecord =
  | { kind: 'registration'; partnerId: string; conflict: boolean | null; submittedAt: number | null; approvedAt: number | null }
  | { kind: 'commission'; partnerId: string; amount: number; currency: string; accruedAt: number | null; paidAt: number | null }
  | { kind: 'offer'; partnerId: string; status: string; offeredAt: number; decidedAt: number | null };

/** The offers' decisions the partners report counts, each a kind of `partner_agg_flow`. */
export const OFFER_DECISIONS: ReadonlySet<string> = new Set(['accepted', 'declined', 'lapsed']);

/**
 * The kinds of `partner_agg_flow` that are a record's moments, counted in a period; its other kinds (a record's own
 * kind, of no day) only list the partners with a record.
 */
export const PARTNER_MOMENTS: readonly string[] = ['submitted', 'approved', 'accrued', 'paid', 'offered', ...OFFER_DECISIONS];

/**
 * What one partner record adds to `partner_agg_flow`: one row of no day for the record (its partner is listed
 * whatever the period), and one per moment it has, on that moment's UTC day — submitted (a conflict counted
 * there), approved; accrued and paid with the amount's cents in its currency; offered, and decided as its status says.
 */
export function partnerContributionsOf(record: PartnerRecord): Contribution[] {
  const row = (kind: string, at: number | null, sums: [number, number, number], currency: string | null = null): Contribution => ({
    aggregate: 'partner',
    key: [record.partnerId, kind, at === null ? null : dayOf(at), currency],
    sums,
  });
  const rows = [row(record.kind, null, [1, 0, 0])];
  if (record.kind === 'registration') {
    if (record.submittedAt !== null) rows.push(row('submitted', record.submittedAt, [1, record.conflict === true ? 1 : 0, 0]));
    if (record.approvedAt !== null) rows.push(row('approved', record.approvedAt, [1, 0, 0]));
  } else if (record.kind === 'commission') {
    const cents = Math.round(record.amount * 100);
    if (record.accruedAt !== null) rows.push(row('accrued', record.accruedAt, [1, 0, cents], record.currency));
    if (record.paidAt !== null) rows.push(row('paid', record.paidAt, [1, 0, cents], record.currency));
  } else {
    rows.push(row('offered', record.offeredAt, [1, 0, 0]));
    if (record.decidedAt !== null && OFFER_DECISIONS.has(record.status)) rows.push(row(record.status, record.decidedAt, [1, 0, 0]));
  }
  return rows;
}

/**
 * The keys a full-key row adds to in one table: itself in the full table; in a rollup's all-time table (or a rollup
 * of no day), its columns there; in a rollup's table of months, its columns there with the day as its month's first
 * day; in its table of years, with the day as its year's first day (`year` true) — none in either for a row of no day
 * (a partner's record, which counts for all time only).
 */
function keysIn(target: AggregateTable, key: readonly unknown[]): unknown[][] {
  if (target.rollup === null) return [[...key]];
  const { from, day, year } = projectionOf(target);
  const projected = from.map((index) => (index < 0 ? false : key[index]));
  if (day < 0) return [projected];
  if (projected[day] === null) return [];
  const date = String(projected[day]);
  projected[day] = target.years ? `${date.slice(0, 4)}-01-01` : `${date.slice(0, 7)}-01`;
  projected[year] = target.years;
  return [projected];
}

/**
 * A row's key as one text, to fold a delta's rows in a map: its values joined by NUL + \u0001, a null written as a
 * NUL alone. No key value holds a NUL (PostgreSQL's text refuses it, and so does every contract's validation), so the
 * separators are where they seem and two keys share a text only when they are equal. One string a key, built whole:
 * cheaper than a `JSON.stringify` of each key for each table (once most of a projection's JavaScript) and than a
 * tree of a map per key value (a third of a projection's garbage).
 */
function keyText(key: readonly unknown[]): string {
  const parts = KEY_PARTS;
  parts.length = key.length;
  for (let index = 0; index < key.length; index++) parts[index] = key[index] ?? '\u0000';
  return parts.join('\u0000\u0001');
}
/** `keyText`'s scratch array, reused: a delta is folded synchronously, one key at a time. */
const KEY_PARTS: unknown[] = [];

/**
 * Where each key column of a rollup's table is in its aggregate's full key (−1: `year`, which only rollups have), and
 * where its day and its `year` are (−1: none).
 */
interface Projection {
  from: number[];
  day: number;
  year: number;
}
const projections = new Map<string, Projection>();
function projectionOf(target: AggregateTable): Projection {
  let projection = projections.get(target.table);
  if (!projection) {
    const columns = fullKeyTableOf(target.aggregate).keys.map(([column]) => column);
    const at = (name: string): number => target.keys.findIndex(([column]) => column === name);
    projection = { from: target.keys.map(([column]) => columns.indexOf(column)), day: at('day'), year: at('year') };
    projections.set(target.table, projection);
  }
  return projection;
}

/**
 * A rollup's rows summed by SQL from the rows of `source` (its aggregate's full-key table, or another of its tables
 * that `rollupSourceOf` found to hold every row it needs), into an empty table: each source row added where `keysIn`
 * adds a full-key row, by the same projection (its columns there, the day as its month's or year's first day, none of
 * no day in a table of months or years). For a table filled at once (a rebuild's sums, ADR 0012 twentieth and
 * twenty-first amendments), where folding every contribution into every rollup in JavaScript cost ten times the
 * full-key rows alone.
 */
export function rollupFrom(target: AggregateTable, source: AggregateTable, table: (name: string) => string): string {
  if (target.rollup === null) throw new Error(`${target.table} is not a rollup`);
  if (!holdsRowsOf(source, target)) throw new Error(`${target.table} cannot be summed from ${source.table}`);
  const { day } = projectionOf(target);
  const keys = target.keys.map(([column], index) =>
    index === day ? `date_trunc('${target.years ? 'year' : 'month'}', day::timestamp)::date` : column === 'year' ? String(target.years) : column,
  );
  const sums = target.sums.map((sum) => `sum(${sum})::${BIG_SUMS.has(sum) ? 'bigint' : 'integer'}`);
  return `INSERT INTO ${table(target.table)} (${[...target.keys.map(([column]) => column), ...target.sums].join(', ')})
    SELECT ${[...keys, ...sums].join(', ')} FROM ${table(source.table)}${day < 0 ? '' : ' WHERE day IS NOT NULL'}
     GROUP BY ${keys.map((_, index) => index + 1).join(', ')}`;
}

/**
 * The smallest table a rollup can be summed from once it is filled: of its aggregate's tables that hold its rows
 * (`holdsRowsOf`), the one of the fewest key columns (the coarser on a tie), else the full-key table. A table of
 * years from its table of months, the department's rollup from the owner's, an owner's all-time rows alone from the
 * owner's all-time rows: a few thousand rows read where the full key has a hundred thousand and more.
 */
export function rollupSourceOf(target: AggregateTable): AggregateTable {
  const grain = (table: AggregateTable): number => (table.rollup === null ? 0 : table.ever || projectionOf(table).day < 0 ? 3 : table.years ? 2 : 1);
  // The columns that split rows (`year` only says a rollup's grain).
  const width = (table: AggregateTable): number => table.keys.filter(([column]) => column !== 'year').length;
  // Only a table of more key columns or a finer grain: no two tables are summed from each other.
  const candidates = AGGREGATE_TABLES.filter((table) => holdsRowsOf(table, target) && (width(table) > width(target) || grain(table) < grain(target)));
  candidates.sort((a, b) => width(a) - width(b) || grain(b) - grain(a));
  return candidates[0];
}

/**
 * Whether `source`'s rows, summed by `target`'s key, give `target`'s rows: it keeps every key column of `target`
 * (but `year`, which says the target's own grain), its days at the target's grain or finer (a day's, a month's or a
 * year's), and, for a target of no day (all time), its rows of no day too (which tables of months and years leave
 * out). The full-key table holds every rollup's rows; a rollup never holds its own.
 */
function holdsRowsOf(source: AggregateTable, target: AggregateTable): boolean {
  if (source.aggregate !== target.aggregate || source === target || target.rollup === null) return false;
  if (source.rollup === null) return true;
  const columns = new Set(source.keys.map(([column]) => column));
  if (!target.keys.every(([column]) => column === 'year' || columns.has(column))) return false;
  const sourceDays = projectionOf(source).day >= 0;
  if (projectionOf(target).day < 0) return !sourceDays;
  return sourceDays && (source.years ? target.years : true);
}

/** The full-key table of an aggregate (its rows by every key column, `rollup` null). */
export function fullKeyTableOf(aggregate: AggregateName): AggregateTable {
  return AGGREGATE_TABLES.find((table) => table.aggregate === aggregate && table.rollup === null)!;
}

/**
 * Changes to the aggregates: contributions added (`sign` 1) or taken back (−1), folded by key, in every table of
 * `tables`. The deal projection writes every deal and lead table (`DEAL_PROJECTION_TABLES`: the same deltas to the full-key rows
 * and to each rollup, so that each stays exact as the other); the default is the four full-key tables the migration
 * that created them (1765700000000, landed before the rollups and the cycles) back-fills with this code.
 */
export class AggregateDelta {
  /** Each table's rows, folded by key (see `keyText`). */
  private readonly rows = new Map<string, Map<string, Contribution>>();
  /** The tables of each aggregate, in `tables` order. */
  private readonly targets = new Map<string, AggregateTable[]>();

  constructor(private readonly tables: readonly AggregateTable[] = FIRST_TABLES) {
    for (const table of tables) {
      const targets = this.targets.get(table.aggregate) ?? [];
      targets.push(table);
      this.targets.set(table.aggregate, targets);
    }
  }

  static everyTable(): AggregateDelta {
    return new AggregateDelta(AGGREGATE_TABLES);
  }

  add(deals: readonly DealRecord[], sign: 1 | -1): this {
    for (const deal of deals) this.addContributions(contributionsOf(deal), sign);
    return this;
  }

  addLeads(leads: readonly LeadRecord[], sign: 1 | -1): this {
    for (const lead of leads) this.addContributions(leadContributionsOf(lead), sign);
    return this;
  }

  addPartnerRecords(records: readonly PartnerRecord[], sign: 1 | -1): this {
    for (const record of records) this.addContributions(partnerContributionsOf(record), sign);
    return this;
  }

  /**
   * A deal's change: its contributions as its facts stood (none if new) taken back and as they stand now added. What
   * both hold alike (the same key and sums: most of them when a deal moves a stage or records a payment) cancels
   * here, before it is spread over every rollup's rows, where it would only have summed to zero.
   */
  changeDeal(before: DealRecord | null, after: DealRecord): this {
    this.addChange(before ? contributionsOf(before) : [], contributionsOf(after));
    return this;
  }

  /** A lead's change, as `changeDeal`. */
  changeLead(before: LeadRecord | null, after: LeadRecord): this {
    this.addChange(before ? leadContributionsOf(before) : [], leadContributionsOf(after));
    return this;
  }

  /** A partner record's change, as `changeDeal`. */
  changePartnerRecord(before: PartnerRecord | null, after: PartnerRecord | null): this {
    this.addChange(before ? partnerContributionsOf(before) : [], after ? partnerContributionsOf(after) : []);
    return this;
  }

  /** A won deal's part of its lead's counts (the deal projection's, when the deal's win, amount or lead changes). */
  addWonDeal(lead: LeadFacts, deal: WonDeal, sign: 1 | -1): this {
    this.addContributions([wonDealContributionOf(lead, deal)], sign);
    return this;
  }

  /** `before` taken back and `after` added, less the contributions both hold alike. */
  private addChange(before: readonly Contribution[], after: readonly Contribution[]): void {
    const taken = before.slice();
    const added: Contribution[] = [];
    for (const row of after) {
      const same = taken.findIndex((held) => sameContribution(held, row));
      if (same < 0) added.push(row);
      else taken.splice(same, 1);
    }
    this.addContributions(taken, -1);
    this.addContributions(added, 1);
  }

  private addContributions(rows: readonly Contribution[], sign: 1 | -1): void {
    for (const row of rows) {
      for (const target of this.targets.get(row.aggregate) ?? []) {
        let table = this.rows.get(target.table);
        if (!table) this.rows.set(target.table, (table = new Map()));
        for (const key of keysIn(target, row.key)) {
          const text = keyText(key);
          const held = table.get(text);
          if (held) for (let index = 0; index < row.sums.length; index++) held.sums[index] += sign * row.sums[index];
          else table.set(text, { aggregate: row.aggregate, key, sums: row.sums.map((sum) => sign * sum) });
        }
      }
    }
  }

  /**
   * The upserts adding the changes to the tables, one per table of the delta (an empty one too: so the text depends
   * only on the tables, and a named statement of it is planned once per connection, not once per combination of
   * tables a batch happens to change), tables in one order and rows in key order (so that concurrent batches lock
   * shared rows in one order). A row that falls to zero deals stays, with zeros; readers skip it.
   */
  statements(table: (name: string) => string): Statement[] {
    const statements: Statement[] = [];
    for (const target of this.tables) {
      const rows = [...(this.rows.get(target.table)?.values() ?? [])].filter((row) => row.sums.some((sum) => sum !== 0)).sort(byKey);
      const sumTypes = target.sums.map((sum) => (BIG_SUMS.has(sum) ? 'bigint' : 'integer'));
      const columns = [...target.keys.map(([column]) => column), ...target.sums];
      const types = [...target.keys.map(([, type]) => type), ...sumTypes];
      statements.push({
        sql: `INSERT INTO ${table(target.table)} AS held (${columns.join(', ')})
         SELECT * FROM unnest(${types.map((type, index) => `$${index + 1}::${type}[]`).join(', ')})
         ON CONFLICT (${target.keys.map(([column]) => column).join(', ')}) DO UPDATE SET
           ${target.sums.map((sum) => `${sum} = held.${sum} + EXCLUDED.${sum}`).join(', ')}`,
        params: [...target.keys.map((_, index) => rows.map((row) => row.key[index])), ...target.sums.map((_, index) => rows.map((row) => row.sums[index]))],
      });
    }
    return statements;
  }

  /** Adds the changes, a statement per table. */
  async write(query: Query, table: (name: string) => string): Promise<void> {
    for (const statement of this.statements(table)) if (!writesNothing([statement])) await query(statement.sql, statement.params);
  }
}

/**
 * The order rows are written in, the same in every writer (so that concurrent batches lock shared rows in one order):
 * by their keys' values in column order, each column's values ascending, its nulls last. Compared value by value,
 * not as a `JSON.stringify` of each key, which was the largest part of a batch's JavaScript after the folding.
 */
function byKey(a: Contribution, b: Contribution): number {
  for (let index = 0; index < a.key.length; index++) {
    const x = a.key[index] ?? null;
    const y = b.key[index] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x as string) < (y as string) ? -1 : 1;
  }
  return 0;
}

/** Whether two contributions add to the same row the same sums (a key's `undefined` is its `null`, as in `keyText`). */
function sameContribution(a: Contribution, b: Contribution): boolean {
  if (a.aggregate !== b.aggregate || a.key.length !== b.key.length || a.sums.length !== b.sums.length) return false;
  for (let index = 0; index < a.key.length; index++) if ((a.key[index] ?? null) !== (b.key[index] ?? null)) return false;
  for (let index = 0; index < a.sums.length; index++) if (a.sums[index] !== b.sums[index]) return false;
  return true;
}

/** Whether upserts of `statements` (each its rows as arrays, the first a key column) have no row to write. */
export function writesNothing(statements: readonly Statement[]): boolean {
  return statements.every(({ params }) => (params[0] as unknown[]).length === 0);
}

/** The sums held as bigint (cents and milliseconds); the others are counts, integer. */
export const BIG_SUMS: ReadonlySet<string> = new Set(['cents', 'cycle_ms', 'ms']);

/** One SQL statement with its parameters, numbered from `$1`. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Several statements as one: each a data-modifying `WITH` query of one statement (so one round trip, one
 * snapshot: none of them may read what another writes — each writes its own table), parameters renumbered.
 * `select`: what the statement answers, which may read the `RETURNING` rows of `w0`, `w1`…
 */
export function combined(statements: readonly Statement[], select = 'SELECT 1'): Statement {
  const params: unknown[] = [];
  const parts = statements.map(({ sql, params: own }, index) => {
    const offset = params.length;
    params.push(...own);
    return `w${index} AS (${sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  return { sql: `WITH ${parts.join(',\n')}\n${select}`, params };
}

/** A deal's row of `deal_fact` as the projection's upsert reads and writes it (moments in epoch ms). */
export interface HeldFact {
  dealId: string;
  leadId: string | null;
  version: number;
  eventId: string;
  pipelineId: string;
  ownerId: string | null;
  partnerId: string | null;
  channel: string;
  direction: string | null;
  source: string | null;
  isRepeat: boolean;
  amount: number | null;
  currency: string | null;
  /** `yyyy-mm-dd`. */
  expectedCloseDate: string | null;
  expectedCloseVersion: number;
  createdAt: number | null;
  firstSeenAt: number;
  wonAt: number | null;
  lostAt: number | null;
}

/** A row of `deal_stage_entry`. */
export interface HeldEntry {
  eventId: string;
  version: number;
  stage: string;
  probability: number;
  enteredAt: number;
}

export interface HeldDeal {
  fact: HeldFact;
  /** In (version, event id) order. */
  entries: HeldEntry[];
}

interface FactRow {
  deal_id: string;
  lead_id: string | null;
  aggregate_version: number;
  event_id: string;
  pipeline_id: string;
  owner_id: string | null;
  partner_id: string | null;
  channel: string;
  direction: string | null;
  source: string | null;
  is_repeat: boolean;
  amount: string | null;
  currency: string | null;
  expected_close_date: string | null;
  expected_close_version: number;
  created_at: Date | null;
  first_seen_at: Date;
  won_at: Date | null;
  lost_at: Date | null;
  entry_event_id: string | null;
  entry_version: number | null;
  stage: string | null;
  probability: number | null;
  entered_at: Date | null;
}

/** The deals' facts as they stand, with every stage entry in version order, by deal id (lower case). */
export async function readHeld(query: Query, table: (name: string) => string, dealIds: readonly string[]): Promise<Map<string, HeldDeal>> {
  const held = new Map<string, HeldDeal>();
  if (dealIds.length === 0) return held;
  const rows: FactRow[] = await query(
    `SELECT d.deal_id, d.lead_id, d.aggregate_version, d.event_id, d.pipeline_id, d.owner_id, d.partner_id, d.channel, d.direction, d.source, d.is_repeat,
            d.amount, d.currency, to_char(d.expected_close_date, 'YYYY-MM-DD') AS expected_close_date, d.expected_close_version,
            d.created_at, d.first_seen_at, d.won_at, d.lost_at,
            e.event_id AS entry_event_id, e.aggregate_version AS entry_version, e.stage, e.probability, e.entered_at
       FROM ${table('deal_fact')} d LEFT JOIN ${table('deal_stage_entry')} e ON e.deal_id = d.deal_id
      WHERE d.deal_id = ANY($1::uuid[])
      ORDER BY d.deal_id, e.aggregate_version, e.event_id`,
    [dealIds],
  );
  for (const row of rows) {
    let deal = held.get(row.deal_id);
    if (!deal) {
      deal = {
        fact: {
          dealId: row.deal_id,
          leadId: row.lead_id,
          version: row.aggregate_version,
          eventId: row.event_id,
          pipelineId: row.pipeline_id,
          ownerId: row.owner_id,
          partnerId: row.partner_id,
          channel: row.channel,
          direction: row.direction,
          source: row.source,
          isRepeat: row.is_repeat,
          amount: row.amount === null ? null : Number(row.amount),
          currency: row.currency,
          expectedCloseDate: row.expected_close_date,
          expectedCloseVersion: row.expected_close_version,
          createdAt: row.created_at?.getTime() ?? null,
          firstSeenAt: row.first_seen_at.getTime(),
          wonAt: row.won_at?.getTime() ?? null,
          lostAt: row.lost_at?.getTime() ?? null,
        },
        entries: [],
      };
      held.set(row.deal_id, deal);
    }
    if (row.entry_event_id !== null) {
      deal.entries.push({ eventId: row.entry_event_id, version: row.entry_version!, stage: row.stage!, probability: row.probability!, enteredAt: row.entered_at!.getTime() });
    }
  }
  return held;
}

/** A deal as reports see it, from its facts. */
export function recordOf({ fact, entries }: HeldDeal): DealRecord {
  return {
    dealId: fact.dealId,
    pipelineId: fact.pipelineId,
    ownerId: fact.ownerId,
    partnerId: fact.partnerId,
    channel: fact.channel,
    direction: fact.direction,
    source: fact.source,
    isRepeat: fact.isRepeat,
    amount: fact.amount,
    currency: fact.currency,
    expectedCloseDate: fact.expectedCloseDate,
    openedAt: fact.createdAt ?? fact.firstSeenAt,
    wonAt: fact.wonAt,
    lostAt: fact.lostAt,
    entries: entries.map(({ stage, probability, enteredAt, version }) => ({ stage, probability, enteredAt, version })),
  };
}

/** The deals' records as their facts stand (for the migration's back-fill), in deal order. */
export async function readDeals(query: Query, table: (name: string) => string, dealIds: readonly string[]): Promise<DealRecord[]> {
  return [...(await readHeld(query, table, dealIds)).values()].map(recordOf);
}

/**
 * Serialises the batches that touch one deal until their transactions end (a transaction-scoped advisory lock per
 * deal, taken in one order), so that each reads the deal's facts before and after its own change with no other
 * change in between: the contribution it takes back is the one that was added.
 */
export function lockDeals(query: Query, dealIds: readonly string[]): Promise<void> {
  return lockIds(query, DEAL_LOCK_CLASS, dealIds);
}

/** The same for the leads' batches (the lead projection reads a lead's fact before it changes it, as the deals'). */
export function lockLeads(query: Query, leadIds: readonly string[]): Promise<void> {
  return lockIds(query, LEAD_LOCK_CLASS, leadIds);
}

/** The same for a partner's record (a registration, commission or offer: `kind:id`), which its projection reads and then changes. */
export function lockPartnerRecords(query: Query, keys: readonly string[]): Promise<void> {
  return lockIds(query, PARTNER_LOCK_CLASS, keys);
}

interface LeadRow {
  lead_id: string;
  aggregate_version: number | null;
  assignee_id: string | null;
  partner_id: string | null;
  direction: string | null;
  source: string | null;
  is_repeat: boolean | null;
  created_at: Date | null;
  marketing_event_id: string | null;
  converted: boolean;
  won: WonDeal[];
}

/** What the facts hold of one lead: its fact (null: not projected yet), whether converted, the won deals opened from it. */
export interface LeadState {
  fact: (LeadFacts & { version: number }) | null;
  converted: boolean;
  wonDeals: WonDeal[];
}

/** The lead as its facts stand, or null while its fact is not here (it then counts nowhere). */
export function leadRecordOf(state: LeadState | undefined): LeadRecord | null {
  return state?.fact ? { ...state.fact, converted: state.converted, wonDeals: state.wonDeals } : null;
}

/**
 * The leads' facts as they stand, by lead id (lower case), for every id asked — projected or not: the fact with its
 * version, whether converted, and the won deals opened from it (by the deals' `lead_id`); a conversion or a deal may
 * come before its lead. Read by every writer of the leads' counts — the lead projection, the conversion, the deal
 * projection — with the leads locked (`lockLeads`), and by the bench's loader.
 */
export async function readLeads(query: Query, table: (name: string) => string, leadIds: readonly string[]): Promise<Map<string, LeadState>> {
  if (leadIds.length === 0) return new Map();
  const rows: LeadRow[] = await query(
    `SELECT i.id AS lead_id, l.aggregate_version, l.assignee_id, l.partner_id, l.direction, l.source, l.is_repeat, l.created_at, l.marketing_event_id,
            EXISTS (SELECT 1 FROM ${table('lead_conversion')} c WHERE c.lead_id = i.id) AS converted,
            (SELECT coalesce(json_agg(json_build_object('amount', d.amount, 'currency', d.currency)), '[]'::json)
               FROM ${table('deal_fact')} d WHERE d.lead_id = i.id AND d.won_at IS NOT NULL) AS won
       FROM unnest($1::uuid[]) AS i (id) LEFT JOIN ${table('lead_fact')} l ON l.lead_id = i.id`,
    [leadIds],
  );
  return new Map(
    rows.map((row) => [
      row.lead_id,
      {
        fact:
          row.aggregate_version === null
            ? null
            : {
                version: row.aggregate_version,
                assigneeId: row.assignee_id,
                partnerId: row.partner_id,
                direction: row.direction,
                source: row.source,
                isRepeat: row.is_repeat === true,
                createdAt: row.created_at!.getTime(),
                marketingEventId: row.marketing_event_id,
              },
        converted: row.converted,
        wonDeals: row.won.map((deal) => ({ amount: deal.amount === null ? null : Number(deal.amount), currency: deal.currency })),
      },
    ]),
  );
}

async function lockIds(query: Query, lockClass: number, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await query(
    `SELECT pg_advisory_xact_lock(${lockClass}, h)
       FROM (SELECT DISTINCT hashtext(id) AS h FROM unnest($1::text[]) AS id ORDER BY 1) AS locks`,
    [ids.map((id) => id.toLowerCase())],
  );
}

/** The first key of the deals', the leads' and the partner records' advisory locks, apart from any other advisory lock (the rebuild's uses one key). */
const DEAL_LOCK_CLASS = 120_012;
const LEAD_LOCK_CLASS = 120_013;
const PARTNER_LOCK_CLASS = 120_014;
