// One transform for every project: swc compiles TypeScript with decorator metadata (Nest's constructor
// injection needs it) and also compiles the ESM-only packages (Nest 12's, and content-disposition under
// @fastify/static) to CommonJS, which Jest on Node 20 needs (Node itself requires ESM since 20.19; Jest does not).
const path = require('node:path');

const libs = ['contracts', 'messaging', 'database', 'observability', 'testing', 'sdk'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@nats-io|uuid|content-disposition)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: Object.fromEntries(
    libs.map((lib) => [`^@saleswire/${lib}$`, path.join(__dirname, 'libs', lib, 'src', 'index.ts')]),
  ),
  setupFiles: ['reflect-metadata', path.join(__dirname, 'libs/testing/src/setup-namespace.cjs')],
  testMatch: ['**/?(*.)+(spec|integration-spec|e2e-spec).ts'],
};
