import { defineConfig } from 'vitest/config';

// Unit tests sit in test/unit (pure code, fast); integration tests in test/integration run
// against real components (Prometheus, promtool, DuckDB, Chromium) and get longer timeouts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
