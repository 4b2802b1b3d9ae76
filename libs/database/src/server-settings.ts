import type { DataSource } from 'typeorm';

/**
 * What a service says of its PostgreSQL server's settings at start, where they would quietly cost it: without
 * autovacuum (or the statistics it runs on), the tables every service updates or prunes all the time — the
 * outbox, the inbox, reporting's pre-aggregated rows, upserted on every event — keep their dead rows, grow, and
 * every scan of them slows down (a million deals' rollups measured 111,000 dead rows beside 142,000 live ones).
 */
export async function serverSettingWarnings(dataSource: DataSource): Promise<string[]> {
  const [settings]: Array<{ autovacuum: string; track_counts: string }> = await dataSource.query(
    `SELECT current_setting('autovacuum') AS autovacuum, current_setting('track_counts') AS track_counts`,
  );
  const warnings: string[] = [];
  if (settings.autovacuum !== 'on' || settings.track_counts !== 'on') {
    warnings.push(
      `autovacuum is off on this PostgreSQL server (autovacuum=${settings.autovacuum}, track_counts=${settings.track_counts}): ` +
        'tables updated on every write (outbox, inbox, reporting\'s pre-aggregated rows) will bloat and slow down; ' +
        'turn it on (PostgreSQL\'s default) or run VACUUM (ANALYZE) on this schema regularly',
    );
  }
  return warnings;
}

/**
 * ANALYZE of each of these tables (of `schema`) whose heap has doubled, or grown from nothing to `minPages` pages
 * (8 kB each), since its last statistics. For a writer that fills new tables fast, such as reporting's rebuild. Its
 * statements are named, and a named statement keeps the generic plan it made for a table of a few rows — a scan of
 * the whole table for each key it looks up — until the table's statistics change; autovacuum changes them once a
 * naptime at best, and not at all on a server without it. The size on disk, not the statistics' count of changed
 * rows, says how far a table grew: it is current at once, where the counts reach other sessions a second or more
 * later. Doubling, as the lead import does (ADR 0006), costs the writer about two ANALYZEs of each table's final
 * size in all. Answers the tables analysed.
 */
export async function analyseGrownTables(dataSource: DataSource, schema: string, tables: readonly string[], minPages = 8): Promise<string[]> {
  const grown: Array<{ name: string }> = await dataSource.query(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind = 'r'
        AND pg_relation_size(c.oid) / current_setting('block_size')::int >= greatest($3::int, 2 * c.relpages)
      ORDER BY 1`,
    [schema, tables, minPages],
  );
  for (const { name } of grown) await dataSource.query(`ANALYZE ${name}`);
  return grown.map(({ name }) => name);
}
