// `npm start`: the whole platform on this machine. Finds or starts PostgreSQL and NATS (tools/infra.mjs), builds
// the apps (tools/build.mjs), starts the four services and then the gateway, and prints where to go once every
// app reports ready. The apps' JSON log lines pass through to stdout unchanged. Ctrl+C stops the gateway, then
// the services, then whatever infrastructure was started here. Each app migrates its own schema when it starts.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { exitOf, startProcess } from '../libs/testing/src/processes.mjs';
import { ensureInfrastructure, portAnswers } from './infra.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Each app's own default port, given to it as PORT (so a PORT in this shell cannot make all five claim one).
const SERVICES = [
  { name: 'leads', port: 3001 },
  { name: 'deals', port: 3002 },
  { name: 'partners', port: 3003 },
  { name: 'reporting', port: 3004 },
];
const GATEWAY = { name: 'gateway', port: 3000 };
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 250;
// Nest's graceful shutdown takes 1–4 s while the NATS client drains; this leaves room for a slow one.
const STOP_TIMEOUT_MS = 15_000;
const GATEWAY_HEAD_START_MS = 5_000;

/** The apps started so far: { app, child, exited } where `exited` resolves when the child is gone. */
const running = [];
let infra;
let stopping = false;
// Aborted on shutdown, so that waiting for one group to be ready ends rather than starting the next group.
const stopRequested = new globalThis.AbortController();

function say(message) {
  process.stdout.write(`[saleswire] ${message}\n`);
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => void shutdown(0, `${signal} received, stopping everything`));
  }
  process.on('exit', terminateLeftoverApps);
  await assertPortsFree([...SERVICES, GATEWAY]);
  infra = await ensureInfrastructure({ dataDir: path.join(ROOT, '.data'), log: say });
  await buildApps();
  const env = appEnvironment(infra);
  // Services first, so the gateway finds someone to answer its requests as soon as it is up.
  await startAndAwaitReady(SERVICES, env);
  await startAndAwaitReady([GATEWAY], env);
  printBanner();
}

// A leftover from an earlier run would answer the readiness checks while the new app fails to bind its port.
async function assertPortsFree(apps) {
  const taken = [];
  for (const app of apps) {
    if (await portAnswers('127.0.0.1', app.port, 300)) taken.push(`${app.port} (${app.name})`);
  }
  if (taken.length > 0) {
    throw new Error(`Port ${taken.join(', ')} already in use: is Saleswire already running?`);
  }
}

async function buildApps() {
  say('Building the apps (tools/build.mjs)');
  const child = spawn(process.execPath, [path.join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const { how } = await exitOf(child);
  if (child.exitCode !== 0) throw new Error(`tools/build.mjs ${how}; nothing was started`);
}

function appEnvironment({ databaseUrl, natsUrl }) {
  return { ...process.env, DATABASE_URL: databaseUrl, NATS_URL: natsUrl };
}

async function startAndAwaitReady(apps, env) {
  await Promise.all(apps.map((app) => startApp(app, env)));
}

function startApp(app, env) {
  return startProcess({
    name: app.name,
    script: path.join(ROOT, 'dist', 'apps', app.name, 'main.js'),
    port: app.port,
    env,
    cwd: ROOT,
    // Own process group: a terminal's Ctrl+C reaches only this launcher, which stops the apps in order.
    detached: true,
    // The apps' JSON lines pass through whole, one write each, so lines of different apps never mix.
    onLine: (line) => process.stdout.write(`${line}\n`),
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: READY_POLL_MS,
    signal: stopRequested.signal,
    onSpawn: ({ child, exited }) => {
      void exited.then(({ how }) => {
        if (!stopping) void shutdown(1, `${app.name} ${how} unexpectedly, stopping everything`);
      });
      running.push({ app, child, exited });
    },
  });
}

function printBanner() {
  const email = process.env.ADMIN_EMAIL || 'admin@saleswire.local';
  const password = process.env.ADMIN_PASSWORD ? 'from ADMIN_PASSWORD' : 'saleswire-admin (the default)';
  const gateway = `http://localhost:${GATEWAY.port}`;
  // One write, so no app's log line lands in the middle of it.
  process.stdout.write(
    [
      '',
      'Saleswire is running.',
      `  API      ${gateway}/api/v1`,
      `  OpenAPI  ${gateway}/api/docs`,
      `  Admin    ${email}, password ${password}`,
      '  Ctrl+C stops everything.',
      '',
      '',
    ].join('\n'),
  );
}

async function shutdown(exitCode, reason) {
  if (stopping) return;
  stopping = true;
  stopRequested.abort();
  say(reason);
  await stopApps();
  try {
    await infra?.stop();
  } catch (error) {
    say(`Stopping the infrastructure failed: ${error.message}`);
  }
  process.exit(exitCode);
}

// The gateway goes first so that it stops taking requests before the services that answer them go away. It gets
// a head start, not the whole budget: a gateway that hangs must not cost the services their graceful stop.
async function stopApps() {
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  const gateway = running.filter(({ app }) => app === GATEWAY);
  terminate(gateway);
  await allExited(gateway, Math.min(deadline, Date.now() + GATEWAY_HEAD_START_MS));
  terminate(running.filter(({ app }) => app !== GATEWAY));
  await allExited(running, deadline);
  const leftovers = running.filter(({ child }) => isRunning(child));
  for (const { app, child } of leftovers) {
    say(`${app.name} did not stop within ${STOP_TIMEOUT_MS / 1000} s, killing it`);
    child.kill('SIGKILL');
  }
  await Promise.all(leftovers.map(({ exited }) => exited));
}

function terminate(apps) {
  for (const { child } of apps) child.kill('SIGTERM');
}

/** Waits until every one of the apps has exited, or until the given time, whichever comes first. */
async function allExited(apps, until) {
  const timeLeft = Math.max(0, until - Date.now());
  await Promise.race([Promise.all(apps.map(({ exited }) => exited)), delay(timeLeft, undefined, { ref: false })]);
}

function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}

// The apps have their own process groups, so if this launcher dies of an error nothing else would stop them.
// An 'exit' listener may only do synchronous work, which kill() is.
function terminateLeftoverApps() {
  for (const { child } of running) {
    if (isRunning(child)) child.kill('SIGTERM');
  }
}

main().catch((error) => shutdown(1, error.message));
