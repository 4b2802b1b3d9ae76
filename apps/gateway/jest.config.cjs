const path = require('node:path');

module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'gateway',
  rootDir: __dirname,
  // End-to-end answers are checked against their documented schema (test/answer-schema.setup.ts).
  setupFilesAfterEnv: [path.join(__dirname, 'test/answer-schema.setup.ts')],
};
