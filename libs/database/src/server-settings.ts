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
