// `npm start`: the whole platform on this machine. Finds or starts PostgreSQL and NATS (tools/infra.mjs), builds
// the apps (tools/build.mjs), starts the four services and then the gateway, and prints where to go once every
// app reports ready. The apps' JSON log lines pass through to stdout unchanged. Each app migrates its own schema
// when it starts.
//
// Supervision: an app that dies after it was ready once is started again, after 1 s, then 2, 4, 8, 16 and at
// most 30 s while it keeps dying (back to 1 s once it stayed up a minute); the others keep serving meanwhile.
// An app that fails its very first start stops the launch instead: a bad migration or setting does not get
// better by retrying. Only Ctrl+C (SIGINT), SIGTERM or SIGHUP stop the whole: the gateway, then the services,
// then whatever infrastructure was started here.
//
// Launcher settings (the apps' own are in the README): SALESWIRE_BASE_PORT (3000) puts the gateway there and
// the services on the next four ports; <APP>_NATS_URL (e.g. LEADS_NATS_URL) gives one app another NATS_URL
// (the chaos suite routes one service through a proxy it can cut); JWT_SECRET, when unset, comes from
// .data/jwt-secret, made once.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { exitOf, startProcess } from '../libs/testing/src/processes.mjs';
import { ensureInfrastructure, portAnswers } from './infra.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = path.join(ROOT, '.data');
const BASE_PORT = basePort(process.env.SALESWIRE_BASE_PORT);
// Each app's own port, given to it as PORT (so a PORT in this shell cannot make all five claim one).
const SERVICES = [
  { name: 'leads', port: BASE_PORT + 1 },
  { name: 'deals', port: BASE_PORT + 2 },
  { name: 'partners', port: BASE_PORT + 3 },
  { name: 'reporting', port: BASE_PORT + 4 },
];
const GATEWAY = { name: 'gateway', port: BASE_PORT };
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 250;
// Nest's graceful shutdown takes 1–4 s while the NATS client drains; this leaves room for a slow one.
const STOP_TIMEOUT_MS = 15_000;
const GATEWAY_HEAD_START_MS = 5_000;
// Restarts back off so that an app dying at once (its database gone, a bug on start) costs little CPU and leaves
// a readable log: 1 s, doubling up to 30 s. An app that stayed up STABLE_AFTER_MS counts as healthy again.
const RESTART_DELAY_MS = 1_000;
const RESTART_DELAY_MAX_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
// The gateway signs tokens with this key; kept across runs so that a restarted gateway accepts the tokens the
// previous one issued. Mode 0600: whoever reads it can sign a token for any user.
const JWT_SECRET_FILE = 'jwt-secret';
const JWT_SECRET_MIN_LENGTH = 32;

/**
 * Every app started so far, by name: `current` is its latest process ({ child, exited, ... } from startProcess),
 * `readyOnce` whether any of its processes became ready, `restarts` how often it was restarted in all, `failures`
 * how often in a row it died without staying up STABLE_AFTER_MS (what the back-off grows with).
 */
const apps = new Map();
let infra;
let stopping = false;
// Aborted on shutdown, so that waiting for one group to be ready, or for a restart's delay, ends at once.
const stopRequested = new globalThis.AbortController();

function say(message) {
  process.stdout.write(`[saleswire] ${message}\n`);
}

function basePort(value) {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_531) {
    // Read before anything starts, so there is nothing to stop: say why and leave.
    say(`SALESWIRE_BASE_PORT must be a port from 1 to 65531 (the apps take it and the next four), not ${value}`);
    process.exit(1);
  }
  return port;
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => void shutdown(0, `${signal} received, stopping everything`));
  }
  process.on('exit', terminateLeftoverApps);
  await assertPortsFree([...SERVICES, GATEWAY]);
  infra = await ensureInfrastructure({ dataDir: DATA_DIR, log: say });
  const jwtSecret = process.env.JWT_SECRET ?? (await localJwtSecret());
  await buildApps();
  const env = (app) => appEnvironment(app, infra, jwtSecret);
  // Services first, so the gateway finds someone to answer its requests as soon as it is up.
  await startAndAwaitReady(SERVICES, env);
  await startAndAwaitReady([GATEWAY], env);
  printBanner();
}

// A leftover from an earlier run would answer the readiness checks while the new app fails to bind its port.
async function assertPortsFree(wanted) {
  const taken = [];
  for (const app of wanted) {
    if (await portAnswers('127.0.0.1', app.port, 300)) taken.push(`${app.port} (${app.name})`);
  }
  if (taken.length > 0) {
    throw new Error(
      `Port ${taken.join(', ')} already in use: is Saleswire already running? (SALESWIRE_BASE_PORT moves all five)`,
    );
  }
}

/** The signing key in .data/jwt-secret, made on first use; the gateway itself refuses one under 32 characters. */
async function localJwtSecret() {
  const file = path.join(DATA_DIR, JWT_SECRET_FILE);
  const shown = path.relative(ROOT, file);
  await mkdir(DATA_DIR, { recursive: true });
  try {
    // 'wx': two launchers starting at once must not overwrite each other's key.
    await writeFile(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    say(`Made a JWT signing key in ${shown} (mode 0600), kept so that a restarted gateway keeps every session`);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  }
  if (((await stat(file)).mode & 0o077) !== 0) {
    await chmod(file, 0o600);
    say(`${shown} was readable by other users; it is mode 0600 now`);
  }
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < JWT_SECRET_MIN_LENGTH) {
    throw new Error(`${shown} holds fewer than ${JWT_SECRET_MIN_LENGTH} characters: delete it and a new key is made`);
  }
  return secret;
}

async function buildApps() {
  say('Building the apps (tools/build.mjs)');
  const child = spawn(process.execPath, [path.join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const { how } = await exitOf(child);
  if (child.exitCode !== 0) throw new Error(`tools/build.mjs ${how}; nothing was started`);
}

function appEnvironment(app, { databaseUrl, natsUrl }, jwtSecret) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, NATS_URL: process.env[`${app.name.toUpperCase()}_NATS_URL`] || natsUrl };
  // Only the gateway signs tokens; the services never need the key.
  if (app === GATEWAY) env.JWT_SECRET = jwtSecret;
  return env;
}

async function startAndAwaitReady(group, env) {
  await Promise.all(
    group.map(async (app) => {
      apps.set(app.name, { app, env: env(app), current: undefined, readyOnce: false, restarts: 0, failures: 0 });
      await startApp(app, READY_TIMEOUT_MS);
      apps.get(app.name).readyOnce = true;
    }),
  );
}

/** Starts the app's process and resolves once it is ready; rejects when it dies first, times out or is stopped. */
function startApp(app, timeoutMs) {
  const state = apps.get(app.name);
  return startProcess({
    name: app.name,
    script: path.join(ROOT, 'dist', 'apps', app.name, 'main.js'),
    port: app.port,
    env: state.env,
    cwd: ROOT,
    // Own process group: a terminal's Ctrl+C reaches only this launcher, which stops the apps in order.
    detached: true,
    // The apps' JSON lines pass through whole, one write each, so lines of different apps never mix.
    onLine: (line) => process.stdout.write(`${line}\n`),
    timeoutMs,
    intervalMs: READY_POLL_MS,
    signal: stopRequested.signal,
    onSpawn: (started) => {
      state.current = started;
      const since = Date.now();
      // The pid is printed so that an operator (or the chaos suite) can tell which process is which app.
      say(`${app.name} started (pid ${started.child.pid}, port ${app.port})`);
      void started.exited.then((exit) => {
        if (stopping) return;
        // A first start that fails is reported by main() with the app's last lines, and stops the launch.
        if (state.readyOnce) void restart(state, exit, Date.now() - since);
      });
    },
  });
}

async function restart(state, exit, upMs) {
  const { app } = state;
  if (upMs >= STABLE_AFTER_MS) state.failures = 0;
  state.failures += 1;
  state.restarts += 1;
  const restartNo = state.restarts;
  const waitMs = Math.min(RESTART_DELAY_MAX_MS, RESTART_DELAY_MS * 2 ** (state.failures - 1));
  say(
    `${app.name} ${exit.how} after ${formatDuration(upMs)} up; restarting it in ${formatDuration(waitMs)} ` +
      `(restart ${restartNo}); the other apps keep serving`,
  );
  try {
    await delay(waitMs, undefined, { signal: stopRequested.signal });
  } catch {
    return; // stopping
  }
  if (stopping) return;
  try {
    // No deadline: an app waiting for its database stays up and is ready when the database is.
    await startApp(app, Infinity);
    say(`${app.name} is ready again (pid ${state.current.child.pid}, restart ${restartNo})`);
  } catch {
    // It died before it was ready (its exit schedules the next restart) or the launcher is stopping.
  }
}

function formatDuration(ms) {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
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
      `  Web app  ${gateway}/`,
      `  API      ${gateway}/api/v1`,
      `  OpenAPI  ${gateway}/api/docs`,
      `  Admin    ${email}, password ${password}`,
      '  An app that dies is restarted; Ctrl+C stops everything.',
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
  const running = [...apps.values()].filter(({ current }) => current).map(({ app, current }) => ({ app, ...current }));
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

function terminate(processes) {
  for (const { child } of processes) {
    if (isRunning(child)) child.kill('SIGTERM');
  }
}

/** Waits until every one of the processes has exited, or until the given time, whichever comes first. */
async function allExited(processes, until) {
  const timeLeft = Math.max(0, until - Date.now());
  await Promise.race([Promise.all(processes.map(({ exited }) => exited)), delay(timeLeft, undefined, { ref: false })]);
}

function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}

// The apps have their own process groups, so if this launcher dies of an error nothing else would stop them.
// An 'exit' listener may only do synchronous work, which kill() is.
function terminateLeftoverApps() {
  for (const { current } of apps.values()) {
    if (current && isRunning(current.child)) current.child.kill('SIGTERM');
  }
}

main().catch((error) => shutdown(1, error.message));
