// What the benches ask of the PostgreSQL server they run on.

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
