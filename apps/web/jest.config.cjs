// Component tests (src/**/*.spec.tsx) run in jsdom with Testing Library; the browser tests (test/*.browser.ts,
// run by test/browser.e2e-spec.ts, which says `@jest-environment node`) drive Debian's chromium against the
// booted platform.
const path = require('node:path');
const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'web',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  transform: {
    // Components: TSX with React's automatic runtime; everything else as the other projects compile it.
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
    ...preset.transform,
  },
  moduleFileExtensions: ['tsx', 'ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '\\.css$': path.join(__dirname, 'test', 'style-stub.cjs'),
  },
  setupFiles: [path.join(__dirname, '..', '..', 'libs/testing/src/setup-namespace.cjs'), path.join(__dirname, 'test', 'setup-dom.cjs')],
  testMatch: ['**/src/**/*.spec.{ts,tsx}', '**/test/**/*.e2e-spec.ts'],
};
