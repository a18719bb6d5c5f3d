import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { storedExports } from '../../../db/schema.js';
import type { ExportFormat } from '../exporters/exporter.js';

/** What names one stored export: the event, its program version, the format and the variant. */
export interface StoredExportKey {
  eventId: number;
  programVersion: number;
  format: ExportFormat;
  /** See storedExports.variant. */
  variant: string;
}

export interface StoredForms {
  body: Buffer;
  gzip: Buffer | undefined;
  br: Buffer | undefined;
}

export interface FoundExport {
  id: number;
  etag: string;
  sizes: { identity: number; gzip: number | undefined; br: number | undefined };
  /** The forms, when all of them together are at most the `whole` bytes asked for. */
  forms: StoredForms | undefined;
}

export type StoredColumn = 'body' | 'gzip' | 'br';

function matches(key: StoredExportKey) {
  return and(
    eq(storedExports.eventId, key.eventId),
    eq(storedExports.format, key.format),
    eq(storedExports.variant, key.variant),
    eq(storedExports.programVersion, key.programVersion),
  );
}

/**
 * The stored export, if there is one: its id, ETag and sizes, and its bytes too when they are
 * at most `whole` bytes in all (one round trip for a small file; a large one is read in slices).
 */
export async function findStoredExport(
  db: Database,
  key: StoredExportKey,
  whole: number,
): Promise<FoundExport | undefined> {
  const total = sql`octet_length(${storedExports.body}) + coalesce(octet_length(${storedExports.gzip}), 0) + coalesce(octet_length(${storedExports.br}), 0)`;
  const [row] = await db
    .select({
      id: storedExports.id,
      etag: storedExports.etag,
      identity: sql<number>`octet_length(${storedExports.body})`.mapWith(Number),
      gzipSize: sql<number | null>`octet_length(${storedExports.gzip})`,
      brSize: sql<number | null>`octet_length(${storedExports.br})`,
      body: sql<Buffer | null>`case when ${total} <= ${whole} then ${storedExports.body} end`.mapWith(
        storedExports.body,
      ),
      gzip: sql<Buffer | null>`case when ${total} <= ${whole} then ${storedExports.gzip} end`.mapWith(
        storedExports.gzip,
      ),
      br: sql<Buffer | null>`case when ${total} <= ${whole} then ${storedExports.br} end`.mapWith(storedExports.br),
    })
    .from(storedExports)
    .where(matches(key));
  if (!row) return undefined;
  const size = (value: number | string | null) => (value === null ? undefined : Number(value));
  return {
    id: row.id,
    etag: row.etag,
    sizes: { identity: row.identity, gzip: size(row.gzipSize), br: size(row.brSize) },
    forms: row.body === null ? undefined : { body: row.body, gzip: row.gzip ?? undefined, br: row.br ?? undefined },
  };
}

/**
 * Stores a built export and deletes the event's exports of older program versions, in one
 * statement; returns the id of the row that holds the key, ours or the one another instance
 * stored first (the unique key settles the race, `on conflict do nothing`). Nothing is stored,
 * and undefined returned, when the event already has exports of a newer version: this one was
 * built from a program that has been replaced meanwhile. (Two instances storing two versions at
 * the same moment can leave the older row; the next version's store deletes it.)
 */
export async function storeExport(
  db: Database,
  key: StoredExportKey,
  file: { etag: string } & StoredForms,
): Promise<number | undefined> {
  const { eventId, programVersion, format, variant } = key;
  const result = await db.execute(sql`
    with inserted as (
      insert into stored_exports (event_id, program_version, format, variant, etag, body, gzip, br)
      select ${eventId}, ${programVersion}, ${format}, ${variant}, ${file.etag},
        ${file.body}::bytea, ${file.gzip ?? null}::bytea, ${file.br ?? null}::bytea
      where not exists (
        select 1 from stored_exports where event_id = ${eventId} and program_version > ${programVersion}
      )
      on conflict (event_id, format, variant, program_version) do nothing
      returning id
    ),
    older as (
      delete from stored_exports
      where event_id = ${eventId} and program_version < ${programVersion} and exists (select 1 from inserted)
    )
    select id from inserted
    union all
    select id from stored_exports
    where event_id = ${eventId} and format = ${format} and variant = ${variant} and program_version = ${programVersion}`);
  const [row] = (result as unknown as { rows: { id: number }[] }).rows;
  return row?.id;
}

/** `length` bytes of a stored form from `offset` (0-based); undefined when the row is gone (a newer version replaced it). */
export async function readStoredSlice(
  db: Database,
  id: number,
  column: StoredColumn,
  offset: number,
  length: number,
): Promise<Buffer | undefined> {
  const [row] = await db
    .select({
      part: sql<Buffer | null>`substring(${storedExports[column]} from ${offset + 1} for ${length})`.mapWith(
        storedExports.body,
      ),
    })
    .from(storedExports)
    .where(eq(storedExports.id, id));
  return row?.part ?? undefined;
}
