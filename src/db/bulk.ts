import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

/**
 * Rows per INSERT or UPDATE: few statements for a big import (38C3's 1007 talks take two),
 * each well below PostgreSQL's 65535 parameters (a talk row has about 20).
 */
export const BULK_CHUNK = 1000;

export type BulkColumnType = 'integer' | 'text' | 'text[]' | 'uuid' | 'timestamptz' | 'boolean' | 'jsonb';

/**
 * Updates many rows in one statement: the new values travel as one JSON parameter, typed by
 * jsonb_to_recordset. `columns` maps column names (as in SQL) to their types; `id` finds the row.
 * Every row must carry every column: a missing one would be written as null.
 */
export async function updateRows(
  tx: Database,
  table: string,
  columns: Record<string, BulkColumnType>,
  rows: Record<string, unknown>[],
): Promise<void> {
  const names = Object.keys(columns).filter((name) => name !== 'id');
  const assignments = names.map((name) => `"${name}" = v."${name}"`).join(', ');
  const types = Object.entries(columns)
    .map(([name, type]) => `"${name}" ${type}`)
    .join(', ');
  for (const chunk of chunks(rows)) {
    await tx.execute(
      sql`update ${sql.raw(`"${table}"`)} as t set ${sql.raw(assignments)} from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as v(${sql.raw(types)}) where t.id = v.id`,
    );
  }
}

export function chunks<T>(list: T[], size = BULK_CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < list.length; i += size) result.push(list.slice(i, i + size));
  return result;
}
