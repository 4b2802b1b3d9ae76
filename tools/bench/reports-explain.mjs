// EXPLAIN ANALYZE of the unfiltered reports' statements on a bench's read model (after `BENCH_ONLY=reports npm run
// bench`, whose schema stays): each statement as the reader sends it from the rollups' all-time tables and from the full-key day rows
// (the reader's `days` mode, i.e. before the rollups), with the rows its scans read and its execution time (median of
// BENCH_EXPLAIN_RUNS runs). The median cycle: ranking every won deal (before) and the counts per day of cycle plus one
// day's won deals (now).
//   BENCH_NAMESPACE=rollup node tools/bench/reports-explain.mjs
import pg from 'pg';

const NAMESPACE = process.env.BENCH_NAMESPACE ?? 'bench';
const DATABASE = NAMESPACE === 'bench' ? 'saleswire_bench' : `saleswire_${NAMESPACE}`;
const RUNS = Number(process.env.BENCH_EXPLAIN_RUNS ?? 5);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
base.pathname = `/${DATABASE}`;
const s = `reporting_${NAMESPACE}`;

const sums = (...columns) => columns.map((c) => (c === 'n' || c === 'n_amount' ? `sum(${c})::int AS ${c}` : `sum(${c})::text AS ${c}`)).join(', ');
const grouped = (columns, sumColumns, from) =>
  `SELECT ${columns.join(', ')}, ${sums(...sumColumns)} FROM (${from}) AS agg GROUP BY ${columns.map((_, i) => i + 1).join(', ')} HAVING sum(n) <> 0`;
const pair = (name, columns, sumColumns, table, extra = '') => [
  [`${name}, rollup`, grouped(columns, sumColumns, `SELECT ${[...columns, ...sumColumns].join(', ')} FROM ${s}.${table}_${allTimeOf(columns)} ${extra ? `WHERE ${extra}` : ''}`)],
  [`${name}, day rows`, grouped(columns, sumColumns, `SELECT ${[...columns, ...sumColumns].join(', ')} FROM ${s}.${table} ${extra ? `WHERE ${extra}` : ''}`)],
];
const rollupOf = (columns) => (columns.includes('owner_id') ? 'owner_alone' : columns.includes('partner_id') ? 'partner_alone' : 'department');
/** The table of a rollup's all-time rows: the all-time rollups by owner or partner alone, else the department's `_ever` table. */
const allTimeOf = (columns) => (rollupOf(columns) === 'department' ? 'department_ever' : rollupOf(columns));
const openPair = (name, columns, table) => [
  [`${name}, rollup`, grouped(columns, ['n', 'n_amount', 'cents'], `SELECT ${[...columns, 'n', 'n_amount', 'cents'].join(', ')} FROM ${s}.${table}_${rollupOf(columns)}`)],
  [`${name}, day rows`, grouped(columns, ['n', 'n_amount', 'cents'], `SELECT ${[...columns, 'n', 'n_amount', 'cents'].join(', ')} FROM ${s}.${table}`)],
];
const MS = `floor(extract(epoch FROM d.won_at) * 1000) - floor(extract(epoch FROM d.opened_at) * 1000)`;

/** Rows read by the plan's scans (actual rows × loops of every scan node), and the plan's nodes in short. */
function scanned(plan) {
  let rows = 0;
  const nodes = [];
  const walk = (node) => {
    if (/Scan/.test(node['Node Type'])) {
      rows += node['Actual Rows'] * node['Actual Loops'];
      nodes.push(`${node['Node Type']} on ${node['Relation Name'] ?? '?'}${node['Index Name'] ? ` (${node['Index Name']})` : ''}: ${node['Actual Rows'] * node['Actual Loops']}`);
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return { rows, nodes };
}

/** `settings`: `SET LOCAL` lines the reader runs the statement with, in a transaction of its own. */
async function explain(client, sql, settings = []) {
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i += 1) {
    await client.query('BEGIN');
    try {
      for (const setting of settings) await client.query(`SET LOCAL ${setting}`);
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`);
      last = rows[0]['QUERY PLAN'][0];
    } finally {
      await client.query('ROLLBACK');
    }
    times.push(last['Execution Time']);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], ...scanned(last.Plan) };
}

const client = new pg.Client({ connectionString: base.toString() });
await client.connect();
const tables = (await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'deal_agg%'`, [s])).rows;
for (const { table_name } of tables) await client.query(`ANALYZE ${s}.${table_name}`);
await client.query(`ANALYZE ${s}.deal_fact`);
const counts = {};
for (const { table_name } of tables.sort((a, b) => (a.table_name < b.table_name ? -1 : 1))) {
  counts[table_name] = (await client.query(`SELECT count(*)::int AS n FROM ${s}.${table_name}`)).rows[0].n;
}
console.log('rows per table', counts);

const statements = [
  ...pair('funnel: deals by entered stages', ['pipeline_id', 'stages', 'last_stage', 'lost', 'currency'], ['n', 'n_amount', 'cents'], 'deal_agg_funnel'),
  ...pair('funnel: visits', ['stage'], ['n', 'ms'], 'deal_agg_visit'),
  ...pair('summary: flows by repeat', ['kind', 'currency', 'is_repeat'], ['n', 'n_amount', 'cents', 'cycle_ms'], 'deal_agg_flow'),
  ...openPair('summary: open by stage', ['currency', 'pipeline_id', 'stage', 'probability'], 'deal_agg_open'),
  ...pair('summary: won by day of cycle', ['cycle_day'], ['n'], 'deal_agg_cycle'),
  ...pair('managers: flows by owner', ['kind', 'currency', 'owner_id'], ['n', 'n_amount', 'cents', 'cycle_ms'], 'deal_agg_flow'),
  ...openPair('managers: open by owner', ['currency', 'owner_id'], 'deal_agg_open'),
  ...pair('partners: flows by partner', ['kind', 'currency', 'partner_id'], ['n', 'n_amount', 'cents', 'cycle_ms'], 'deal_agg_flow'),
  ...openPair('forecast: open by stage and month', ['currency', 'pipeline_id', 'stage', 'probability', 'expected_month'], 'deal_agg_open'),
];

// The median: the day of cycle and offset of the middle rank, as the reader works them out.
const days = (await client.query(`SELECT cycle_day, sum(n)::int AS n FROM ${s}.deal_agg_cycle_department_ever GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`)).rows;
const total = days.reduce((sum, row) => sum + row.n, 0);
let before = 0;
let middle = null;
for (const row of days) {
  if (Math.floor((total + 1) / 2) <= before + row.n) {
    middle = { day: row.cycle_day, offset: Math.floor((total + 1) / 2) - before - 1 };
    break;
  }
  before += row.n;
}
statements.push(
  [
    'summary: median cycle, ranking every won deal (before)',
    `SELECT ms::text FROM (SELECT ms, row_number() OVER (ORDER BY ms) AS r, count(*) OVER () AS total
       FROM (SELECT ${MS} AS ms FROM ${s}.deal_fact d WHERE d.won_at IS NOT NULL) AS won) AS ranked WHERE r BETWEEN (total + 1) / 2 AND total / 2 + 1 ORDER BY r`,
  ],
  [
    `summary: median cycle, the won deals of one day of cycle (${middle?.day}, offset ${middle?.offset}) (now)`,
    `SELECT (${MS})::text AS ms FROM ${s}.deal_fact d WHERE d.won_at IS NOT NULL
       AND d.won_at - d.opened_at >= '${middle.day * 86400 - 1} seconds'::interval AND d.won_at - d.opened_at < '${(middle.day + 1) * 86400 + 1} seconds'::interval
       AND floor((${MS}) / 86400000) = ${middle.day} ORDER BY d.won_at - d.opened_at, ${MS} OFFSET ${middle.offset} LIMIT 1`,
    // As the reader runs it unfiltered (aggregate-totals.reader.ts): in the cycle index's order, without bitmaps.
    ['enable_bitmapscan = off'],
  ],
);

console.log('| statement | rows read by its scans | execution ms (median) | scans |');
console.log('|---|---|---|---|');
for (const [name, sql, settings] of statements) {
  const { ms, rows, nodes } = await explain(client, sql, settings);
  console.log(`| ${name} | ${rows} | ${ms.toFixed(2)} | ${nodes.join('; ')} |`);
}
await client.end();
