// `npm run migrate`: builds the apps, then runs each app's dist/apps/<app>/migrate.js, one app after the other.
//
//   npm run migrate                    apply the pending migrations of every app
//   npm run migrate -- --down <app>    revert the last applied migration of that one app (gateway, leads, deals,
//                                      partners or reporting); run it again to revert one more
//
// The database is DATABASE_URL when set, else the one `npm start` would use (see tools/infra.mjs). NATS is not
// needed. The apps also apply pending migrations themselves when they start; this is for doing it beforehand
// and for reverting.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInfrastructure } from './infra.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APPS = ['gateway', 'leads', 'deals', 'partners', 'reporting'];
const USAGE = `Usage: npm run migrate [-- --down <${APPS.join('|')}>]`;

function say(message) {
  process.stdout.write(`[migrate] ${message}\n`);
}

/** `[]` migrates every app up; `['--down', app]` reverts one migration of that app. Anything else is a mistake. */
function parseArguments(args) {
  if (args.length === 0) return { apps: APPS, down: false };
  if (args.length === 2 && args[0] === '--down' && APPS.includes(args[1])) return { apps: [args[1]], down: true };
  return undefined;
}

/** Runs a Node script from the repository root with the terminal as its output; resolves with how it ended. */
function runNode(script, args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, script), ...args], { cwd: ROOT, env, stdio: 'inherit' });
    child.once('close', (code, signal) => {
      resolve({ ok: code === 0, how: signal ? `killed by ${signal}` : `exit code ${code}` });
    });
    child.once('error', (error) => resolve({ ok: false, how: `could not be run (${error.message})` }));
  });
}

// Database and server without the password, so you know which database was changed.
function describeDatabase(databaseUrl) {
  const url = new URL(databaseUrl);
  return `${url.pathname.slice(1) || '(the default)'} on ${url.host || 'the local socket'}`;
}

async function migrate({ apps, down }) {
  const infra = await ensureInfrastructure({ dataDir: path.join(ROOT, '.data'), log: say, nats: false });
  try {
    const build = await runNode(path.join('tools', 'build.mjs'), [], process.env);
    if (!build.ok) throw new Error(`tools/build.mjs failed (${build.how}); no migration was run`);
    say(`Database ${describeDatabase(infra.databaseUrl)}`);
    const env = { ...process.env, DATABASE_URL: infra.databaseUrl };
    const results = [];
    for (const app of apps) {
      say(down ? `${app}: reverting its last migration` : `${app}: applying pending migrations`);
      const result = await runNode(path.join('dist', 'apps', app, 'migrate.js'), down ? ['--down'] : [], env);
      results.push({ app, ...result });
    }
    for (const { app, ok, how } of results) say(`${app}: ${ok ? 'ok' : `FAILED (${how})`}`);
    return results.every(({ ok }) => ok);
  } finally {
    await infra.stop();
  }
}

async function main() {
  const request = parseArguments(process.argv.slice(2));
  if (!request) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  process.exitCode = (await migrate(request)) ? 0 : 1;
}

main().catch((error) => {
  console.error(`[migrate] ${error.message}`);
  process.exitCode = 1;
});
