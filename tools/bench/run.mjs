// `npm run bench`: drives POST /api/v1/leads through the gateway (gateway -> NATS -> leads -> PostgreSQL, then
// outbox -> JetStream -> reporting) for a fixed time at a fixed concurrency, and the same load against a bare
// Fastify endpoint doing one INSERT (this machine's floor). Prints requests/s, p50/p99 latency, the lag from a
// lead's creation to its count in reporting, the ratio of the two throughputs, and each app's resident memory
// idle and under load. Runs in its own database (saleswire_bench) and NATS namespace (bench).
//
//   npm run bench                                  10 s at 50 connections
//   BENCH_SECONDS=30 BENCH_CONNECTIONS=100 npm run bench
//   BENCH_ONLY=import npm run bench                the import alone
//   BENCH_PROFILE=leads,gateway npm run bench      also writes CPU profiles of those apps to .bench/
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureInfrastructure } from '../infra.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const ONLY = process.env.BENCH_ONLY ?? '';
const PROFILE = process.env.BENCH_PROFILE ?? '';
const NAMESPACE = 'bench';
const ADMIN = { email: 'bench@saleswire.local', password: 'bench-admin-password' };
const LEAD = {
  contact: { name: 'Irina Volkova', email: 'irina@northwind.example', phone: '+7 495 123-45-67' },
  company: { name: 'Northwind', taxId: '7707083893' },
  source: 'exhibition',
  direction: 'inbound',
  title: 'Scanners for three warehouses',
  expectedAmount: 125000.5,
  currency: 'EUR',
};

const say = (message) => process.stdout.write(`[bench] ${message}\n`);
const children = [];

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitReady(url, child, name) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not yet listening
    }
    await delay(100);
  }
  throw new Error(`${name} not ready at ${url}`);
}

async function startProcess(name, script, env, readyPath) {
  const port = await freePort();
  const flags = PROFILE.split(',').includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, '.bench')}`] : [];
  const child = spawn(process.execPath, [...flags, script], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  await waitReady(`http://127.0.0.1:${port}${readyPath}`, child, name);
  return { name, child, port, url: `http://127.0.0.1:${port}` };
}

/** CPU seconds (user + system) used so far by every process whose command name is one of `names`, per name. */
function cpuSeconds(names) {
  const ticks = Object.fromEntries(names.map((n) => [n, 0]));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = names.find((n) => comm.startsWith(n));
      if (name) ticks[name] += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return Object.fromEntries(Object.entries(ticks).map(([n, t]) => [n, t / 100]));
}

/** CPU seconds each app process used so far. */
function appCpuSeconds(apps) {
  return Object.fromEntries(
    apps.map((app) => {
      const stat = readFileSync(`/proc/${app.child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [app.name, (Number(fields[11]) + Number(fields[12])) / 100];
    }),
  );
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** Samples each process's RSS while `work` runs; answers the peak per process. */
async function peakRss(processes, work) {
  const peak = Object.fromEntries(processes.map((p) => [p.name, rssMb(p.child.pid)]));
  const timer = setInterval(() => {
    for (const p of processes) peak[p.name] = Math.max(peak[p.name], rssMb(p.child.pid));
  }, 250);
  try {
    const result = await work();
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

function load(url, headers, overallRate) {
  return autocannon({
    url,
    method: 'POST',
    // At a fixed rate autocannon paces each connection on its own; many connections would fire in bursts.
    connections: overallRate ? 4 : CONNECTIONS,
    duration: SECONDS,
    ...(overallRate ? { overallRate } : {}),
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(LEAD),
  });
}

function summary(result) {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function resetBenchData(databaseUrl, natsUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (const schema of ['leads_bench', 'reporting_bench', 'iam_bench', 'bench_floor']) {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
  await client.end();
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  for await (const name of jsm.streams.names()) if (name.startsWith(`${NAMESPACE}_`)) await jsm.streams.delete(name);
  await nc.close();
}

/** Waits until reporting has counted `expected` leads, then the lag percentiles of those created since `since`. */
async function eventLag(databaseUrl, expected, since = new Date(0)) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    let counted = 0;
    while (Date.now() - started < 120_000) {
      counted = (await client.query('SELECT count(*)::int AS n FROM reporting_bench.lead_fact')).rows[0].n;
      if (counted >= expected) break;
      await delay(100);
    }
    const { rows } = await client.query(`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99,
             max(lag) AS max
        FROM (SELECT extract(epoch FROM projected_at - created_at) * 1000 AS lag
                FROM reporting_bench.lead_fact WHERE created_at >= $1) lags`, [since]);
    return { counted, p50Ms: Math.round(rows[0].p50), p99Ms: Math.round(rows[0].p99), maxMs: Math.round(rows[0].max) };
  } finally {
    await client.end();
  }
}

/** 100,000 distinct leads as CSV, the way a marketing team exports an exhibition's contacts. */
function importCsv(rows) {
  const lines = ['name,email,phone,company,taxId,source,direction,title'];
  for (let i = 0; i < rows; i++) {
    lines.push(`Visitor ${i},visitor${i}@expo.example,+7 900 ${String(i).padStart(7, '0')},Company ${i},${String(7700000000 + i)},exhibition,inbound,Stand visit ${i}`);
  }
  return lines.join('\n');
}

/** Imports the CSV through the gateway; answers rows/s until the job completed and until reporting counted them. */
async function measureImport(apps, gateway, token, databaseUrl, countedBefore) {
  const auth = { authorization: `Bearer ${token}` };
  const members = Array.from({ length: 4 }, (_, i) => ({ userId: `01936f0e-8a4b-7c3d-9e2f-0000000000${i}${i}`, weight: 1, active: true }));
  const rule = await fetch(`${gateway.url}/api/v1/lead-assignment`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ strategy: 'round_robin', members }),
  });
  if (!rule.ok) throw new Error(`PUT /lead-assignment answered ${rule.status}: ${await rule.text()}`);
  const csv = importCsv(IMPORT_ROWS);
  const cpuBefore = { ...appCpuSeconds(apps), ...cpuSeconds(['postgres', 'nats-server']) };
  const started = Date.now();
  const accepted = await fetch(`${gateway.url}/api/v1/leads/import`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/csv' },
    body: csv,
  });
  if (accepted.status !== 202) throw new Error(`POST /leads/import answered ${accepted.status}: ${await accepted.text()}`);
  const { jobId } = await accepted.json();
  const uploadedMs = Date.now() - started;
  let job;
  for (;;) {
    job = await (await fetch(`${gateway.url}/api/v1/leads/import/${jobId}`, { headers: auth })).json();
    if (job.status === 'completed' || job.status === 'failed') break;
    await delay(250);
  }
  const doneMs = Date.now() - started;
  const cpuAfter = { ...appCpuSeconds(apps), ...cpuSeconds(['postgres', 'nats-server']) };
  // Where the machine's two cores went until the job completed.
  const cpuUntilDone = Object.fromEntries(Object.keys(cpuAfter).map((name) => [name, Number((cpuAfter[name] - cpuBefore[name]).toFixed(1))]));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const unassigned = (await client.query('SELECT count(*)::int AS n FROM leads_bench.lead WHERE assignee_id IS NULL AND title LIKE $1', ['Stand visit %'])).rows[0].n;
    let counted = 0;
    while (Date.now() - started < 600_000) {
      counted = (await client.query('SELECT count(*)::int AS n FROM reporting_bench.lead_fact')).rows[0].n - countedBefore;
      if (counted >= job.accepted) break;
      await delay(250);
    }
    const countedMs = Date.now() - started;
    return {
      rows: IMPORT_ROWS,
      status: job.status,
      accepted: job.accepted,
      rejected: job.rejected,
      unassigned,
      uploadSeconds: uploadedMs / 1000,
      importSeconds: doneMs / 1000,
      // From the worker's first chunk to its last: the job without the upload.
      workedSeconds: job.startedAt && job.finishedAt ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000 : null,
      rowsPerSecond: Math.round(job.accepted / (doneMs / 1000)),
      countedInReportingSeconds: countedMs / 1000,
      countedInReporting: counted,
      cpuSecondsUntilDone: cpuUntilDone,
    };
  } finally {
    await client.end();
  }
}

async function main() {
  const infra = await ensureInfrastructure({ dataDir: path.join(ROOT, '.data'), database: 'saleswire_bench', log: say });
  try {
    await resetBenchData(infra.databaseUrl, infra.natsUrl);
    say('building');
    await new Promise((resolve, reject) =>
      spawn(process.execPath, [path.join(ROOT, 'tools/build.mjs')], { stdio: 'ignore' }).on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error('build failed')),
      ),
    );
    const env = {
      ...process.env,
      DATABASE_URL: infra.databaseUrl,
      NATS_URL: infra.natsUrl,
      MESSAGING_NAMESPACE: NAMESPACE,
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-000',
      RATE_LIMIT_USER_PER_MINUTE: '1000000000', // the benchmark is one user at full speed
    };
    const loadPhases = ONLY !== 'import';
    let floorResult = null;
    if (loadPhases) {
      say(`floor: bare Fastify + one INSERT, ${CONNECTIONS} connections, ${SECONDS} s`);
      const floor = await startProcess('floor', path.join(ROOT, 'tools/bench/floor-server.mjs'), env, '/health');
      floorResult = summary(await load(`${floor.url}/leads`, {}));
      floor.child.kill('SIGTERM');
    }

    const apps = [];
    for (const name of ['leads', 'reporting', 'gateway']) {
      const schema = name === 'gateway' ? 'iam_bench' : `${name}_bench`;
      apps.push(await startProcess(name, path.join(ROOT, `dist/apps/${name}/main.js`), { ...env, DB_SCHEMA: schema }, '/health/ready'));
    }
    const gateway = apps.find((app) => app.name === 'gateway');
    const token = (
      await (
        await fetch(`${gateway.url}/api/v1/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ADMIN),
        })
      ).json()
    ).accessToken;
    await delay(1000);
    const idle = Object.fromEntries(apps.map((app) => [app.name, rssMb(app.child.pid)]));
    let platform = null;
    let lag = null;
    let steady = null;
    let steadyLag = null;
    let halfRate = 0;
    let peak = { ...idle };
    if (loadPhases) {
      say(`platform: POST /api/v1/leads through the gateway, ${CONNECTIONS} connections, ${SECONDS} s`);
      const measured = await peakRss(apps, () => load(`${gateway.url}/api/v1/leads`, { authorization: `Bearer ${token}` }));
      platform = summary(measured.result);
      peak = measured.peak;
      const created = platform.total - platform.non2xx - platform.errors;
      lag = await eventLag(infra.databaseUrl, created);
      // Lag at saturation is mostly queueing; at half the measured throughput it shows the path itself.
      halfRate = Math.max(1, Math.round(platform.requestsPerSecond / 2));
      say(`platform at a steady ${halfRate} req/s (half of the above), ${SECONDS} s`);
      const steadySince = new Date();
      steady = summary(await load(`${gateway.url}/api/v1/leads`, { authorization: `Bearer ${token}` }, halfRate));
      steadyLag = await eventLag(infra.databaseUrl, created + steady.total - steady.non2xx - steady.errors, steadySince);
    }

    const countedBefore = steadyLag?.counted ?? 0;
    say(`import: ${IMPORT_ROWS} CSV rows through POST /api/v1/leads/import`);
    let imported = null;
    if (IMPORT_ROWS > 0) {
      const measured = await peakRss(apps, () => measureImport(apps, gateway, token, infra.databaseUrl, countedBefore));
      imported = measured.result;
      for (const name of Object.keys(peak)) peak[name] = Math.max(peak[name], measured.peak[name]);
    }

    const report = {
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      settings: { seconds: SECONDS, connections: CONNECTIONS },
      floor: floorResult,
      platform,
      ratio: platform && floorResult ? Number((platform.requestsPerSecond / floorResult.requestsPerSecond).toFixed(2)) : null,
      eventLag: lag,
      steady: steady && { ...steady, eventLag: steadyLag },
      import: imported,
      rssMb: Object.fromEntries(apps.map((app) => [app.name, { idle: Math.round(idle[app.name]), underLoad: Math.round(peak[app.name]) }])),
    };
    console.log(JSON.stringify(report, null, 2));
    const lines = [''];
    if (platform) {
      lines.push(
        '| what | req/s | p50 ms | p99 ms |',
        '|---|---|---|---|',
        `| floor: Fastify + one INSERT | ${floorResult.requestsPerSecond} | ${floorResult.p50Ms} | ${floorResult.p99Ms} |`,
        `| POST /api/v1/leads via gateway | ${platform.requestsPerSecond} | ${platform.p50Ms} | ${platform.p99Ms} |`,
        `| same path at a steady ${halfRate} req/s | ${steady.requestsPerSecond} | ${steady.p50Ms} | ${steady.p99Ms} |`,
        '',
        `ratio platform/floor: ${report.ratio}`,
        `event lag, lead created -> counted in reporting: at saturation p50 ${lag.p50Ms} ms, p99 ${lag.p99Ms} ms, max ${lag.maxMs} ms; at ${halfRate} req/s p50 ${steadyLag.p50Ms} ms, p99 ${steadyLag.p99Ms} ms, max ${steadyLag.maxMs} ms`,
      );
    }
    console.log(
      [
        ...lines,
        imported
          ? `import of ${imported.rows} CSV rows: ${imported.status}, ${imported.accepted} accepted, ${imported.rejected} rejected, ${imported.unassigned} unassigned; upload ${imported.uploadSeconds} s, worked ${imported.workedSeconds} s, job done after ${imported.importSeconds} s (${imported.rowsPerSecond} rows/s), all counted in reporting after ${imported.countedInReportingSeconds} s; CPU s until done: ${Object.entries(imported.cpuSecondsUntilDone).map(([n, v]) => `${n} ${v}`).join(', ')}`
          : 'import: skipped (BENCH_IMPORT_ROWS=0)',
        `RSS MB idle/under load: ${apps.map((a) => `${a.name} ${report.rssMb[a.name].idle}/${report.rssMb[a.name].underLoad}`).join(', ')}`,
      ].join('\n'),
    );
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await delay(4000);
    await infra.stop();
  }
}

main().catch((error) => {
  console.error(error);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
});
