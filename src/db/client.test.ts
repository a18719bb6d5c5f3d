import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase, testDatabaseKind, testDatabaseUrl } from '../../test/helpers/database.js';
import { openDatabase, type Database, type DatabaseHandle } from './client.js';
import { poolUsage } from './health.js';
import { databaseUnavailability } from './unavailable.js';

const postgresOnly = testDatabaseKind() === 'postgres' ? it : it.skip;
const pgliteOnly = testDatabaseKind() === 'pglite' ? it : it.skip;

async function setting(db: Database, name: 'statement_timeout'): Promise<string> {
  const result = await db.execute(sql.raw(`show ${name}`));
  return (result as unknown as { rows: Record<string, string>[] }).rows[0]![name]!;
}

/** Runs `statement` and says why it failed, as the web layer reads it ("statement timeout"), or "ok". */
async function outcome(db: Database, statement: ReturnType<typeof sql>): Promise<string> {
  try {
    await db.execute(statement);
    return 'ok';
  } catch (error) {
    return databaseUnavailability(error)?.reason ?? `other: ${(error as Error).message}`;
  }
}

const opened: DatabaseHandle[] = [];
async function openWith(limits: Parameters<typeof openDatabase>[0]['limits']): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: await testDatabaseUrl(), migrate: false, limits });
  opened.push(handle);
  return handle;
}

afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close();
});

describe('openDatabase on PostgreSQL', () => {
  postgresOnly('sets statement_timeout on every connection of both pools, 30 s unless told otherwise', async () => {
    const { db, background } = await testDatabase();
    const limited = await openWith({ statementTimeoutMs: 150 });
    const off = await openWith({ statementTimeoutMs: 0 });

    expect([await setting(db, 'statement_timeout'), await setting(background, 'statement_timeout')]).toEqual([
      '30s',
      '30s',
    ]);
    expect([
      await setting(limited.db, 'statement_timeout'),
      await setting(limited.background, 'statement_timeout'),
      await setting(off.db, 'statement_timeout'),
    ]).toEqual(['150ms', '150ms', '0']);
    // In a transaction too: it is the connection's setting, not a statement's.
    expect(await limited.db.transaction((tx) => setting(tx, 'statement_timeout'))).toBe('150ms');
  });

  postgresOnly('cancels a statement that runs past statement_timeout, and the connection goes on', async () => {
    const { db } = await openWith({ statementTimeoutMs: 100 });

    const started = performance.now();
    expect(await outcome(db, sql`select pg_sleep(2)`)).toBe('statement timeout');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(await outcome(db, sql`select 1`)).toBe('ok');
  });

  postgresOnly(
    'gives background work a pool of its own: requests still get a connection while it is exhausted, and the other way round',
    async () => {
      const { db, background } = await openWith({ poolMax: 1, backgroundPoolMax: 1, connectTimeoutMs: 1000 });
      expect(background).not.toBe(db);

      for (const [busy, free] of [
        [background, db],
        [db, background],
      ] as const) {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let holding!: () => void;
        const held = new Promise<void>((resolve) => (holding = resolve));
        const transaction = busy.transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          holding();
          await gate;
        });
        await held;
        try {
          expect(await outcome(free, sql`select 1`)).toBe('ok');
          // The busy pool's only connection is taken: a query waits a second for it, then gives up.
          expect(await outcome(busy, sql`select 1`)).toBe('no free connection');
          expect(poolUsage(busy)).toMatchObject({ total: 1, idle: 0 });
        } finally {
          release();
          await transaction;
        }
      }
    },
  );

  postgresOnly('holds at most LECTERN_DB_POOL_MAX connections for requests', async () => {
    const { db } = await openWith({ poolMax: 2, connectTimeoutMs: 2000 });

    await Promise.all([1, 2, 3, 4, 5].map(() => db.execute(sql`select pg_sleep(0.05)`)));

    expect(poolUsage(db)!.total).toBe(2);
  });

  postgresOnly('closes both pools', async () => {
    const handle = await openDatabase({ databaseUrl: await testDatabaseUrl(), migrate: false });
    await handle.background.execute(sql`select 1`);
    expect([poolUsage(handle.db)!.total, poolUsage(handle.background)!.total]).toEqual([1, 1]);

    await handle.close();

    expect([poolUsage(handle.db)!.total, poolUsage(handle.background)!.total]).toEqual([0, 0]);
  });
});

describe('openDatabase on PGlite', () => {
  pgliteOnly('uses its one embedded connection for background work too, and sets no statement_timeout', async () => {
    const { db, background } = await testDatabase();

    expect(background).toBe(db);
    expect(poolUsage(db)).toBeUndefined();
    // PGlite accepts a statement_timeout but never cancels a statement (measured on 0.5.16:
    // pg_sleep(1) ran its full second under a 100 ms limit), so Lectern does not pretend to set one.
    expect(await setting(db, 'statement_timeout')).toBe('0');
  });
});
