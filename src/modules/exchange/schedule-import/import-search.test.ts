import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import { findEventBySlug, refreshTalkSearch, searchTalks } from '../../program/index.js';
import { importSchedule } from './import-schedule.js';
import type { ScheduleImportReport } from './import-report.js';

const SAMPLES = new URL('../../../../test/fixtures/conformance/samples/', import.meta.url);
const DEMOCON = readFileSync(new URL('pretalx-democon.json', SAMPLES), 'utf8');
const IMPORT_TIMEOUT = 60_000;

interface DemoconConference {
  days: { rooms: Record<string, { title: string; persons: { public_name: string; biography?: string }[] }[]> }[];
}

/** The DemoCon export with Kimberly Griffin's biography replaced. */
function withBiography(biography: string): string {
  const document = JSON.parse(DEMOCON) as { schedule: { conference: DemoconConference } };
  for (const day of document.schedule.conference.days)
    for (const talks of Object.values(day.rooms))
      for (const talk of talks)
        for (const person of talk.persons) if (person.public_name === 'Kimberly Griffin') person.biography = biography;
  return JSON.stringify(document);
}

/**
 * Imports DemoCon inside a transaction of the test's own (the import's is a savepoint in it), and
 * returns the report with the talks table's rows inserted and updated by it, as PostgreSQL counts
 * them (pg_stat_xact_user_tables, read before and after: PostgreSQL 15 adds to it the counts of
 * earlier transactions of the connection whose statistics it has not sent yet).
 */
async function importCounting(
  db: Database,
  content: string,
): Promise<{ report: ScheduleImportReport; inserted: number; updated: number }> {
  return db.transaction(async (tx) => {
    const counts = async () => {
      const result = await tx.execute(
        sql`select n_tup_ins::int as inserted, n_tup_upd::int as updated from pg_stat_xact_user_tables where relname = 'talks'`,
      );
      return (result as unknown as { rows: { inserted: number; updated: number }[] }).rows[0]!;
    };
    const before = await counts();
    const report = await importSchedule(tx, {
      format: 'schedule-json',
      content,
      eventSlug: 'democon',
      fileName: 'democon.json',
    });
    const after = await counts();
    return { report, inserted: after.inserted - before.inserted, updated: after.updated - before.updated };
  });
}

async function titlesFound(db: Database, eventId: number, query: string): Promise<string[]> {
  const hits = await searchTalks(db, eventId, query);
  const result = await db.execute(sql`select id, title from talks where event_id = ${eventId}`);
  const titles = new Map(
    (result as unknown as { rows: { id: number; title: string }[] }).rows.map((r) => [r.id, r.title]),
  );
  return hits.map((hit) => titles.get(hit.talkId)!);
}

describe('the search documents an import writes', () => {
  it(
    'writes each new talk once, its search document in the same INSERT, the same document a refresh computes',
    async () => {
      const { db } = await testDatabase();
      const { report, inserted, updated } = await importCounting(db, DEMOCON);
      expect(report.counts.talks).toBe(36);
      expect([inserted, updated]).toEqual([36, 0]);
      const event = (await findEventBySlug(db, 'democon'))!;
      // The shared expression, run on every talk, finds nothing to change.
      expect(await refreshTalkSearch(db, event.id)).toBe(0);
      // A word of a title, of an abstract, a speaker's name.
      expect(await titlesFound(db, event.id, 'hardware')).toContain('Focused 5thgeneration hardware');
      expect(await titlesFound(db, event.id, 'frictionless architectures')).toEqual(['Secured mobile concept']);
      expect(await titlesFound(db, event.id, 'Kimberly Griffin')).toContain('Secured mobile concept');
    },
    IMPORT_TIMEOUT,
  );

  it(
    "writes a talk whose speaker's biography changed once, for its search document alone, and nothing on the same file again",
    async () => {
      const { db } = await testDatabase();
      await importSchedule(db, {
        format: 'schedule-json',
        content: DEMOCON,
        eventSlug: 'democon',
        fileName: 'democon.json',
      });
      const event = (await findEventBySlug(db, 'democon'))!;
      const talksOfGriffin = await titlesFound(db, event.id, 'Kimberly Griffin');
      expect(await titlesFound(db, event.id, 'albatross')).toEqual([]);

      const changed = await importCounting(db, withBiography('Studies albatrosses over the southern ocean.'));
      expect(changed.report.changes.speakers).toEqual({ created: 0, updated: 1, removed: 0 });
      expect(changed.report.changes.talks).toEqual({ created: 0, updated: 0, removed: 0 });
      expect(changed.report.changed).toBe(true);
      expect([changed.inserted, changed.updated]).toEqual([0, talksOfGriffin.length]);
      expect(await titlesFound(db, event.id, 'albatross')).toEqual(talksOfGriffin);
      expect(await refreshTalkSearch(db, event.id)).toBe(0);

      const again = await importCounting(db, withBiography('Studies albatrosses over the southern ocean.'));
      expect([again.report.changed, again.inserted, again.updated]).toEqual([false, 0, 0]);
    },
    IMPORT_TIMEOUT,
  );
});
