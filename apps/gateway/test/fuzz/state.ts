import type { Client } from 'pg';

/** `schema.table` -> what it holds, in short: its rows, and the sum and latest of its versions and updates. */
export type Snapshot = Map<string, string>;

/**
 * What every table of these schemas holds, found from the catalogue rather than listed by hand, so that a table
 * a service adds is watched too. A row added, removed or updated (its `version` or `updated_at`) changes it.
 */
export async function snapshot(pg: Client, schemas: readonly string[], ignored: ReadonlySet<string>): Promise<Snapshot> {
  const { rows: tables } = await pg.query<{ schema: string; table: string; versioned: boolean; updated: boolean }>(
    `SELECT t.table_schema AS schema, t.table_name AS table,
            bool_or(c.column_name = 'version') AS versioned, bool_or(c.column_name = 'updated_at') AS updated
       FROM information_schema.tables t JOIN information_schema.columns c USING (table_schema, table_name)
      WHERE t.table_schema = ANY($1) AND t.table_type = 'BASE TABLE'
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [schemas],
  );
  const state: Snapshot = new Map();
  for (const { schema, table, versioned, updated } of tables) {
    if (ignored.has(table)) continue;
    const columns = ['count(*)::text', versioned ? 'coalesce(sum(version), 0)::text' : `''`, updated ? `coalesce(max(updated_at)::text, '')` : `''`];
    const { rows } = await pg.query<{ summary: string }>(`SELECT concat_ws('/', ${columns.join(', ')}) AS summary FROM "${schema}"."${table}"`);
    state.set(`${schema}.${table}`, rows[0].summary);
  }
  return state;
}

/** The tables whose content differs, as `table: before -> after`. */
export function differences(before: Snapshot, after: Snapshot): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => before.get(key) !== after.get(key)).map((key) => `${key}: ${before.get(key) ?? 'none'} -> ${after.get(key) ?? 'none'}`);
}

/** Waits until two snapshots taken `quietMs` apart agree: the fixtures' events have been handled. */
export async function settled(take: () => Promise<Snapshot>, quietMs = 1000, timeoutMs = 20_000): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  let last = await take();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const next = await take();
    if (differences(last, next).length === 0) return next;
    if (Date.now() > deadline) throw new Error(`the platform did not settle: ${differences(last, next).join('; ')}`);
    last = next;
  }
}
