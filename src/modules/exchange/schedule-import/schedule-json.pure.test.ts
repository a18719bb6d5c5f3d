import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScheduleFileError } from './imported-schedule.js';
import { locateJsonError, parseScheduleJson } from './schedule-json.js';
import { withoutKinds } from '../../../../test/helpers/warnings.js';

const SAMPLES = new URL('../../../../test/fixtures/conformance/samples/', import.meta.url);
const DEMOCON = readFileSync(new URL('pretalx-democon.json', SAMPLES));
const HUB = readFileSync(new URL('hub-schedule2.json', SAMPLES));

function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleFileError);
    return (error as Error).message;
  }
  throw new Error('the file was not refused');
}

/** A schema.json schedule of one day (4 May 2026, 09:00–18:00 UTC) with the given rooms. */
function scheduleJson(rooms: Record<string, unknown[]>): string {
  return JSON.stringify({
    schedule: {
      version: '3',
      conference: {
        acronym: 'democon',
        title: 'DemoCon',
        time_zone_name: 'UTC',
        days: [
          { index: 1, date: '2026-05-04', day_start: '2026-05-04T09:00:00Z', day_end: '2026-05-04T18:00:00Z', rooms },
        ],
      },
    },
  });
}

function talk(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    guid: '11111111-1111-4111-8111-111111111111',
    id: 1,
    date: '2026-05-04T10:00:00Z',
    duration: '00:45',
    title: 'A talk',
    persons: [{ public_name: 'Ada Lovelace' }],
    ...fields,
  };
}

describe('reading a schedule.json', () => {
  it('reads all of the pretalx DemoCon export: 3 days, 2 rooms, 2 tracks, 36 talks and 27 speakers with their bios', () => {
    const schedule = parseScheduleJson(DEMOCON);
    expect(schedule.format).toBe('schedule-json');
    expect(schedule.conference).toEqual({ title: 'DemoCon', acronym: 'democon', version: 'v1.1', timezone: 'UTC' });
    expect(schedule.days.map((d) => [d.date, d.start.toISOString(), d.end.toISOString()])).toEqual([
      ['2020-12-14', '2020-12-14T03:00:00.000Z', '2020-12-15T02:59:00.000Z'],
      ['2020-12-15', '2020-12-15T03:00:00.000Z', '2020-12-16T02:59:00.000Z'],
      ['2020-12-16', '2020-12-16T03:00:00.000Z', '2020-12-17T02:59:00.000Z'],
    ]);
    expect(schedule.rooms.map((r) => [r.name, r.guid, r.capacity])).toEqual([
      ['Gray Room', 'b379c473-93b9-4eae-9a09-d482e86cede3', null],
      ['Tan Room', undefined, null],
    ]);
    // The export gives both rooms one guid; the second gets its own in Lectern.
    expect(withoutKinds(schedule.warnings)).toEqual([
      {
        where: '/schedule/conference/rooms/1',
        message: 'room "Tan Room" has the guid of room "Gray Room"; it gets a guid of its own',
      },
    ]);
    expect(schedule.tracks).toEqual(['Phased', 'Horizontal']);
    expect(schedule.talks).toHaveLength(36);
    expect(new Set(schedule.talks.flatMap((t) => t.persons.map((p) => p.name))).size).toBe(27);
    expect(schedule.talks[0]).toEqual({
      where: '/schedule/conference/days/0/rooms/Gray Room/0',
      guid: '8079583e-8321-506c-95af-fd2903a5f075',
      title: 'Focused 5thgeneration hardware',
      attention: [],
      description: 'Brand back-end models!',
      abstract:
        'Station provide certain mean. Toward region beautiful language blood.\nProfessional economic pattern a. Human plan institution thus.',
      track: 'Phased',
      language: 'en',
      sessionType: 'Talk',
      externalId: 25,
      slug: 'democon-25-focused-5thgeneration-hardware',
      links: [],
      attachments: [],
      feedbackUrl: undefined,
      recordingLicence: undefined,
      doNotStream: undefined,
      room: 'Gray Room',
      start: new Date('2020-12-14T08:00:00.000Z'),
      durationMinutes: 30,
      persons: [
        {
          name: 'Brian Robinson',
          guid: undefined,
          code: 'NQTF8Y',
          biography:
            'Break through direction. Power cultural most should.\nWhole party memory fire. Suggest no item spring. Do believe exactly.\n\nPhone front role just agreement safe might need. Break experience wear thing set.\nLess mother notice future set.',
        },
      ],
      doNotRecord: false,
    });
    // pretalx says for every talk: 2 opted out of recording, the 34 others agreed.
    expect(schedule.talks.filter((t) => t.doNotRecord === true).map((t) => [t.where, t.title])).toEqual([
      ['/schedule/conference/days/0/rooms/Tan Room/2', 'Monitored 24hour customer loyalty'],
      ['/schedule/conference/days/1/rooms/Gray Room/1', 'Down-sized directional algorithm'],
    ]);
    expect(schedule.talks.filter((t) => t.doNotRecord === false)).toHaveLength(34);
    expect(schedule.notes.map((n) => [n.message, n.count, n.where[0]])).toEqual([
      [
        '"timeslot_duration" of the conference: Lectern has no field for it',
        1,
        '/schedule/conference/timeslot_duration',
      ],
      ['"url": Lectern has no field for it', 36, '/schedule/conference/days/0/rooms/Gray Room/0/url'],
    ]);
    // Session types as given: DemoCon has talks and workshops.
    expect([...new Set(schedule.talks.map((t) => t.sessionType))]).toEqual(['Talk', 'Workshop']);
  });

  it("reads the hub's draft schedule2: events by start and end, tracks by slug, bios from the persons list", () => {
    const schedule = parseScheduleJson(HUB);
    expect(schedule.conference).toEqual({
      title: '38C3',
      acronym: '38c3',
      version: '2024-12-26 20:23',
      timezone: 'Europe/Berlin',
    });
    expect(schedule.days.map((d) => d.date)).toEqual(['2024-12-27', '2024-12-28', '2024-12-29', '2024-12-30']);
    expect(schedule.rooms.map((r) => [r.name, r.capacity, r.description])).toEqual([
      ['Saal 1', 3025, 'Lecture hall in CCH central, Level +2 to +4'],
      ['Saal GLITCH', 1160, 'Lecture hall G in CCH West, Level +2'],
      ['Saal ZIGZAG', 965, 'Lecture hall Z in CCH East, Level +3'],
      ['Stage HUFF', null, 'Community-Stage in hall H, Level 0'],
      ['Stage YELL', null, 'Community-Stage in Saal Y in CCH Ost, Level +2'],
    ]);
    expect(schedule.warnings).toEqual([]);
    expect(
      schedule.talks.map((t) => [
        t.where,
        t.title,
        t.track,
        t.room,
        t.start.toISOString(),
        t.durationMinutes,
        t.persons.map((p) => p.name),
      ]),
    ).toEqual([
      [
        '/schedule/events/0',
        '38C3: Opening Ceremony',
        'CCC',
        'Saal 1',
        '2024-12-27T09:30:00.000Z',
        30,
        ['Gabriela Bogk', 'Aline Blankertz', 'Senficon'],
      ],
      [
        '/schedule/events/1',
        'A Competitive Time-Trial AI for Need for Speed:',
        'Hardware & Making',
        'Saal ZIGZAG',
        '2024-12-27T23:15:00.000Z',
        40,
        ['Sebastian Schwarz'],
      ],
    ]);
    expect(schedule.talks[1]!.persons[0]!.biography).toMatch(
      /^Almost 20 years ago Sebastian was a professional player/,
    );
    expect(schedule.notes.find((n) => n.message.startsWith('"subtitle"'))).toEqual({
      message: '"subtitle": Lectern has no field for it',
      count: 1,
      where: ['/schedule/events/1/subtitle'],
    });
  });

  it('skips what cannot be placed, naming it by JSON pointer', () => {
    const schedule = parseScheduleJson(
      scheduleJson({
        'Hall A/B': [
          talk({ title: 'Kept' }),
          talk({ guid: '22222222-2222-4222-8222-222222222222', date: '4 May, 10am' }),
          talk({ guid: '33333333-3333-4333-8333-333333333333', duration: 'long' }),
          talk({ title: 'Again' }),
          talk({ guid: '55555555-5555-4555-8555-555555555555', id: 5, date: '2026-05-04T20:00:00Z' }),
          talk({
            guid: '66666666-6666-4666-8666-666666666666',
            id: 6,
            date: '2026-05-04T11:00:00Z',
            title: '',
            persons: [{ public_name: '' }, { name: 'Grace Hopper', biography: '' }, 'Alan Turing'],
          }),
        ],
        '': [talk({ guid: '77777777-7777-4777-8777-777777777777', room: '  ' })],
      }),
    );
    expect(withoutKinds(schedule.warnings)).toEqual([
      {
        where: '/schedule/conference/days/0/rooms/Hall A~1B/1',
        message: '"A talk": its start "4 May, 10am" is not a date and time; skipped',
      },
      {
        where: '/schedule/conference/days/0/rooms/Hall A~1B/2',
        message: '"A talk": its duration "long" is not hours and minutes (HH:MM); skipped',
      },
      {
        where: '/schedule/conference/days/0/rooms/Hall A~1B/3',
        message:
          '"Again" has the guid 11111111-1111-4111-8111-111111111111 of the talk at /schedule/conference/days/0/rooms/Hall A~1B/0; skipped',
      },
      {
        where: '/schedule/conference/days/0/rooms/Hall A~1B/5',
        message: 'a talk with no title: imported as "Untitled talk" and marked as needing attention',
      },
      {
        where: '/schedule/conference/days/0/rooms/Hall A~1B/5/persons/0',
        message: 'a talk without a title: a person without a name; left out',
      },
      { where: '/schedule/conference/days/0/rooms//0', message: '"A talk" has no room; skipped' },
      {
        where: '/schedule/conference/days/0/rooms/Hall A~1B/4',
        message: '"A talk" starts at 2026-05-04 20:00 +00:00, outside every day of the file; skipped',
      },
    ]);
    expect(schedule.talks.map((t) => [t.title, t.attention, t.persons])).toEqual([
      ['Kept', [], [{ name: 'Ada Lovelace', guid: undefined, code: undefined, biography: undefined }]],
      [
        'Untitled talk',
        ['missing title'],
        [
          { name: 'Grace Hopper', guid: undefined, code: undefined, biography: undefined },
          { name: 'Alan Turing', guid: undefined, code: undefined, biography: undefined },
        ],
      ],
    ]);
  });

  it('refuses a file that is not a schedule, saying where', () => {
    expect(refusal(() => parseScheduleJson('{\n  "schedule": {\n    "version": "1",\n  }\n}'))).toBe(
      'line 4, column 3: is not valid JSON: unexpected "}"; expected a member name in double quotes',
    );
    expect(refusal(() => parseScheduleJson('{"schedule": {"version": "1"'))).toBe(
      'line 1, column 28: is not valid JSON: unexpected end of the file; expected "," or "}" after a member\'s value',
    );
    expect(refusal(() => parseScheduleJson('<?xml version="1.0"?><schedule/>'))).toBe(
      'line 1, column 1: is not valid JSON: unexpected "<"; expected a value',
    );
    expect(refusal(() => parseScheduleJson('[1, 2]'))).toBe(
      '/: the file is not a JSON object with a "schedule"; not a schedule.json',
    );
    expect(refusal(() => parseScheduleJson('{"conference": {}}'))).toBe(
      '/schedule: no "schedule" object: not a schedule.json',
    );
    expect(refusal(() => parseScheduleJson('{"schedule": {"version": "1"}}'))).toBe(
      '/schedule/conference: no "conference" object: not a schedule.json',
    );
    expect(refusal(() => parseScheduleJson('{"schedule": {"conference": {"title": "X"}}}'))).toBe(
      '/schedule/conference/days: no "days" list: a schedule.json lists its days here',
    );
    expect(refusal(() => parseScheduleJson('  \n'))).toBe(
      'line 1: the file is empty; a schedule.json is one JSON object',
    );
  });

  it('refuses objects and lists nested more than 64 deep, at the first one too deep, valid JSON or not', () => {
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const file = (value: string) =>
      `{"schedule": {"conference": {"title": "X", "days": [{"date": "2026-05-04", "rooms": {"A": [\n{"title": "T", "extra": ${value}}]}}]}}}`;
    const message = 'objects and lists nest more than 64 deep, far deeper than any schedule.json';
    // 8 levels hold the talk's members, whose value starts at column 25: its 57th level is the 65th.
    expect(refusal(() => parseScheduleJson(file(deep(10_000))))).toBe(`line 2, column ${25 + 56 * 5}: ${message}`);
    expect(refusal(() => parseScheduleJson(file('['.repeat(100_000))))).toBe(`line 2, column ${25 + 56}: ${message}`);
    // Brackets inside strings are text.
    expect(() => parseScheduleJson(file(`"${'['.repeat(100)}"`))).not.toThrow();
  });

  it('finds where any text JSON.parse refuses goes wrong', () => {
    for (const text of ['{"a": 1,}', '{"a" 1}', '[1 2]', '{"a": tru}', '{"a": "\\x"}', '"a\tb"', '{} {}', '01']) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonError(text).message).not.toBe('the text cannot be read as JSON');
    }
    expect(locateJsonError('[1, 2,\n 3,, 4]')).toEqual({ offset: 10, message: 'unexpected ","; expected a value' });
  });
});
