import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { foldLines as icalGeneratorFold } from 'ical-generator';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { scheduleSlots } from '../../../db/schema.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import {
  createDemoConf,
  EXPORT_CONTEXT,
  giveDemoConfImportedFields,
  program,
  release,
} from '../../../../test/helpers/export-fixtures.js';
import { icalEvents, validateICal } from '../../../../test/helpers/export-validators.js';
import { localTime } from '../../../../test/helpers/schedule.js';
import { foldLines, renderICal, renderTalkICal } from './ical.js';

const stamp = (date: Date) => DateTime.fromJSDate(date, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");

const BERLIN_2025_2026 = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:STANDARD',
  'DTSTART:20250101T000000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:20250330T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'DTSTART:20251026T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:20260329T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'DTSTART:20261025T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'END:STANDARD',
  'END:VTIMEZONE',
];

describe('iCalendar', () => {
  it('writes a talk’s own calendar: its VEVENT in the event’s zone, with the VTIMEZONE, CRLF after every line', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    const demo = await program(db, 'demo-conf');
    const fast = demo.talkBySlug.get('fast-xml-json')!;

    const text = renderTalkICal(demo, fast, EXPORT_CONTEXT);

    expect(validateICal(text)).toEqual([]);
    expect(text).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Lectern//Lectern schedule//EN',
        'URL:https://lectern.example.org/demo-conf',
        'NAME:Demo Conf 2026',
        'X-WR-CALNAME:Demo Conf 2026',
        'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
        'X-PUBLISHED-TTL:PT1H',
        'X-WR-TIMEZONE:Europe/Berlin',
        ...BERLIN_2025_2026,
        'BEGIN:VEVENT',
        `UID:${fast.guid}`,
        'SEQUENCE:0',
        `DTSTAMP:${stamp(demo.schedule!.releasedAt)}`,
        'DTSTART;TZID=Europe/Berlin:20260612T100000',
        'DTEND;TZID=Europe/Berlin:20260612T103000',
        'SUMMARY:Fast <XML> & "JSON"',
        'LOCATION:Main Hall',
        'DESCRIPTION:By Ada Lovelace\\, Grace Hopper\\n\\nA short pitch.',
        'CATEGORIES:Web & APIs',
        'URL;VALUE=URI:https://lectern.example.org/demo-conf/talks/fast-xml-json',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    expect(icalEvents(text)).toEqual([
      {
        uid: fast.guid,
        summary: 'Fast <XML> & "JSON"',
        start: new Date('2026-06-12T08:00:00Z'),
        end: new Date('2026-06-12T08:30:00Z'),
      },
    ]);
  });

  it('holds every scheduled talk in the whole schedule’s calendar, each VEVENT as in its own file, folding long lines', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    const demo = await program(db, 'demo-conf');
    const calendars = demo.talkBySlug.get('calendars-done-right')!;

    const text = renderICal(demo, EXPORT_CONTEXT);

    expect(validateICal(text)).toEqual([]);
    expect(icalEvents(text).map((e) => [e.summary, e.start.toISOString(), e.end.toISOString()])).toEqual([
      ['Fast <XML> & "JSON"', '2026-06-12T08:00:00.000Z', '2026-06-12T08:30:00.000Z'],
      ['Calendars, done right', '2026-06-12T08:00:00.000Z', '2026-06-12T08:45:00.000Z'],
    ]);
    const vevent = [
      'BEGIN:VEVENT',
      `UID:${calendars.guid}`,
      'SEQUENCE:0',
      `DTSTAMP:${stamp(demo.schedule!.releasedAt)}`,
      'DTSTART;TZID=Europe/Berlin:20260612T100000',
      'DTEND;TZID=Europe/Berlin:20260612T104500',
      'SUMMARY:Calendars\\, done right',
      'LOCATION:Room 2',
      'DESCRIPTION:By Zoë Müller\\n\\nTime zones\\; line folding.',
      'URL;VALUE=URI:https://lectern.example.org/demo-conf/talks/calendars-done-r',
      ' ight',
      'END:VEVENT',
    ].join('\r\n');
    expect(text).toContain(vevent);
    expect(renderTalkICal(demo, calendars, EXPORT_CONTEXT)).toContain(vevent);
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
  });

  it('stamps a talk moved in a later release with that release’s time and the next SEQUENCE', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    const before = await program(db, 'demo-conf');
    const fast = before.talkBySlug.get('fast-xml-json')!;
    await db
      .update(scheduleSlots)
      .set({
        startsAt: localTime('2026-06-12', '11:00', 'Europe/Berlin'),
        endsAt: localTime('2026-06-12', '11:30', 'Europe/Berlin'),
      })
      .where(eq(scheduleSlots.talkId, fast.id));
    await release(db, 'demo-conf', '1.1');
    const after = await program(db, 'demo-conf');

    const text = renderTalkICal(after, after.talkBySlug.get('fast-xml-json')!, EXPORT_CONTEXT);

    expect(text).toContain(
      [
        'SEQUENCE:1',
        `DTSTAMP:${stamp(after.schedule!.releasedAt)}`,
        'DTSTART;TZID=Europe/Berlin:20260612T110000',
        'DTEND;TZID=Europe/Berlin:20260612T113000',
      ].join('\r\n'),
    );
    expect(renderTalkICal(after, after.talkBySlug.get('calendars-done-right')!, EXPORT_CONTEXT)).toContain(
      'SEQUENCE:0\r\n',
    );
  });

  it('folds lines exactly as ical-generator does, at 75 octets and never inside a character', () => {
    expect(foldLines(`SUMMARY:${'é'.repeat(40)}\r\nX:1`)).toBe(`SUMMARY:${'é'.repeat(33)}\r\n ${'é'.repeat(7)}\r\nX:1`);
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary', maxLength: 200 }).map((l) => l.replace(/[\r\n]/g, '')),
          { maxLength: 4 },
        ),
        (lines) => {
          const text = lines.join('\r\n');
          expect(foldLines(text)).toBe(icalGeneratorFold(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps where a Markdown link points in the description, and gives the track and session type as CATEGORIES', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    await giveDemoConfImportedFields(db);
    const demo = await program(db, 'demo-conf');

    const text = renderTalkICal(demo, demo.talkBySlug.get('democonf-fast')!, EXPORT_CONTEXT);

    expect(validateICal(text)).toEqual([]);
    expect(text).toContain(
      [
        'DESCRIPTION:By Ada Lovelace\\, Grace Hopper\\n\\nA pitch\\, with Gluon (https:',
        ' //gluon.example.org/?a=1&b=2).',
        'CATEGORIES:Web & APIs,Workshop',
      ].join('\r\n'),
    );
  });

  it('refuses the calendar of a talk the release does not place', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    const demo = await program(db, 'demo-conf');

    expect(() => renderTalkICal(demo, demo.talkBySlug.get('unscheduled-idea')!, EXPORT_CONTEXT)).toThrow(
      '"Unscheduled idea" is not in the released schedule of Demo Conf 2026.',
    );
  });
});
