import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.js';
import { events, rooms, scheduleSlots, speakers, talkSpeakers, talks, tracks } from '../../../db/schema.js';
import { slugify, uniqueSlug } from '../../../shared/slug.js';
import { speakerNameKey } from '../../program/index.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import { createEvent, EXPORT_CONTEXT, program, release } from '../../../../test/helpers/export-fixtures.js';
import {
  icalEvents,
  parseCsv,
  validateC3vocJson,
  validateCsv,
  validateFrabXml,
  validateICal,
} from '../../../../test/helpers/export-validators.js';
import { createDays, localTime } from '../../../../test/helpers/schedule.js';
import { renderC3vocJson } from './c3voc-json.js';
import { CSV_COLUMNS, renderCsv } from './csv.js';
import { renderFrabXml } from './frab-xml.js';
import { renderICal, renderTalkICal } from './ical.js';

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

// Each run writes an event to the database and runs xmllint: a few dozen runs by default.
const settings = { numRuns: envNumber('FUZZ_EXPORT_RUNS', 30), seed: envNumber('FUZZ_SEED', 20_261_101) };

/** Pieces of text that break naive exporters. */
const AWKWARD = [
  '<',
  '>',
  '&',
  '&amp;',
  '"',
  "'",
  ']]>',
  '<![CDATA[x]]>',
  '\u0007',
  '\u000B',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u2028',
  '\uFEFF',
  '\r',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '=',
  '+',
  '-',
  '@',
  '=HYPERLINK("http://x")',
  ';',
  ',',
  '\\',
  '\\n',
  'e\u0301',
  '\u{1F600}',
  '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}',
  '\u{1D518}\u{1D52B}',
  '\u05E9\u05DC\u05D5\u05DD',
  '\u0645\u0631\u062D\u0628\u0627',
  '\u202E',
  'BEGIN:VEVENT',
  'word '.repeat(40),
  '\u00E9'.repeat(80),
];

/** PostgreSQL text holds neither NUL nor half a character: those are tried on the loaded program instead. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...AWKWARD) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
);
const text = (maxPieces: number) =>
  fc.array(piece, { maxLength: maxPieces }).map((pieces) => pieces.join('').replace(UNSTORABLE, ''));
/** Text no store would keep, for the in-memory program. */
const rawText = fc
  .array(fc.oneof(piece, fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF')), { maxLength: 6 })
  .map((pieces) => pieces.join(''));

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Pacific/Chatham',
  'US/Pacific',
  'Etc/GMT+5',
];
/** Mostly around clock changes somewhere. */
const FIRST_DAYS = [
  '2026-03-08',
  '2026-03-29',
  '2026-04-05',
  '2026-10-04',
  '2026-10-25',
  '2026-10-31',
  '2026-11-01',
  '2026-07-14',
  '2027-01-01',
];

const scheduleInput = fc.record({
  eventName: text(4),
  zone: fc.constantFrom(...ZONES),
  firstDay: fc.constantFrom(...FIRST_DAYS),
  dayCount: fc.integer({ min: 1, max: 3 }),
  rooms: fc.array(fc.record({ name: text(3), capacity: fc.option(fc.integer({ min: 0, max: 5000 })) }), {
    minLength: 1,
    maxLength: 4,
  }),
  tracks: fc.array(text(3), { maxLength: 3 }),
  speakers: fc.array(fc.record({ name: text(3), biography: text(6) }), { minLength: 1, maxLength: 5 }),
  talks: fc.array(
    fc.record({
      title: text(5),
      description: text(8),
      abstract: text(12),
      language: fc.constantFrom('en', 'de', 'pt-BR', 'ab'),
      track: fc.nat(),
      speakers: fc.uniqueArray(fc.nat({ max: 4 }), { maxLength: 3 }),
      scheduled: fc.boolean(),
      room: fc.nat(),
      day: fc.nat(),
      startMinute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
      minutes: fc.integer({ min: 1, max: 240 }),
      raw: fc.option(fc.record({ title: rawText, description: rawText, speaker: rawText })),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  breaks: fc.array(
    fc.record({
      title: text(3),
      room: fc.option(fc.nat()),
      day: fc.nat(),
      startMinute: fc.integer({ min: 0, max: 1380 }),
    }),
    { maxLength: 2 },
  ),
  version: fc.option(text(3).map((v) => v.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 60))),
});

type ScheduleInput = typeof scheduleInput extends fc.Arbitrary<infer T> ? T : never;

let counter = 0;

async function writeSchedule(db: Database, input: ScheduleInput): Promise<string> {
  const slug = `fuzz-${++counter}`;
  const event = await createEvent(db, { slug, name: input.eventName, timezone: input.zone });
  const dates = Array.from({ length: input.dayCount }, (_, i) => {
    const date = new Date(`${input.firstDay}T12:00:00Z`);
    date.setUTCDate(date.getUTCDate() + i);
    return date.toISOString().slice(0, 10);
  });
  await createDays(db, event.id, input.zone, dates, '00:00', '24:00');
  const roomSlugs = new Set<string>();
  const roomIds: number[] = [];
  for (const [i, room] of input.rooms.entries()) {
    const roomSlug = uniqueSlug(slugify(room.name, 'room'), roomSlugs);
    roomSlugs.add(roomSlug);
    const [row] = await db
      .insert(rooms)
      .values({ eventId: event.id, slug: roomSlug, name: room.name, capacity: room.capacity, position: i + 1 })
      .returning();
    roomIds.push(row!.id);
  }
  const trackSlugs = new Set<string>();
  const trackIds: number[] = [];
  for (const [i, name] of input.tracks.entries()) {
    const trackSlug = uniqueSlug(slugify(name, 'track'), trackSlugs);
    trackSlugs.add(trackSlug);
    const [row] = await db
      .insert(tracks)
      .values({ eventId: event.id, slug: trackSlug, name, position: i + 1 })
      .returning();
    trackIds.push(row!.id);
  }
  const speakerSlugs = new Set<string>();
  const keys = new Set<string>();
  const speakerIds: number[] = [];
  for (const person of input.speakers) {
    const key = speakerNameKey(person.name);
    if (keys.has(key)) continue;
    keys.add(key);
    const speakerSlug = uniqueSlug(slugify(person.name, 'speaker'), speakerSlugs);
    speakerSlugs.add(speakerSlug);
    const [row] = await db
      .insert(speakers)
      .values({ eventId: event.id, slug: speakerSlug, name: person.name, nameKey: key, biography: person.biography })
      .returning();
    speakerIds.push(row!.id);
  }
  const talkSlugs = new Set<string>();
  const at = (day: number, minute: number) =>
    localTime(dates[day % dates.length]!, `${Math.floor(minute / 60)}:${minute % 60}`, input.zone);
  for (const [i, talk] of input.talks.entries()) {
    const talkSlug = uniqueSlug(slugify(talk.title, 'talk'), talkSlugs);
    talkSlugs.add(talkSlug);
    const [row] = await db
      .insert(talks)
      .values({
        eventId: event.id,
        slug: talkSlug,
        title: talk.title,
        description: talk.description,
        abstract: talk.abstract,
        language: talk.language,
        durationMinutes: talk.minutes,
        trackId: trackIds.length > 0 ? (trackIds[talk.track % (trackIds.length + 1)] ?? null) : null,
        position: i + 1,
      })
      .returning();
    const chosen = [...new Set(talk.speakers.map((s) => speakerIds[s % speakerIds.length]!))];
    if (chosen.length > 0) {
      await db
        .insert(talkSpeakers)
        .values(chosen.map((speakerId, p) => ({ talkId: row!.id, speakerId, position: p + 1 })));
    }
    if (talk.scheduled) {
      const start = at(talk.day, talk.startMinute);
      await db.insert(scheduleSlots).values({
        eventId: event.id,
        kind: 'talk',
        talkId: row!.id,
        roomId: roomIds[talk.room % roomIds.length]!,
        startsAt: start,
        endsAt: new Date(start.getTime() + talk.minutes * 60_000),
      });
    }
  }
  for (const pause of input.breaks) {
    const start = at(pause.day, pause.startMinute);
    await db.insert(scheduleSlots).values({
      eventId: event.id,
      kind: 'break',
      title: pause.title,
      roomId: pause.room === null ? null : roomIds[pause.room % roomIds.length]!,
      startsAt: start,
      endsAt: new Date(start.getTime() + 30 * 60_000),
    });
  }
  await release(db, slug, input.version ?? undefined);
  return slug;
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  processEntities: true,
  htmlEntities: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['day', 'room', 'event', 'person', 'track'].includes(name),
});
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

describe('exports of generated schedules with awkward text', () => {
  it(`stay valid in every format and keep the text (${settings.numRuns} runs, seed ${settings.seed})`, async () => {
    const { db } = await testDatabase();
    await fc.assert(
      fc.asyncProperty(scheduleInput, async (input) => {
        const slug = await writeSchedule(db, input);
        try {
          const loaded = await program(db, slug);
          // Text no database would store, put straight into the program the exporters read.
          input.talks.forEach((talk, i) => {
            const view = loaded.talks[i];
            if (!talk.raw || !view) return;
            view.title = talk.raw.title;
            view.description = talk.raw.description;
            if (view.speakers[0]) view.speakers[0].name = talk.raw.speaker;
          });
          const scheduled = loaded.talks.filter((t) => t.slot);

          const xml = renderFrabXml(loaded, EXPORT_CONTEXT);
          expect(await validateFrabXml(xml)).toEqual([]);
          const parsed = xmlParser.parse(xml) as {
            schedule: { day: { room?: { event?: { '@_guid': string; title: string }[] }[] }[] };
          };
          const xmlTitles = new Map(
            parsed.schedule.day
              .flatMap((d) => (d.room ?? []).flatMap((r) => r.event ?? []))
              .map((e) => [e['@_guid'], e.title]),
          );
          expect(xmlTitles).toEqual(new Map(scheduled.map((t) => [t.guid, t.title.replace(XML_FORBIDDEN, '')])));

          const json = renderC3vocJson(loaded, EXPORT_CONTEXT);
          expect(validateC3vocJson(json)).toEqual([]);
          const days = JSON.parse(json).schedule.conference.days as {
            rooms: Record<string, { guid: string; title: string }[]>;
          }[];
          const jsonTitles = new Map(days.flatMap((d) => Object.values(d.rooms).flat()).map((e) => [e.guid, e.title]));
          expect(jsonTitles).toEqual(new Map(scheduled.map((t) => [t.guid, t.title])));

          const ics = renderICal(loaded, EXPORT_CONTEXT);
          expect(validateICal(ics)).toEqual([]);
          const events = icalEvents(ics);
          // Every talk at its real instants, whatever the zone and its clock changes.
          const byUid = (a: (string | number)[], b: (string | number)[]) => String(a[0]).localeCompare(String(b[0]));
          expect(events.map((e) => [e.uid, e.start.getTime(), e.end.getTime()]).sort(byUid)).toEqual(
            scheduled.map((t) => [t.guid, t.slot!.start.getTime(), t.slot!.end.getTime()]).sort(byUid),
          );
          for (const talk of scheduled) expect(validateICal(renderTalkICal(loaded, talk, EXPORT_CONTEXT))).toEqual([]);

          const csv = renderCsv(loaded, EXPORT_CONTEXT);
          expect(validateCsv(csv, CSV_COLUMNS)).toEqual([]);
          expect(parseCsv(csv)).toHaveLength(loaded.talks.length + 1);
        } finally {
          await db.delete(events).where(eq(events.slug, slug));
        }
      }),
      settings,
    );
  }, 600_000);
});
