import { enteredStages, visitsOf } from '../report/deal-totals';
import type { DealRecord } from '../report/report.model';

/** Runs one SQL statement (a transaction's manager, a query runner, a data source). */
export type Query = (sql: string, params?: unknown[]) => Promise<any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The dimensions every report filters deals on: the columns of every pre-aggregated table. */
const DIMENSIONS = [
  ['owner_id', 'uuid'],
  ['partner_id', 'uuid'],
  ['channel', 'text'],
  ['direction', 'text'],
  ['pipeline_id', 'uuid'],
  ['source', 'text'],
  ['is_repeat', 'boolean'],
] as const;

interface Aggregate {
  table: string;
  /** Key columns beyond the dimensions, with their SQL types. */
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
} as const satisfies Record<string, Aggregate>;

export type AggregateName = keyof typeof AGGREGATES;
export const AGGREGATE_TABLES = Object.values(AGGREGATES).map((aggregate) => aggregate.table);

/** A row of one aggregate: its key values (dimensions first, then its own keys) and its sums, in column order. */
interface Contribution {
  aggregate: AggregateName;
  key: unknown[];
  sums: number[];
}

const dayOf = (time: number): string => new Date(time).toISOString().slice(0, 10);

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
  return rows;
}

/** Changes to the aggregates: contributions added (`sign` 1) or taken back (−1), folded by key. */
export class AggregateDelta {
  private readonly rows = new Map<AggregateName, Map<string, Contribution>>();

  add(deals: readonly DealRecord[], sign: 1 | -1): this {
    for (const deal of deals) {
      for (const row of contributionsOf(deal)) {
        const table = this.rows.get(row.aggregate) ?? new Map<string, Contribution>();
        this.rows.set(row.aggregate, table);
        const id = JSON.stringify(row.key);
        const held = table.get(id);
        if (held) held.sums = held.sums.map((sum, index) => sum + sign * row.sums[index]);
        else table.set(id, { ...row, sums: row.sums.map((sum) => sign * sum) });
      }
    }
    return this;
  }

  /**
   * The upserts adding the changes to the tables, one per table whose rows changed, rows in key order (so that
   * concurrent batches lock shared rows in one order). A row that falls to zero deals stays, with zeros; readers
   * skip it.
   */
  statements(table: (name: string) => string): Statement[] {
    const statements: Statement[] = [];
    for (const name of Object.keys(AGGREGATES) as AggregateName[]) {
      const rows = [...(this.rows.get(name)?.entries() ?? [])]
        .filter(([, row]) => row.sums.some((sum) => sum !== 0))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, row]) => row);
      if (rows.length === 0) continue;
      const aggregate: Aggregate = AGGREGATES[name];
      const keys = [...DIMENSIONS, ...aggregate.keys];
      const sumTypes = aggregate.sums.map((sum) => (sum === 'cents' || sum === 'cycle_ms' || sum === 'ms' ? 'bigint' : 'integer'));
      const columns = [...keys.map(([column]) => column), ...aggregate.sums];
      const types = [...keys.map(([, type]) => type), ...sumTypes];
      statements.push({
        sql: `INSERT INTO ${table(aggregate.table)} AS held (${columns.join(', ')})
         SELECT * FROM unnest(${types.map((type, index) => `$${index + 1}::${type}[]`).join(', ')})
         ON CONFLICT (${keys.map(([column]) => column).join(', ')}) DO UPDATE SET
           ${aggregate.sums.map((sum) => `${sum} = held.${sum} + EXCLUDED.${sum}`).join(', ')}`,
        params: [...keys.map((_, index) => rows.map((row) => row.key[index])), ...aggregate.sums.map((_, index) => rows.map((row) => row.sums[index]))],
      });
    }
    return statements;
  }

  /** Adds the changes, a statement per table. */
  async write(query: Query, table: (name: string) => string): Promise<void> {
    for (const { sql, params } of this.statements(table)) await query(sql, params);
  }
}

/** One SQL statement with its parameters, numbered from `$1`. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Several statements as one: each a data-modifying `WITH` query of one statement (so one round trip, one
 * snapshot: none of them may read what another writes — each writes its own table), parameters renumbered.
 */
export function combined(statements: readonly Statement[]): Statement {
  const params: unknown[] = [];
  const parts = statements.map(({ sql, params: own }, index) => {
    const offset = params.length;
    params.push(...own);
    return `w${index} AS (${sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  return { sql: `WITH ${parts.join(',\n')}\nSELECT 1`, params };
}

/** A deal's row of `deal_fact` as the projection's upsert reads and writes it (moments in epoch ms). */
export interface HeldFact {
  dealId: string;
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
    `SELECT d.deal_id, d.aggregate_version, d.event_id, d.pipeline_id, d.owner_id, d.partner_id, d.channel, d.direction, d.source, d.is_repeat,
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
export async function lockDeals(query: Query, dealIds: readonly string[]): Promise<void> {
  if (dealIds.length === 0) return;
  await query(
    `SELECT pg_advisory_xact_lock(${DEAL_LOCK_CLASS}, h)
       FROM (SELECT DISTINCT hashtext(id) AS h FROM unnest($1::text[]) AS id ORDER BY 1) AS locks`,
    [dealIds],
  );
}

/** The first key of the deals' advisory locks, apart from any other advisory lock (the rebuild's uses one key). */
const DEAL_LOCK_CLASS = 120_012;
