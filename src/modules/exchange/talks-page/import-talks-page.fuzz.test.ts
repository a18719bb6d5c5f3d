import { asc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.js';
import { events, speakers, talkSpeakers, talks, tracks } from '../../../db/schema.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { dumpDatabase } from '../../../../test/fixtures/database-dump.js';
import { fuzzSettings, mutatedFewTalks } from '../../../../test/fixtures/talks-page-mutations.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import { speakerNameKey, trackNameKey } from '../../program/index.js';
import { importTalksPage } from './import-talks-page.js';
import { parseTalksPage, TalksPageError } from './parse-talks-page.js';

// 30 database imports in `npm test`; `npm run test:fuzz` (which CI runs too) sets FUZZ_DB_RUNS=150.
const settings = fuzzSettings({ runs: 30 }, 'FUZZ_DB_RUNS');

/** The event's talks in program order, each with its speakers' name keys in page order. */
async function programOf(db: Database, eventSlug: string) {
  const rows = await db
    .select({ id: talks.id, title: talks.title, speaker: speakers.name })
    .from(talks)
    .innerJoin(events, eq(events.id, talks.eventId))
    .leftJoin(talkSpeakers, eq(talkSpeakers.talkId, talks.id))
    .leftJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .where(eq(events.slug, eventSlug))
    .orderBy(asc(talks.position), asc(talkSpeakers.position));
  const program: { title: string; speakers: string[] }[] = [];
  let last: number | undefined;
  for (const row of rows) {
    if (row.id !== last) program.push({ title: row.title, speakers: [] });
    if (row.speaker !== null) program.at(-1)!.speakers.push(speakerNameKey(row.speaker));
    last = row.id;
  }
  return program;
}

const importInput = fc.record({
  page: mutatedFewTalks,
  // Mostly one event, so that each import updates what the runs before it left.
  eventSlug: fc.constantFrom('pybay-2016', 'pybay-2016', 'pybay-2016', 'pybay-2017', 'PyBay 2016', '', 'pybay--x'),
  eventName: fc.oneof(
    fc.constant(undefined),
    fc.constant('PyBay 2016'),
    fc.constantFrom('', '  ', 'PyBay\u0000', 'PyBay\n2016'),
    fc.string({ unit: 'binary', maxLength: 12 }),
  ),
});

describe('importTalksPage fuzzed with damaged pages', () => {
  it(`imports a page exactly as parsed, or refuses it writing nothing (${settings.numRuns} runs, seed ${settings.seed})`, async () => {
    const { db } = await testDatabase();
    // Runs share the database, so a failing run depends on those before it: replay it with
    // the same FUZZ_SEED and FUZZ_DB_RUNS rather than with its path alone.
    await fc.assert(
      fc.asyncProperty(importInput, async ({ page, eventSlug, eventName }) => {
        const before = await dumpDatabase(db);
        const input = { eventSlug, eventName, content: page.text };
        let report;
        try {
          report = await importTalksPage(db, input);
        } catch (error) {
          if (!(error instanceof TalksPageError || error instanceof InvalidInputError)) throw error;
          expect(error.message.trim()).not.toBe('');
          expect(await dumpDatabase(db)).toEqual(before);
          return;
        }
        const parsed = parseTalksPage(page.text);
        expect(await programOf(db, eventSlug)).toEqual(
          parsed.talks.map((talk) => ({
            title: talk.title,
            speakers: talk.speakers.map((speaker) => speakerNameKey(speaker.name)),
          })),
        );
        const speakerKeys = new Set(parsed.talks.flatMap((t) => t.speakers.map((s) => speakerNameKey(s.name))));
        const trackKeys = new Set(parsed.talks.map((t) => trackNameKey(t.track)));
        expect(report.counts).toEqual({
          tracks: trackKeys.size,
          levels: 3,
          talks: parsed.talks.length,
          speakers: speakerKeys.size,
        });
        const [event] = await db.select().from(events).where(eq(events.slug, eventSlug));
        expect(await db.$count(tracks, eq(tracks.eventId, event!.id))).toBe(trackKeys.size);

        // The same file again changes nothing at all.
        const after = await dumpDatabase(db);
        const again = await importTalksPage(db, input);
        expect(again.changed).toBe(false);
        expect(await dumpDatabase(db)).toEqual(after);
      }),
      settings,
    );
  }, 600_000);
});
