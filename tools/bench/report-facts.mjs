// Reporting's read model at a size the projection cannot reach in a bench run (BENCH_REPORT_LOAD=sql, issue 11):
// the facts the deal projection would hold for BENCH_REPORT_DEALS deals, written by set-based SQL straight into
// reporting's tables, then every pre-aggregated row computed from those facts by reporting's own code (the built
// app's `sumFromFacts`, as a rebuild's first pass has them summed), a chunk of records at a time. What it
// measures is the reports at that size; the projection and the rebuild are measured on events (the default load).
//
// The deals are those of the event load's shape: two years ending before today, 50 managers, 200 partners (30 %
// indirect), 3 currencies, 4 sources, 0–3 stage moves of one stage each, 35 % won (after a payment) and 25 % lost;
// one lead each, converted into it when it was opened. Each deal is created at a random moment of its day, moves every 5 days and ends 5 to 10 days
// after its last move, at a random moment: cycles spread as real ones do (whole multiples of 5 days put a quarter
// of the won deals into one day of cycle, which the median then ranks). Not written: `deal_fact_history` (only
// `asOf` reads it; an `asOf` report over this load is wrong). The leads' counts (`lead_agg_created` and its
// rollups) are computed by reporting's code too, when the build has them. The partners' side: a registration for
// each indirect deal (submitted two days before it opened, approved when it opened unless rejected, 1 in 10 with a
// channel conflict), a commission of 10 % for each won one (accrued when won, 3 in 5 paid 5 days later), a lead offer
// to its partner the day before (accepted, 1 in 5 declined); their pre-aggregated rows (`partner_agg_flow` and its
// rollup) by reporting's code too, when the build has them.
import { createRequire } from 'node:module';
import pg from 'pg';
import path from 'node:path';

const STAGES = ['new', 'qualification', 'proposal', 'approval', 'contract', 'payment'];
const PROBABILITY = [10, 20, 40, 60, 80, 90];
const SOURCES = ['exhibition', 'website', 'cold_call', 'referral'];
const CURRENCIES = ['EUR', 'USD', 'RUB'];

/** A SQL array literal of uuids or texts. */
const array = (values, type) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]::${type}[]`;

/**
 * Writes the facts of `deals` deals into `schema` (reporting's, migrated and empty of deals) and their
 * pre-aggregated rows; answers how long each part took.
 */
export async function loadReportFacts({ client, databaseUrl, schema, root, deals, owners, partners, pipeline, say }) {
  const started = Date.now();
  // A number in [0, 1) and a uuid, both fixed by the deal's number and a salt: two runs load the same deals.
  await client.query(`CREATE OR REPLACE FUNCTION pg_temp.r(n bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
    $$ SELECT ('x' || substr(md5(n::text || ':' || salt::text), 1, 8))::bit(32)::bigint / 4294967296.0 $$`);
  await client.query(`CREATE OR REPLACE FUNCTION pg_temp.u(n bigint, salt int) RETURNS uuid LANGUAGE sql IMMUTABLE AS
    $$ SELECT md5(n::text || '/' || salt::text)::uuid $$`);
  say(`reports: writing the facts of ${deals} deals by SQL`);
  await client.query(`DROP TABLE IF EXISTS pg_temp.d`);
  await client.query(`
    CREATE TEMP TABLE d AS
    SELECT n, pg_temp.u(n, 1) AS deal_id, pg_temp.u(n, 2) AS lead_id,
           (${array(owners, 'uuid')})[1 + floor(pg_temp.r(n, 3) * ${owners.length})::int] AS owner_id,
           pg_temp.r(n, 4) < 0.3 AS indirect,
           (${array(partners, 'uuid')})[1 + floor(pg_temp.r(n, 5) * ${partners.length})::int] AS partner,
           CASE WHEN pg_temp.r(n, 6) < 0.6 THEN 'inbound' ELSE 'outbound' END AS direction,
           (${array(SOURCES, 'text')})[1 + floor(pg_temp.r(n, 7) * ${SOURCES.length})::int] AS source,
           pg_temp.r(n, 8) < 0.2 AS is_repeat,
           round((pg_temp.r(n, 9) * 10000)::numeric, 2) AS amount,
           (${array(CURRENCIES, 'text')})[1 + floor(pg_temp.r(n, 10) * ${CURRENCIES.length})::int] AS currency,
           date_trunc('day', now()) - interval '800 days' + floor(pg_temp.r(n, 11) * 730) * interval '1 day'
             + date_trunc('second', pg_temp.r(n, 18) * interval '1 day') AS created_at,
           floor(pg_temp.r(n, 12) * 4)::int AS moves,
           pg_temp.r(n, 13) AS outcome,
           date_trunc('second', (1 + pg_temp.r(n, 19)) * interval '5 days') AS ends_after,
           30 + floor(pg_temp.r(n, 14) * 120)::int AS close_in_days
      FROM generate_series(1, ${deals}) n`);
  // Moves a stage a step each, 5 days apart; the outcome 5 to 10 days after the last move.
  await client.query(`
    INSERT INTO ${schema}.deal_fact (deal_id, aggregate_version, event_id, pipeline_id, owner_id, partner_id, channel, direction, source, is_repeat,
                                     amount, currency, expected_close_date, expected_close_version, lead_id, created_at, first_seen_at, won_at, lost_at,
                                     last_event_at)
    SELECT deal_id, 1 + moves + CASE WHEN outcome < 0.35 THEN 2 WHEN outcome < 0.6 THEN 1 ELSE 0 END, pg_temp.u(n, 15), '${pipeline}', owner_id,
           CASE WHEN indirect THEN partner END, CASE WHEN indirect THEN 'indirect' ELSE 'direct' END, direction, source, is_repeat,
           amount, currency, (created_at + close_in_days * interval '1 day')::date, 1, lead_id, created_at, created_at,
           CASE WHEN outcome < 0.35 THEN created_at + moves * interval '5 days' + ends_after END,
           CASE WHEN outcome >= 0.35 AND outcome < 0.6 THEN created_at + moves * interval '5 days' + ends_after END,
           CASE WHEN outcome < 0.6 THEN created_at + moves * interval '5 days' + ends_after ELSE created_at + moves * interval '5 days' END
      FROM d`);
  // The newest deal event, which the projection keeps in a row a batch (dataAsOf).
  await client.query(`
    INSERT INTO ${schema}.fact_freshness (facts, newest_event_at) SELECT 'deals', max(last_event_at) FROM ${schema}.deal_fact
    ON CONFLICT (facts) DO UPDATE SET newest_event_at = EXCLUDED.newest_event_at`);
  await client.query(`
    INSERT INTO ${schema}.deal_stage_entry (deal_id, event_id, aggregate_version, stage, probability, entered_at)
    SELECT deal_id, pg_temp.u(n * 10 + i, 16), i + 1, (${array(STAGES, 'text')})[i + 1], (ARRAY[${PROBABILITY.join(',')}])[i + 1],
           created_at + i * interval '5 days'
      FROM d, generate_series(0, 3) i WHERE i <= moves
    UNION ALL
    SELECT deal_id, pg_temp.u(n, 17), moves + 3, 'won', 100, created_at + moves * interval '5 days' + ends_after FROM d WHERE outcome < 0.35
    UNION ALL
    SELECT deal_id, pg_temp.u(n, 17), moves + 2, 'lost', 0, created_at + moves * interval '5 days' + ends_after FROM d WHERE outcome >= 0.35 AND outcome < 0.6`);
  await client.query(`
    INSERT INTO ${schema}.lead_fact (lead_id, aggregate_version, source, direction, segment, assignee_id, partner_id, status, is_repeat, created_at)
    SELECT lead_id, 1, source, direction, 'b2b', owner_id, CASE WHEN indirect THEN partner END, 'new', is_repeat, created_at FROM d`);
  // Each deal was converted from its lead on the day it was opened.
  await client.query(`INSERT INTO ${schema}.lead_conversion (lead_id, deal_id, converted_at) SELECT lead_id, deal_id, created_at FROM d`);
  await client.query(`
    INSERT INTO ${schema}.registration_fact (registration_id, aggregate_version, event_id, partner_id, status, conflict, conflict_version, submitted_at, approved_at, last_event_at)
    SELECT pg_temp.u(n, 20), 2, pg_temp.u(n, 21), partner, CASE WHEN pg_temp.r(n, 22) < 0.9 THEN 'approved' ELSE 'rejected' END, pg_temp.r(n, 23) < 0.1, 1,
           created_at - interval '2 days', CASE WHEN pg_temp.r(n, 22) < 0.9 THEN created_at END, created_at
      FROM d WHERE indirect`);
  await client.query(`
    INSERT INTO ${schema}.commission_fact (commission_id, aggregate_version, event_id, partner_id, deal_id, amount, currency, status, accrued_at, paid_at, last_event_at)
    SELECT pg_temp.u(n, 24), 1, pg_temp.u(n, 25), partner, deal_id, round(amount / 10, 2), currency, CASE WHEN pg_temp.r(n, 26) < 0.6 THEN 'paid' ELSE 'accrued' END,
           won, CASE WHEN pg_temp.r(n, 26) < 0.6 THEN won + interval '5 days' END, won
      FROM (SELECT *, created_at + moves * interval '5 days' + ends_after AS won FROM d WHERE indirect AND outcome < 0.35) AS w`);
  await client.query(`
    INSERT INTO ${schema}.lead_offer_fact (offer_id, aggregate_version, event_id, partner_id, status, offered_at, decided_at, last_event_at)
    SELECT pg_temp.u(n, 27), 2, pg_temp.u(n, 28), partner, CASE WHEN pg_temp.r(n, 29) < 0.8 THEN 'accepted' ELSE 'declined' END,
           created_at - interval '1 day', created_at - interval '12 hours', created_at - interval '12 hours'
      FROM d WHERE indirect`);
  for (const table of ['deal_fact', 'deal_stage_entry', 'lead_fact', 'lead_conversion', 'registration_fact', 'commission_fact', 'lead_offer_fact']) {
    await client.query(`ANALYZE ${schema}.${table}`);
  }
  const factsSeconds = (Date.now() - started) / 1000;
  say(`reports: facts written in ${factsSeconds.toFixed(1)} s; computing the pre-aggregated rows from them`);

  // Reporting's own code, as built: every pre-aggregated row summed from the facts by the projections' rules, as a
  // rebuild's first pass has them summed (`sumFromFacts`, ADR 0012's twentieth amendment).
  // On a pool of two, as the rebuild runs it: one chunk written while the next is read and summed; parameters written
  // as reporting writes them (`parameterOf`: its array literals).
  const require = createRequire(import.meta.url);
  const { sumFromFacts } = require(path.join(root, 'dist/apps/reporting/apps/reporting/src/rebuild/sums-from-facts.js'));
  const { parameterOf } = require(path.join(root, 'dist/apps/reporting/libs/database/src/named-query.js'));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const aggregating = Date.now();
  try {
    await sumFromFacts(async (sql, params) => (await pool.query(sql, params?.map(parameterOf))).rows, (name) => `${schema}.${name}`);
  } finally {
    await pool.end();
  }
  const aggregatesSeconds = (Date.now() - aggregating) / 1000;
  const { rows: tables } = await client.query(
    `SELECT c.relname AS name, c.reltuples::bigint AS rows FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname = $1 AND c.relkind = 'r' AND (c.relname LIKE 'deal_agg%' OR c.relname LIKE 'lead_agg%' OR c.relname LIKE 'partner_agg%') ORDER BY 1`,
    [schema],
  );
  for (const { name } of tables) await client.query(`ANALYZE ${schema}.${name}`);
  say(`reports: pre-aggregated rows computed in ${aggregatesSeconds.toFixed(1)} s`);
  return { factsSeconds, aggregatesSeconds, aggregateTables: tables.map(({ name }) => name) };
}
