import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';

/**
 * The NOTIFY channel that tells every app instance an event's published program changed.
 * The payload is the event's slug. Sent inside the changing transaction, so it arrives
 * only if and when the change commits.
 */
export const PROGRAM_CHANGED_CHANNEL = 'lectern_program_changed';

export async function notifyProgramChanged(db: Database, eventSlug: string): Promise<void> {
  await db.execute(sql`select pg_notify(${PROGRAM_CHANGED_CHANNEL}, ${eventSlug})`);
}
