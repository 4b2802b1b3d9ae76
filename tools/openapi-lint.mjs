// The OpenAPI half of `npm run lint`: writes the gateway's document (tools/openapi.mjs) and lints it with
// Redocly's recommended rules (redocly.yaml; ADR 0017). Exits non-zero on any error or warning: a warning
// worth keeping is turned off in redocly.yaml with its reason, so the list of those stays short and reviewed.
//
// Where @redocly/cli is not installed (a trimmed install), this step says so and checks nothing more — the
// document's own rules are also checked by apps/gateway/src/openapi-document.spec.ts, in `npm test` — unless
// OPENAPI_LINT_REQUIRED=1 (CI), which makes a missing linter an error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

const generated = run(process.execPath, [path.join(root, 'tools', 'openapi.mjs')]);
if (generated !== 0) process.exit(generated);
const redocly = path.join(root, 'node_modules', '.bin', 'redocly');
if (!existsSync(redocly)) {
  const message = 'openapi: @redocly/cli is not installed (add it to devDependencies); the Redocly lint of dist/openapi.json was skipped';
  if (process.env.OPENAPI_LINT_REQUIRED === '1') {
    console.error(message);
    process.exit(1);
  }
  console.warn(message);
  process.exit(0);
}
const lint = ['lint', 'dist/openapi.json', '--config', 'redocly.yaml'];
const json = spawnSync(redocly, [...lint, '--format=json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
let totals;
try {
  totals = JSON.parse(json.stdout).totals;
} catch {
  process.exit(run(redocly, lint) || 1);
}
if (totals.errors === 0 && totals.warnings === 0) {
  console.log('openapi: Redocly lint (recommended) found nothing');
  process.exit(0);
}
// Redocly fails on errors only; warnings fail here, shown the readable way.
run(redocly, [...lint, '--max-problems', '200']);
console.error(`openapi: ${totals.errors} error(s), ${totals.warnings} warning(s) from Redocly`);
process.exit(1);
