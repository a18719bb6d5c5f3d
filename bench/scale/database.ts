/**
 * The scale benchmark's data: one PostgreSQL database per scenario, created fresh on
 * DATABASE_URL's server and dropped after; the PyBay 2016 sample imported with Lectern's own CLI
 * (which migrates through openDatabase), then cloned with set-based SQL.
 *
 * The cloning reads the catalogue rather than naming Lectern's tables, so that it keeps working
 * while the schema grows: every table whose rows hang off the event (by foreign keys, however
 * indirectly) is copied N − 1 times in one INSERT … SELECT … CROSS JOIN generate_series each.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { ROOT } from '../processes.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const SCENARIO_DATABASE = 'lectern_bench_scale';

export class DataFailure extends Error {
  override name = 'DataFailure';
}

/** DATABASE_URL's server with another database in the path. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs SQL on DATABASE_URL's own database (never the scenario's): for creating and dropping it. */
async function onServer<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Drops the scenario database (closing whatever is still connected) and creates it empty. */
export async function createScenarioDatabase(serverUrl: string): Promise<string> {
  if (new URL(serverUrl).pathname === `/${SCENARIO_DATABASE}`) {
    throw new DataFailure(`DATABASE_URL must name another database than ${SCENARIO_DATABASE}, which the run drops`);
  }
  await dropScenarioDatabase(serverUrl);
  await onServer(serverUrl, (client) => client.query(`create database ${SCENARIO_DATABASE}`));
  return databaseUrl(serverUrl, SCENARIO_DATABASE);
}

export async function dropScenarioDatabase(serverUrl: string): Promise<void> {
  await onServer(serverUrl, (client) => client.query(`drop database if exists ${SCENARIO_DATABASE} with (force)`));
}

/** Runs `lectern ARGS` on a database; stdout and stderr come back for the log. */
export async function runLectern(url: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    LECTERN_PUBLIC_URL: 'http://127.0.0.1:1',
  };
  try {
    return await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin', 'lectern.js'), ...args], {
      cwd: ROOT,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as Error & { stdout?: string; stderr?: string };
    throw new DataFailure(
      `lectern ${args.join(' ')} failed: ${failed.message}\n${(failed.stderr ?? '').slice(-4_000)}`,
    );
  }
}

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

interface Column {
  name: string;
  type: string;
  identity: boolean;
}

interface Table {
  name: string;
  columns: Column[];
  /** Single-column foreign keys: column → referenced table and column. */
  references: Map<string, { table: string; column: string }>;
  /** Unique indexes as lists of column names. */
  uniques: string[][];
  /** A unique index on an expression: its table cannot be cloned (no column to change). */
  uniqueExpression: boolean;
}

async function readCatalogue(client: pg.Client): Promise<Map<string, Table>> {
  const tables = new Map<string, Table>();
  const columns = await client.query<{ table: string; name: string; type: string; identity: boolean }>(`
    select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
           a.attidentity <> '' as identity
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
      and a.attgenerated = '' and c.relname not like '\\_\\_%'
    order by c.relname, a.attnum`);
  for (const row of columns.rows) {
    let table = tables.get(row.table);
    if (!table) {
      table = { name: row.table, columns: [], references: new Map(), uniques: [], uniqueExpression: false };
      tables.set(row.table, table);
    }
    table.columns.push({ name: row.name, type: row.type, identity: row.identity });
  }
  const keys = await client.query<{ table: string; columns: string[]; target: string; targets: string[] }>(`
    select c.relname as table, t.relname as target,
      array(select attname::text from pg_attribute where attrelid = k.conrelid and attnum = any(k.conkey)) as columns,
      array(select attname::text from pg_attribute where attrelid = k.confrelid and attnum = any(k.confkey)) as targets
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class t on t.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = 'public'`);
  for (const key of keys.rows) {
    const table = tables.get(key.table);
    if (!table) continue;
    if (key.columns.length !== 1) {
      throw new DataFailure(`${key.table} has a foreign key of several columns (${key.columns}): cannot clone it`);
    }
    table.references.set(key.columns[0]!, { table: key.target, column: key.targets[0]! });
  }
  const uniques = await client.query<{ table: string; columns: string[]; expression: boolean }>(`
    select c.relname as table, 0 = any(i.indkey::int2[]) as expression,
      array(select attname::text from pg_attribute where attrelid = i.indrelid and attnum = any(i.indkey::int2[])) as columns
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
    where i.indisunique and n.nspname = 'public'`);
  for (const index of uniques.rows) {
    const table = tables.get(index.table);
    if (!table) continue;
    if (index.expression) table.uniqueExpression = true;
    else table.uniques.push(index.columns);
  }
  return tables;
}

/** What the clone did, for the log: tables and rows written, columns that had to change. */
export interface CloneReport {
  events: number;
  rows: Record<string, number>;
  tableMs: Record<string, number>;
  changedColumns: string[];
  ms: number;
}

/**
 * Copies the database's only event N − 1 times: ids shift by k × (the table's largest id) for
 * copy k, so that copies never collide and references shift with them; columns unique across
 * events get a fresh value (a UUID, or "-k" added to text); the event's slug becomes
 * `<slug>-<k>` and its name `<name> #k`; every copy is published.
 */
export async function cloneEvent(url: string, copies: number): Promise<CloneReport> {
  const began = performance.now();
  return withClient(url, async (client) => {
    const { rows: events } = await client.query<{ count: number }>('select count(*)::int as count from events');
    if (events[0]!.count !== 1) throw new DataFailure(`expected one event to clone, found ${events[0]!.count}`);
    const catalogue = await readCatalogue(client);
    const report: CloneReport = { events: 1 + copies, rows: {}, tableMs: {}, changedColumns: [], ms: 0 };
    if (copies === 0) return { ...report, ms: performance.now() - began };

    // The tables whose rows hang off events, reached through foreign keys, and holding rows.
    const cloned = new Set(['events']);
    for (let grown = true; grown;) {
      grown = false;
      for (const table of catalogue.values()) {
        if (cloned.has(table.name)) continue;
        if ([...table.references.values()].some((target) => cloned.has(target.table))) {
          cloned.add(table.name);
          grown = true;
        }
      }
    }
    const withRows = new Set<string>();
    for (const name of cloned) {
      const { rows } = await client.query(`select exists (select 1 from ${pg.escapeIdentifier(name)}) as any`);
      if (rows[0].any) withRows.add(name);
    }
    // Parents before children.
    const order: string[] = [];
    const visit = (name: string, path: string[]) => {
      if (order.includes(name)) return;
      if (path.includes(name)) throw new DataFailure(`foreign keys form a cycle: ${[...path, name].join(' → ')}`);
      for (const target of catalogue.get(name)!.references.values()) {
        if (withRows.has(target.table) && target.table !== name) visit(target.table, [...path, name]);
      }
      order.push(name);
    };
    for (const name of withRows) visit(name, []);

    // The largest id of each identity column: copy k's ids are the original's + k × stride.
    const stride = new Map<string, number>();
    for (const name of order) {
      const identity = catalogue.get(name)!.columns.find((column) => column.identity);
      if (!identity) continue;
      const { rows } = await client.query(
        `select coalesce(max(${pg.escapeIdentifier(identity.name)}), 0)::bigint as max from ${pg.escapeIdentifier(name)}`,
      );
      stride.set(name, Number(rows[0].max));
    }

    await client.query('begin');
    try {
      // Bulk loading: nothing here needs to survive a crash, and a commit need not wait for the disk.
      await client.query('set local synchronous_commit = off');
      await client.query("set local maintenance_work_mem = '512MB'");
      // The copies refer only to rows copied before them, so the foreign keys' per-row checks
      // (triggers) can wait: replica mode skips them, as a restore does.
      await client.query('set local session_replication_role = replica');
      // Filling indexes row by row is what takes the time (a trigram index on every word of the
      // search documents above all); building them afterwards sorts once. So every index of the
      // copied tables is dropped and built again at the end, but those that foreign keys rest on.
      const { rows: indexes } = await client.query<{
        index: string;
        table: string;
        constraint: string | null;
        definition: string;
      }>(
        `select i.indexrelid::regclass::text as index, c.relname as table, k.conname as constraint,
           case when k.oid is null then pg_get_indexdef(i.indexrelid) else pg_get_constraintdef(k.oid) end as definition
         from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
         left join pg_constraint k on k.conindid = i.indexrelid and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x')
         where n.nspname = 'public' and c.relname = any($1)
           and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = i.indexrelid)`,
        [order],
      );
      for (const index of indexes) {
        await client.query(
          index.constraint
            ? `alter table ${pg.escapeIdentifier(index.table)} drop constraint ${pg.escapeIdentifier(index.constraint)}`
            : `drop index ${index.index}`,
        );
      }
      for (const name of order) {
        const table = catalogue.get(name)!;
        if (table.uniqueExpression)
          throw new DataFailure(`${name} has a unique index on an expression: cannot clone it`);
        const shifted = new Set<string>();
        const expressions = table.columns.map((column) => {
          const quoted = pg.escapeIdentifier(column.name);
          if (column.identity) {
            shifted.add(column.name);
            return `${quoted} + k * ${stride.get(name)}`;
          }
          const target = table.references.get(column.name);
          if (target && withRows.has(target.table)) {
            const targetIdentity = catalogue.get(target.table)!.columns.find((c) => c.name === target.column);
            if (!targetIdentity?.identity) {
              throw new DataFailure(`${name}.${column.name} refers to ${target.table}.${target.column}, not an id`);
            }
            shifted.add(column.name);
            return `${quoted} + k * ${stride.get(target.table)}`;
          }
          return quoted;
        });
        table.columns.forEach((column, i) => {
          const quoted = pg.escapeIdentifier(column.name);
          if (name === 'events' && column.name === 'slug') expressions[i] = `${quoted} || '-' || k`;
          else if (name === 'events' && column.name === 'name') expressions[i] = `${quoted} || ' #' || k`;
          else if (name === 'events' && column.name === 'published') expressions[i] = 'true';
          else if (
            !shifted.has(column.name) &&
            table.uniques.some((unique) => unique.includes(column.name) && !unique.some((c) => shifted.has(c)))
          ) {
            if (column.type === 'uuid')
              expressions[i] = `case when ${quoted} is null then null else gen_random_uuid() end`;
            else if (column.type === 'text') expressions[i] = `${quoted} || '-' || k`;
            else
              throw new DataFailure(`${name}.${column.name} (${column.type}) is unique across events: cannot clone it`);
            report.changedColumns.push(`${name}.${column.name}`);
          }
        });
        const tableBegan = performance.now();
        const list = table.columns.map((column) => pg.escapeIdentifier(column.name)).join(', ');
        const overriding = table.columns.some((column) => column.identity) ? ' overriding system value' : '';
        const result = await client.query(
          `insert into ${pg.escapeIdentifier(name)} (${list})${overriding}
           select ${expressions.join(', ')} from ${pg.escapeIdentifier(name)} cross join generate_series(1, ${copies}) as k`,
        );
        report.rows[name] = result.rowCount ?? 0;
        report.tableMs[name] = performance.now() - tableBegan;
      }
      const indexesBegan = performance.now();
      for (const index of indexes) {
        await client.query(
          index.constraint
            ? `alter table ${pg.escapeIdentifier(index.table)} add constraint ${pg.escapeIdentifier(index.constraint)} ${index.definition}`
            : index.definition,
        );
      }
      report.tableMs['(indexes)'] = performance.now() - indexesBegan;
      for (const name of order) {
        const identity = catalogue.get(name)!.columns.find((column) => column.identity);
        if (!identity) continue;
        await client.query(
          `select setval(pg_get_serial_sequence($1, $2), (select max(${pg.escapeIdentifier(identity.name)}) from ${pg.escapeIdentifier(name)}))`,
          [name, identity.name],
        );
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
    await client.query('analyze');
    return { ...report, ms: performance.now() - began };
  });
}
