// `npm test` runs every project's suites in one Jest run (see tools/test.mjs).
module.exports = {
  // Integration and end-to-end suites talk to real PostgreSQL, NATS and processes.
  testTimeout: 60_000,
  // Slowest first, also on a clean clone without Jest's cache of the suites' times (tools/jest-sequencer.cjs).
  testSequencer: '<rootDir>/tools/jest-sequencer.cjs',
  projects: ['<rootDir>/apps/*/jest.config.cjs', '<rootDir>/libs/*/jest.config.cjs'],
};
