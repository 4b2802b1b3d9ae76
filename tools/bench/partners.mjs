// The partners phase of `npm run bench` (BENCH_ONLY=partners runs it alone): the channel index loaded with
// 100,000 protected registrations and 500,000 leads and customers (300,000 open leads, 200,000 customers, 100,000
// of them with an open direct deal) by bulk SQL straight into the partners service's schema — events would take
// minutes to load and measure the consumer, not the check — then deal registrations, each with its conflict check,
// submitted through the gateway by a partner user: latency at a steady rate and at saturation, how many answers
// named conflicts, the index's size on disk (pg_total_relation_size) and the partners service's resident memory;
// beside them a read (GET /partners/{id}) at the same rate, which shows what the machine gave any request then.
// The load is the only time the bench writes a service's tables; everything measured is read through the API,
// /proc and PostgreSQL's size functions.
import { cannon } from './paced.mjs';
import path from 'node:path';
import pg from 'pg';
import { cpuSeconds } from './costs.mjs';

const REGISTRATIONS = Number(process.env.BENCH_PARTNERS_REGISTRATIONS ?? 100_000);
const LEADS = Number(process.env.BENCH_PARTNERS_LEADS ?? 300_000);
const CUSTOMERS = Number(process.env.BENCH_PARTNERS_CUSTOMERS ?? 200_000);
const OWNERS = 50;
const RATE = Number(process.env.BENCH_PARTNERS_RATE ?? 50);
const SCHEMA = 'partners_bench';
const IAM = 'iam_partners_bench';
const INDEX_TABLES = ['channel_key', 'channel_lead', 'channel_customer', 'channel_deal', 'deal_registration'];

/**
 * CPU milliseconds each app spent per answered request while `work` ran: what a registration costs whatever else
 * the machine is doing at the time, where latency on a shared machine mostly measures the neighbours.
 */
async function cpuPerRequest(apps, client, work) {
  // The partners service's own PostgreSQL backends (its pool), found by the application name it connects with.
  const backends = async () => {
    const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'partners' AND datname = current_database()`);
    return cpuSeconds({ pids: Object.fromEntries(rows.map((row) => [row.pid, row.pid])) });
  };
  const appsCpu = () => cpuSeconds({ pids: Object.fromEntries(apps.map((app) => [app.name, app.child.pid])) });
  const before = appsCpu();
  const databaseBefore = await backends();
  const result = await work();
  const databaseAfter = await backends();
  const answered = Math.max(1, result.result.requests.total);
  const ms = (seconds) => Number(((seconds * 1000) / answered).toFixed(2));
  const after = appsCpu();
  const perRequest = Object.fromEntries(apps.map((app) => [app.name, ms(after[app.name] - before[app.name])]));
  perRequest.postgres = ms(Object.entries(databaseAfter).reduce((sum, [pid, cpu]) => sum + cpu - (databaseBefore[pid] ?? 0), 0));
  return { ...result, cpuMsPerRequest: perRequest };
}

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

/** Protected registrations of other partners, open leads, customers and their open direct deals, by set-based SQL. */
async function loadIndex(client, owners) {
  const started = Date.now();
  // Keys as channel-keys.ts writes them: `Registered Trading 7 GmbH` is `n:registeredtrading7`.
  await client.query(
    `INSERT INTO ${SCHEMA}.deal_registration (id, version, partner_id, status, customer_name, customer_tax_id, customer_email, title,
       expected_amount, currency, expected_close_date, keys, conflict, conflicts, protection_days, protected_until, deal_id,
       decided_by, decided_at, submitted_by)
     SELECT gen_random_uuid(), 2, ($1::uuid[])[1 + i % array_length($1::uuid[], 1)], 'approved', 'Registered Trading ' || i || ' GmbH',
            'RT' || lpad(i::text, 10, '0'), 'buyer@registered' || i || '.example', 'Bench', 1000, 'EUR', current_date + 90,
            ARRAY['t:RT' || lpad(i::text, 10, '0'), 'd:registered' || i || '.example', 'n:registeredtrading' || i], false, '[]',
            90, now() + interval '90 days', gen_random_uuid(), 'bench', now(), 'bench'
       FROM generate_series(0, $2 - 1) i`,
    [owners, REGISTRATIONS],
  );
  await client.query(
    `INSERT INTO ${SCHEMA}.channel_lead (lead_id, keys, keys_version, open, status_version, partner_id, partner_version)
     SELECT gen_random_uuid(), ARRAY['t:LT' || lpad(i::text, 10, '0'), 'd:lead' || i || '.example', 'n:leadtrading' || i], 1, true, 1, NULL, 1
       FROM generate_series(0, $1 - 1) i`,
    [LEADS],
  );
  await client.query(
    `INSERT INTO ${SCHEMA}.channel_customer (customer_id, keys, aggregate_version)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
            ARRAY['t:CT' || lpad(i::text, 10, '0'), 'd:customer' || i || '.example', 'n:customertrading' || i], 1
       FROM generate_series(0, $1 - 1) i`,
    [CUSTOMERS],
  );
  await client.query(
    `INSERT INTO ${SCHEMA}.channel_deal (deal_id, customer_id, partner_id, channel, facts_version, open, registration_id)
     SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, NULL, 'direct', 1, true, NULL
       FROM generate_series(0, $1 - 1) i`,
    [Math.floor(CUSTOMERS / 2)],
  );
  // Every record's keys are rows of channel_key too, as the service writes them with the record.
  for (const [table, kind, id] of [
    ['deal_registration', 'registration', 'id'],
    ['channel_lead', 'lead', 'lead_id'],
    ['channel_customer', 'customer', 'customer_id'],
  ]) {
    await client.query(
      `INSERT INTO ${SCHEMA}.channel_key (key_hash, record_id, record_kind)
       SELECT DISTINCT hashtextextended(k, 0), ${id}, '${kind}' FROM ${SCHEMA}.${table}, unnest(keys) k`,
    );
  }
  for (const table of INDEX_TABLES) await client.query(`VACUUM ANALYZE ${SCHEMA}.${table}`);
  return (Date.now() - started) / 1000;
}

async function sizes(client) {
  const { rows } = await client.query(
    `SELECT c.relname AS table, pg_total_relation_size(c.oid) AS bytes, c.reltuples::bigint AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY($2) ORDER BY c.relname`,
    [SCHEMA, INDEX_TABLES],
  );
  const tables = Object.fromEntries(rows.map((row) => [row.table, { mb: Math.round(Number(row.bytes) / 1048576), rows: Number(row.rows) }]));
  return { tables, totalMb: Math.round(rows.reduce((sum, row) => sum + Number(row.bytes), 0) / 1048576) };
}

/**
 * A registration body per request: a quarter collide with a protected registration (by name), a quarter with an
 * open lead (by domain), a quarter with a customer (by tax id; half of those have an open direct deal), a quarter
 * are customers no channel knows.
 */
function registrationRequests(partnerId, token) {
  let n = 0;
  const pick = (max) => Math.floor(Math.random() * max);
  return [
    {
      method: 'POST',
      path: `/api/v1/partners/${partnerId}/deal-registrations`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      setupRequest: (request) => {
        n++;
        const customer = [
          () => ({ name: `Registered Trading ${pick(REGISTRATIONS)} GmbH` }),
          () => ({ name: `Prospect ${n}`, email: `ceo@lead${pick(LEADS)}.example` }),
          () => ({ name: `Prospect ${n}`, taxId: `CT${String(pick(CUSTOMERS)).padStart(10, '0')}` }),
          () => ({ name: `Fresh Company Nr ${process.pid}-${n}`, taxId: `FR${process.pid}${n}`, website: `fresh${process.pid}-${n}.example` }),
        ][n % 4]();
        return { ...request, body: JSON.stringify({ customer, title: 'Bench', expectedAmount: 1000, currency: 'EUR', expectedCloseDate: '2026-12-31' }) };
      },
    },
  ];
}

function register(gateway, partnerId, token, { rate, connections, seconds }) {
  let conflicts = 0;
  let answers = 0;
  const requests = registrationRequests(partnerId, token);
  requests[0].onResponse = (status, body) => {
    if (status !== 201) return;
    answers++;
    if (body.includes('"conflict":true')) conflicts++;
  };
  return cannon({
    url: gateway.url,
    connections: rate ? 4 : connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    requests,
  }).then((result) => ({ result, conflictShare: answers ? Number((conflicts / answers).toFixed(2)) : 0 }));
}

/** Runs the phase; `helpers` are run.mjs's (processes, RSS, autocannon summary). Answers the report's `partners` part. */
export async function benchPartners({ env, databaseUrl, root, seconds, connections, startBenchProcess, stopProcess, rssMb, peakRss, summary, say }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const apps = [];
  try {
    for (const schema of [SCHEMA, IAM]) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const appEnv = {
      ...env,
      RATE_LIMIT_PARTNER_PER_MINUTE: '1000000000',
      RATE_LIMIT_USER_PER_MINUTE: '1000000000',
      REGISTRATION_EXPIRY_CHECK_MS: '0',
    };
    apps.push(await startBenchProcess('partners', path.join(root, 'dist/apps/partners/main.js'), { ...appEnv, DB_SCHEMA: SCHEMA }, '/health/ready'));
    apps.push(await startBenchProcess('gateway', path.join(root, 'dist/apps/gateway/main.js'), { ...appEnv, DB_SCHEMA: IAM }, '/health/ready'));
    const [partners, gateway] = apps;
    const admin = (await api(gateway, '', 'POST', '/auth/token', { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD })).accessToken;
    const owners = [];
    for (let i = 0; i < OWNERS; i++) {
      owners.push((await api(gateway, admin, 'POST', '/partners', { name: `Owner ${i}`, kind: 'reseller', tier: 'silver', territories: ['DE'], commissionRate: 0.1 })).id);
    }
    const bench = (await api(gateway, admin, 'POST', '/partners', { name: 'Bench Partner', kind: 'dealer', tier: 'gold', territories: ['DE'], commissionRate: 0.1 })).id;
    await api(gateway, admin, 'POST', '/users', { email: 'partner@bench.local', name: 'Bench partner user', role: 'partner_user', password: 'bench-partner-password', partnerId: bench });
    const token = (await api(gateway, '', 'POST', '/auth/token', { email: 'partner@bench.local', password: 'bench-partner-password' })).accessToken;

    say(`partners: loading ${REGISTRATIONS} protected registrations, ${LEADS} open leads and ${CUSTOMERS} customers into the channel index (bulk SQL)`);
    const loadSeconds = await loadIndex(client, owners);
    const loaded = await sizes(client);
    const probe = await api(gateway, token, 'POST', `/partners/${bench}/deal-registrations`, {
      customer: { name: 'Registered Trading 42 GmbH', email: 'x@lead42.example', taxId: 'CT0000000007' },
      title: 'Probe',
      expectedAmount: 1,
      currency: 'EUR',
      expectedCloseDate: '2026-12-31',
    });
    if (probe.conflicts.length !== 3) throw new Error(`the probe registration should meet a registration, a lead and a deal: ${JSON.stringify(probe.conflicts)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = rssMb(partners.child.pid);

    // What the machine gives any request at the same rate right now: a read through the same gateway and service.
    say(`partners: reference, GET /partners/{id} at a steady ${RATE} req/s, ${seconds} s`);
    const read = await cpuPerRequest(apps, client, async () => ({
      result: await cannon({ url: `${gateway.url}/api/v1/partners/${bench}`, headers: { authorization: `Bearer ${token}` }, connections: 4, overallRate: RATE, duration: seconds }),
    }));
    const reference = { ...summary(read.result), cpuMsPerRequest: read.cpuMsPerRequest };
    say(`partners: POST /partners/{id}/deal-registrations at a steady ${RATE} req/s, ${seconds} s`);
    const steady = await peakRss([partners], () => cpuPerRequest(apps, client, () => register(gateway, bench, token, { rate: RATE, seconds })));
    say(`partners: the same at saturation, ${connections} connections, ${seconds} s`);
    const saturated = await peakRss([partners], () => cpuPerRequest(apps, client, () => register(gateway, bench, token, { connections, seconds })));
    const after = await sizes(client);
    return {
      loaded: { registrations: REGISTRATIONS, leads: LEADS, customers: CUSTOMERS, openDirectDeals: Math.floor(CUSTOMERS / 2), seconds: loadSeconds },
      reference: { rate: RATE, ...reference },
      steady: { rate: RATE, ...summary(steady.result.result), conflictShare: steady.result.conflictShare, cpuMsPerRequest: steady.result.cpuMsPerRequest },
      saturated: { connections, ...summary(saturated.result.result), conflictShare: saturated.result.conflictShare, cpuMsPerRequest: saturated.result.cpuMsPerRequest },
      indexMb: { afterLoad: loaded, afterRun: after },
      partnersRssMb: { idle: Math.round(idle), underLoad: Math.round(Math.max(steady.peak.partners, saturated.peak.partners)) },
    };
  } finally {
    await Promise.all(apps.map((app) => stopProcess(app, { timeoutMs: 10_000 })));
    await client.end();
  }
}

const cpuList = (cpuMs) => Object.entries(cpuMs).map(([name, ms]) => `${name} ${ms} ms`).join(', ');

/** The lines the bench prints for this phase. */
export function partnersLines(report) {
  const { reference, steady, saturated, indexMb, partnersRssMb, loaded } = report;
  const tables = Object.entries(indexMb.afterLoad.tables).map(([name, t]) => `${name} ${t.mb} MB`).join(', ');
  return [
    '',
    `partners: channel index of ${loaded.registrations} protected registrations, ${loaded.leads} open leads, ${loaded.customers} customers (${loaded.openDirectDeals} with an open direct deal), loaded in ${loaded.seconds} s`,
    '| POST /partners/{id}/deal-registrations via gateway | req/s | p50 ms | p99 ms | answers with conflicts |',
    '|---|---|---|---|---|',
    `| at a steady ${steady.rate} req/s | ${steady.requestsPerSecond} | ${steady.p50Ms} | ${steady.p99Ms} | ${Math.round(steady.conflictShare * 100)} % |`,
    `| saturated, ${saturated.connections} connections | ${saturated.requestsPerSecond} | ${saturated.p50Ms} | ${saturated.p99Ms} | ${Math.round(saturated.conflictShare * 100)} % |`,
    `| reference: GET /partners/{id} at a steady ${reference.rate} req/s | ${reference.requestsPerSecond} | ${reference.p50Ms} | ${reference.p99Ms} | — |`,
    `CPU per registration at the steady rate: ${cpuList(steady.cpuMsPerRequest)} (per read of the reference: ${cpuList(reference.cpuMsPerRequest)}); saturated: ${cpuList(saturated.cpuMsPerRequest)}`,
    `index on disk (pg_total_relation_size): ${indexMb.afterLoad.totalMb} MB after the load (${tables}), ${indexMb.afterRun.totalMb} MB after the runs`,
    `partners RSS MB idle/under load: ${partnersRssMb.idle}/${partnersRssMb.underLoad}`,
  ];
}
