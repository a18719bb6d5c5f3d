import pg from 'pg';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/db/client.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.LECTERN_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

let opening: Promise<DatabaseHandle> | undefined;
let workerUrl: Promise<string> | undefined;

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
 * PGlite in memory, or a database of its own on the PostgreSQL server. Tests of the "pure"
 * project (no LECTERN_TEST_DB) have none: asking for one there is a mistake in the file's name.
 */
export function testDatabase(): Promise<DatabaseHandle> {
  const kind = process.env.LECTERN_TEST_DB;
  if (kind !== 'pglite' && kind !== 'postgres') {
    return Promise.reject(
      new Error('this test uses the database: it cannot be named *.pure.test.ts (see "Tests" in the README)'),
    );
  }
  opening ??= (async () => {
    const handle =
      kind === 'postgres' ? await openDatabase({ databaseUrl: await testDatabaseUrl() }) : await openDatabase({});
    await trackWrites(handle.db);
    return handle;
  })();
  return opening;
}

/**
 * The PostgreSQL address of the worker's database (created on first use), for a test that opens
 * a second handle on it with limits of its own (a pool of one connection, a short timeout).
 */
export function testDatabaseUrl(): Promise<string> {
  workerUrl ??= createWorkerDatabase();
  return workerUrl;
}

/** Where the tests keep their bookkeeping: out of `public`, so no test or dump ever sees it. */
const TRACKING = 'lectern_test';

/**
 * Notes, with a statement trigger on every table, each table a statement wrote, so that a
 * reset empties only those (truncating all ~40 tables before every test cost more than most
 * tests). A rolled-back insert leaves no note but does move its table's identity: the reset
 * also takes every table whose identity sequence has been used.
 */
async function trackWrites(db: Database): Promise<void> {
  const tables = await publicTables(db);
  const triggers = tables.map(
    (name) =>
      `create trigger lectern_test_written after insert or update or delete on public."${name}" ` +
      `for each statement execute function ${TRACKING}.note_write()`,
  );
  const statements = [
    `drop schema if exists ${TRACKING} cascade`,
    `create schema ${TRACKING}`,
    `create table ${TRACKING}.written (name text primary key)`,
    `create function ${TRACKING}.note_write() returns trigger language plpgsql as $$
      begin
        insert into ${TRACKING}.written values (tg_table_name) on conflict do nothing;
        return null;
      end $$`,
    `create function ${TRACKING}.reset() returns void language plpgsql as $$
      declare targets text;
      begin
        select string_agg(format('public.%I', name), ', ') into targets from (
          select name from ${TRACKING}.written
          union
          select t.relname from pg_depend d
            join pg_class s on s.oid = d.objid and s.relkind = 'S'
            join pg_class t on t.oid = d.refobjid
            join pg_namespace n on n.oid = t.relnamespace and n.nspname = 'public'
          where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
            and d.deptype in ('a', 'i')
            -- in a CASE, so that the planner cannot call it on a relation that is no sequence
            and (case when s.relkind = 'S' then pg_sequence_last_value(s.oid) end) is not null
        ) used;
        if targets is not null then
          execute 'truncate ' || targets || ' restart identity cascade';
        end if;
        delete from ${TRACKING}.written;
      end $$`,
    ...triggers,
  ];
  for (const statement of statements) await db.execute(sql.raw(statement));
}

async function publicTables(db: Database): Promise<string[]> {
  const result = await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`);
  return (result as unknown as { rows: { tablename: string }[] }).rows.map((r) => r.tablename);
}

/**
 * Empties every table a test wrote (and restarts its identities), so that each test starts
 * from nothing: one round trip, and no work at all after a test that wrote nothing.
 */
export async function resetDatabase(db: Database): Promise<void> {
  await db.execute(sql.raw(`select ${TRACKING}.reset()`));
}

let held = false;

/** While held (a test file restores a checkpoint before each test), the setup file resets nothing. */
export function holdResets(hold: boolean): void {
  held = hold;
}

export function resetsHeld(): boolean {
  return held;
}
