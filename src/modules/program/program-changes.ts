import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';

/**
 * The NOTIFY channel that tells every app instance an event's published program changed.
 * The payload is `slug:version`: the event's slug and its program version after the change
 * (just the slug when the event is gone). Sent inside the changing transaction, so it
 * arrives only if and when the change commits.
 */
export const PROGRAM_CHANGED_CHANNEL = 'lectern_program_changed';

export interface ProgramChange {
  slug: string;
  /** The event's program version after the change; undefined when the event no longer exists. */
  version: number | undefined;
}

/**
 * Moves the event's program version and tells every instance, in one statement of the caller's
 * transaction: whoever reads the version afterwards sees it move together with the change.
 */
export async function notifyProgramChanged(db: Database, eventSlug: string): Promise<void> {
  await db.execute(sql`
    with bumped as (
      update events set program_version = program_version + 1 where slug = ${eventSlug} returning program_version
    )
    select pg_notify(${PROGRAM_CHANGED_CHANNEL}, ${eventSlug} || coalesce(':' || (select program_version from bumped), ''))`);
}

/** Reads a notification's payload; a bare slug (an older instance's) has no version. */
export function parseProgramChange(payload: string): ProgramChange {
  const colon = payload.lastIndexOf(':');
  if (colon < 0) return { slug: payload, version: undefined };
  const version = Number(payload.slice(colon + 1));
  return Number.isInteger(version) ? { slug: payload.slice(0, colon), version } : { slug: payload, version: undefined };
}
