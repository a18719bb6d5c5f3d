import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './client.js';

/**
 * Backups: every row of every table in the `public` schema, in one file that both databases
 * (embedded PGlite and PostgreSQL) write and read, without pg_dump.
 *
 * The file is gzip'd JSON lines: a header (format, version, the applied migrations, the identity
 * sequences, the tables), then for each table a line `{"table": name}` followed by one line
 * `{"row": …}` per row, each row as PostgreSQL's `to_jsonb` writes it (bytea as `\x` hex,
 * timestamps with their offset and microseconds, arrays and jsonb as JSON), and last an end line
 * with the counts, so that a cut-off file is refused. Tables and columns are read from the
 * catalog: a new table is covered without changing this file.
 */

export const BACKUP_FORMAT = 'lectern-backup';
export const BACKUP_VERSION = 1;
/** Rows read per fetch from a table's cursor, and inserted per statement on restore. */
const PAGE = 500;

/** A backup file that cannot be read or restored here; nothing was written. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The applied migrations' hashes, oldest first (drizzle's `drizzle.__drizzle_migrations`). */
  migrations: string[];
  /** Each identity column's sequence position when the backup began, so that ids are never handed out twice. */
  sequences: { table: string; column: string; lastValue: string; isCalled: boolean }[];
  tables: string[];
}

export interface BackupSummary {
  tables: number;
  rows: number;
  /** Rows per table, in the file's order. */
  rowsByTable: Record<string, number>;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

async function query<T>(db: Database, statement: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(statement));
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function publicTables(db: Database): Promise<string[]> {
  const rows = await query<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
  );
  return rows.map((r) => r.name);
}

/** The applied migrations' hashes, oldest first; none before the first migration ran. */
export async function appliedMigrations(db: Database): Promise<string[]> {
  const present = await query<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!present[0]?.present) return [];
  const rows = await query<{ hash: string }>(
    db,
    sql`select hash from drizzle.__drizzle_migrations order by created_at, id`,
  );
  return rows.map((r) => r.hash);
}

interface IdentityColumn {
  table: string;
  column: string;
  sequence: string;
}

async function identityColumns(db: Database): Promise<IdentityColumn[]> {
  return query<IdentityColumn>(
    db,
    sql`select table_name as "table", column_name as "column",
          pg_get_serial_sequence(format('public.%I', table_name), column_name) as "sequence"
        from information_schema.columns
        where table_schema = 'public' and is_identity = 'YES' order by table_name, column_name`,
  );
}

/**
 * Writes a backup of `db` to `file`, read inside one REPEATABLE READ, READ ONLY transaction:
 * a consistent snapshot even while the server writes (PostgreSQL). Each table is read through a
 * cursor, a page at a time, so the database is never held in memory.
 */
export async function writeBackup(db: Database, file: string, now: Date = new Date()): Promise<BackupSummary> {
  const output = createWriteStream(file, { flags: 'wx' });
  // Refuse an existing file (or a missing directory) before reading anything.
  await once(output, 'open');
  const gzip = createGzip();
  const written = pipeline(gzip, output);
  // A failing write (a full disk) surfaces here; the transaction below then stops at its next line.
  let failed: Error | undefined;
  written.catch((error: Error) => (failed = error));
  const write = async (value: unknown): Promise<void> => {
    if (failed) throw failed;
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };
  try {
    const summary = await db.transaction(
      async (tx) => {
        const tables = await publicTables(tx);
        const sequences = [];
        for (const identity of await identityColumns(tx)) {
          const [position] = await query<{ lastValue: string; isCalled: boolean }>(
            tx,
            sql.raw(`select last_value::text as "lastValue", is_called as "isCalled" from ${identity.sequence}`),
          );
          sequences.push({ table: identity.table, column: identity.column, ...position! });
        }
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: now.toISOString(),
          migrations: await appliedMigrations(tx),
          sequences,
          tables,
        };
        await write(header);
        const rowsByTable: Record<string, number> = {};
        let rows = 0;
        for (const table of tables) {
          await write({ table });
          let count = 0;
          await tx.execute(
            sql.raw(
              `declare lectern_backup no scroll cursor for select to_jsonb(t) as row from public.${quote(table)} t`,
            ),
          );
          for (;;) {
            const page = await query<{ row: unknown }>(tx, sql.raw(`fetch forward ${PAGE} from lectern_backup`));
            for (const { row } of page) await write({ row });
            count += page.length;
            if (page.length < PAGE) break;
          }
          await tx.execute(sql.raw('close lectern_backup'));
          rowsByTable[table] = count;
          rows += count;
        }
        await write({ end: { tables: tables.length, rows } });
        return { tables: tables.length, rows, rowsByTable };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    gzip.end();
    await written;
    return summary;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    await rm(file, { force: true });
    throw error;
  }
}

/** The lines of a gzip'd file, each parsed; a damaged file is a BackupError. */
async function* backupLines(file: string): AsyncGenerator<Record<string, unknown>> {
  const gunzip = createGunzip();
  const source = createReadStream(file);
  const bytes = Readable.from(source.pipe(gunzip));
  source.on('error', (error) => gunzip.destroy(error));
  const lines = createInterface({ input: bytes, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const line of lines) {
      number += 1;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new BackupError(`line ${number} is not JSON: the file is damaged`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new BackupError(`line ${number} is not a backup line: the file is damaged`);
      }
      yield value as Record<string, unknown>;
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw error;
    throw new BackupError(`it is not a readable gzip file (${(error as Error).message})`);
  } finally {
    lines.close();
    source.destroy();
  }
}

function parseHeader(value: Record<string, unknown> | undefined): BackupHeader {
  if (value?.format !== BACKUP_FORMAT) throw new BackupError('it is not a Lectern backup (no lectern-backup header)');
  if (value.version !== BACKUP_VERSION) {
    throw new BackupError(
      `it is a backup of format version ${String(value.version)}; this Lectern reads version ${BACKUP_VERSION}`,
    );
  }
  const header = value as unknown as BackupHeader;
  if (
    !Array.isArray(header.migrations) ||
    !Array.isArray(header.tables) ||
    !Array.isArray(header.sequences) ||
    typeof header.createdAt !== 'string'
  ) {
    throw new BackupError('its header is incomplete: the file is damaged');
  }
  return header;
}

/** Reads just the header of a backup file. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  for await (const line of backupLines(file)) return parseHeader(line);
  return parseHeader(undefined);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

async function foreignKeys(db: Database): Promise<ForeignKey[]> {
  return query<ForeignKey>(
    db,
    sql`select c.conrelid::regclass::text as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where n.nspname = 'public' and c.contype = 'f' order by c.conrelid::regclass::text, c.conname`,
  );
}

export interface RestoreOptions {
  /** Empty a database that holds rows first; without it such a database is refused. */
  force?: boolean;
}

/**
 * Restores a backup into `db`, all in ONE transaction: on any error nothing is written. Refuses a
 * backup whose migrations are not exactly the database's, and a database that holds rows unless
 * `force` (then every table is emptied first, in the same transaction). The foreign keys are
 * dropped while rows go in, in any order, and added again, which checks every row against them;
 * identity columns take the backup's ids, and their sequences continue after the larger of the
 * backup's position and the largest id.
 */
export async function restoreBackup(db: Database, file: string, options: RestoreOptions = {}): Promise<BackupSummary> {
  const header = await readBackupHeader(file);
  const migrations = await appliedMigrations(db);
  if (!sameList(header.migrations, migrations)) {
    throw new BackupError(
      `its database had ${header.migrations.length} migrations applied and this one has ${migrations.length}` +
        `${header.migrations.length === migrations.length ? ', not the same ones' : ''}: ` +
        'back up and restore with the same version of Lectern',
    );
  }
  const tables = await publicTables(db);
  const known = new Set(tables);
  const unknown = header.tables.filter((t) => !known.has(t));
  if (unknown.length > 0) throw new BackupError(`it has tables this database lacks: ${unknown.join(', ')}`);
  return db.transaction(async (tx) => {
    const holding = [];
    for (const table of tables) {
      const [row] = await query<{ any: boolean }>(
        tx,
        sql.raw(`select exists (select from public.${quote(table)}) as any`),
      );
      if (row?.any) holding.push(table);
    }
    if (holding.length > 0) {
      if (!options.force) {
        throw new BackupError(
          `the database is not empty (${holding.length} tables hold rows, such as ${holding.slice(0, 3).join(', ')}); ` +
            'restore into a new database, or pass --force to replace everything in it',
        );
      }
      await tx.execute(sql.raw(`truncate ${tables.map((t) => `public.${quote(t)}`).join(', ')}`));
    }
    const keys = await foreignKeys(tx);
    for (const key of keys) await tx.execute(sql.raw(`alter table ${key.table} drop constraint ${quote(key.name)}`));

    const columns = await query<{ table: string; column: string; identity: boolean }>(
      tx,
      sql`select table_name as "table", column_name as "column", is_identity = 'YES' as identity
          from information_schema.columns
          where table_schema = 'public' and is_generated = 'NEVER' order by table_name, ordinal_position`,
    );
    const insertable = new Map<string, { names: string[]; identity: boolean }>();
    for (const c of columns) {
      const entry = insertable.get(c.table) ?? { names: [], identity: false };
      entry.names.push(quote(c.column));
      entry.identity ||= c.identity;
      insertable.set(c.table, entry);
    }

    const rowsByTable: Record<string, number> = {};
    let total = 0;
    let table: string | undefined;
    let batch: string[] = [];
    let ended = false;
    const flush = async () => {
      if (batch.length === 0 || table === undefined) return;
      const target = insertable.get(table)!;
      const list = target.names.join(', ');
      await tx.execute(
        sql`${sql.raw(`insert into public.${quote(table)} (${list})${target.identity ? ' overriding system value' : ''} select ${list} from jsonb_populate_recordset(null::public.${quote(table)}, `)}${`[${batch.join(',')}]`}::jsonb)`,
      );
      batch = [];
    };
    let first = true;
    for await (const line of backupLines(file)) {
      if (first) {
        first = false;
        continue;
      }
      if (ended) throw new BackupError('it goes on after its end line: the file is damaged');
      if ('row' in line) {
        if (table === undefined) throw new BackupError('it has a row before any table: the file is damaged');
        batch.push(JSON.stringify(line.row));
        rowsByTable[table]! += 1;
        total += 1;
        if (batch.length >= PAGE) await flush();
      } else if (typeof line.table === 'string') {
        await flush();
        if (!known.has(line.table) || line.table in rowsByTable) {
          throw new BackupError(`it names the table "${line.table}" unexpectedly: the file is damaged`);
        }
        table = line.table;
        rowsByTable[table] = 0;
      } else if (typeof line.end === 'object' && line.end !== null) {
        await flush();
        const end = line.end as { tables?: unknown; rows?: unknown };
        if (end.rows !== total || end.tables !== Object.keys(rowsByTable).length) {
          throw new BackupError(
            `its end line counts ${String(end.rows)} rows but it holds ${total}: the file is damaged`,
          );
        }
        ended = true;
      } else {
        throw new BackupError('it has a line that is neither a table, a row nor the end: the file is damaged');
      }
    }
    if (!ended) throw new BackupError('it ends early (no end line): the file is cut off');

    for (const key of keys) {
      await tx.execute(sql.raw(`alter table ${key.table} add constraint ${quote(key.name)} ${key.definition}`));
    }
    const positions = new Map(header.sequences.map((s) => [`${s.table}.${s.column}`, s]));
    for (const identity of await identityColumns(tx)) {
      const saved = positions.get(`${identity.table}.${identity.column}`);
      const [max] = await query<{ max: string | null }>(
        tx,
        sql.raw(`select max(${quote(identity.column)})::text as max from public.${quote(identity.table)}`),
      );
      // The next id is past both the largest restored id and anything handed out before the backup.
      const candidates = [max?.max ? BigInt(max.max) : 0n];
      if (saved) candidates.push(BigInt(saved.lastValue) - (saved.isCalled ? 0n : 1n));
      const last = candidates.reduce((a, b) => (a > b ? a : b));
      if (last > 0n)
        await tx.execute(sql`select setval(${identity.sequence}::regclass, ${last.toString()}::bigint, true)`);
      else await tx.execute(sql`select setval(${identity.sequence}::regclass, 1, false)`);
    }
    return { tables: Object.keys(rowsByTable).length, rows: total, rowsByTable };
  });
}

export async function fileSize(file: string): Promise<number> {
  return (await stat(file)).size;
}
