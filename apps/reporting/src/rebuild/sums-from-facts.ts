import { Semaphore } from '@saleswire/messaging';
import {
  AGGREGATE_TABLES,
  AggregateDelta,
  combined,
  leadRecordOf,
  readDeals,
  readLeads,
  rollupFrom,
  rollupSourceOf,
  writesNothing,
  type AggregateTable,
  type LeadRecord,
  type Query,
  type Statement,
} from '../deal-fact/deal-aggregates';
import { PARTNER_FACTS, type PartnerFact } from '../partner-fact/partner-fact.projection';

/** Records summed at once: their contributions folded in memory, then written as one statement. */
const CHUNK = 5_000;

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** How many records of each kind were summed. */
export interface SummedFacts {
  deals: number;
  leads: number;
  partnerRecords: number;
}

/**
 * Every pre-aggregated row (ADR 0012) computed from the facts as they stand, by the projections' own rules: each
 * deal's contributions (`contributionsOf`), each lead's with its conversion and its won deals, each registration's,
 * commission's and offer's, into the full-key tables; then each rollup's rows summed by SQL from the smallest table
 * already filled that holds them (`rollupSourceOf`, `rollupFrom`). What the projections sum event by event equals this sum taken once: a rebuild's first pass
 * writes the facts alone and then this fills its tables (ADR 0012, twentieth amendment), and the bench's loader fills
 * a model written by SQL with it. The aggregate tables must hold no rows yet.
 *
 * A chunk of records at a time, in id order, each chunk's rows written as one statement (a named text, planned once
 * per connection) while the next chunk is read and summed; the rollups two at a time (on a pool of at least two), each
 * once its source is filled.
 */
export async function sumFromFacts(query: Query, table: (name: string) => string): Promise<SummedFacts> {
  const chunks = (facts: string, idColumn: string, columns: string, sum: (rows: FactRow[]) => Promise<AggregateDelta> | AggregateDelta): Promise<number> =>
    inChunks(query, table(facts), idColumn, columns, async (rows) => (await sum(rows)).statements(table));
  const deals = await chunks('deal_fact', 'deal_id', 'deal_id AS id', async (rows) => new AggregateDelta(FULL_KEY).add(await readDeals(query, table, ids(rows)), 1));
  const leads = await chunks('lead_fact', 'lead_id', 'lead_id AS id', async (rows) => {
    const held = await readLeads(query, table, ids(rows));
    return new AggregateDelta(FULL_KEY).addLeads([...held.values()].map(leadRecordOf).filter((lead): lead is LeadRecord => lead !== null), 1);
  });
  let partnerRecords = 0;
  for (const fact of Object.values<PartnerFact<FactRow>>(PARTNER_FACTS)) {
    partnerRecords += await chunks(fact.table, fact.idColumn, `${fact.idColumn} AS id, ${fact.columns}`, (rows) => new AggregateDelta(FULL_KEY).addPartnerRecords(rows.map(fact.recordOf), 1));
  }
  // Each rollup once the table it is summed from is filled, two statements at a time.
  const slots = new Semaphore(2);
  const filled = new Map<string, Promise<void>>();
  const fill = (target: AggregateTable): Promise<void> => {
    let filling = filled.get(target.table);
    if (!filling) {
      const source = rollupSourceOf(target);
      filling = (source.rollup === null ? Promise.resolve() : fill(source)).then(async () => {
        await slots.acquire();
        try {
          await query(rollupFrom(target, source, table), []);
        } finally {
          slots.release();
        }
      });
      filled.set(target.table, filling);
    }
    return filling;
  };
  await Promise.all(AGGREGATE_TABLES.filter((target) => target.rollup !== null).map(fill));
  return { deals, leads, partnerRecords };
}

/** The full-key tables: what a chunk's contributions are added to (the rollups are summed from them after). */
const FULL_KEY = AGGREGATE_TABLES.filter((target) => target.rollup === null);

type FactRow = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ids = (rows: readonly FactRow[]): string[] => rows.map((row) => row.id as string);

/**
 * Every row of `facts`, `CHUNK` at a time in `idColumn` order: each chunk's statements made by `sum` and written as
 * one, while the next chunk is read and summed (on a pool, PostgreSQL writes one chunk while JavaScript sums the
 * next); one write at a time, so that no two wait on each other's rows. Answers how many rows there were.
 */
async function inChunks(
  query: Query,
  facts: string,
  idColumn: string,
  columns: string,
  sum: (rows: FactRow[]) => Promise<Statement[]>,
): Promise<number> {
  let count = 0;
  let writing: Promise<unknown> = Promise.resolve();
  for (let after = FIRST_ID; ; ) {
    const rows: FactRow[] = await query(`SELECT ${columns} FROM ${facts} WHERE ${idColumn} > $1 ORDER BY ${idColumn} LIMIT ${CHUNK}`, [after]);
    if (rows.length === 0) break;
    const statements = await sum(rows);
    await writing;
    writing = writesNothing(statements) ? Promise.resolve() : write(query, statements);
    // Its failure is awaited (and thrown) before the next write or at the end; meanwhile it is not unhandled.
    writing.catch(() => undefined);
    count += rows.length;
    after = rows[rows.length - 1].id as string;
  }
  await writing;
  return count;
}

async function write(query: Query, statements: Statement[]): Promise<void> {
  const { sql, params } = combined(statements);
  await query(sql, params);
}
