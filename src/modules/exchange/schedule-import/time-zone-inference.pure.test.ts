import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseFrabXml } from './frab-xml.js';
import { fixedOffsetZone, inferTimeZone, type FileOffset } from './imported-schedule.js';
import { parseScheduleJson } from './schedule-json.js';
import { withoutKinds } from '../../../../test/helpers/warnings.js';

const SAMPLES = new URL('../../../../test/fixtures/conformance/samples/', import.meta.url);
const RC3_JSON = readFileSync(new URL('rc3-like.json', SAMPLES));
const RC3_XML = readFileSync(new URL('rc3-like.xml', SAMPLES));

/** The offsets of local times, as the file would give them. */
function offsets(...times: string[]): FileOffset[] {
  return times.map((time, i) => {
    const parsed = DateTime.fromISO(time, { setZone: true });
    return { at: parsed.toMillis(), minutes: parsed.offset, where: `time ${i}` };
  });
}

/** A schedule.json without time_zone_name, one day 10:00–18:00 and one talk, all at `offset`. */
function withoutZone(offset: string): string {
  return JSON.stringify({
    schedule: {
      conference: {
        title: 'No Zone Con',
        days: [
          {
            date: '2026-05-04',
            day_start: `2026-05-04T10:00:00${offset}`,
            day_end: `2026-05-04T18:00:00${offset}`,
            rooms: { Hall: [{ id: 1, title: 'T', date: `2026-05-04T11:30:00${offset}`, duration: '00:30' }] },
          },
        ],
      },
    },
  });
}

describe('the time zone of a schedule file that names none', () => {
  it('is the fixed-offset zone of the one offset of every time in the rC3-like files, with a warning saying so', () => {
    const warning =
      "the file names no time zone, and every time in it is at +01:00: the event's zone is Etc/GMT-1, that fixed offset; local times are the file's (import with --timezone to choose another zone)";
    const json = parseScheduleJson(RC3_JSON);
    const xml = parseFrabXml(RC3_XML);

    expect([json.conference.timezone, withoutKinds(json.warnings)]).toEqual([
      'Etc/GMT-1',
      [{ where: '/schedule/conference/time_zone_name', message: warning }],
    ]);
    expect([xml.conference.timezone, withoutKinds(xml.warnings)]).toEqual([
      'Etc/GMT-1',
      [{ where: 'line 5, /schedule/conference/time_zone_name', message: warning }],
    ]);
    // The instants are the file's, and in the zone each local time is the file's too.
    const local = (start: Date) =>
      DateTime.fromJSDate(start, { zone: 'Etc/GMT-1' }).toISO({ suppressMilliseconds: true });
    expect(json.talks.map((t) => local(t.start))).toEqual(xml.talks.map((t) => local(t.start)));
    const byTitle = new Map(json.talks.map((t) => [t.title, local(t.start)]));
    expect([byTitle.get('Nachtprogramm: Bildschirmtext'), byTitle.get('After midnight: tiny talk')]).toEqual([
      '2020-12-27T23:30:00+01:00',
      '2020-12-28T01:15:00+01:00',
    ]);
  });

  it('follows the offset to a fixed-offset zone, an IANA zone only where none fits, and none without local offsets', () => {
    expect([0, 60, -300, 840, -720, 330, 345, 900].map(fixedOffsetZone)).toEqual([
      'UTC',
      'Etc/GMT-1',
      'Etc/GMT+5',
      'Etc/GMT-14',
      'Etc/GMT+12',
      undefined,
      undefined,
      undefined,
    ]);
    const zone = (...times: string[]) => inferTimeZone(offsets(...times))?.zone;
    expect(zone('2026-05-04T10:00:00-05:00', '2026-05-05T10:00:00-05:00')).toBe('Etc/GMT+5');
    // +05:30 has no Etc zone: the first IANA zone with that offset then.
    expect(zone('2026-05-04T10:00:00+05:30')).toBe('Asia/Calcutta');
    // Across the end of summer time (25 October 2026 in the EU) no fixed offset fits: the first
    // IANA zone with +02:00 before and +01:00 after.
    expect(zone('2026-10-24T10:00:00+02:00', '2026-10-26T10:00:00+01:00')).toBe('Africa/Ceuta');
    // Two offsets at one instant (12:00+01:00 is 14:00+03:00), which no zone has: the most common one's zone.
    const impossible = inferTimeZone(
      offsets('2026-05-04T10:00:00+01:00', '2026-05-04T12:00:00+01:00', '2026-05-04T14:00:00+03:00'),
    );
    expect(impossible).toEqual({
      zone: 'Etc/GMT-1',
      reason:
        "and its times are at +01:00, +03:00, which no IANA zone has at those times: the event's zone is Etc/GMT-1, from the most common offset (times at another show at other local times)",
    });
    // Times in UTC, or without an offset: nothing to go by, and the event keeps its zone (UTC for a new one).
    expect(inferTimeZone([])).toBeUndefined();
    expect(parseScheduleJson(withoutZone('Z')).conference.timezone).toBeUndefined();
    expect(parseScheduleJson(withoutZone('-03:00')).conference.timezone).toBe('Etc/GMT+3');
  });

  it('is the zone the import is given, over the file, with a warning for what the given zone moves', () => {
    const given = parseScheduleJson(RC3_JSON, { timezone: 'Europe/Berlin' });
    expect([given.conference.timezone, given.warnings]).toEqual(['Europe/Berlin', []]);

    const moved = parseScheduleJson(withoutZone('+01:00'), { timezone: 'America/New_York' });
    expect([moved.conference.timezone, withoutKinds(moved.warnings)]).toEqual([
      'America/New_York',
      [
        {
          where: '/schedule/conference/days/0',
          message:
            "3 times in the file are at +01:00 where America/New_York is at -04:00 (this the first): exports show them at the same instant in America/New_York, another local time than the file's",
        },
      ],
    ]);

    const named = parseFrabXml(
      RC3_XML.toString().replace('<base_url>', '<time_zone_name>UTC</time_zone_name><base_url>'),
      {
        timezone: 'Etc/GMT-1',
      },
    );
    expect([named.conference.timezone, withoutKinds(named.warnings)]).toEqual([
      'Etc/GMT-1',
      [
        {
          where: 'line 5, /schedule/conference/time_zone_name',
          message: 'the file\'s time zone "UTC" is replaced by the one given, Etc/GMT-1',
        },
      ],
    ]);
  });
});
