// Builds each app to dist/apps/<name>/: main.js (the service) and migrate.js (apply or revert its migrations).
// swc compiles the app's sources and the libs it imports with the same decorator settings as the tests;
// `@saleswire/*` imports become relative paths, so the output runs with plain `node` and node_modules.
// Type checking is separate (`npm run typecheck`): swc does not type-check.
// The web app (apps/web) is built by Vite into dist/apps/web, which the gateway serves at `/`; each of its
// files also gets a .gz and a .br beside it, served instead to browsers that accept them.
//
//   node tools/build.mjs            every app
//   node tools/build.mjs leads      one app
import { transformFile } from '@swc/core';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APPS = ['gateway', 'leads', 'deals', 'partners', 'reporting', 'web'];
const LIBS = ['contracts', 'messaging', 'database', 'observability'];

async function sources(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return /\.ts$/.test(entry.name) && !/\.(spec|integration-spec|e2e-spec)\.ts$/.test(entry.name) ? [full] : [];
    }),
  );
  return nested.flat();
}

async function compile(file, outDir) {
  const { code, map } = await transformFile(file, {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      baseUrl: root,
      paths: Object.fromEntries(LIBS.map((lib) => [`@saleswire/${lib}`, [`libs/${lib}/src/index.ts`]])),
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
  });
  const target = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
  await writeFile(`${target}.map`, map);
}

async function buildWeb() {
  const started = Date.now();
  const { build: vite } = await import('vite');
  await vite({ configFile: path.join(root, 'apps', 'web', 'vite.config.mts'), logLevel: 'warn' });
  const outDir = path.join(root, 'dist', 'apps', 'web');
  const files = (await readdir(outDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && /\.(js|css|html|svg|json)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
  await Promise.all(
    files.map(async (file) => {
      const content = await readFile(file);
      await writeFile(`${file}.gz`, await promisify(gzip)(content, { level: 9 }));
      await writeFile(`${file}.br`, await promisify(brotliCompress)(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
    }),
  );
  console.log(`built web: ${files.length} files in ${Date.now() - started} ms -> dist/apps/web/index.html`);
}

async function build(app) {
  if (app === 'web') return buildWeb();
  const started = Date.now();
  const outDir = path.join(root, 'dist', 'apps', app);
  await rm(outDir, { recursive: true, force: true });
  const files = [
    ...(await sources(path.join(root, 'apps', app, 'src'))),
    ...(await Promise.all(LIBS.map((lib) => sources(path.join(root, 'libs', lib, 'src'))))).flat(),
  ];
  await Promise.all(files.map((file) => compile(file, outDir)));
  // Reporting also has `rebuild.js`, the read models' rebuild (`npm run reporting:rebuild`). Source maps are written
  // beside each file but not loaded unless asked for (`NODE_OPTIONS=--enable-source-maps`): Node then keeps the maps
  // of every module it loads, node_modules' included, 10–13 MB of heap and ~15 MB resident an app, which the
  // garbage collector marks again at every full collection (docs/benchmarks.md, "2026-12-04, evening"). Without them
  // a stack trace names the compiled file under dist/, which mirrors its TypeScript file one to one.
  for (const entry of ['main', 'migrate', ...(app === 'reporting' ? ['rebuild'] : [])]) {
    await writeFile(path.join(outDir, `${entry}.js`), `'use strict';\nrequire('./apps/${app}/src/${entry}.js');\n`);
  }
  console.log(`built ${app}: ${files.length} files in ${Date.now() - started} ms -> dist/apps/${app}/main.js`);
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((app) => !APPS.includes(app));
if (unknown.length) {
  console.error(`unknown app(s): ${unknown.join(', ')}; known: ${APPS.join(', ')}`);
  process.exit(2);
}
for (const app of wanted.length ? wanted : APPS) await build(app);
