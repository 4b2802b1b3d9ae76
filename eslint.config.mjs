// Lint for every project. The rule that matters most here is @nx/enforce-module-boundaries: an app depends
// only on shared libs and its own scope, contracts depend on nothing but util (STYLE.md, "Boundaries").
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'apps/web/test-results/**', 'libs/sdk/src/generated/**', '**/.nx/**', '**/.data/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:util', 'type:testing', 'type:sdk'] },
            // The SDK is published on its own: it imports no workspace code; only its tests boot the platform.
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:testing'] },
            { sourceTag: 'type:example', onlyDependOnLibsWithTags: ['type:sdk'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:util'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
            { sourceTag: 'scope:leads', onlyDependOnLibsWithTags: ['scope:leads', 'scope:shared'] },
            { sourceTag: 'scope:deals', onlyDependOnLibsWithTags: ['scope:deals', 'scope:shared'] },
            { sourceTag: 'scope:partners', onlyDependOnLibsWithTags: ['scope:partners', 'scope:shared'] },
            { sourceTag: 'scope:reporting', onlyDependOnLibsWithTags: ['scope:reporting', 'scope:shared'] },
            // The web app uses the public API only, through the SDK (issue 13): no contracts, no services' code.
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'type:sdk', 'type:testing'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Only the test helpers may reach for the test runner's globals and the testing lib.
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', '@nats-io/*', 'pg'], message: 'contracts are plain classes: no Nest, TypeORM or NATS (STYLE.md).' },
          ],
        },
      ],
    },
  },
  {
    // The SDK ships alone (@saleswire/sdk): its code may not reach into the workspace.
    files: ['libs/sdk/src/**/*.ts'],
    ignores: ['libs/sdk/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@saleswire/*'], message: 'the SDK is published on its own (ADR 0017).' }] }],
    },
  },
  {
    files: ['**/*.cjs', 'tools/**/*.mjs', 'examples/**/*.mjs'],
    languageOptions: { globals: { AbortSignal: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
