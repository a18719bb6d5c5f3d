import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.js';
import { events } from '../../../db/schema.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import {
  icalEvents,
  parseCsv,
  validateC3vocJson,
  validateFrabXml,
  validateICal,
} from '../../../../test/helpers/export-validators.js';
import { loadEventProgram, type EventProgram } from '../../agenda/index.js';
import { findExporter, renderExport } from '../exporters/registry.js';
import { speakerGuid } from '../exporters/schedule-parts.js';
import { importSchedule } from './import-schedule.js';
import type { ScheduleFormat } from './imported-schedule.js';
import { withoutKind } from '../../../../test/helpers/warnings.js';

const SAMPLES = new URL('../../../../test/fixtures/conformance/samples/', import.meta.url);
const CONTEXT = { publicUrl: 'https://lectern.example.org' };

async function loaded(db: Database, slug: string): Promise<EventProgram> {
  const program = await loadEventProgram(db, slug);
  if (!program) throw new Error(`no published event ${slug}`);
  return program;
}

function render(program: EventProgram, format: 'frab-xml' | 'c3voc-json' | 'ical' | 'csv'): string {
  return renderExport(findExporter(format)!, program, CONTEXT);
}

/** What a schedule says about each talk, by guid: what must survive an export and an import. */
function programOf(program: EventProgram) {
  const schedule = program.schedule!;
  return {
    timezone: program.timezone,
    acronym: program.acronym,
    days: schedule.days.map((d) => d.date),
    rooms: schedule.rooms.map((r) => r.name),
    tracks: program.tracks.map((t) => [t.name, t.color]),
    talks: program.talks
      .map((talk) => ({
        guid: talk.guid,
        title: talk.title,
        room: talk.slot?.room?.name,
        start: talk.slot?.start.toISOString(),
        durationMinutes: talk.slot?.durationMinutes,
        speakers: talk.speakers.map((s) => s.name),
        // As exported: a person's GUID from the file, or the one Lectern derives for its own speakers.
        speakerGuids: talk.speakers.map((s) => speakerGuid(CONTEXT.publicUrl, program.slug, s)),
        track: talk.track?.name,
        language: talk.language,
        sessionType: talk.sessionType,
        externalId: talk.externalId,
        links: talk.links,
        attachments: talk.attachments,
        feedbackUrl: talk.feedbackUrl,
        recordingLicence: talk.recordingLicence,
        doNotRecord: talk.doNotRecord,
        doNotStream: talk.doNotStream,
      }))
      .sort((a, b) => a.guid.localeCompare(b.guid)),
  };
}

/** What an export in `format` and an import of it give back: all but do_not_stream, which schedule.xml.xsd has no place for. */
function keptThrough(format: ScheduleFormat, original: ReturnType<typeof programOf>): ReturnType<typeof programOf> {
  if (format !== 'frab') return original;
  return { ...original, talks: original.talks.map((t) => ({ ...t, doNotStream: null })) };
}

function biosOf(program: EventProgram): [string, string][] {
  return program.speakers.map((s) => [s.name, s.biography]);
}

/** Each speaker's pretalx code, by name. */
function codesOf(program: EventProgram): [string, string | null][] {
  return program.speakers.map((s) => [s.name, s.code]);
}

/**
 * Exports the event as frab XML and as schedule JSON, deletes it (talk guids are unique across
 * events, so a copy beside it would get guids of its own), imports each export into a fresh
 * event, and returns what each import made of it.
 */
async function exportAndImportAgain(db: Database, slug: string) {
  const original = await loaded(db, slug);
  const files: [ScheduleFormat, string][] = [
    ['frab', render(original, 'frab-xml')],
    ['schedule-json', render(original, 'c3voc-json')],
  ];
  await db.delete(events).where(eq(events.slug, slug));
  const results = [];
  for (const [format, content] of files) {
    const copy = `${slug}-${format}`;
    const report = await importSchedule(db, { format, content, eventSlug: copy, fileName: `${copy}.export` });
    const imported = await loaded(db, copy);
    results.push({
      format,
      warnings: report.warnings,
      program: programOf(imported),
      bios: biosOf(imported),
      codes: codesOf(imported),
    });
    await db.delete(events).where(eq(events.slug, copy));
  }
  return { original: programOf(original), bios: biosOf(original), codes: codesOf(original), results };
}

/** What a frab schedule.xml says of each talk, by guid: its type, language ('' for none) and persons' guids. */
function frabIdentities(xml: string): Map<string, { type: string; language: string; persons: string[] }> {
  const list = (value: unknown): Record<string, unknown>[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value as Record<string, unknown>];
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const document = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml);
  const talks = new Map<string, { type: string; language: string; persons: string[] }>();
  for (const day of list(document.schedule.day)) {
    for (const room of list(day.room)) {
      for (const event of list(room.event)) {
        const persons = list(
          typeof event.persons === 'object' ? (event.persons as { person?: unknown }).person : undefined,
        );
        talks.set(String(event['@_guid']), {
          type: text(event.type),
          language: text(event.language),
          persons: persons.map((p) => String(p['@_guid'])),
        });
      }
    }
  }
  return talks;
}

/** The same of a c3voc schedule.json. */
function jsonIdentities(json: string): Map<string, { type: string; language: string; persons: string[] }> {
  const talks = new Map<string, { type: string; language: string; persons: string[] }>();
  for (const day of JSON.parse(json).schedule.conference.days) {
    for (const events of Object.values(day.rooms) as Record<string, unknown>[][]) {
      for (const event of events) {
        talks.set(String(event.guid), {
          type: String(event.type),
          language: (event.language as string | null) ?? '',
          persons: (event.persons as { guid: string }[]).map((p) => p.guid),
        });
      }
    }
  }
  return talks;
}

const SOURCE_38C3 = readFileSync(new URL('schedule-38c3-20251206.xml', SAMPLES), 'utf8');

describe('exporting an imported schedule and importing it again', () => {
  /**
   * 38C3 imported, exported in both formats and each export imported again: three imports of
   * 1,007 talks, done once for the two tests that read them (what they keep is data, not rows).
   */
  let roundTrip38c3: ReturnType<typeof importAndRoundTrip38c3> | undefined;
  async function importAndRoundTrip38c3() {
    const { db } = await testDatabase();
    await importSchedule(db, { format: 'frab', content: SOURCE_38C3, eventSlug: '38c3', fileName: 'schedule.xml' });
    const program = await loaded(db, '38c3');
    return { program, ...(await exportAndImportAgain(db, '38c3')) };
  }

  it("keeps 38C3's 571 person GUIDs, 1007 session types and languages as the file gives them, in both exports and on a second import", async () => {
    const { program, original, results } = await (roundTrip38c3 ??= importAndRoundTrip38c3());
    const source = SOURCE_38C3;
    const given = frabIdentities(source);
    expect(given.size).toBe(1007);
    expect(new Set([...given.values()].flatMap((t) => t.persons)).size).toBe(571);

    const xml = render(program, 'frab-xml');
    const json = render(program, 'c3voc-json');
    expect(frabIdentities(xml)).toEqual(given);
    expect(jsonIdentities(json)).toEqual(given);
    // "de, en" stays one talk in two languages, "Workshop" a workshop, and an empty language unknown.
    const languages = [...given.values()].map((t) => t.language);
    expect(languages.filter((l) => l === 'de, en')).toHaveLength(129);
    expect(languages.filter((l) => l === '')).toHaveLength(44);
    expect(program.talks.filter((t) => t.sessionType === 'Talk')).toHaveLength(139);
    expect(program.talks.filter((t) => t.language === null)).toHaveLength(44);

    expect(new Set(original.talks.flatMap((t) => t.speakerGuids)).size).toBe(571);
    for (const result of results) {
      expect([result.format, result.program]).toEqual([result.format, keptThrough(result.format, original)]);
    }
  }, 300_000);

  it('gives the same 38C3 program from its frab XML and its schedule JSON, and every export of it validates', async () => {
    const { program, original, results } = await (roundTrip38c3 ??= importAndRoundTrip38c3());
    expect(await validateFrabXml(render(program, 'frab-xml'))).toEqual([]);
    expect(validateC3vocJson(render(program, 'c3voc-json'))).toEqual([]);
    expect(validateICal(render(program, 'ical'))).toEqual([]);

    expect(original.talks).toHaveLength(1007);
    expect(original.rooms).toHaveLength(72);
    // The opt-outs survive both formats; the talks whose choice is unknown stay unknown.
    expect(original.talks.filter((t) => t.doNotRecord === true)).toHaveLength(25);
    expect(original.talks.filter((t) => t.doNotRecord === null)).toHaveLength(982);
    // So do the acronym, the track colours, the file's ids and the feedback URLs.
    expect(original.acronym).toBe('38c3');
    expect(original.tracks[0]).toEqual(['Art & Beauty', '#F9B000']);
    expect(original.talks.filter((t) => t.feedbackUrl !== null)).toHaveLength(509);
    expect(original.talks.filter((t) => t.externalId !== null)).toHaveLength(1007);
    expect(original.talks.filter((t) => t.doNotStream === true)).toHaveLength(3);
    for (const result of results) {
      expect([result.format, result.warnings]).toEqual([result.format, []]);
      expect(result.program).toEqual(keptThrough(result.format, original));
    }
  }, 300_000);

  it("gives the same DemoCon program from both formats, with its links, attachments, feedback URLs, licences and track colours, and the speakers' bios from the JSON, which carries them", async () => {
    const { db } = await testDatabase();
    const document = JSON.parse(readFileSync(new URL('pretalx-democon.json', SAMPLES), 'utf8'));
    const { conference } = document.schedule;
    conference.tracks = [{ name: 'Phased', color: '#1a2b3c' }, { name: 'Horizontal' }];
    const [first, second] = conference.days[0].rooms['Gray Room'];
    Object.assign(first, {
      links: [
        { url: 'https://slides.example.org/1', title: 'Slides', type: 'slides' },
        { url: 'https://video.example.org/1', title: 'Video' },
      ],
      attachments: [{ url: 'https://files.example.org/1.pdf', title: 'Paper' }],
      feedback_url: 'https://democon.example.org/talk/1/feedback/',
      recording_license: 'CC BY-SA 4.0',
      do_not_stream: true,
    });
    Object.assign(second, { do_not_stream: false, links: [{ url: 'javascript:alert(1)', title: 'No' }] });
    const report = await importSchedule(db, {
      format: 'schedule-json',
      content: JSON.stringify(document),
      eventSlug: 'democon',
      fileName: 'pretalx-democon.json',
    });
    expect(withoutKind(report.warnings.at(-1))).toEqual({
      where: '/schedule/conference/days/0/rooms/Gray Room/1/links/0',
      message:
        '"Quality-focused 6thgeneration website": the link "javascript:alert(1)" is not an http(s) URL; left out',
    });
    const { original, bios, codes, results } = await exportAndImportAgain(db, 'democon');
    expect(original.tracks).toEqual([
      ['Phased', '#1a2b3c'],
      ['Horizontal', null],
    ]);
    expect(original.talks.find((t) => t.links.length > 0)).toMatchObject({
      links: [
        { url: 'https://slides.example.org/1', title: 'Slides', type: 'slides' },
        { url: 'https://video.example.org/1', title: 'Video' },
      ],
      attachments: [{ url: 'https://files.example.org/1.pdf', title: 'Paper' }],
      feedbackUrl: 'https://democon.example.org/talk/1/feedback/',
      recordingLicence: 'CC BY-SA 4.0',
      doNotStream: true,
    });
    expect(original.talks.filter((t) => t.doNotStream === false)).toHaveLength(1);
    expect([original.talks.length, bios.length]).toEqual([36, 27]);
    expect(original.talks.map((t) => t.doNotRecord).filter((choice) => choice === true)).toHaveLength(2);
    expect(original.talks.map((t) => t.doNotRecord).filter((choice) => choice === false)).toHaveLength(34);
    expect(bios.every(([, bio]) => bio !== '')).toBe(true);
    const [fromXml, fromJson] = results;
    expect(fromXml!.program).toEqual(keptThrough('frab', original));
    expect(fromJson!.program).toEqual(original);
    // frab XML names persons only: their bios stay behind.
    expect(fromXml!.bios).toEqual(bios.map(([name]) => [name, '']));
    expect(fromJson!.bios).toEqual(bios);
    // pretalx codes survive the JSON, which carries them; schedule.xml.xsd has no place for them.
    expect(codes.every(([, code]) => code !== null && /^[A-Z0-9]{6}$/.test(code))).toBe(true);
    expect(fromJson!.codes).toEqual(codes);
    expect(fromXml!.codes).toEqual(codes.map(([name]) => [name, null]));
  });

  it('keeps the local times of a file that names no time zone (rC3-like, +01:00) in every export', async () => {
    const { db } = await testDatabase();
    const source = readFileSync(new URL('rc3-like.json', SAMPLES), 'utf8');
    await importSchedule(db, { format: 'schedule-json', content: source, eventSlug: 'rc3', fileName: 'rc3-like.json' });
    const program = await loaded(db, 'rc3');
    type Event = { guid: string; date: string };
    const days = (json: string) =>
      (JSON.parse(json) as { schedule: { conference: { days: { rooms: Record<string, Event[]> }[] } } }).schedule
        .conference.days;
    const dates = (json: string) =>
      Object.fromEntries(
        days(json).flatMap((day) =>
          Object.values(day.rooms)
            .flat()
            .map((e) => [e.guid, e.date]),
        ),
      );
    const expected = dates(source);
    expect(Object.keys(expected)).toHaveLength(12);

    expect(program.timezone).toBe('Etc/GMT-1');
    expect(dates(render(program, 'c3voc-json'))).toEqual(expected);
    const xml = render(program, 'frab-xml');
    const xmlDates = [...xml.matchAll(/<event guid="([^"]+)"[^>]*>\s*<date>([^<]+)<\/date>/g)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(xmlDates)).toEqual(expected);
    const local = (start: Date) =>
      DateTime.fromJSDate(start, { zone: 'Etc/GMT-1' }).toISO({ suppressMilliseconds: true });
    const ics = icalEvents(render(program, 'ical'));
    expect(Object.fromEntries(ics.map((e) => [e.uid, local(e.start)]))).toEqual(expected);
    expect(render(program, 'ical')).toContain('DTSTART;TZID=Etc/GMT-1:20201227T110000');
    const [header, ...rows] = parseCsv(render(program, 'csv'));
    const column = (name: string) => header!.indexOf(name);
    expect(Object.fromEntries(rows.map((r) => [r[column('guid')], r[column('start')]]))).toEqual(expected);
  });

  it("keeps the hub's speaker photos through a c3voc JSON export, valid against its schema, and an import of it", async () => {
    const { db } = await testDatabase();
    await importSchedule(db, {
      format: 'schedule-json',
      content: readFileSync(new URL('hub-schedule2.json', SAMPLES)),
      eventSlug: 'hub',
      fileName: 'hub-schedule2.json',
    });
    const photosOf = (program: EventProgram) => program.speakers.map((s) => [s.name, s.photoUrl] as const);
    const original = await loaded(db, 'hub');
    const photos = photosOf(original);
    expect(photos.map(([name, url]) => [name, url?.startsWith('https://fahrplan.events.ccc.de/')])).toEqual([
      ['Aline Blankertz', true],
      ['Gabriela Bogk', true],
      ['Sebastian Schwarz', true],
      ['Senficon', true],
    ]);
    const json = render(original, 'c3voc-json');
    expect(validateC3vocJson(json)).toEqual([]);
    const avatars = new Map<string, string | undefined>();
    for (const day of JSON.parse(json).schedule.conference.days) {
      for (const list of Object.values(day.rooms) as { persons: { name: string; avatar?: string }[] }[][]) {
        for (const event of list) for (const person of event.persons) avatars.set(person.name, person.avatar);
      }
    }
    expect([...avatars].sort()).toEqual([...photos].sort());

    await db.delete(events).where(eq(events.slug, 'hub'));
    await importSchedule(db, { format: 'schedule-json', content: json, eventSlug: 'hub-copy', fileName: 'hub.json' });
    expect(photosOf(await loaded(db, 'hub-copy'))).toEqual(photos);
  });
});
