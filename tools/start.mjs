// `npm start`: the whole platform on this machine. Finds or starts PostgreSQL and NATS (tools/infra.mjs), builds
// the apps (tools/build.mjs), starts the four services and then the gateway, and prints where to go once every
// app reports ready. The apps' JSON log lines pass through to stdout unchanged. Ctrl+C stops the gateway, then
// the services, then whatever infrastructure was started here. Each app migrates its own schema when it starts.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureInfrastructure, portAnswers } from './infra.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Each app listens on its own default port; they are listed here only to check that the app is ready.
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
  const how = await endOf(child);
  if (child.exitCode !== 0) throw new Error(`tools/build.mjs ${how}; nothing was started`);
}

function appEnvironment({ databaseUrl, natsUrl }) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, NATS_URL: natsUrl };
  // A PORT in this shell would make all five apps claim the same port; each app has its own default.
  delete env.PORT;
  return env;
}

async function startAndAwaitReady(apps, env) {
  for (const app of apps) startApp(app, env);
  await Promise.all(apps.map(waitUntilReady));
}

function startApp(app, env) {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', app.name, 'main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal's Ctrl+C reaches only this launcher, which stops the apps in order.
    detached: true,
  });
  // Whole lines, one write each, so lines of different apps never mix.
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
    });
  }
  const exited = endOf(child);
  void exited.then((how) => {
    if (!stopping) void shutdown(1, `${app.name} ${how} unexpectedly, stopping everything`);
  });
  running.push({ app, child, exited });
}

/** Resolves, never rejects, once the child is gone and its output read, with how it ended. */
function endOf(child) {
  return new Promise((resolve) => {
    child.once('close', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`));
    child.once('error', (error) => resolve(`could not be run (${error.message})`));
  });
}

async function waitUntilReady(app) {
  const url = `http://127.0.0.1:${app.port}/health/ready`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    // Shutting down already (a signal, or another app failed): stop here rather than start the next group.
    if (stopping) throw new Error(`stopped before ${app.name} was ready`);
    if (await answersOk(url)) return;
    if (Date.now() >= deadline) throw new Error(`${app.name} did not answer 200 on ${url} within 60 s`);
    await delay(READY_POLL_MS);
  }
}

async function answersOk(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
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
