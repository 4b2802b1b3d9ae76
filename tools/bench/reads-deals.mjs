// The reads-deals phase of `npm run bench` (BENCH_ONLY=reads-deals runs it alone; issue 16): 1,000,000 deals and
// 200,000 customers of 10 managers, loaded by bulk SQL straight into the deals service's schema (as partners.mjs
// loads its index: creating them through the API would take hours and measure the writes, not the reads), then
// every deals and customers list, filter combination and search timed through the gateway, 20 requests each, as
// the head of sales and as a manager: p50/p95 in ms, and the size of the tables on disk.
//
//   BENCH_ONLY=reads-deals npm run bench
//   BENCH_DEALS=100000 BENCH_ONLY=reads-deals npm run bench     a smaller load
//   BENCH_READ_REUSE=1 BENCH_ONLY=reads-deals npm run bench     the reads again over what a previous run loaded
import path from 'node:path';
import pg from 'pg';
import { percentile } from './stats.mjs';

const DEALS = Number(process.env.BENCH_DEALS ?? 1_000_000);
const CUSTOMERS = Number(process.env.BENCH_DEAL_CUSTOMERS ?? Math.max(1000, Math.floor(DEALS / 5)));
const MANAGERS = 10;
const PARTNERS = 20;
const REPEATS = Number(process.env.BENCH_READS_REPEATS ?? 20);
const SCHEMA = 'deals_reads_bench';
const IAM = 'iam_reads_bench';
const REUSE = process.env.BENCH_READ_REUSE === '1';

// Names as a sales department writes them: Latin and Cyrillic people and companies, some with `ё`.
const FIRST = ['Olga', 'Ivan', 'Anna', 'Peter', 'Maria', 'Sergey', 'Ольга', 'Иван', 'Пётр', 'Алёна', 'Мария', 'Сергей'];
const LAST = ['Kozlova', 'Smirnov', 'Volkova', 'Fedorov', 'Orlova', 'Козлова', 'Смирнов', 'Волкова', 'Фёдоров', 'Орлова', 'Ковалёв'];
const COMPANY = ['Northwind', 'Contoso', 'Globex', 'Initech', 'Umbrella', 'Берёзка', 'Ромашка', 'Северсталь', 'Полёт', 'Зенит'];
const STAGES = ['new', 'qualification', 'proposal', 'approval', 'contract', 'payment', 'won', 'lost'];

async function api(gateway, token, method, route, body) {
  const response = await fetch(`${gateway.url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

const sqlArray = (values) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;

/** What a previous run loaded (BENCH_READ_REUSE=1): its partners, in the order `load` made them. */
async function loadedBefore(client) {
  const { rows } = await client.query(`SELECT DISTINCT partner_id FROM ${SCHEMA}.deal WHERE partner_id IS NOT NULL ORDER BY partner_id`);
  if (rows.length === 0) throw new Error(`BENCH_READ_REUSE=1, but ${SCHEMA} holds no deals: run once without it`);
  return { partners: rows.map((row) => row.partner_id), seconds: 0 };
}

/** Customers and deals with UUID v7 ids in creation order (as the service makes them), by set-based SQL. */
async function load(client, managers, say) {
  const started = Date.now();
  const base = new Date().toISOString();
  // A UUID v7 of a time and a seed: the service's ids sort by creation time, and the keyset relies on it.
  await client.query(`
    CREATE FUNCTION pg_temp.v7(at timestamptz, seed bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
      SELECT (substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(h, 1, 3) || '-8' || substr(h, 4, 3) || '-' || substr(h, 7, 12))::uuid
        FROM (SELECT lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0') AS t, md5(seed::text) AS h) x
    $$`);
  const partners = Array.from({ length: PARTNERS }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
  say(`reads-deals: loading ${CUSTOMERS} customers`);
  await client.query(
    `INSERT INTO ${SCHEMA}.customer (id, version, kind, name, tax_id, email, phone, tax_id_key, email_key, phone_key, owner_id, created_by, created_at, updated_at)
     SELECT pg_temp.v7(at, i), 1, CASE WHEN i % 3 = 0 THEN 'person' ELSE 'company' END,
            CASE WHEN i % 3 = 0 THEN f.first[1 + i % array_length(f.first, 1)] || ' ' || f.last[1 + (i / 7) % array_length(f.last, 1)] || ' ' || i
                 ELSE CASE WHEN i % 2 = 0 THEN 'ООО ' ELSE '' END || f.company[1 + i % array_length(f.company, 1)] || ' ' || i END,
            (7700000000 + i)::text, 'Contact' || i || '@Domain' || (i % 5000) || '.example', '+7 (900) ' || lpad(i::text, 7, '0'),
            (7700000000 + i)::text, 'contact' || i || '@domain' || (i % 5000) || '.example', '7900' || lpad(i::text, 7, '0'),
            ($1::uuid[])[1 + i % array_length($1::uuid[], 1)], 'bench', at, at
       FROM generate_series(0, $2 - 1) i,
            LATERAL (SELECT $3::timestamptz - interval '800 days' + (i * interval '1 second' * (800 * 86400 / $2::float))) t(at),
            (SELECT ${sqlArray(FIRST)} AS first, ${sqlArray(LAST)} AS last, ${sqlArray(COMPANY)} AS company) f`,
    [managers, CUSTOMERS, base],
  );
  say(`reads-deals: loading ${DEALS} deals`);
  const { rows: pipelines } = await client.query(`SELECT id, kind FROM ${SCHEMA}.pipeline ORDER BY kind`);
  const main = pipelines.find((p) => p.kind === 'new_business').id;
  const repeat = pipelines.find((p) => p.kind === 'repeat').id;
  // In batches of 100,000: one statement of a million rows holds its whole WAL and sort in one go.
  for (let from = 0; from < DEALS; from += 100_000) {
    await client.query(
      `INSERT INTO ${SCHEMA}.deal (id, version, title, customer_id, pipeline_id, stage, status, probability, amount, currency, paid_amount,
         type, channel, partner_id, owner_id, expected_close_date, direction, source, is_repeat, won_at, closed_at, lost_reason, created_by, created_at, updated_at)
       SELECT pg_temp.v7(at, i + 1000000000), 1,
              CASE WHEN i % 2 = 0 THEN 'Поставка сканеров для ' ELSE 'Scanners for ' END || c.name,
              c.id, CASE WHEN i % 7 = 0 THEN $3::uuid ELSE $2::uuid END, s.code, s.semantics, s.probability,
              1000 + i % 100000, 'EUR', CASE WHEN s.semantics = 'won' THEN 1000 + i % 100000 ELSE 0 END,
              'transactional', CASE WHEN i % 10 = 0 THEN 'indirect' ELSE 'direct' END,
              CASE WHEN i % 10 = 0 THEN ($4::uuid[])[1 + (i / 10) % array_length($4::uuid[], 1)] END,
              ($1::uuid[])[1 + i % array_length($1::uuid[], 1)], (at + interval '60 days')::date, 'inbound', 'website', i % 7 = 0,
              CASE WHEN s.semantics = 'won' THEN at + interval '30 days' END, CASE WHEN s.semantics <> 'open' THEN at + interval '30 days' END,
              CASE WHEN s.semantics = 'lost' THEN 'price' END, 'bench', at, at
         FROM generate_series($5::int, $6::int - 1) i
         CROSS JOIN LATERAL (SELECT $9::timestamptz - interval '730 days' + (i * interval '1 second' * (730 * 86400 / $7::float))) t(at)
         JOIN ${SCHEMA}.pipeline_stage s ON s.pipeline_id = CASE WHEN i % 7 = 0 THEN $3::uuid ELSE $2::uuid END
              AND s.code = (${sqlArray(STAGES)})[1 + (i / 3) % 8]
         JOIN LATERAL (SELECT id, name FROM ${SCHEMA}.customer WHERE id = (
              SELECT pg_temp.v7($9::timestamptz - interval '800 days' + (((i::bigint * 7919) % $8) * interval '1 second' * (800 * 86400 / $8::float)), (i::bigint * 7919) % $8))) c ON true`,
      [managers, main, repeat, partners, from, Math.min(DEALS, from + 100_000), DEALS, CUSTOMERS, base],
    );
  }
  // A deal in 50 has a second manager in its team: a manager sees the deals they own and those they are in.
  await client.query(
    `INSERT INTO ${SCHEMA}.deal_team_member (id, deal_id, user_id, role)
     SELECT gen_random_uuid(), d.id, ($1::uuid[])[1 + (array_position($1::uuid[], d.owner_id) % array_length($1::uuid[], 1))], 'presales'
       FROM ${SCHEMA}.deal d WHERE hashtext(d.id::text) % 50 = 0`,
    [managers],
  );
  // Each customer's rhythm as the service keeps it with its wins (customer_rhythm, repeat-rhythm.policy.ts): the
  // median gap between purchase days, the next purchase that many days after the last.
  await client.query(
    `INSERT INTO ${SCHEMA}.customer_rhythm (customer_id, purchases, last_purchase_at, median_interval_days, next_expected_at)
     SELECT customer_id, count(*), max(won_at), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)::numeric, 2),
            to_timestamp((max(day) + round(percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)::numeric)) * 86400)
       FROM (SELECT customer_id, won_at, day, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
               FROM (SELECT DISTINCT ON (customer_id, floor(extract(epoch FROM won_at) / 86400)) customer_id, won_at,
                            floor(extract(epoch FROM won_at) / 86400) AS day
                       FROM ${SCHEMA}.deal WHERE status = 'won' ORDER BY customer_id, floor(extract(epoch FROM won_at) / 86400), won_at DESC) d) g
      GROUP BY customer_id HAVING count(*) >= 2`,
  );
  for (const table of ['customer', 'deal', 'deal_team_member', 'customer_rhythm']) await client.query(`VACUUM ANALYZE ${SCHEMA}.${table}`);
  return { seconds: (Date.now() - started) / 1000, partners };
}

async function sizes(client) {
  const { rows } = await client.query(
    `SELECT c.relname AS table, pg_total_relation_size(c.oid) AS bytes, pg_indexes_size(c.oid) AS index_bytes, c.reltuples::bigint AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 5`,
    [SCHEMA],
  );
  const mb = (bytes) => Math.round(Number(bytes) / 1048576);
  const { rows: db } = await client.query('SELECT pg_database_size(current_database()) AS bytes');
  return {
    tables: Object.fromEntries(rows.map((row) => [row.table, { rows: Number(row.rows), totalMb: mb(row.bytes), indexesMb: mb(row.index_bytes) }])),
    schemaMb: rows.reduce((sum, row) => sum + mb(row.bytes), 0),
    databaseMb: mb(db[0].bytes),
  };
}


/** One read `REPEATS` times in a row (after one warm-up): p50/p95 in ms and the items of the last answer. */
async function time(gateway, token, route) {
  const headers = { authorization: `Bearer ${token}` };
  const warm = await fetch(`${gateway.url}/api/v1${route}`, { headers });
  if (!warm.ok) throw new Error(`GET ${route} answered ${warm.status}: ${await warm.text()}`);
  const body = await warm.json();
  const ms = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(`${gateway.url}/api/v1${route}`, { headers });
    await response.arrayBuffer();
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (!response.ok) throw new Error(`GET ${route} answered ${response.status}`);
  }
  ms.sort((a, b) => a - b);
  const items = Array.isArray(body) ? body.length : body.items.length;
  return { route, p50: Math.round(percentile(ms, 0.5) * 10) / 10, p95: Math.round(percentile(ms, 0.95) * 10) / 10, items, nextCursor: body.nextCursor ?? null };
}

/** Runs the phase; `helpers` are run.mjs's. Answers the report's `readsDeals` part. */
export async function benchReadsDeals({ env, databaseUrl, root, startBenchProcess, stopProcess, say }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const apps = [];
  try {
    if (!REUSE) for (const schema of [SCHEMA, IAM]) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    apps.push(await startBenchProcess('deals', path.join(root, 'dist/apps/deals/main.js'), { ...env, DB_SCHEMA: SCHEMA, REPEAT_SALES_ENABLED: 'false' }, '/health/ready'));
    apps.push(await startBenchProcess('gateway', path.join(root, 'dist/apps/gateway/main.js'), { ...env, DB_SCHEMA: IAM }, '/health/ready'));
    const [, gateway] = apps;
    const admin = (await api(gateway, '', 'POST', '/auth/token', { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD })).accessToken;
    const user = async (role, i) => {
      const email = `${role}${i}@reads.bench`;
      if (!REUSE) await api(gateway, admin, 'POST', '/users', { email, name: `${role} ${i}`, role, password: 'reads-bench-password' });
      const token = (await api(gateway, '', 'POST', '/auth/token', { email, password: 'reads-bench-password' })).accessToken;
      return { id: (await api(gateway, token, 'GET', '/users/me')).id, token };
    };
    const head = await user('head_of_sales', 0);
    const managers = [];
    for (let i = 0; i < MANAGERS; i++) managers.push(await user('manager', i));
    const loaded = REUSE ? await loadedBefore(client) : await load(client, managers.map((m) => m.id), say);
    const size = await sizes(client);
    const { rows: sample } = await client.query(
      `SELECT c.id, c.email, c.tax_id, c.phone_key FROM ${SCHEMA}.customer c ORDER BY c.id LIMIT 1 OFFSET $1`,
      [Math.floor(CUSTOMERS / 3) + 1],
    );
    const known = sample[0];
    const { rows: pipelines } = await client.query(`SELECT id FROM ${SCHEMA}.pipeline WHERE kind = 'repeat'`);
    const manager = managers[3];
    const old = new Date(Date.now() - 400 * 86400_000).toISOString();
    const recent = new Date(Date.now() - 30 * 86400_000).toISOString();
    const enc = encodeURIComponent;
    const phone = `+7 900 ${known.phone_key.slice(4, 7)}-${known.phone_key.slice(7, 9)}-${known.phone_key.slice(9)}`;
    const reads = [
      ['head of sales', head.token, [
        '/deals?limit=50',
        '/deals?status=won&limit=50',
        `/deals?pipelineId=${pipelines[0].id}&status=open&limit=50`,
        `/deals?ownerId=${manager.id}&status=lost&limit=50`,
        `/deals?customerId=${known.id}`,
        '/deals?channel=indirect&limit=50',
        `/deals?partnerId=${loaded.partners[5]}&status=won&limit=50`,
        `/deals?createdFrom=${enc(recent)}&limit=50`,
        `/deals?createdFrom=${enc(old)}&createdTo=${enc(new Date(Date.parse(old) + 86400_000).toISOString())}&limit=50`,
        `/deals?q=${enc('Kozlova')}&limit=50`,
        `/deals?q=${enc('березка 12')}&limit=50`,
        `/deals?q=${enc('zzqxw')}&limit=50`,
        '/customers?limit=50',
        '/customers?kind=person&limit=50',
        `/customers?ownerId=${manager.id}&limit=50`,
        `/customers?q=${enc(known.email)}`,
        `/customers?q=${enc(known.email.split('@')[0].toUpperCase())}`,
        `/customers?q=${enc(phone)}`,
        `/customers?q=${enc(known.tax_id)}`,
        `/customers?q=${enc('ФЁДОРОВ')}&limit=50`,
        `/customers?q=${enc('Полет 4')}&limit=50`,
        `/customers?q=${enc('zzqxw')}&limit=50`,
        '/repeat-sales/due?withinDays=30',
      ]],
      ['manager', manager.token, [
        '/deals?limit=50',
        '/deals?status=won&limit=50',
        `/deals?q=${enc('Kozlova')}&limit=50`,
        `/deals?q=${enc('zzqxw')}&limit=50`,
        '/customers?limit=50',
        `/customers?q=${enc('Kozlova')}&limit=50`,
        `/customers?q=${enc(phone)}`,
        '/repeat-sales/due?withinDays=30',
      ]],
    ];
    const results = [];
    for (const [who, token, routes] of reads) {
      for (const route of routes) {
        say(`reads-deals: ${who} GET ${route}`);
        const timed = await time(gateway, token, route);
        results.push({ who, ...timed });
        if (timed.nextCursor && route.includes('limit=50')) {
          const next = await time(gateway, token, `${route}&cursor=${enc(timed.nextCursor)}`);
          results.push({ who, ...next, route: `${route} (next page)` });
        }
      }
    }
    return { loaded: { deals: DEALS, customers: CUSTOMERS, managers: MANAGERS, seconds: loaded.seconds }, repeats: REPEATS, size, results };
  } finally {
    await Promise.all(apps.map((app) => stopProcess(app, { timeoutMs: 10_000 })));
    await client.end();
  }
}

/** The lines the bench prints for this phase. */
export function readsDealsLines(report) {
  const { loaded, size, results, repeats } = report;
  return [
    '',
    `reads-deals: ${loaded.deals} deals, ${loaded.customers} customers, ${loaded.managers} managers, loaded in ${loaded.seconds} s; ${repeats} requests each`,
    '| as | GET /api/v1… | p50 ms | p95 ms | items |',
    '|---|---|---|---|---|',
    ...results.map((r) => `| ${r.who} | \`${r.route.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}').replace(/cursor=[^&]+/, 'cursor=…')}\` | ${r.p50} | ${r.p95} | ${r.items} |`),
    `on disk: ${Object.entries(size.tables).map(([name, t]) => `${name} ${t.rows} rows ${t.totalMb} MB (indexes ${t.indexesMb} MB)`).join(', ')}; database ${size.databaseMb} MB`,
  ];
}
