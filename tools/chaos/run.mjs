// `npm run chaos`: breaks one part of a running platform at a time while clients write, and checks that nothing
// was lost or done twice and that the platform came back by itself. It boots its own PostgreSQL and NATS and
// the apps under the real launcher (tools/chaos/platform.mjs), then per scenario: 16 clients create leads
// through POST /api/v1/leads, each with its own Idempotency-Key, retrying until answered (clients.mjs); once a
// quarter of the writes are answered the fault strikes; then it waits until
//   - every write was answered 2xx (or was given up: the deadline passed, or its key stayed "in progress"),
//   - every app answers 200 on /health/ready, and the launcher is still running,
//   - every intended lead exists exactly once (GET /api/v1/leads of the scenario's marketing event, by email),
//   - reporting counted each lead that exists, once (GET /api/v1/reports/lead-sources, the event's row),
// and prints the time from the fault until all of it held. Exits 1 when a check failed, naming it.
//
//   npm run chaos                              every scenario, 1,500 writes each
//   npm run chaos -- --short                   kill-leads and kill-gateway, 300 writes each (about 2 minutes)
//   npm run chaos -- kill-leads nats-restart   the scenarios named
//   npm run chaos -- --writes 500 --clients 8 --timeout 120
//
// The run's data and the launcher's whole output are in .data/chaos/ (replaced by the next run).
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { listAll, runWrites, ApiClient } from './clients.mjs';
import { ADMIN, APPS, PROXIED_APP, bootPlatform } from './platform.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUN_DIR = path.join(ROOT, '.data', 'chaos');
const POLL_MS = 500;
// The fault strikes once this share of the writes is answered, so that writes are in flight when it does and
// others are still to come after it.
const STRIKE_AT = 0.25;
// An outage of NATS, PostgreSQL or one app's NATS connection lasts this long.
const OUTAGE_MS = 5_000;

const kill = (app) => ({
  name: `kill-${app}`,
  what: `kill -9 of ${app}; the launcher restarts it`,
  restarts: app,
  strike: (platform) => platform.killApp(app).then((pid) => `killed ${app} (pid ${pid})`),
});

const SCENARIOS = [
  ...['leads', 'deals', 'partners', 'reporting', 'gateway'].map(kill),
  {
    name: 'nats-restart',
    what: `kill -9 of nats-server, started again on the same port and store after ${OUTAGE_MS / 1000} s`,
    strike: (platform) => platform.killNats({ downMs: OUTAGE_MS }).then(() => 'nats-server killed and started again'),
  },
  {
    name: 'postgres-restart',
    what: `PostgreSQL's immediate shutdown, started again after ${OUTAGE_MS / 1000} s (crash recovery)`,
    strike: (platform) => platform.crashPostgres({ downMs: OUTAGE_MS }).then(() => 'PostgreSQL stopped (immediate) and started again'),
  },
  {
    name: 'nats-cut',
    what: `the NATS connection of ${PROXIED_APP} cut at a TCP proxy for ${OUTAGE_MS / 1000} s`,
    strike: (platform) => platform.cutNats({ downMs: OUTAGE_MS }).then(() => `the NATS connection of ${PROXIED_APP} cut and restored`),
  },
];
const SHORT = ['kill-leads', 'kill-gateway'];

const say = (message) => process.stdout.write(`[chaos] ${message}\n`);

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      short: { type: 'boolean', default: false },
      writes: { type: 'string' },
      clients: { type: 'string', default: '16' },
      timeout: { type: 'string', default: '180' },
      help: { type: 'boolean', default: false },
    },
  });
  const usage = `usage: npm run chaos -- [--short] [--writes N] [--clients N] [--timeout seconds] [scenario...]\nscenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`;
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const unknown = positionals.filter((name) => !SCENARIOS.some((s) => s.name === name));
  const numbers = ['writes', 'clients', 'timeout'].filter((key) => values[key] !== undefined && !(Number(values[key]) > 0));
  if (unknown.length || numbers.length) {
    console.error(`${[...unknown.map((n) => `unknown scenario ${n}`), ...numbers.map((k) => `--${k} must be a positive number`)].join('; ')}\n${usage}`);
    process.exit(2);
  }
  const names = positionals.length ? positionals : values.short ? SHORT : SCENARIOS.map((s) => s.name);
  return {
    scenarios: SCENARIOS.filter((s) => names.includes(s.name)),
    writes: Number(values.writes ?? (values.short ? 300 : 1500)),
    clients: Number(values.clients),
    timeoutMs: Number(values.timeout) * 1000,
  };
}

async function main() {
  const settings = options();
  const runId = Date.now().toString(36);
  say(
    `${settings.scenarios.length} scenario(s): ${settings.scenarios.map((s) => s.name).join(', ')}; ` +
      `${settings.writes} writes each by ${settings.clients} clients; the run in ${path.relative(ROOT, RUN_DIR)}/`,
  );
  const bootStarted = Date.now();
  let platform;
  const stopOnSignal = async (signal) => {
    say(`${signal}: stopping`);
    await platform?.stop();
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const results = [];
  try {
    platform = await bootPlatform({ runDir: RUN_DIR, say });
    say(`platform running after ${seconds(Date.now() - bootStarted)} (gateway ${platform.baseUrl})`);
    const api = new ApiClient(platform.baseUrl, ADMIN);
    await api.login();
    for (const scenario of settings.scenarios) {
      results.push(await runScenario(scenario, { platform, api, runId, ...settings }));
      if (!platform.launcherAlive()) break;
    }
  } catch (error) {
    say(`the run broke off: ${error.message}`);
    results.push({ name: 'run', failures: [error.message] });
  } finally {
    say('stopping the platform');
    await platform?.stop();
  }
  printSummary(results);
  process.exit(results.every((result) => result.failures.length === 0) ? 0 : 1);
}

async function runScenario(scenario, { platform, api, runId, writes, clients, timeoutMs }) {
  say(`--- ${scenario.name}: ${scenario.what}`);
  const deadline = Date.now() + timeoutMs;
  const event = await api.sendUntilDone(
    'POST',
    '/api/v1/marketing-events',
    { name: `chaos ${runId} ${scenario.name}`, kind: 'exhibition', startsOn: today(), endsOn: today() },
    { idempotencyKey: `chaos-${runId}-${scenario.name}-event`, deadline },
  );
  if (!event.ok) return failed(scenario, `creating its marketing event answered ${event.status}`);
  const eventId = event.body.id;
  const intended = Array.from({ length: writes }, (_, i) => ({
    key: `chaos-${runId}-${scenario.name}-${i}`,
    body: {
      contact: { name: `Chaos client ${i}`, email: `${scenario.name}-${i}@${runId}.chaos.example` },
      source: 'exhibition',
      direction: 'inbound',
      marketingEventId: eventId,
    },
  }));
  const recoveriesBefore = scenario.restarts ? platform.recoveriesOf(scenario.restarts) : 0;
  const startsBefore = platform.starts();
  const deadLettersBefore = await platform.deadLetters();
  const rejectedBefore = api.rejectedTokens;
  const load = runWrites(api, '/api/v1/leads', intended, { concurrency: clients, deadline });
  const writesDone = load.done.then(() => Date.now());
  while (load.progress() < writes * STRIKE_AT && Date.now() < deadline) await delay(20);

  const struckAt = Date.now();
  const what = await scenario.strike(platform);
  say(`${what} (${load.progress()} of ${writes} writes answered when it struck)`);

  // Ready again: every app answers 200, and the launcher said it restarted the killed app and saw it ready
  // (until then the port may still answer from the dying process for an instant).
  let readyAt;
  const failures = [];
  while (!readyAt && Date.now() < deadline) {
    const restarted = !scenario.restarts || platform.recoveriesOf(scenario.restarts) > recoveriesBefore;
    const ready = await platform.readiness();
    if (!platform.launcherAlive()) break;
    if (restarted && Object.values(ready).every(Boolean)) readyAt = Date.now();
    else await delay(POLL_MS);
  }
  if (!platform.launcherAlive()) failures.push(`npm start exited (${(await platform.launcherExit).how}): it must survive`);
  if (!readyAt && platform.launcherAlive()) {
    const ready = await platform.readiness();
    const notReady = APPS.filter((app) => !ready[app]);
    if (scenario.restarts && platform.recoveriesOf(scenario.restarts) === recoveriesBefore) {
      notReady.push(`the launcher did not report ${scenario.restarts} restarted and ready`);
    }
    failures.push(`not ready again within ${seconds(timeoutMs)} of the start: ${notReady.join(', ')}`);
  }

  const outcomes = await load.done;
  const writesDoneAt = await writesDone;
  const unanswered = outcomes.filter((outcome) => !outcome.ok);
  const answers = sumAnswers(outcomes);

  // Exactly once: the leads of the scenario's event, by the email only that write used; then reporting must
  // count every one of them. Both are read again on every round, so a write that landed late is counted.
  let leadCounts = new Map();
  let reported;
  let convergedAt;
  let counted = false;
  let leadsTotal = 0;
  try {
    while (platform.launcherAlive()) {
      leadCounts = countByEmail(await listAll(api, `/api/v1/leads?marketingEventId=${eventId}`, deadline));
      leadsTotal = [...leadCounts.values()].reduce((sum, n) => sum + n, 0);
      reported = await reportedLeads(api, eventId, deadline);
      counted = true;
      if (reported === leadsTotal && readyAt) convergedAt = Date.now();
      if (convergedAt || Date.now() >= deadline) break;
      await delay(POLL_MS);
    }
  } catch (error) {
    failures.push(`reading the results failed: ${error.message}`);
  }
  const lost = intended.filter(({ body }) => !leadCounts.has(body.contact.email)).length;
  const duplicates = [...leadCounts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const stuck = unanswered.filter((outcome) => outcome.stuck).length;
  const rejectedTokens = api.rejectedTokens - rejectedBefore;
  // Apps that died of the fault rather than by the suite's hand: the launcher restarts them, which is worth
  // knowing even when every check passes.
  const startsAfter = platform.starts();
  const unplanned = APPS.filter((app) => startsAfter[app] - startsBefore[app] > (app === scenario.restarts ? 1 : 0));

  if (unanswered.length) failures.push(`${unanswered.length} write(s) never answered 2xx: ${describeUnanswered(unanswered)}`);
  if (counted) {
    if (lost) failures.push(`${lost} intended lead(s) do not exist (lost)`);
    if (duplicates) failures.push(`${duplicates} lead(s) created more than once (duplicates)`);
    if (reported !== leadsTotal) {
      failures.push(`reporting counted ${reported} of the ${leadsTotal} leads within ${seconds(timeoutMs)} of the start`);
    }
  }
  // A fault of a dependency is a 503 the client may retry, never a 500 (issue 9).
  if (answers['500']) failures.push(`${answers['500']} answer(s) 500: a transient fault must be a 503`);
  const deadLettered = platform.launcherAlive() ? (await platform.deadLetters()) - deadLettersBefore : 0;
  if (deadLettered) failures.push(`${deadLettered} event(s) went to the dead letters during the fault`);
  if (rejectedTokens) failures.push(`${rejectedTokens} answer(s) 401 to a token that worked before: sessions did not survive`);
  const result = {
    name: scenario.name,
    writes,
    acknowledged: outcomes.length - unanswered.length,
    leads: leadsTotal,
    duplicates,
    lost,
    unanswered: unanswered.length,
    stuck,
    reported,
    retried: outcomes.reduce((sum, outcome) => sum + outcome.attempts - 1, 0),
    answers,
    readyAfter: readyAt && readyAt - struckAt,
    writesAfter: writesDoneAt - struckAt,
    convergedAfter: convergedAt && convergedAt - struckAt,
    failures,
  };
  say(
    `${scenario.name}: ${result.acknowledged}/${writes} answered 2xx, ${leadsTotal} leads, ${duplicates} duplicate(s), ` +
      `${counted ? lost : '?'} lost, ${unanswered.length} unanswered (${stuck} stuck "in progress"), reporting ${reported ?? '-'}; ` +
      `ready after ${seconds(result.readyAfter)}, writes answered after ${seconds(result.writesAfter)}, ` +
      `converged after ${seconds(result.convergedAfter)}; ` +
      `answers other than 2xx: ${formatAnswers(answers)}; ` +
      `apps that died of the fault: ${unplanned.length ? unplanned.map((app) => `${app} (restarted ${startsAfter[app] - startsBefore[app]} times)`).join(', ') : 'none'}`,
  );
  for (const failure of failures) say(`${scenario.name} FAILED: ${failure}`);
  return result;
}

async function reportedLeads(api, eventId, deadline) {
  const answer = await api.sendUntilDone('GET', '/api/v1/reports/lead-sources', undefined, { deadline });
  if (!answer.ok) throw new Error(`GET /api/v1/reports/lead-sources answered ${answer.status}`);
  return answer.body.items.filter((row) => row.marketingEventId === eventId).reduce((sum, row) => sum + row.leads, 0);
}

function countByEmail(leads) {
  const counts = new Map();
  for (const lead of leads) counts.set(lead.contact.email, (counts.get(lead.contact.email) ?? 0) + 1);
  return counts;
}

function sumAnswers(outcomes) {
  const totals = {};
  for (const { answers } of outcomes) {
    for (const [status, count] of Object.entries(answers)) {
      if (!/^2/.test(status)) totals[status] = (totals[status] ?? 0) + count;
    }
  }
  return totals;
}

function describeUnanswered(unanswered) {
  const byLast = {};
  for (const { status, body, stuck } of unanswered) {
    const detail = stuck ? `${status} still being processed` : `${status} ${typeof body === 'object' ? (body?.detail ?? body?.title ?? '') : (body ?? '')}`;
    byLast[detail.trim()] = (byLast[detail.trim()] ?? 0) + 1;
  }
  return Object.entries(byLast)
    .map(([detail, count]) => `${count} last answered ${detail}`)
    .join('; ');
}

function failed(scenario, message) {
  say(`${scenario.name} FAILED: ${message}`);
  return { name: scenario.name, failures: [message] };
}

function printSummary(results) {
  const rows = results
    .filter((result) => result.writes !== undefined)
    .map((r) => [
      r.name,
      r.writes,
      r.acknowledged,
      r.leads,
      r.duplicates,
      r.lost,
      `${r.unanswered} (${r.stuck})`,
      r.reported ?? '-',
      r.retried,
      seconds(r.readyAfter),
      seconds(r.writesAfter),
      seconds(r.convergedAfter),
      r.failures.length ? 'FAIL' : 'ok',
    ]);
  const head = ['scenario', 'writes', '2xx', 'leads', 'dup', 'lost', 'unanswered (stuck)', 'reported', 'retries', 'ready', 'writes done', 'converged', ''];
  const widths = head.map((h, i) => Math.max(String(h).length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
  console.log(`\n${line(head)}\n${rows.map(line).join('\n')}`);
  const failures = results.flatMap((r) => r.failures.map((f) => `${r.name}: ${f}`));
  console.log(failures.length ? `\n${failures.length} check(s) failed:\n  ${failures.join('\n  ')}\n` : '\nevery check passed\n');
}

function formatAnswers(answers) {
  const entries = Object.entries(answers);
  return entries.length ? entries.map(([status, count]) => `${status}×${count}`).join(', ') : 'none';
}

function seconds(ms) {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`;
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
