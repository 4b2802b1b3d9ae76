// Starting Node.js processes that serve `/health` (the built apps, the benchmark's floor server), waiting until
// they are ready, and stopping them: one copy for `npm start` (tools/start.mjs), `npm run bench`
// (tools/bench/run.mjs) and the end-to-end suites (PlatformUnderTest in platform.ts, typed by processes.d.mts).
// It is JavaScript because the tools run on plain Node without a TypeScript step, and it lives in this lib
// because the lib may import its own files while Nx's module boundaries forbid it a relative path out of
// the project. Plain ESM without `import.meta` or top-level await, so that Jest's swc transform can also load
// it as CommonJS on Node 20.
import { spawn } from 'node:child_process';
import net from 'node:net';
import process from 'node:process';
import readline from 'node:readline';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as delay } from 'node:timers/promises';

// Node's own globals; named here because this file is linted as a lib's, without Node's globals declared.
const { AbortSignal, fetch } = globalThis;

const LOOPBACK = '127.0.0.1';
// A health check that takes longer than this counts as "not ready yet", so a hung process cannot stall the wait.
const PROBE_TIMEOUT_MS = 2_000;
// Lines of a process's own output quoted when it fails to become ready.
const LOG_TAIL_LINES = 20;

/** A free TCP port on the loopback interface. */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves, never rejects, once the child is gone and its output read: its code, signal and a phrase for logs. */
export function exitOf(child) {
  return new Promise((resolve) => {
    child.once('close', (code, signal) =>
      resolve({ code, signal, how: signal ? `was killed by ${signal}` : `exited with code ${code}` }),
    );
    child.once('error', (error) => resolve({ code: null, signal: null, how: `could not be run (${error.message})` }));
  });
}

/** Resolves once `url` answers 200; rejects when `child` ends first, after `timeoutMs`, or when `signal` aborts. */
export async function waitReady(url, { name = url, child, logs = [], timeoutMs = 60_000, intervalMs = 100, signal } = {}) {
  await until(async () => ((await answersOk(url)) ? true : undefined), {
    name, child, logs, timeoutMs, intervalMs, signal, state: 'ready',
    late: `${name} did not answer 200 on ${url} within ${timeoutMs / 1000} s`,
  });
}

/**
 * Asks `check` every `intervalMs` until it answers something other than undefined, and answers that; rejects (saying
 * `${name} … before it was ${state}`, or `late`, with the tail of `logs`) when `signal` aborts, `child` ends first or
 * `timeoutMs` passes.
 */
async function until(check, { name, child, logs, timeoutMs, intervalMs, signal, state, late }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw new Error(`stopped before ${name} was ${state}`);
    if (child && hasEnded(child)) {
      const how = child.signalCode ? `was killed by ${child.signalCode}` : `exited with code ${child.exitCode}`;
      throw new Error(`${name} ${how} before it was ${state}${tailOf(logs)}`);
    }
    const answer = await check();
    if (answer !== undefined) return answer;
    if (Date.now() >= deadline) throw new Error(`${late}${tailOf(logs)}`);
    await delay(intervalMs);
  }
}

// The line a Saleswire app logs once its HTTP server listens (startServiceApp in libs/messaging), with the port.
const LISTENING = /Listening on port (\d+)/;

/**
 * Runs `node [...nodeArgs] script` with `PORT=port`, hands every line it prints to `onLine` (by default keeps
 * them in `logs`), and resolves once `http://127.0.0.1:<port><readyPath>` answers 200. `onSpawn` sees the
 * process before it is ready, so a caller can stop it while it is still starting.
 *
 * `announcesPort`: the process is a Saleswire app, which logs the port it listens on; wait for that line before
 * asking for readiness. With `port: 0` the app lets the system choose a free port and this learns it: a port
 * chosen by the caller beforehand (`freePort`) may be taken by another process before the app binds it, and the
 * other process's `/health/ready` would then pass for this one's. With a given port, the line proves that this
 * very process bound it.
 */
export async function startProcess({
  name,
  script,
  port,
  env = process.env,
  cwd,
  nodeArgs = [],
  detached = false,
  readyPath = '/health/ready',
  timeoutMs,
  intervalMs,
  signal,
  logs = [],
  onLine = (line) => logs.push(line),
  onSpawn,
  announcesPort = false,
}) {
  // The port the app said it listens on, from the first such line.
  let announced;
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  // Whole lines, so that lines of different processes never interleave mid-line wherever they are written.
  for (const [input, stream] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ]) {
    readline.createInterface({ input, crlfDelay: Infinity }).on('line', (line) => {
      const listening = LISTENING.exec(line);
      if (listening) announced ??= Number(listening[1]);
      onLine(line, stream);
    });
  }
  const started = { name, child, port, url: `http://${LOOPBACK}:${port}`, logs, exited: exitOf(child) };
  onSpawn?.(started);
  if (announcesPort) {
    const wait = timeoutMs ?? 60_000;
    const bound = await until(() => announced, {
      name, child, logs, timeoutMs: wait, intervalMs: 50, signal, state: 'listening',
      late: `${name} did not say which port it listens on within ${wait / 1000} s`,
    });
    if (port !== 0 && bound !== port) throw new Error(`${name} listens on port ${bound}, not on ${port}`);
    started.port = bound;
    started.url = `http://${LOOPBACK}:${bound}`;
  }
  await waitReady(`${started.url}${readyPath}`, { name, child, logs, timeoutMs, intervalMs, signal });
  return started;
}

/**
 * Sends SIGTERM and waits until the process is gone, SIGKILLing it after `timeoutMs`. Nest re-raises the signal
 * after its shutdown hooks, so a graceful stop ends with `signal: 'SIGTERM'`; `killed` says SIGKILL was needed.
 */
export async function stopProcess({ child, exited }, { timeoutMs = 15_000 } = {}) {
  if (hasEnded(child)) {
    await exited;
    return { code: child.exitCode, signal: child.signalCode, killed: false };
  }
  child.kill('SIGTERM');
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const { code, signal } = await exited;
  clearTimeout(timer);
  return { code, signal, killed };
}

function hasEnded(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

async function answersOk(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

function tailOf(logs) {
  return logs.length ? `:\n${logs.slice(-LOG_TAIL_LINES).join('\n')}` : '';
}
