import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { holdResets } from './database.js';

/**
 * A database world built once per test file and put back before each test: building the
 * world (importing PyBay, creating users) costs more than most tests, restoring it one round trip.
 */

export interface Table {
  name: string;
  hasIdentity: boolean;
}

export async function publicTables(db: Database): Promise<Table[]> {
  const result = await db.execute(sql`
    select c.relname as name,
      exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attidentity <> '' and not a.attisdropped) as "hasIdentity"
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
  `);
  return (result as unknown as { rows: Table[] }).rows;
}

/** Tables ordered so that every table comes after the ones its foreign keys point at. */
async function inDependencyOrder(db: Database, tables: Table[]): Promise<Table[]> {
  const result = await db.execute(sql`
    select child.relname as child, parent.relname as parent
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    join pg_namespace n on n.oid = child.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and child.oid <> parent.oid
  `);
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of (result as unknown as { rows: { child: string; parent: string }[] }).rows) {
    if (!parents.has(child)) parents.set(child, new Set());
    parents.get(child)!.add(parent);
  }
  const ordered: Table[] = [];
  const placed = new Set<string>();
  const remaining = [...tables].sort((x, y) => x.name.localeCompare(y.name));
  while (remaining.length > 0) {
    const index = remaining.findIndex((t) => [...(parents.get(t.name) ?? [])].every((p) => placed.has(p)));
    if (index === -1) throw new Error(`foreign keys form a cycle among ${remaining.map((t) => t.name).join(', ')}`);
    const [table] = remaining.splice(index, 1);
    ordered.push(table!);
    placed.add(table!.name);
  }
  return ordered;
}

const CHECKPOINT_SCHEMA = 'test_checkpoint';

/**
 * A copy of every table in a schema of its own, to put the database back exactly as it was
 * (sessions included, so that logged-in browsers stay logged in) after a test changed it.
 * Rate-limit counters are not kept: each restore starts them from zero. While a checkpoint
 * exists, the setup file does not empty the database before each test: the file's own
 * beforeEach restores it, which rewrites every table anyway.
 */
export class Checkpoint {
  private constructor(private readonly db: Database) {}

  static async take(db: Database): Promise<Checkpoint> {
    holdResets(true);
    const tables = await inDependencyOrder(db, await publicTables(db));
    await db.execute(sql.raw(`drop schema if exists ${CHECKPOINT_SCHEMA} cascade`));
    await db.execute(sql.raw(`create schema ${CHECKPOINT_SCHEMA}`));
    const kept = tables.filter((t) => t.name !== 'rate_limits');
    for (const { name } of kept) {
      await db.execute(sql.raw(`create table ${CHECKPOINT_SCHEMA}."${name}" as select * from public."${name}"`));
    }
    // DELETE rather than TRUNCATE: on a few rows it is many times faster on PostgreSQL.
    const statements = [...tables].reverse().map((t) => `delete from public."${t.name}"`);
    for (const { name, hasIdentity } of kept) {
      statements.push(
        `insert into public."${name}" ${hasIdentity ? 'overriding system value ' : ''}select * from ${CHECKPOINT_SCHEMA}."${name}"`,
      );
      // The per-test reset restarts identities: new rows must not take the ids of restored ones.
      if (hasIdentity) {
        statements.push(
          `perform setval(pg_get_serial_sequence('public."${name}"', 'id'), coalesce((select max(id) from public."${name}"), 0) + 1, false)`,
        );
      }
    }
    // One function, so that a restore is one round trip.
    await db.execute(
      sql.raw(
        `create function ${CHECKPOINT_SCHEMA}.restore() returns void language plpgsql as $$ begin ${statements.join(';\n')}; end $$`,
      ),
    );
    return new Checkpoint(db);
  }

  async restore(): Promise<void> {
    await this.db.execute(sql.raw(`select ${CHECKPOINT_SCHEMA}.restore()`));
  }

  async drop(): Promise<void> {
    holdResets(false);
    await this.db.execute(sql.raw(`drop schema if exists ${CHECKPOINT_SCHEMA} cascade`));
  }
}
