import { describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/helpers/database.js';
import { createFallFest, EXPORT_CONTEXT, FALL_FEST_TALKS, program } from '../../../../test/helpers/export-fixtures.js';
import {
  icalEvents,
  parseCsv,
  validateC3vocJson,
  validateCsv,
  validateFrabXml,
  validateICal,
} from '../../../../test/helpers/export-validators.js';
import { renderC3vocJson } from './c3voc-json.js';
import { CSV_COLUMNS, renderCsv } from './csv.js';
import { renderFrabXml } from './frab-xml.js';
import { isAmbiguousLocalTime, renderICal } from './ical.js';
import { vtimezone } from './vtimezone.js';

/** Fall Fest's talks across the end of daylight saving time in Los Angeles, 2026-11-01 02:00 PDT → 01:00 PST. */
async function fallFest() {
  const { db } = await testDatabase();
  await createFallFest(db);
  return program(db, 'fall-fest');
}

const LOCAL = [
  ['Saturday', '2026-10-31T10:00:00-07:00', '10:00', '2026-10-31T11:00:00-07:00'],
  ['Past midnight', '2026-11-01T00:30:00-07:00', '00:30', '2026-11-01T01:30:00-07:00'],
  ['First 1:30', '2026-11-01T01:30:00-07:00', '01:30', '2026-11-01T01:00:00-08:00'],
  ['Second 1:30', '2026-11-01T01:30:00-08:00', '01:30', '2026-11-01T02:00:00-08:00'],
  ['After the change', '2026-11-01T03:00:00-08:00', '03:00', '2026-11-01T04:00:00-08:00'],
];

describe('exports across a daylight saving time change (America/Los_Angeles)', () => {
  it('gives frab each talk’s local date and clock time with the offset of that moment, -07:00 before and -08:00 after', async () => {
    const fest = await fallFest();

    const xml = renderFrabXml(fest, EXPORT_CONTEXT);

    expect(await validateFrabXml(xml)).toEqual([]);
    const events = [
      ...xml.matchAll(
        /<date>(.*)<\/date>\s*<start>(.*)<\/start>\s*<duration>(.*)<\/duration>[\s\S]*?<title>(.*)<\/title>/g,
      ),
    ];
    expect(events.map((m) => [m[4], m[1], m[2], m[3]])).toEqual([
      ['Saturday', '2026-10-31T10:00:00-07:00', '10:00', '01:00'],
      ['Past midnight', '2026-11-01T00:30:00-07:00', '00:30', '01:00'],
      ['First 1:30', '2026-11-01T01:30:00-07:00', '01:30', '00:30'],
      ['Second 1:30', '2026-11-01T01:30:00-08:00', '01:30', '00:30'],
      ['After the change', '2026-11-01T03:00:00-08:00', '03:00', '01:00'],
    ]);
    expect([...xml.matchAll(/<day [^>]*>/g)].map((m) => m[0])).toEqual([
      '<day index="1" date="2026-10-31" start="2026-10-31T00:00:00-07:00" end="2026-10-31T18:00:00-07:00">',
      // 18:00 by the wall clock, on a 25-hour day: 19 hours after midnight, in PST.
      '<day index="2" date="2026-11-01" start="2026-11-01T00:00:00-07:00" end="2026-11-01T18:00:00-08:00">',
    ]);
  });

  it('gives c3voc the same local dates, starts and ends', async () => {
    const fest = await fallFest();

    const json = renderC3vocJson(fest, EXPORT_CONTEXT);

    expect(validateC3vocJson(json)).toEqual([]);
    const days = JSON.parse(json).schedule.conference.days as {
      rooms: Record<string, { title: string; date: string; start: string; end: string }[]>;
    }[];
    expect(days.flatMap((d) => d.rooms.Hall!.map((e) => [e.title, e.date, e.start, e.end]))).toEqual(LOCAL);
  });

  it('writes iCalendar times in the zone with a VTIMEZONE of its real changes, and the repeated hour in UTC', async () => {
    const fest = await fallFest();

    const text = renderICal(fest, EXPORT_CONTEXT);

    expect(validateICal(text)).toEqual([]);
    const unfolded = text.replace(/\r\n /g, '').split('END:VTIMEZONE')[1]!;
    expect([...unfolded.matchAll(/^(DTSTART|DTEND)(.*)$/gm)].map((m) => `${m[1]}${m[2]}`.trimEnd())).toEqual([
      'DTSTART;TZID=America/Los_Angeles:20261031T100000',
      'DTEND;TZID=America/Los_Angeles:20261031T110000',
      // 01:00–02:00 happens twice: with a TZID, RFC 5545 §3.3.5 reads the first time, ical.js the
      // second. Every talk starting or ending in that hour is written in UTC.
      'DTSTART:20261101T073000Z',
      'DTEND:20261101T083000Z',
      'DTSTART:20261101T083000Z',
      'DTEND:20261101T090000Z',
      'DTSTART:20261101T093000Z',
      'DTEND:20261101T100000Z',
      'DTSTART;TZID=America/Los_Angeles:20261101T030000',
      'DTEND;TZID=America/Los_Angeles:20261101T040000',
    ]);
    expect(text).toContain(
      [
        'BEGIN:VTIMEZONE',
        'TZID:America/Los_Angeles',
        'BEGIN:STANDARD',
        'DTSTART:20250101T000000',
        'TZOFFSETFROM:-0800',
        'TZOFFSETTO:-0800',
        'TZNAME:PST',
        'END:STANDARD',
        'BEGIN:DAYLIGHT',
        'DTSTART:20250309T020000',
        'TZOFFSETFROM:-0800',
        'TZOFFSETTO:-0700',
        'TZNAME:PDT',
        'END:DAYLIGHT',
        'BEGIN:STANDARD',
        'DTSTART:20251102T020000',
        'TZOFFSETFROM:-0700',
        'TZOFFSETTO:-0800',
        'TZNAME:PST',
        'END:STANDARD',
        'BEGIN:DAYLIGHT',
        'DTSTART:20260308T020000',
        'TZOFFSETFROM:-0800',
        'TZOFFSETTO:-0700',
        'TZNAME:PDT',
        'END:DAYLIGHT',
        'BEGIN:STANDARD',
        'DTSTART:20261101T020000',
        'TZOFFSETFROM:-0700',
        'TZOFFSETTO:-0800',
        'TZNAME:PST',
        'END:STANDARD',
        'END:VTIMEZONE',
      ].join('\r\n'),
    );
    // A calendar app (ical.js here) reading the file places every talk at its real instant.
    expect(icalEvents(text).map((e) => [e.summary, e.start.toISOString(), e.end.toISOString()])).toEqual(
      FALL_FEST_TALKS.map((t) => [
        t.title,
        new Date(t.start).toISOString(),
        new Date(new Date(t.start).getTime() + t.minutes * 60_000).toISOString(),
      ]),
    );
  });

  it('gives the CSV local starts and ends with their offsets', async () => {
    const fest = await fallFest();

    const csv = renderCsv(fest, EXPORT_CONTEXT);

    expect(validateCsv(csv, CSV_COLUMNS)).toEqual([]);
    expect(
      parseCsv(csv)
        .slice(1)
        .map((r) => [r[2], r[9], r[10]]),
    ).toEqual(LOCAL.map(([title, start, , end]) => [title, start, end]));
  });

  it('finds the local times that happen twice, both times, and no others', () => {
    const zone = 'America/Los_Angeles';
    const ambiguous = (iso: string) => isAmbiguousLocalTime(new Date(iso), zone);
    expect(ambiguous('2026-11-01T07:59:00Z')).toBe(false); // 00:59 PDT
    expect(ambiguous('2026-11-01T08:00:00Z')).toBe(true); // 01:00 PDT
    expect(ambiguous('2026-11-01T08:59:00Z')).toBe(true); // 01:59 PDT
    expect(ambiguous('2026-11-01T09:00:00Z')).toBe(true); // 01:00 PST
    expect(ambiguous('2026-11-01T09:59:00Z')).toBe(true); // 01:59 PST
    expect(ambiguous('2026-11-01T10:00:00Z')).toBe(false); // 02:00 PST
    expect(ambiguous('2026-03-08T10:30:00Z')).toBe(false); // 03:30 PDT, after the spring gap
    expect(isAmbiguousLocalTime(new Date('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe(true); // 02:30 CEST
  });

  it('writes one constant observance for a zone without changes', () => {
    expect(vtimezone('Asia/Tokyo', new Date('2026-05-01T00:00:00Z'), new Date('2026-05-02T00:00:00Z'))).toBe(
      [
        'BEGIN:VTIMEZONE',
        'TZID:Asia/Tokyo',
        'BEGIN:STANDARD',
        'DTSTART:20250101T000000',
        'TZOFFSETFROM:+0900',
        'TZOFFSETTO:+0900',
        'TZNAME:GMT+9',
        'END:STANDARD',
        'END:VTIMEZONE',
      ].join('\r\n'),
    );
  });
});
