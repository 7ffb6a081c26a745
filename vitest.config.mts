import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup/fast-check.ts'],
    // Native better-sqlite3 handles are safest in forked workers.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
