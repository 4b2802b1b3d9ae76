// Writes the gateway's OpenAPI document (what /api/docs-json serves) to dist/openapi.json, without PostgreSQL or
// NATS: it builds the gateway (tools/build.mjs) and asks the built app for its document in Nest's preview mode
// (apps/gateway/src/openapi-document.ts). The SDK's types (tools/sdk-types.mjs) and the lint start from it. Before
// building, it writes the answers' schemas from the handlers' types (tools/openapi-answers.mjs, ADR 0022).
//
//   node tools/openapi.mjs                 answers' schemas, build, then write dist/openapi.json
//   node tools/openapi.mjs --no-build      use the gateway already built in dist/apps/gateway (and the answers' schemas as they are)
//   node tools/openapi.mjs --out=<file>    write elsewhere: --out=docs/openapi.json refreshes the committed one, which
//                                          apps/gateway/src/openapi-document.spec.ts compares with the code's
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const out = path.resolve(root, args.find((arg) => arg.startsWith('--out='))?.slice('--out='.length) ?? 'dist/openapi.json');

if (!args.includes('--no-build')) {
  const answers = spawnSync(process.execPath, [path.join(root, 'tools', 'openapi-answers.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (answers.status !== 0) process.exit(answers.status ?? 1);
  const built = spawnSync(process.execPath, [path.join(root, 'tools', 'build.mjs'), 'gateway'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const require = createRequire(import.meta.url);
const { generateOpenApiDocument } = require(path.join(root, 'dist/apps/gateway/apps/gateway/src/openapi-document.js'));
// Only what the document needs from the environment: nothing, so the file is the same on every machine.
const document = await generateOpenApiDocument({ LOG_LEVEL: 'silent' });
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(document, null, 2)}\n`);
const operations = Object.values(document.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);
console.log(`openapi: ${operations} operations on ${Object.keys(document.paths).length} paths -> ${path.relative(root, out)}`);
