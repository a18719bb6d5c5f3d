import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Four kinds of test, each run as often as it needs:
 * - pure: files named `*.pure.test.ts` (and everything under test/lint/) touch no database;
 *   they run once, without the database setup file (asking for a database there fails);
 * - pglite / postgres: every other test runs on embedded PGlite, and again on PostgreSQL when
 *   DATABASE_URL is set (CI sets it). Each worker opens and migrates one database and reuses it
 *   across test files (isolate: false), emptying before each test only the tables written
 *   (test/helpers/database.ts): opening PGlite takes seconds;
 * - e2e: browser tests, once, in their own project, one file at a time, each with its own browser,
 *   all on one database that each file empties first;
 * - deploy: the production setup (test/deploy/), once, last: nginx in front of two server
 *   processes on a PostgreSQL database of their own.
 */
const pure = ['src/**/*.pure.test.{ts,tsx}', 'test/**/*.pure.test.{ts,tsx}', 'test/lint/**/*.test.{ts,tsx}'];
const unitAndRoute = ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'];
const e2e = ['test/e2e/**/*.test.ts'];
const deploy = ['test/deploy/**/*.test.ts'];

function databaseProject(name: 'pglite' | 'postgres'): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name,
      include: unitAndRoute,
      exclude: [...e2e, ...deploy, ...pure, 'node_modules/**'],
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
      {
        extends: true,
        test: { name: 'pure', include: pure, exclude: ['node_modules/**'], pool: 'forks', isolate: false },
      },
      databaseProject('pglite'),
      ...(process.env.DATABASE_URL ? [databaseProject('postgres')] : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: e2e,
          env: { LECTERN_TEST_DB: 'pglite' },
          pool: 'forks',
          // One browser file at a time, after the other projects: Chromium needs the cores, and
          // two journeys at once on two cores took 2.5 times as long each (measured).
          fileParallelism: false,
          // One worker opens and migrates PGlite once for every browser file, as the database
          // projects do (each file's startLectern empties it first): ~5 s saved per file.
          isolate: false,
          // After the other projects (vitest requires an order of its own for a project with
          // other worker limits): Chromium then has both cores.
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'deploy',
          include: deploy,
          pool: 'forks',
          // Last and alone: it starts two servers and nginx, and measures how fast a change shows
          // through them, which the other projects' load would only blur.
          sequence: { groupOrder: 2 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.{ts,tsx}'],
      exclude: ['src/**/*.test.{ts,tsx}', 'src/db/migrations/**'],
      reporter: ['text-summary', 'html', 'json-summary'],
      reportsDirectory: 'coverage',
      // The floor CI holds: the domain modules, whose every line a test should run.
      thresholds: { 'src/modules/**': { lines: 90 } },
    },
  },
});
