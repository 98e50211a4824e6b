import { defineConfig } from 'vitest/config';

// Unit tests (pure engine, importers, shared) and database tests (a real SQLite file in a temp folder).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/db/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    reporters: ['default'],
  },
});
