import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Database } from './db/client.js';
import { events } from './db/schema.js';
import { importTalksPage, type ImportReport } from './modules/exchange/index.js';

export const SAMPLE_FILE = new URL('../samples/pybay-2016-talks.txt', import.meta.url);
export const SAMPLE_EVENT = { slug: 'pybay-2016', name: 'PyBay 2016' };
/** An arbitrary constant: the advisory lock that lets one of several starting instances import the sample. */
const SAMPLE_LOCK = 7_316_215;

/**
 * On a first start with an empty database, imports the bundled PyBay 2016 program so that a
 * newcomer sees a real program at once. Returns undefined when the database already had events.
 */
export async function importSampleDataIfEmpty(db: Database): Promise<ImportReport | undefined> {
  const content = await readFile(SAMPLE_FILE);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SAMPLE_LOCK})`);
    if ((await tx.$count(events)) > 0) return undefined;
    return importTalksPage(tx, { eventSlug: SAMPLE_EVENT.slug, eventName: SAMPLE_EVENT.name, content });
  });
}
