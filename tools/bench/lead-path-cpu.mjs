// `node tools/bench/lead-path-cpu.mjs`: what one lead created through the gateway costs, counted rather than timed,
// so that it can be run on a busy machine (issue 14). Starts gateway, leads and reporting in a database of its own
// (saleswire_leadpath, with pg_stat_statements) and NATS namespace `leadpath`, warms them up, then creates
// LEADPATH_LEADS leads (default 2000) at LEADPATH_CONCURRENCY (default 8) and waits until reporting has projected
// them all. Prints per lead: CPU-ms of each app and of the PostgreSQL sessions of this database (from /proc),
// statements run, statements planned, and PostgreSQL's planning and execution time (pg_stat_statements, read as a
// difference of two snapshots of this database's rows: nothing is reset, other runs on the server are untouched).
// CPU-ms depend on the machine's load; statement and plan counts do not.
//
//   node tools/bench/lead-path-cpu.mjs
//   LEADPATH_LEADS=5000 LEADPATH_PROFILE=leads node tools/bench/lead-path-cpu.mjs   (CPU profile to .bench/)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, startProcess, stopProcess } from '../../libs/testing/src/processes.mjs';
import { ensureInfrastructure } from '../infra.mjs';
import { nextLead } from './bench-lead.mjs';
import { analyzeAsAutovacuumWould } from './server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LEADS = Number(process.env.LEADPATH_LEADS ?? 2000);
const WARMUP = Number(process.env.LEADPATH_WARMUP ?? 300);
const CONCURRENCY = Number(process.env.LEADPATH_CONCURRENCY ?? 8);
const PROFILE = (process.env.LEADPATH_PROFILE ?? '').split(',').filter(Boolean);
const NAMESPACE = 'leadpath';
const DATABASE = 'saleswire_leadpath';
const ADMIN = { email: 'bench@saleswire.local', password: 'bench-admin-password' };
const LEAD_CREATED = 'evt.leads.lead.created.v1';

const say = (message) => process.stderr.write(`[lead-path] ${message}\n`);
const started = [];
let stopAnalyzing = async () => {};

/** CPU seconds (user + system) a process has used, or 0 once it is gone. */
function cpuOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The server processes of this database's sessions, by pid, with the CPU each has used. */
async function sessionsCpu(client) {
  const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [DATABASE]);
  return new Map(rows.map((row) => [row.pid, cpuOf(row.pid)]));
}

/** This database's pg_stat_statements rows, by query id. */
async function statements(client) {
  const { rows } = await client.query(
    `SELECT queryid::text AS id, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query, calls::float8 AS calls, plans::float8 AS plans,
            total_plan_time AS plan_ms, total_exec_time AS exec_ms
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1`,
    [DATABASE],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

async function consumed(app) {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('saleswire_events_consumed_total{') && line.includes(`subject="${LEAD_CREATED}"`) && line.includes('outcome="applied"')) {
      sum += Number(line.slice(line.lastIndexOf('}') + 1));
    }
  }
  return sum;
}

async function createLeads(gateway, token, count) {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const response = await fetch(`${gateway.url}/api/v1/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(nextLead()),
      });
      await response.arrayBuffer();
      if (response.status !== 201) failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (failed) throw new Error(`${failed} of ${count} creations failed`);
}

async function untilProjected(reporting, total) {
  for (let waited = 0; (await consumed(reporting)) < total; waited += 100) {
    if (waited > 120_000) throw new Error(`reporting projected ${await consumed(reporting)} of ${total} leads`);
    await delay(100);
  }
}

async function main() {
  const infra = await ensureInfrastructure({ dataDir: path.join(ROOT, '.data'), database: DATABASE, log: say });
  const client = new pg.Client({ connectionString: infra.databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    for (const schema of [`leads_${NAMESPACE}`, `reporting_${NAMESPACE}`, `iam_${NAMESPACE}`]) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const { connect } = await import('@nats-io/transport-node');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const nc = await connect({ servers: infra.natsUrl });
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) if (name.startsWith(`${NAMESPACE}_`)) await jsm.streams.delete(name);
    await nc.close();
    say('building gateway, leads, reporting');
    await new Promise((resolve, reject) =>
      spawn(process.execPath, [path.join(ROOT, 'tools/build.mjs'), 'gateway', 'leads', 'reporting'], { stdio: 'ignore' }).on('exit', (code) =>
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
      RATE_LIMIT_USER_PER_MINUTE: '1000000000',
    };
    const apps = [];
    for (const name of ['leads', 'reporting', 'gateway']) {
      const schema = name === 'gateway' ? `iam_${NAMESPACE}` : `${name}_${NAMESPACE}`;
      apps.push(
        await startProcess({
          name,
          script: path.join(ROOT, `dist/apps/${name}/main.js`),
          port: await freePort(),
          env: { ...env, DB_SCHEMA: schema },
          readyPath: '/health/ready',
          timeoutMs: 120_000,
          nodeArgs: PROFILE.includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, '.bench')}`] : [],
          onLine: (line, stream) => {
            if (stream === 'stderr') process.stderr.write(`${line}\n`);
          },
          onSpawn: (proc) => started.push(proc),
        }),
      );
    }
    const [, reporting, gateway] = apps;
    // A server without autovacuum (as this machine's) would keep each connection's plans made on empty tables: the
    // duplicate look-up's generic plan a Seq Scan, 20 ms a call at 10,000 leads (docs/benchmarks.md, 2026-12-03).
    stopAnalyzing = await analyzeAsAutovacuumWould(infra.databaseUrl, say);
    const { accessToken: token } = await (
      await fetch(`${gateway.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })
    ).json();
    say(`warm-up: ${WARMUP} leads`);
    await createLeads(gateway, token, WARMUP);
    await untilProjected(reporting, WARMUP);
    await delay(500);

    const appsBefore = Object.fromEntries(apps.map((app) => [app.name, cpuOf(app.child.pid)]));
    const sessionsBefore = await sessionsCpu(client);
    const statementsBefore = await statements(client);
    const load = os.loadavg()[0];
    const startedAt = Date.now();
    say(`measured: ${LEADS} leads at ${CONCURRENCY} at a time`);
    await createLeads(gateway, token, LEADS);
    const createdMs = Date.now() - startedAt;
    await untilProjected(reporting, WARMUP + LEADS);
    await delay(300); // the relay's marks of the last rows
    const appsAfter = Object.fromEntries(apps.map((app) => [app.name, cpuOf(app.child.pid)]));
    const sessionsAfter = await sessionsCpu(client);
    const statementsAfter = await statements(client);

    let postgres = 0;
    for (const [pid, cpu] of sessionsAfter) postgres += cpu - (sessionsBefore.get(pid) ?? 0);
    const perLead = (value) => Number(((value * 1000) / LEADS).toFixed(3));
    const cpuMsPerLead = Object.fromEntries(apps.map((app) => [app.name, perLead(appsAfter[app.name] - appsBefore[app.name])]));
    cpuMsPerLead.postgresSessions = perLead(postgres);
    const deltas = [...statementsAfter.values()].map((row) => {
      const before = statementsBefore.get(row.id) ?? { calls: 0, plans: 0, plan_ms: 0, exec_ms: 0 };
      return { query: row.query, calls: row.calls - before.calls, plans: row.plans - before.plans, planMs: row.plan_ms - before.plan_ms, execMs: row.exec_ms - before.exec_ms };
    }).filter((row) => row.calls > 0);
    const sum = (pick) => deltas.reduce((total, row) => total + pick(row), 0);
    const report = {
      machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: load, uptime: os.uptime() },
      settings: { leads: LEADS, warmup: WARMUP, concurrency: CONCURRENCY },
      leadsPerSecond: Math.round((LEADS * 1000) / createdMs),
      cpuMsPerLead,
      perLead: {
        statements: Number((sum((r) => r.calls) / LEADS).toFixed(2)),
        plans: Number((sum((r) => r.plans) / LEADS).toFixed(2)),
        planMs: Number((sum((r) => r.planMs) / LEADS).toFixed(4)),
        execMs: Number((sum((r) => r.execMs) / LEADS).toFixed(4)),
      },
      statements: deltas
        .sort((a, b) => b.calls - a.calls)
        .slice(0, 25)
        .map((row) => ({
          query: row.query,
          callsPerLead: Number((row.calls / LEADS).toFixed(2)),
          plansPerLead: Number((row.plans / LEADS).toFixed(2)),
          planUsPerCall: row.plans ? Math.round((row.planMs * 1000) / row.calls) : 0,
          execUsPerCall: Math.round((row.execMs * 1000) / row.calls),
        })),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await stopAnalyzing();
    await client.end();
    for (const proc of started.splice(0).reverse()) await stopProcess(proc).catch(() => undefined);
    await infra.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
