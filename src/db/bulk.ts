import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './client.js';

/**
 * Rows per INSERT or UPDATE: few statements for a big import (38C3's 1007 talks take two),
 * each well below PostgreSQL's 65535 parameters (a talk row has about 20).
 */
export const BULK_CHUNK = 1000;

export type BulkColumnType = 'integer' | 'integer[]' | 'text' | 'text[]' | 'uuid' | 'timestamptz' | 'boolean' | 'jsonb';

/** What updateRows writes besides the given columns. */
export interface ComputedColumns {
  /** Values each row carries that are read (as `v.name`) but not written. */
  inputs: Record<string, BulkColumnType>;
  /** Columns written from an SQL expression over the row's values (`v.title`, `v.speaker_ids`). */
  set: Record<string, SQL>;
}

/**
 * Updates many rows in one statement: the new values travel as one JSON parameter, typed by
 * jsonb_to_recordset. `columns` maps column names (as in SQL) to their types; `id` finds the row.
 * Every row must carry every column: a missing one would be written as null. `computed` adds
 * columns written from an expression over each row's values, in the same statement.
 */
export async function updateRows(
  tx: Database,
  table: string,
  columns: Record<string, BulkColumnType>,
  rows: Record<string, unknown>[],
  computed: ComputedColumns = { inputs: {}, set: {} },
): Promise<void> {
  const names = Object.keys(columns).filter((name) => name !== 'id');
  const assignments = sql.join(
    [
      ...names.map((name) => sql.raw(`"${name}" = v."${name}"`)),
      ...Object.entries(computed.set).map(([name, value]) => sql`${sql.raw(`"${name}"`)} = ${value}`),
    ],
    sql`, `,
  );
  const types = Object.entries({ ...columns, ...computed.inputs })
    .map(([name, type]) => `"${name}" ${type}`)
    .join(', ');
  for (const chunk of chunks(rows)) {
    await tx.execute(
      sql`update ${sql.raw(`"${table}"`)} as t set ${assignments} from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as v(${sql.raw(types)}) where t.id = v.id`,
    );
  }
}

export function chunks<T>(list: T[], size = BULK_CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < list.length; i += size) result.push(list.slice(i, i + size));
  return result;
}
