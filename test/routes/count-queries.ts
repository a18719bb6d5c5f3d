import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Database } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { testDatabaseKind } from '../helpers/database.js';

export interface CountingDatabase {
  /** The worker's database, seen through a drizzle instance that records every query it sends. */
  db: Database;
  /** The SQL of every query sent since the last reset, in order. */
  readonly queries: string[];
  reset(): void;
}

/**
 * Wraps the connection behind `db` in a second drizzle instance with a logger: the same data,
 * the same client, and every statement recorded. Nothing of ours is mocked.
 */
export function countingDatabase(db: Database): CountingDatabase {
  const queries: string[] = [];
  const logger = { logQuery: (query: string) => void queries.push(query) };
  const client = (db as unknown as { $client: unknown }).$client;
  const counting =
    testDatabaseKind() === 'postgres'
      ? drizzlePg({ client: client as pg.Pool, schema, logger })
      : drizzlePglite({ client: client as PGlite, schema, logger });
  return {
    db: counting as unknown as Database,
    queries,
    reset: () => void queries.splice(0),
  };
}
