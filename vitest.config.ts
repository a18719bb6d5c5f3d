import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * One suite, two databases: every test runs on embedded PGlite, and again on PostgreSQL
 * when DATABASE_URL is set (CI sets it). Browser tests run once, in their own project.
 * Each worker opens and migrates one database and reuses it across test files
 * (isolate: false), resetting it between tests: opening PGlite takes seconds.
 */
const unitAndRoute = ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'];
const e2e = ['test/e2e/**/*.test.ts'];

function databaseProject(name: 'pglite' | 'postgres'): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name,
      include: unitAndRoute,
      exclude: [...e2e, 'node_modules/**'],
      env: { LECTERN_TEST_DB: name },
      pool: 'forks',
      isolate: false,
      setupFiles: ['test/helpers/setup.ts'],
    },
  };
}

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    projects: [
      databaseProject('pglite'),
      ...(process.env.DATABASE_URL ? [databaseProject('postgres')] : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: e2e,
          env: { LECTERN_TEST_DB: 'pglite' },
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
