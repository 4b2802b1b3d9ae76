// The read-mix phase of `npm run bench` (BENCH_ONLY=read-mix runs it alone; issue 12, "Measured"): what a head of
// sales' browser asks of the gateway, at a fixed concurrency — lead lists with filters, a deal list, a customer's
// history (deals, leads and partners gathered at once) and the dashboard (leads, deals and reporting gathered at
// once) — through the whole platform (gateway, leads, deals, partners, reporting), beside the floor of the same
// run: a bare Fastify endpoint answering one indexed page of 20 rows from PostgreSQL. Then the dashboard alone at
// the same concurrency, for its p99. The hop floor is the floor's page through a bare front, NATS and a bare
// responder (floor-server.mjs): the least the platform's cut costs; the same page through the platform is measured
// alone beside it. The data is made through the API (users, a rule, leads, a customer and its
// deals); the platform runs in its own schemas and NATS namespace.
import autocannon from 'autocannon';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { cpuLine, scrape, withCpu } from './costs.mjs';
import { withHopFloor } from './hop-floor.mjs';
import { analyzeWithoutAutovacuum } from './server.mjs';

const LEADS = Number(process.env.BENCH_READMIX_LEADS ?? 2_000);
const DEALS = Number(process.env.BENCH_READMIX_DEALS ?? 20);
const FLOOR_ROWS = Number(process.env.BENCH_READMIX_FLOOR_ROWS ?? LEADS);
const NAMESPACE = 'benchmix';
const APPS = ['leads', 'deals', 'partners', 'reporting', 'gateway'];
const schemaOf = (app) => `readmix_${app === 'gateway' ? 'iam' : app}`;
const SOURCES = ['exhibition', 'website', 'cold_call', 'referral'];
const HEAD = { email: 'head@readmix.bench', password: 'bench-head-password' };

async function api(gateway, token, method, route, body) {
  const response = await fetch(`${gateway.url}/api/v1${route}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Runs `work(i)` for i < count, `concurrency` at a time. */
async function inParallel(count, concurrency, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/** `work` with a connection of its own to the bench's database. */
async function withClient(databaseUrl, work) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The platform's own schemas and streams of this phase, dropped before it starts. */
async function reset(databaseUrl, natsUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (const schema of [...APPS.map(schemaOf), 'readmix_floor']) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  for await (const name of jsm.streams.names()) if (name.startsWith(`${NAMESPACE}_`) || name.startsWith(`KV_${NAMESPACE}_`)) await jsm.streams.delete(name);
  await nc.close();
}

/** Users, the rule, leads of several sources, a customer with deals: what the mix reads. */
async function seed(gateway, env, say) {
  const admin = (await api(gateway, '', 'POST', '/auth/token', { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD })).accessToken;
  const managers = [];
  for (let i = 0; i < 4; i++) {
    managers.push((await api(gateway, admin, 'POST', '/users', { email: `manager${i}@readmix.bench`, name: `Manager ${i}`, role: 'manager', password: 'bench-manager-password' })).id);
  }
  await api(gateway, admin, 'POST', '/users', { ...HEAD, name: 'Head of sales', role: 'head_of_sales' });
  const head = (await api(gateway, '', 'POST', '/auth/token', HEAD)).accessToken;
  await api(gateway, head, 'PUT', '/lead-assignment', { strategy: 'round_robin', members: managers.map((userId) => ({ userId, weight: 1, active: true })) });
  say(`read-mix: creating ${LEADS} leads, a customer and ${DEALS} deals through the API`);
  await inParallel(LEADS, 16, (i) =>
    api(gateway, head, 'POST', '/leads', {
      contact: { name: `Visitor ${i}`, email: `visitor${i}@readmix.example` },
      company: { name: `Company ${i}` },
      source: SOURCES[i % SOURCES.length],
      direction: 'inbound',
      title: `Stand visit ${i}`,
      expectedAmount: 1000 + i,
      currency: 'EUR',
    }),
  );
  const customer = (await api(gateway, head, 'POST', '/customers', { kind: 'company', name: 'Northwind', taxId: '7707083893', ownerId: managers[0] })).id;
  await inParallel(DEALS, 4, (i) =>
    api(gateway, head, 'POST', '/deals', { title: `Scanners ${i}`, customerId: customer, amount: 10_000 + i, currency: 'EUR', type: 'project', channel: 'direct', ownerId: managers[i % 4] }),
  );
  return { head, customer, manager: managers[0] };
}

/** The requests of the mix, which each connection sends in turn: 2 lead lists, a deal list, a history, the dashboard. */
function mix({ customer, manager }) {
  return [
    { method: 'GET', path: '/api/v1/leads?status=new&limit=20' },
    { method: 'GET', path: '/api/v1/leads?source=exhibition&order=oldest&limit=20' },
    { method: 'GET', path: `/api/v1/deals?status=open&ownerId=${manager}&limit=20` },
    { method: 'GET', path: `/api/v1/customers/${customer}/history` },
    { method: 'GET', path: '/api/v1/dashboard' },
  ];
}

/** Runs the phase; answers its figures. */
export async function benchReadMix({ env, databaseUrl, natsUrl, root, seconds, warmupSeconds = 0, connections, startBenchProcess, stopProcess, summary, say }) {
  await reset(databaseUrl, natsUrl);
  say(`read-mix: floor, bare Fastify + one indexed page of 20 of ${FLOOR_ROWS} rows, ${connections} connections, ${seconds} s`);
  const floorServer = await startBenchProcess('floor', path.join(root, 'tools/bench/floor-server.mjs'), { ...env, FLOOR_READ_ROWS: String(FLOOR_ROWS), FLOOR_SCHEMA: 'readmix_floor' }, '/health');
  let floor;
  try {
    const floorLoad = (duration) => autocannon({ url: `${floorServer.url}/leads?source=exhibition`, connections, duration });
    if (warmupSeconds > 0) await floorLoad(warmupSeconds);
    floor = summary(await floorLoad(seconds));
  } finally {
    await stopProcess(floorServer);
  }
  const hopFloor = await benchHopFloor({ env, root, seconds, warmupSeconds, connections, startBenchProcess, stopProcess, summary, say });

  const apps = [];
  try {
    const appEnv = { ...env, MESSAGING_NAMESPACE: NAMESPACE, RATE_LIMIT_USER_PER_MINUTE: '1000000000' };
    for (const name of APPS) {
      apps.push(await startBenchProcess(name, path.join(root, `dist/apps/${name}/main.js`), { ...appEnv, DB_SCHEMA: schemaOf(name) }, '/health/ready'));
    }
    const gateway = apps.find((app) => app.name === 'gateway');
    const data = await seed(gateway, env, say);
    const auth = { authorization: `Bearer ${data.head}` };
    // Reporting counts the leads from their events; the dashboard's lead sources are read from it.
    await delay(2000);
    await withClient(databaseUrl, (client) => analyzeWithoutAutovacuum(client, say));
    const dashboard = await api(gateway, data.head, 'GET', '/dashboard');
    const history = await api(gateway, data.head, 'GET', `/customers/${data.customer}/history`);
    const warnings = [...(dashboard.warnings ?? []), ...(history.warnings ?? [])].map((w) => `${w.service}: ${w.problem ?? w.detail}`);

    const mixLoad = (duration) => autocannon({ url: gateway.url, headers: auth, connections, duration, requests: mix(data) });
    if (warmupSeconds > 0) {
      // As the write bench: measured once the processes have run a while (their first tens of seconds cost more).
      say(`read-mix: warm-up with the same mix, ${warmupSeconds} s, not measured`);
      await mixLoad(warmupSeconds);
    }
    say(`read-mix: lists, a customer's history and the dashboard through the gateway, ${connections} connections, ${seconds} s`);
    const callsBefore = await rpcCalls(gateway);
    const platform = await withCpu(apps, () => mixLoad(seconds), summary);
    const callsPerRequest = ((await rpcCalls(gateway)) - callsBefore) / Math.max(1, platform.total);
    say(`read-mix: GET /dashboard alone, ${connections} connections, ${seconds} s`);
    const dashboardOnly = await withCpu(apps, () => autocannon({ url: `${gateway.url}/api/v1/dashboard`, headers: auth, connections, duration: seconds }), summary);
    // The hop floor's request through the platform: the same page of one source's leads, for the cost of the same answer.
    say(`read-mix: GET /leads?source=exhibition alone, ${connections} connections, ${seconds} s`);
    const leadPage = await withCpu(apps, () => autocannon({ url: `${gateway.url}/api/v1/leads?source=exhibition&limit=20`, headers: auth, connections, duration: seconds }), summary);
    return {
      data: { leads: LEADS, deals: DEALS, floorRows: FLOOR_ROWS },
      connections,
      warmupSeconds,
      floor,
      hopFloor,
      mix: platform,
      ratio: Number((platform.requestsPerSecond / floor.requestsPerSecond).toFixed(2)),
      hopRatio: Number((platform.requestsPerSecond / hopFloor.requestsPerSecond).toFixed(2)),
      callsPerRequest: Number(callsPerRequest.toFixed(2)),
      // The service calls the mix made a second, against the requests the hop floor (one call each) made.
      callRatio: Number(((platform.requestsPerSecond * callsPerRequest) / hopFloor.requestsPerSecond).toFixed(2)),
      dashboard: dashboardOnly,
      leadPage,
      warnings,
    };
  } finally {
    await Promise.all(apps.map((app) => stopProcess(app, { timeoutMs: 10_000 })));
  }
}

/**
 * The requests the gateway has sent the services over NATS (its `saleswire_rpc_request_duration_seconds` count, every
 * subject and outcome): a history or a dashboard asks several services at once, a list one.
 */
async function rpcCalls(gateway) {
  let calls = 0;
  for (const [series, count] of await scrape(gateway)) if (series.startsWith('saleswire_rpc_request_duration_seconds_count{')) calls += count;
  return calls;
}

/**
 * The hop floor: the floor's page through a bare front, NATS and a bare responder (hop-floor.mjs), with the CPU
 * of each process a request.
 */
async function benchHopFloor({ env, root, seconds, warmupSeconds, connections, startBenchProcess, stopProcess, summary, say }) {
  say(`read-mix: hop floor, the same page through a bare front, NATS and a bare responder, ${connections} connections, ${seconds} s`);
  const hop = { ...env, FLOOR_SCHEMA: 'readmix_floor', FLOOR_SUBJECT: `${NAMESPACE}.floor.leads`, FLOOR_READ_ROWS: String(FLOOR_ROWS) };
  return withHopFloor({ root, env: hop, startBenchProcess, stopProcess }, async (front, processes) => {
    const load = (duration) => autocannon({ url: `${front.url}/leads?source=exhibition`, connections, duration });
    if (warmupSeconds > 0) await load(warmupSeconds);
    return withCpu(processes, () => load(seconds), summary);
  });
}

/** The lines the bench prints for this phase. */
export function readMixLines(report) {
  const { floor, hopFloor, mix: platform, dashboard, leadPage, ratio, hopRatio, callsPerRequest, callRatio, connections, data, warnings } = report;
  return [
    '',
    `read mix (${data.leads} leads, a customer with ${data.deals} deals; ${connections} connections; measured after ${report.warmupSeconds ?? 0} s of warm-up):`,
    '| what | req/s | p50 ms | p99 ms | non-2xx |',
    '|---|---|---|---|---|',
    `| floor: Fastify + one indexed page of 20 rows | ${floor.requestsPerSecond} | ${floor.p50Ms} | ${floor.p99Ms} | ${floor.non2xx} |`,
    `| hop floor: the same page through a bare front, NATS and a bare responder | ${hopFloor.requestsPerSecond} | ${hopFloor.p50Ms} | ${hopFloor.p99Ms} | ${hopFloor.non2xx} |`,
    `| read mix via gateway (2 lead lists, deal list, customer history, dashboard) | ${platform.requestsPerSecond} | ${platform.p50Ms} | ${platform.p99Ms} | ${platform.non2xx} |`,
    `| GET /dashboard alone | ${dashboard.requestsPerSecond} | ${dashboard.p50Ms} | ${dashboard.p99Ms} | ${dashboard.non2xx} |`,
    `| GET /leads?source=exhibition alone (the hop floor's page through the platform) | ${leadPage.requestsPerSecond} | ${leadPage.p50Ms} | ${leadPage.p99Ms} | ${leadPage.non2xx} |`,
    `ratio read mix/floor: ${ratio}; read mix/hop floor: ${hopRatio}`,
    // A mix request asks the services more than once: at the hop floor's cost a call, the mix could do at most
    // hop floor ÷ calls a request.
    `service calls a mix request: ${callsPerRequest}; the mix's calls a second / the hop floor's requests a second: ${callRatio}; ` +
      `the hop floor's bound for the mix, hop floor ÷ calls a request: ${Math.round(hopFloor.requestsPerSecond / callsPerRequest)} req/s, ` +
      `${(hopFloor.requestsPerSecond / callsPerRequest / floor.requestsPerSecond).toFixed(2)} of the floor`,
    cpuLine('hop floor', hopFloor),
    cpuLine('read mix', platform),
    cpuLine('GET /dashboard alone', dashboard),
    cpuLine('GET /leads?source=exhibition alone', leadPage),
    `warnings in the answers before the load: ${warnings.length ? warnings.join('; ') : 'none'}`,
  ];
}
