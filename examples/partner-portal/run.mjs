// Runs portal.ts without a TypeScript toolchain of its own: swc compiles it and the SDK's sources into
// tmp/partner-portal (with `@saleswire/sdk` pointing at libs/sdk/src), then node runs the result.
import { transformFile } from '@swc/core';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'tmp', 'partner-portal');
const sdk = path.join(root, 'libs', 'sdk', 'src');
const files = [path.join(root, 'examples', 'partner-portal', 'portal.ts'), ...(await readdir(sdk)).filter((f) => /(?<!\.spec)\.ts$/.test(f)).map((f) => path.join(sdk, f))];
for (const file of files) {
  const { code } = await transformFile(file, {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022', baseUrl: root, paths: { '@saleswire/sdk': ['libs/sdk/src/index.ts'] } },
    module: { type: 'commonjs' },
  });
  const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, code);
}
const result = spawnSync(process.execPath, [path.join(out, 'examples', 'partner-portal', 'portal.js')], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
