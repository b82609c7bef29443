// Lint configuration. The dependency direction of DESIGN.md is enforced here:
// models are pure (domain types only), domain imports nothing of ours above it,
// and nothing below the composition root imports the CLI or the server.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layers = (...names) => names.flatMap((n) => [`**/${n}/**`, `../${n}/*`, `../../${n}/*`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dashboards/**', 'alerts/**', 'slos/**', '.headroom/**', 'headroom-demo/**', '.cache/**', 'dist/**', 'dist.*.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', AbortController: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/models/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: layers('collectors', 'store', 'server', 'cli', 'app', 'reports', 'publishers', 'generators', 'sample', 'config'), message: 'Models are pure: they import only src/domain (DESIGN.md, dependency direction).' },
                   { group: ['node:fs', 'node:fs/*', 'fs', 'node:http', 'node:net', 'node:child_process', 'undici', '@duckdb/*'], message: 'Models do no I/O.' }],
      }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Models do no I/O.' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Models take `now` as an argument.' }, { object: 'process', property: 'env', message: 'Models read no environment.' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: layers('collectors', 'store', 'server', 'cli', 'app', 'reports', 'publishers', 'generators', 'sample', 'config', 'models'), message: 'Domain is the leaf package: it imports nothing of ours.' }] }],
    },
  },
  {
    files: ['src/collectors/**/*.ts', 'src/store/**/*.ts', 'src/reports/**/*.ts', 'src/generators/**/*.ts', 'src/publishers/**/*.ts', 'src/sample/**/*.ts', 'src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: layers('cli', 'server'), message: 'Only the CLI and server are composition roots; nothing imports them.' }] }],
    },
  },
);
