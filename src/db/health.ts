import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { MIGRATIONS, type Database } from './client.js';

/** A migration this release ships: its tag ("0018_outbox-drafts") and its journal time, drizzle's identity for it. */
export interface ShippedMigration {
  tag: string;
  when: number;
}

let shipped: ShippedMigration[] | undefined;

/** The journal drizzle-kit writes beside the SQL files, read once per process. */
export function shippedMigrations(): ShippedMigration[] {
  shipped ??= (
    JSON.parse(readFileSync(path.join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
      entries: { tag: string; when: number }[];
    }
  ).entries.map(({ tag, when }) => ({ tag, when }));
  return shipped;
}

/**
 * The shipped migrations the database has not applied. drizzle records each applied migration
 * with its journal time (`created_at`), so that is what is compared. Applied migrations this
 * release does not know (a newer release migrated the database during a rolling upgrade) do
 * not count against it: the old instances stay ready until the new ones take over.
 */
export function pendingMigrations(
  shippedList: readonly ShippedMigration[],
  appliedTimes: readonly number[],
): ShippedMigration[] {
  const applied = new Set(appliedTimes);
  return shippedList.filter((migration) => !applied.has(migration.when));
}

export interface DatabaseReadiness {
  ready: boolean;
  /** "ok", "unreachable" or "no answer within 2 s": no host name or driver message, since anyone may ask. */
  database: string;
  /** "current", "pending: 0018_outbox-drafts", "unreadable", or "not checked" when the database is not ok. */
  migrations: string;
  /** What went wrong, for the log. */
  error?: unknown;
}

class Timeout extends Error {}

function withTimeout<T>(work: PromiseLike<T>, timeoutMs: number): Promise<T> {
  // Once: a drizzle query is a thenable that runs again each time it is awaited.
  const running = Promise.resolve(work);
  // A query that answers after the timeout must not become an unhandled rejection.
  running.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Timeout()), timeoutMs);
    timer.unref();
  });
  return Promise.race([running, timeout]).finally(() => clearTimeout(timer));
}

/** drizzle's table of applied migrations (the same on PGlite and PostgreSQL). */
async function appliedMigrationTimes(db: Database): Promise<number[]> {
  try {
    const result = await db.execute(sql`select created_at from drizzle.__drizzle_migrations`);
    return (result as unknown as { rows: { created_at: string | number }[] }).rows.map((row) => Number(row.created_at));
  } catch (error) {
    // undefined_table: no migration has ever run on this database.
    if ((error as { code?: string }).code === '42P01') return [];
    throw error;
  }
}

/**
 * Whether this instance can serve: the database answers a `select 1`, and every migration this
 * release ships has been applied, both within `timeoutMs` (a load balancer's probe must not hang).
 */
export async function checkDatabaseReadiness(db: Database, timeoutMs: number): Promise<DatabaseReadiness> {
  const seconds = `${timeoutMs / 1000} s`;
  try {
    await withTimeout(db.execute(sql`select 1`), timeoutMs);
  } catch (error) {
    const database = error instanceof Timeout ? `no answer within ${seconds}` : 'unreachable';
    return { ready: false, database, migrations: 'not checked', error };
  }
  let applied: number[];
  try {
    applied = await withTimeout(appliedMigrationTimes(db), timeoutMs);
  } catch (error) {
    const migrations = error instanceof Timeout ? `no answer within ${seconds}` : 'unreadable';
    return { ready: false, database: 'ok', migrations, error };
  }
  const pending = pendingMigrations(shippedMigrations(), applied);
  if (pending.length > 0) {
    return { ready: false, database: 'ok', migrations: `pending: ${pending.map((m) => m.tag).join(', ')}` };
  }
  return { ready: true, database: 'ok', migrations: 'current' };
}

export interface PoolUsage {
  /** Connections open, idle ones included. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

/** The PostgreSQL pool's connections now; undefined on PGlite (one embedded connection, no pool). */
export function poolUsage(db: Database): PoolUsage | undefined {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) return undefined;
  return { total: client.totalCount, idle: client.idleCount, waiting: client.waitingCount };
}
