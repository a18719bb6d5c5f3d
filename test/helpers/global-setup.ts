import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    runId: string;
  }
}

/** The name of a worker's migrated PGlite template for CLI tests (test/helpers/cli.ts), before the run's id. */
export const CLI_TEMPLATE_PREFIX = 'lectern-cli-template_';

/**
 * Names this run so that each worker's PostgreSQL database is its own, and drops them all
 * at the end, with the CLI tests' PGlite templates (the other PGlite databases live in memory).
 */
export default function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  project.provide('runId', runId);
  return async () => {
    const templates = (await readdir(os.tmpdir())).filter((name) => name.startsWith(`${CLI_TEMPLATE_PREFIX}${runId}_`));
    for (const name of templates) await rm(path.join(os.tmpdir(), name), { recursive: true, force: true });
    const url = process.env.DATABASE_URL;
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        'select datname from pg_database where datname like $1',
        [`lectern_test_${runId}_%`],
      );
      for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    } finally {
      await client.end();
    }
  };
}
