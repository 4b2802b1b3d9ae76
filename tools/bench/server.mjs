// What the benches ask of the PostgreSQL server they run on.
import pg from 'pg';

/**
 * Whether the server runs without autovacuum (or the statistics it works from): the same rule as the apps' warning
 * at start (libs/database, serverSettingWarnings). There the benches do what autovacuum would have done.
 */
export async function runsWithoutAutovacuum(client) {
  const { rows } = await client.query(`SELECT current_setting('autovacuum') = 'on' AND current_setting('track_counts') = 'on' AS on`);
  return !rows[0].on;
}

/**
 * What autovacuum would have done after a phase grew the bench's tables from nothing, on a server that runs without
 * it (this machine's has `autovacuum = off`): ANALYZE of the bench's database. Without it a service keeps the plans
 * it made for its empty tables — a named statement's generic plan lives as long as its connection unless the
 * table's statistics change —: the write bench's duplicate look-up ran 2.6 ms a call against 0.15 on fresh plans,
 * and the read mix's lists of new leads 3.2 ms against 0.07 (a bitmap scan of every lead and a sort, planned for
 * four rows). The apps warn of such a server at start (libs/database, serverSettingWarnings).
 */
export async function analyzeWithoutAutovacuum(client, say) {
  if (!(await runsWithoutAutovacuum(client))) return;
  const started = Date.now();
  await client.query('ANALYZE');
  say(`autovacuum is off on this server: ANALYZE of the bench's database, as it would have run (${Date.now() - started} ms)`);
}

/**
 * Autovacuum's ANALYZE while the benches write, on a server that runs without it: about every second, each table of
 * the bench's database changed by more rows since its last statistics than autovacuum's threshold (50 rows and 10 %
 * of the table: autovacuum_analyze_threshold and autovacuum_analyze_scale_factor, read from the server) is
 * analysed. Without it the write phases ran on the plans each connection made for empty tables: the duplicate
 * look-up's generic plan read every lead and sorted them for each key (4.9 ms a call at 3,000 leads against 0.1),
 * 60 % of PostgreSQL's time a lead. Autovacuum comes by once a naptime (autovacuum_naptime, 1 min by default), so a
 * service that has run a while has plans for its tables' size, which this stands for: a table is analysed at once
 * the first time it passes the threshold (the empty tables' plans go), and again only a naptime after its last
 * ANALYZE. Analysing every table past its threshold every second, as this did until 2026-12-03, was sixty times
 * autovacuum's work: 8 of PostgreSQL's 20.5 CPU-seconds in an import of 100,000 rows (docs/benchmarks.md).
 * Answers the function that stops it; does nothing where autovacuum runs.
 */
export async function analyzeAsAutovacuumWould(databaseUrl, say) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  if (!(await runsWithoutAutovacuum(client))) {
    await client.end();
    return async () => {};
  }
  let running = true;
  let analysed = 0;
  const { rows: settings } = await client.query(`SELECT EXTRACT(epoch FROM current_setting('autovacuum_naptime')::interval) * 1000 AS ms`);
  const naptimeMs = Number(settings[0].ms);
  /** When the bench last analysed each table. */
  const lastAnalysed = new Map();
  let wake = () => {};
  const loop = (async () => {
    while (running) {
      try {
        const { rows } = await client.query(
          `SELECT format('%I.%I', s.schemaname, s.relname) AS name FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::int
                                          + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0)`,
        );
        for (const { name } of rows) {
          if (!running) break;
          if (Date.now() - (lastAnalysed.get(name) ?? -Infinity) < naptimeMs) continue;
          lastAnalysed.set(name, Date.now());
          await client.query(`ANALYZE ${name}`).then(() => analysed++, () => undefined); // a table dropped meanwhile
        }
      } catch {
        // the server restarting: try again in a second
      }
      await new Promise((resolve) => {
        wake = resolve;
        setTimeout(resolve, 1000);
      });
    }
  })();
  say('autovacuum is off on this server: its ANALYZE is done by the bench, table by table, as the tables grow');
  return async () => {
    running = false;
    wake();
    await loop;
    await client.end();
    say(`the bench analysed ${analysed} tables as autovacuum would have`);
  };
}
