import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';
import { lockDataDirectory } from './lock.js';

export type Schema = typeof schema;
/** A database or a transaction: every query function takes one of these. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type NotificationHandler = (payload: string) => void;

export interface DatabaseHandle {
  /** For requests (and everything else but background work). */
  db: Database;
  /**
   * For background work, such as loading programs after a reconnect: on PostgreSQL a small pool
   * of its own, so that a burst of it never takes the connections requests wait for; on PGlite,
   * `db` (one embedded connection).
   */
  background: Database;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for logs (never includes a password). */
  location: string;
  /**
   * Subscribes to a NOTIFY channel. `onReconnect` runs after a lost listening connection
   * came back, since notifications sent meanwhile are gone.
   */
  listen(channel: string, handler: NotificationHandler, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite directory; omit for an in-memory database (tests). */
  dataDir?: string | undefined;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  log?: (message: string) => void;
  /** Told what opening does, step by step: a first start can take a minute on a small machine. */
  progress?: (message: string) => void;
  /** Pool sizes and timeouts (PostgreSQL); each one left out is its DEFAULT_DATABASE_LIMITS value. */
  limits?: Partial<DatabaseLimits> | undefined;
}

/**
 * How many PostgreSQL connections the process holds and how long anything may wait on them. A
 * query that waits longer than `connectTimeoutMs` for a connection, or whose statement runs
 * longer than `statementTimeoutMs`, fails (see databaseUnavailability) rather than hanging.
 * PGlite has one embedded connection and no pool; it accepts a statement_timeout but never
 * enforces it (0.5: the WebAssembly build has no timer signal), so none of these apply to it.
 */
export interface DatabaseLimits {
  /** Connections of the pool requests use (LECTERN_DB_POOL_MAX). */
  poolMax: number;
  /** Connections of the background pool (LECTERN_DB_BACKGROUND_POOL_MAX). */
  backgroundPoolMax: number;
  /** How long a query waits for a free connection, or for a new one to open (LECTERN_DB_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs: number;
  /** PostgreSQL's statement_timeout on every pooled connection; 0 turns it off (LECTERN_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
}

export const DEFAULT_DATABASE_LIMITS: Readonly<DatabaseLimits> = {
  poolMax: 10,
  backgroundPoolMax: 2,
  connectTimeoutMs: 5000,
  statementTimeoutMs: 30_000,
};

/** The shipped migrations: drizzle-kit's SQL files and their journal. */
export const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** An arbitrary constant: the advisory lock that serialises migrations across app instances. */
const MIGRATION_LOCK = 7_316_214;

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const progress = options.progress ?? (() => {});
  if (options.databaseUrl) {
    progress(`Connecting to PostgreSQL at ${redactUrl(options.databaseUrl)}`);
    if (options.migrate !== false) {
      progress('Bringing the database schema up to date');
      await migratePostgres(options.databaseUrl);
    }
    return openPostgres(options.databaseUrl, { ...DEFAULT_DATABASE_LIMITS, ...options.limits }, options.log);
  }
  const location = options.dataDir ? path.join(options.dataDir, 'pglite') : undefined;
  progress(
    location === undefined
      ? 'Creating an in-memory database'
      : existsSync(location)
        ? `Opening the database in ${location}`
        : `Creating the database in ${location} (the first start takes up to a minute)`,
  );
  const handle = await openPglite(options.dataDir);
  if (options.migrate !== false) {
    progress('Bringing the database schema up to date');
    try {
      await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

/** Several instances may start at once: one migrates, the others wait for its lock and find nothing to do. */
async function migratePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg({ client }), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.end();
  }
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const release = dataDir ? lockDataDirectory(dataDir) : () => {};
  let client: PGlite;
  try {
    // pg_trgm: talk search matches misspelt and partial words by their trigrams.
    client = await PGlite.create(dataDir ? path.join(dataDir, 'pglite') : undefined, { extensions: { pg_trgm } });
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    background: db,
    kind: 'pglite',
    location: dataDir ? path.join(dataDir, 'pglite') : 'memory',
    async listen(channel, handler) {
      const unsubscribe = await client.listen(channel, handler);
      return async () => unsubscribe();
    },
    async close() {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** A pool of at most `max` connections, each with the statement timeout, that waits `connectTimeoutMs` at most. */
function createPool(url: string, max: number, limits: DatabaseLimits, log: ((message: string) => void) | undefined) {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    // Sent when each connection opens, so that every statement on it has the limit, in or out of a transaction.
    ...(limits.statementTimeoutMs > 0 ? { statement_timeout: limits.statementTimeoutMs } : {}),
  });
  // An idle client that loses its server emits here; without a listener the process would crash.
  pool.on('error', (error) => log?.(`PostgreSQL pool: ${error.message}`));
  return pool;
}

async function openPostgres(
  url: string,
  limits: DatabaseLimits,
  log: ((message: string) => void) | undefined,
): Promise<DatabaseHandle> {
  const pool = createPool(url, limits.poolMax, limits, log);
  // Fail fast with a clear message when the server does not answer.
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end();
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  // Opens its connections only when background work first asks for one.
  const backgroundPool = createPool(url, limits.backgroundPoolMax, limits, log);
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  const background = drizzlePg({ client: backgroundPool, schema }) as unknown as Database;
  const listeners = new Set<() => Promise<void>>();
  return {
    db,
    background,
    kind: 'postgres',
    location: redactUrl(url),
    async listen(channel, handler, onReconnect) {
      let client: pg.Client | undefined;
      let stopped = false;
      let retry: NodeJS.Timeout | undefined;
      let delay = 250;
      const connect = async (isReconnect: boolean): Promise<void> => {
        const next = new pg.Client({ connectionString: url });
        next.on('notification', (message) => {
          if (message.channel === channel) handler(message.payload ?? '');
        });
        next.on('error', (error) => {
          log?.(`PostgreSQL listener on ${channel}: ${error.message}`);
          scheduleReconnect();
        });
        next.on('end', () => scheduleReconnect());
        await next.connect();
        await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        client = next;
        delay = 250;
        if (isReconnect) onReconnect?.();
      };
      const scheduleReconnect = () => {
        if (stopped || retry) return;
        client = undefined;
        retry = setTimeout(() => {
          retry = undefined;
          connect(true).catch((error: Error) => {
            log?.(`PostgreSQL listener on ${channel}: ${error.message}; retrying`);
            delay = Math.min(delay * 2, 10_000);
            scheduleReconnect();
          });
        }, delay);
        retry.unref();
      };
      await connect(false);
      const stop = async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        listeners.delete(stop);
        await client?.end().catch(() => {});
      };
      listeners.add(stop);
      return stop;
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await Promise.all([pool.end(), backgroundPool.end()]);
    },
  };
}
