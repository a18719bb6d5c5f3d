import pg from 'pg';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/db/client.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.LECTERN_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

let opening: Promise<DatabaseHandle> | undefined;

/** This worker's own PostgreSQL database, created on first use. */
async function createWorkerDatabase(): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('LECTERN_TEST_DB=postgres needs DATABASE_URL');
  const name = `lectern_test_${inject('runId')}_${process.env.VITEST_POOL_ID ?? '1'}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const workerUrl = new URL(url);
  workerUrl.pathname = `/${name}`;
  return workerUrl.toString();
}

/**
 * The worker's migrated database, opened once and shared by every test file the worker runs:
 * PGlite in memory, or a database of its own on the PostgreSQL server.
 */
export function testDatabase(): Promise<DatabaseHandle> {
  opening ??= (async () => {
    if (testDatabaseKind() === 'postgres') return openDatabase({ databaseUrl: await createWorkerDatabase() });
    return openDatabase({});
  })();
  return opening;
}

/** Empties every table, so that each test starts from nothing. */
export async function resetDatabase(db: Database): Promise<void> {
  const result = await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`);
  const tables = (result as unknown as { rows: { tablename: string }[] }).rows.map((r) => `"${r.tablename}"`);
  if (tables.length > 0) await db.execute(sql.raw(`truncate ${tables.join(', ')} restart identity cascade`));
}
