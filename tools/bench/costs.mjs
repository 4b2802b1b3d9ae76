// Where a write's CPU goes (issue 14): around a load phase of `npm run bench`, the CPU each process used (from
// /proc), the SQL statements PostgreSQL ran (pg_stat_statements when it is loaded, transactions from
// pg_stat_database always) and the NATS messages the apps counted on their own /metrics, each divided by the
// number of records the phase created. One place for each measurement; run.mjs and deals-write.mjs call
// `measureCosts` and print `costLines`.
import { cpuSeconds, schedulerCounts, schedulerUsed } from '../../libs/testing/src/cpu.mjs';
import { setTimeout as delay } from 'node:timers/promises';

// Statements printed per phase, by total (planning + execution) time.
const TOP_STATEMENTS = 12;
// After a phase, the apps' event counters must stand still this long before the phase counts as finished.
const SETTLED_MS = 1000;
const SETTLE_LIMIT_MS = 30_000;
// A backend reports its transactions to pg_stat_database at most once a second: wait that long after the work.
const STATS_FLUSH_MS = 1100;
// The processes besides the apps, by the start of their command name (/proc/<pid>/stat's comm): every
// PostgreSQL process (backends, checkpointer, walwriter, ...) and the NATS server.
const SERVERS = { postgres: 'postgres', 'nats-server': 'nats-server' };
const LOAD_GENERATOR = 'load generator';
const DATABASE_BACKENDS = 'postgres: this database';
const BACKEND = 'backend ';

// The /proc reader is shared with the Jest benches (libs/testing); the phases here import it from this module.
export { cpuSeconds };

/** An app's kind: replicas (`gateway-2`) count with their first (`gateway`). */
const kindOf = (app) => app.name.replace(/-\d+$/, '');

/** The app processes' ids by kind. */
function appPids(apps) {
  const pids = {};
  for (const app of apps) (pids[kindOf(app)] ??= []).push(app.child.pid);
  return pids;
}

/** The apps (by kind), every PostgreSQL process and the NATS server, as cpu.mjs names processes. */
const platformProcesses = (apps) => ({ pids: appPids(apps), comms: SERVERS });

/** CPU seconds so far of the apps (by kind), every PostgreSQL process and the NATS server. */
export function platformCpuSeconds(apps) {
  return cpuSeconds(platformProcesses(apps));
}

/**
 * Runs a load and adds to its summary the CPU milliseconds each part of the platform (each app, PostgreSQL, NATS)
 * spent per answered request: where a read's cost goes, which stays the same whatever else shares the machine; and
 * the milliseconds each waited for a core per request (see `measureCosts`).
 */
export async function withCpu(apps, load, summary) {
  const processes = platformProcesses(apps);
  const [before, waitsBefore] = [cpuSeconds(processes), schedulerCounts(processes)];
  const result = await load();
  const [after, waitsAfter] = [cpuSeconds(processes), schedulerCounts(processes)];
  const answered = Math.max(1, result.requests.total);
  const perRequest = (spent) => Object.fromEntries(Object.keys(after).map((name) => [name, Math.round((spent(name) * 1000 * 100) / answered) / 100]));
  return {
    ...summary(result),
    cpuMsPerRequest: perRequest((name) => after[name] - before[name]),
    waitMsPerRequest: perRequest((name) => schedulerUsed(waitsAfter[name], waitsBefore[name]).waitSeconds),
  };
}

const listed = (perProcess) =>
  `${Object.entries(perProcess)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ')} (total ${Object.values(perProcess)
    .reduce((a, b) => a + b, 0)
    .toFixed(1)})`;

/** The line a `withCpu` result prints: its CPU-ms a request per process and, where read, its waits for a core. */
export const cpuLine = (what, result) =>
  result.cpuMsPerRequest
    ? `CPU-ms a request, ${what}: ${listed(result.cpuMsPerRequest)}` + (result.waitMsPerRequest ? `; waiting for a core, ms: ${listed(result.waitMsPerRequest)}` : '')
    : `CPU-ms a request, ${what}: not measured`;

/**
 * The processes measured around a phase: the apps (by kind), this process (autocannon runs in it), each of this
 * database's backends (named `BACKEND<pid>`: a part of PostgreSQL's, told apart from other databases' on a shared
 * server), every PostgreSQL process and the NATS server.
 */
async function processesNow(apps, client) {
  const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  const platform = platformProcesses(apps);
  return {
    pids: { ...platform.pids, [LOAD_GENERATOR]: process.pid, ...Object.fromEntries(rows.map((row) => [`${BACKEND}${row.pid}`, row.pid])) },
    comms: platform.comms,
  };
}

/** Their CPU seconds and the scheduler's counts, read at once. */
async function usageNow(apps, client) {
  const processes = await processesNow(apps, client);
  return { cpu: cpuSeconds(processes), scheduler: schedulerCounts(processes) };
}

/**
 * What each process used between two readings, `spent(after, before)` of a reading by name (`before` undefined for
 * a backend that connected meanwhile): this database's backends summed (those that disconnected meanwhile are lost).
 */
function usedBetween(after, before, spent) {
  const used = { [DATABASE_BACKENDS]: 0 };
  for (const [name, value] of Object.entries(after)) {
    const amount = spent(value, before[name]);
    if (name.startsWith(BACKEND)) used[DATABASE_BACKENDS] += amount;
    else used[name] = amount;
  }
  return used;
}

/** Every series of every counter and histogram count on an app's /metrics: `name{labels}` -> value. */
export async function scrape(app) {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const series = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('saleswire_') || !line.includes('{')) continue;
    const end = line.lastIndexOf('}');
    series.set(line.slice(0, end + 1), Number(line.slice(end + 1)));
  }
  return series;
}

// The messages the apps count, as `what` -> [metric, the label that names the message, further labels shown].
const MESSAGES = {
  'RPC requests sent': ['saleswire_rpc_request_duration_seconds_count', 'subject', ['outcome']],
  'RPC requests handled': ['saleswire_rpc_handling_duration_seconds_count', 'subject', ['outcome']],
  'events published': ['saleswire_outbox_published_total', 'subject', []],
  'events consumed': ['saleswire_events_consumed_total', 'subject', ['outcome']],
};

/** The NATS messages each app counted so far: `what` -> `app subject (labels)` -> count. */
async function messagesNow(apps) {
  const counts = Object.fromEntries(Object.keys(MESSAGES).map((what) => [what, {}]));
  for (const app of apps) {
    for (const [key, value] of await scrape(app)) {
      const metric = key.slice(0, key.indexOf('{'));
      const labels = Object.fromEntries([...key.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      for (const [what, [name, label, shown]] of Object.entries(MESSAGES)) {
        if (metric !== name) continue;
        const extra = shown.map((l) => labels[l]).filter(Boolean).join(', ');
        const line = `${kindOf(app)} ${labels[label]}${extra ? ` (${extra})` : ''}`;
        counts[what][line] = (counts[what][line] ?? 0) + value;
      }
    }
  }
  return counts;
}

/** The apps' events published and consumed, summed: it stands still once every consumer caught up. */
function eventTotal(messages) {
  return [...Object.values(messages['events published']), ...Object.values(messages['events consumed'])].reduce((a, b) => a + b, 0);
}

/** Waits until no app publishes or consumes an event any more (or SETTLE_LIMIT_MS passed): the phase's last events applied. */
export async function settle(apps) {
  let last = eventTotal(await messagesNow(apps));
  for (const until = Date.now() + SETTLE_LIMIT_MS; Date.now() < until; ) {
    await delay(SETTLED_MS);
    const now = eventTotal(await messagesNow(apps));
    if (now === last) return;
    last = now;
  }
}

/**
 * Whether pg_stat_statements can be read in the bench's database (it must be in shared_preload_libraries; the
 * bench creates the extension in its database but never changes the server's settings) and whether it
 * tracks planning.
 */
async function statementsTracking(client) {
  const { rows } = await client.query('SHOW shared_preload_libraries');
  if (!rows[0].shared_preload_libraries.split(',').map((s) => s.trim()).includes('pg_stat_statements')) return null;
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const planning = await client.query('SHOW pg_stat_statements.track_planning');
  return { planning: Object.values(planning.rows[0])[0] === 'on' };
}

async function transactionsNow(client) {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query('SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()');
  return { committed: Number(rows[0].xact_commit), rolledBack: Number(rows[0].xact_rollback) };
}

/** This database's statements since the reset (but the bench's own reads of the statistics), the most expensive first, and their calls in all. */
async function statementsNow(client) {
  const { rows } = await client.query(
    `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls, total_plan_time / greatest(calls, 1) AS plan_per_call, mean_exec_time, total_plan_time + total_exec_time AS total
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query !~ 'pg_stat_'
      ORDER BY total DESC`,
  );
  return {
    calls: rows.reduce((sum, row) => sum + Number(row.calls), 0),
    top: rows.slice(0, TOP_STATEMENTS).map((row) => ({
      query: row.query,
      calls: Number(row.calls),
      // Planning a call, not pg_stat_statements' mean over the plans made: a statement planned once a connection
      // showed its one planning's time as its mean, and looked planned on every call.
      planMsPerCall: Number(row.plan_per_call),
      meanExecMs: Number(row.mean_exec_time),
      totalMs: Number(row.total),
    })),
  };
}

const difference = (after, before) => Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
const round = (value, digits = 2) => Number(value.toFixed(digits));

/**
 * Runs `work` and answers its result with `costs`: per record created the CPU milliseconds of each process, the
 * SQL statements and transactions, and the NATS messages. The records created are the events `createdSubject`
 * the apps published meanwhile (one per record, counting those of requests the load generator cut off at its
 * end and never saw answered). `apps` are the started app processes (replicas named `<kind>-2` count with
 * their kind), `client` a pg client of the bench's database. Waits after the work until every consumer has
 * caught up, so the records' events count too.
 */
export async function measureCosts({ apps, client }, work, createdSubject) {
  const tracking = await statementsTracking(client);
  if (tracking) await client.query('SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)');
  const transactionsBefore = await transactionsNow(client);
  const messagesBefore = await messagesNow(apps);
  const usageBefore = await usageNow(apps, client);
  const result = await work();
  const ended = Date.now();
  await settle(apps);
  const usageAfter = await usageNow(apps, client);
  const messagesAfter = await messagesNow(apps);
  await delay(Math.max(0, ended + STATS_FLUSH_MS - Date.now()));
  const transactions = difference(await transactionsNow(client), transactionsBefore);
  const statements = tracking && (await statementsNow(client));

  const published = Object.entries(difference(messagesAfter['events published'], messagesBefore['events published']));
  const records = Math.max(1, published.filter(([line]) => line.endsWith(` ${createdSubject}`)).reduce((sum, [, n]) => sum + n, 0));
  const perRecord = (value) => value / records;
  const perRecordOf = (pick, spent) =>
    Object.fromEntries(Object.entries(usedBetween(usageAfter[pick], usageBefore[pick], spent)).map(([name, n]) => [name, round(perRecord(n))]));
  const cpuMs = perRecordOf('cpu', (after, before = 0) => (after - before) * 1000);
  // On a machine with fewer cores than busy processes, the time each hop waited for a core and how often one was
  // taken from it: the price of the platform's processes sharing two cores, which its CPU-ms do not show.
  const schedulerOf = (after, before) => (before ? schedulerUsed(after, before) : { waitSeconds: 0, preempted: 0 });
  const waitMs = perRecordOf('scheduler', (after, before) => schedulerOf(after, before).waitSeconds * 1000);
  const preempted = perRecordOf('scheduler', (after, before) => schedulerOf(after, before).preempted);
  const messages = {};
  for (const what of Object.keys(MESSAGES)) {
    const counted = Object.entries(difference(messagesAfter[what], messagesBefore[what])).filter(([, n]) => n > 0);
    messages[what] = Object.fromEntries(counted.sort(([, a], [, b]) => b - a).map(([line, n]) => [line, round(perRecord(n))]));
  }
  const costs = {
    records,
    // The apps', PostgreSQL's and the NATS server's: what the platform spent, without the load generator.
    platformCpuMs: round(Object.entries(cpuMs).filter(([name]) => name !== LOAD_GENERATOR && name !== DATABASE_BACKENDS).reduce((sum, [, ms]) => sum + ms, 0)),
    cpuMs,
    waitMs,
    preempted,
    transactions: { committed: round(perRecord(transactions.committed)), rolledBack: round(perRecord(transactions.rolledBack)) },
    statements: statements
      ? {
          planningTracked: tracking.planning,
          calls: round(perRecord(statements.calls)),
          top: statements.top.map((s) => ({ ...s, calls: round(perRecord(s.calls)), planMsPerCall: round(s.planMsPerCall, 3), meanExecMs: round(s.meanExecMs, 3), totalMs: Math.round(s.totalMs) })),
        }
      : null,
    messages,
  };
  return { result, costs };
}

/** A statement as a line of a table: TypeORM's column lists elided (the JSON report keeps the whole text). */
function shortened(query) {
  const short = query
    .replace(/^SELECT (.{40,}?) FROM /, 'SELECT … FROM ')
    .replace(/^(INSERT INTO \S+?) ?\((.{30,}?)\) VALUES \(.*?\)/, '$1(…) VALUES (…)')
    .replace(/^(UPDATE \S+ SET) (.{40,}?) WHERE /, '$1 … WHERE ');
  return short.length > 140 ? `${short.slice(0, 139)}…` : short;
}

/** The lines printed for one phase's costs; `what` names the record ("lead", "deal", "payment"). */
export function costLines(title, what, costs) {
  const { cpuMs, waitMs, preempted, statements, transactions, messages } = costs;
  const processes = Object.entries(cpuMs)
    .filter(([name]) => name !== DATABASE_BACKENDS && name !== LOAD_GENERATOR)
    .sort(([, a], [, b]) => b - a);
  const inCpuOrder = (counts) =>
    processes
      .filter(([name]) => counts[name] !== undefined)
      .map(([name]) => `${name} ${counts[name]}`)
      .join(', ');
  const lines = [
    '',
    `${title}: ${costs.records} ${what}s; CPU-ms a ${what}: ${costs.platformCpuMs} in the platform — ${processes
      .map(([name, ms]) => `${name} ${ms}`)
      .join(', ')}; the load generator ${cpuMs[LOAD_GENERATOR]}; of PostgreSQL's, this database's backends ${cpuMs[DATABASE_BACKENDS]}`,
    `waiting for a core, ms a ${what} (ready to run, every thread): ${inCpuOrder(waitMs)}; the load generator ${waitMs[LOAD_GENERATOR]}; ` +
      `cores taken while busy a ${what}: ${inCpuOrder(preempted)}`,
    `SQL a ${what}: ${transactions.committed} transactions committed, ${transactions.rolledBack} rolled back (pg_stat_database)` +
      (statements ? `, ${statements.calls} statements (pg_stat_statements${statements.planningTracked ? '' : '; planning not tracked'})` : ''),
  ];
  if (statements) {
    lines.push(`| statement | calls a ${what} | plan ms a call | mean exec ms | total ms |`, '|---|---|---|---|---|');
    for (const s of statements.top) {
      lines.push(`| ${shortened(s.query).replace(/\|/g, '\\|')} | ${s.calls} | ${statements.planningTracked ? s.planMsPerCall : '—'} | ${s.meanExecMs} | ${s.totalMs} |`);
    }
  } else {
    lines.push(
      "pg_stat_statements is not loaded: no per-statement split. To load it, as a superuser: ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'; restart PostgreSQL; ALTER SYSTEM SET pg_stat_statements.track_planning = on; restart again.",
    );
  }
  for (const [kind, counts] of Object.entries(messages)) {
    const listed = Object.entries(counts).map(([line, n]) => `${line} ${n}`);
    lines.push(`NATS ${kind} a ${what}: ${listed.length ? listed.join(', ') : 'none'}`);
  }
  return lines;
}
