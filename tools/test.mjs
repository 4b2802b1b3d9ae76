// What `npm test` runs: every unit, integration and end-to-end suite against a real PostgreSQL and a real NATS
// with JetStream. It finds (or starts) them as `npm start` does, in the database `saleswire_test`, builds the
// apps (the end-to-end suites run the built apps as processes), then runs Jest over every project. Each suite
// works in its own schemas and stream names (libs/testing), so suites never see each other's data.
//
//   npm test                       everything
//   npm test -- --selectProjects leads     one project; any other Jest argument passes through
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureInfrastructure } from './infra.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const infra = await ensureInfrastructure({
  dataDir: path.join(root, '.data'),
  database: 'saleswire_test',
  log: (message) => console.log(`[test] ${message}`),
});
await commitWithoutWaitingForDisk(infra.databaseUrl);
let code = 1;
try {
  // Two suites at a time: most of an end-to-end suite's time is spent waiting on its processes, PostgreSQL and
  // NATS, so two workers keep both cores busy where Jest's default (cores - 1 = one) left one idle. Apps then
  // start beside another suite's, so they are given longer to become ready.
  const env = {
    E2E_READY_TIMEOUT_MS: '60000',
    ...process.env,
    DATABASE_URL: infra.databaseUrl,
    NATS_URL: infra.natsUrl,
    NX_DAEMON: 'false',
  };
  code = await run(process.execPath, [path.join(root, 'tools', 'build.mjs')], env);
  if (code === 0) {
    const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
    const ci = process.env.CI ? ['--ci'] : [];
    const args = process.argv.slice(2);
    const workers = args.some((arg) => /^(--maxWorkers|-w|--runInBand|-i)\b/.test(arg)) ? [] : ['--maxWorkers=2'];
    code = await run(process.execPath, [jest, ...ci, ...workers, ...args], env);
  }
} finally {
  await infra.stop();
}
process.exit(code);

/**
 * The test database's sessions commit without waiting for the WAL to reach the disk (`synchronous_commit = off`,
 * set on the database, so every app and suite connecting to it gets it). The suites commit tens of thousands of
 * short transactions (migrations of a schema per suite, outbox, inbox); waiting for a flush on each cost about a
 * tenth of the run here. Nothing a test proves depends on it: a server that crashed could lose the last fraction of
 * a second of commits, and no test crashes PostgreSQL (outages are cut connections, libs/testing's TCP proxy).
 * A user who may not alter the database keeps the server's setting.
 */
async function commitWithoutWaitingForDisk(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query('SELECT current_database() AS name');
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(rows[0].name)} SET synchronous_commit = off`);
  } catch (error) {
    console.log(`[test] Keeping the server's synchronous_commit: ${error.message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

