import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
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
import { loadEventProgram, type EventProgram } from '../../agenda/event-program.js';
import { findExporter, renderExport } from '../exporters/registry.js';
import { importSchedule } from './import-schedule.js';
import type { ScheduleFormat } from './imported-schedule.js';

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
    days: schedule.days.map((d) => d.date),
    rooms: schedule.rooms.map((r) => r.name),
    tracks: program.tracks.map((t) => t.name),
    talks: program.talks
      .map((talk) => ({
        guid: talk.guid,
        title: talk.title,
        room: talk.slot?.room?.name,
        start: talk.slot?.start.toISOString(),
        durationMinutes: talk.slot?.durationMinutes,
        speakers: talk.speakers.map((s) => s.name),
        track: talk.track?.name,
        language: talk.language,
        doNotRecord: talk.doNotRecord,
      }))
      .sort((a, b) => a.guid.localeCompare(b.guid)),
  };
}

function biosOf(program: EventProgram): [string, string][] {
  return program.speakers.map((s) => [s.name, s.biography]);
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
    results.push({ format, warnings: report.warnings, program: programOf(imported), bios: biosOf(imported) });
    await db.delete(events).where(eq(events.slug, copy));
  }
  return { original: programOf(original), bios: biosOf(original), results };
}

describe('exporting an imported schedule and importing it again', () => {
  it('gives the same 38C3 program from its frab XML and its schedule JSON, and every export of it validates', async () => {
    const { db } = await testDatabase();
    await importSchedule(db, {
      format: 'frab',
      content: readFileSync(new URL('schedule-38c3-20251206.xml', SAMPLES)),
      eventSlug: '38c3',
      fileName: 'schedule-38c3-20251206.xml',
    });
    const program = await loaded(db, '38c3');
    expect(await validateFrabXml(render(program, 'frab-xml'))).toEqual([]);
    expect(validateC3vocJson(render(program, 'c3voc-json'))).toEqual([]);
    expect(validateICal(render(program, 'ical'))).toEqual([]);

    const { original, results } = await exportAndImportAgain(db, '38c3');
    expect(original.talks).toHaveLength(1007);
    expect(original.rooms).toHaveLength(72);
    // The opt-outs survive both formats; the talks whose choice is unknown stay unknown.
    expect(original.talks.filter((t) => t.doNotRecord === true)).toHaveLength(25);
    expect(original.talks.filter((t) => t.doNotRecord === null)).toHaveLength(982);
    for (const result of results) {
      expect([result.format, result.warnings]).toEqual([result.format, []]);
      expect(result.program).toEqual(original);
    }
  }, 300_000);

  it("gives the same DemoCon program from both formats, and the speakers' bios from the JSON, which carries them", async () => {
    const { db } = await testDatabase();
    await importSchedule(db, {
      format: 'schedule-json',
      content: readFileSync(new URL('pretalx-democon.json', SAMPLES)),
      eventSlug: 'democon',
      fileName: 'pretalx-democon.json',
    });
    const { original, bios, results } = await exportAndImportAgain(db, 'democon');
    expect([original.talks.length, bios.length]).toEqual([36, 27]);
    expect(original.talks.map((t) => t.doNotRecord).filter((choice) => choice === true)).toHaveLength(2);
    expect(original.talks.map((t) => t.doNotRecord).filter((choice) => choice === false)).toHaveLength(34);
    expect(bios.every(([, bio]) => bio !== '')).toBe(true);
    const [fromXml, fromJson] = results;
    expect(fromXml!.program).toEqual(original);
    expect(fromJson!.program).toEqual(original);
    // frab XML names persons only: their bios stay behind.
    expect(fromXml!.bios).toEqual(bios.map(([name]) => [name, '']));
    expect(fromJson!.bios).toEqual(bios);
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
});
