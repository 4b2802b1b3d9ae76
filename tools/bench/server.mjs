// What the benches ask of the PostgreSQL server they run on.

/**
 * Whether the server runs without autovacuum (or the statistics it works from): the same rule as the apps' warning
 * at start (libs/database, serverSettingWarnings). There the benches do what autovacuum would have done.
 */
export async function runsWithoutAutovacuum(client) {
  const { rows } = await client.query(`SELECT current_setting('autovacuum') = 'on' AND current_setting('track_counts') = 'on' AS on`);
  return !rows[0].on;
}
