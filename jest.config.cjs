// `npm test` runs every project's suites in one Jest run (see tools/test.mjs).
module.exports = {
  projects: ['<rootDir>/apps/*/jest.config.cjs', '<rootDir>/libs/*/jest.config.cjs'],
};
