import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { uuidV5 } from '../exporters/schedule-parts.js';
import { speakerNameKey } from '../../program/index.js';
import { parseFrabXml } from './frab-xml.js';
import { SCHEDULE_IMPORT_NAMESPACE, ScheduleFileError } from './imported-schedule.js';
import { withoutKinds } from '../../../../test/helpers/warnings.js';

const SAMPLES = new URL('../../../../test/fixtures/conformance/samples/', import.meta.url);
const CCC_38C3 = readFileSync(new URL('schedule-38c3-20251206.xml', SAMPLES));

/** A schedule.xml of one day (4 May 2026, 09:00–18:00 in Berlin) around `rooms`, which starts on line 10. */
function frab(rooms: string, zone = 'Europe/Berlin'): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<schedule>',
    '  <version>v7</version>',
    '  <conference>',
    '    <acronym>democon</acronym>',
    '    <title>DemoCon</title>',
    `    <time_zone_name>${zone}</time_zone_name>`,
    '  </conference>',
    '  <day index="1" date="2026-05-04" start="2026-05-04T09:00:00+02:00" end="2026-05-04T18:00:00+02:00">',
    rooms,
    '  </day>',
    '</schedule>',
  ].join('\n');
}

/** One event on one line; `fields` replace or drop (undefined) the defaults. */
function event(attributes: string, fields: Record<string, string | undefined> = {}): string {
  const all: Record<string, string | undefined> = {
    date: '2026-05-04T10:00:00+02:00',
    duration: '00:30',
    title: 'A talk',
    track: 'Web',
    language: 'en',
    abstract: 'Short.',
    persons: '<person>Ada Lovelace</person>',
    ...fields,
  };
  const children = Object.entries(all)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('');
  return `      <event ${attributes}>${children}</event>`;
}

function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleFileError);
    return (error as Error).message;
  }
  throw new Error('the file was not refused');
}

describe('reading a frab schedule.xml', () => {
  it('reads all of 38C3: 4 days, 72 rooms, 7 tracks, 1007 talks and 571 people by their GUIDs, skipping nothing', () => {
    const schedule = parseFrabXml(CCC_38C3);
    expect(schedule.conference).toEqual({
      title: '38C3',
      acronym: '38c3',
      version: '2025-03-04 21:21',
      timezone: 'Europe/Berlin',
    });
    expect(schedule.days.map((d) => [d.date, d.start.toISOString(), d.end.toISOString()])).toEqual([
      ['2024-12-27', '2024-12-27T09:30:00.000Z', '2024-12-28T05:00:00.000Z'],
      ['2024-12-28', '2024-12-28T05:00:00.000Z', '2024-12-29T05:00:00.000Z'],
      ['2024-12-29', '2024-12-29T05:00:00.000Z', '2024-12-30T05:00:00.000Z'],
      ['2024-12-30', '2024-12-30T05:00:00.000Z', '2024-12-30T17:45:00.000Z'],
    ]);
    expect(schedule.rooms).toHaveLength(72);
    expect(schedule.rooms[0]).toEqual({
      where: 'line 23, /schedule/day[1]/room[1]',
      name: 'Saal 1',
      guid: 'ba692ba3-421b-5371-8309-60acc34a3c05',
      capacity: undefined,
      description: undefined,
    });
    expect(schedule.tracks).toEqual([
      'Art & Beauty',
      'Ethics, Society & Politics',
      'Hardware & Making',
      'Science',
      'Security',
      'Entertainment',
      'CCC',
    ]);
    expect(schedule.talks).toHaveLength(1007);
    expect(new Set(schedule.talks.map((t) => t.guid)).size).toBe(1007);
    // 571 GUIDs, though only 565 names once case is folded: people who share a name stay apart.
    expect(new Set(schedule.talks.flatMap((t) => t.persons.map((p) => p.guid))).size).toBe(571);
    expect(schedule.talks.every((t) => t.persons.every((p) => p.guid !== undefined))).toBe(true);
    expect(
      new Set(schedule.talks.flatMap((t) => t.persons.map((p) => speakerNameKey(p.name).toLowerCase()))).size,
    ).toBe(565);
    expect(schedule.warnings).toEqual([]);
    expect(schedule.talks[0]).toEqual({
      where: 'line 24, /schedule/day[1]/room[1]/event[1]',
      guid: '270fa44c-821a-577f-8ca3-33e8d4a8c2a7',
      title: '38C3: Opening Ceremony',
      attention: [],
      description:
        'Glad you could make it! Take a seat and buckle up for a ride through four days of chaotic adventures.',
      abstract:
        "This ceremony will prepare you for the 38C3 in all its glory, underground and above, hacks and trolls, art and radical ideas. Let's kick this thing off together!",
      track: 'CCC',
      language: 'en',
      sessionType: 'Ceremony',
      externalId: 2,
      slug: '38c3-38c3-opening-ceremony',
      links: [],
      attachments: [],
      feedbackUrl: 'https://fahrplan.events.ccc.de/congress/2024/fahrplan/talk/HQCCYH/feedback/',
      recordingLicence: undefined,
      doNotStream: undefined,
      room: 'Saal 1',
      start: new Date('2024-12-27T09:30:00.000Z'),
      durationMinutes: 30,
      persons: [
        { name: 'Gabriela Bogk', guid: '0c16ffaa-709d-599f-959f-9a38b911361a', code: undefined, biography: undefined },
        { name: 'Senficon', guid: '4cee1e72-681f-5c8b-8dcd-8e58c8f4a445', code: undefined, biography: undefined },
        {
          name: 'Aline Blankertz',
          guid: '721a267b-b09d-5422-8221-4f9a71cfc727',
          code: undefined,
          biography: undefined,
        },
      ],
      doNotRecord: undefined,
    });
    // Languages and session types as the file gives them.
    const count = (values: (string | undefined)[]) =>
      Object.fromEntries([...new Set(values)].map((v) => [String(v), values.filter((x) => x === v).length]));
    expect(count(schedule.talks.map((t) => t.language))).toEqual({
      en: 329,
      de: 460,
      'de, en': 129,
      'en, de': 45,
      undefined: 44,
    });
    expect(schedule.talks.filter((t) => t.sessionType === 'Talk')).toHaveLength(139);
    expect(schedule.talks.filter((t) => t.sessionType === 'DJ Set')).toHaveLength(45);
    expect(schedule.talks.filter((t) => t.doNotStream === true)).toHaveLength(3);
    // Its 25 <recording> elements all opt out; the other talks' choices are not in the file.
    expect(schedule.talks.filter((t) => t.doNotRecord === true)).toHaveLength(25);
    expect(schedule.talks.filter((t) => t.doNotRecord === false)).toHaveLength(0);
    expect(schedule.talks.filter((t) => t.doNotRecord === undefined)).toHaveLength(982);
    expect(schedule.talks.find((t) => t.doNotRecord)!.where).toBe('line 1866, /schedule/day[1]/room[5]/event[10]');
  });

  it('reads <recording><optout> as xs:boolean, leaves an empty or unreadable one unknown, and keeps licences', () => {
    const recording = (optout: string, license = '') => `<license>${license}</license><optout>${optout}</optout>`;
    const xml = frab(
      [
        '    <room name="Main Hall">',
        event('id="1"', { title: 'Opted out', recording: recording('true') }),
        event('id="2"', { title: 'Agreed', recording: recording('false', 'CC BY 4.0') }),
        event('id="3"', { title: 'One', recording: recording(' 1 ') }),
        event('id="4"', { title: 'Zero', recording: recording('0') }),
        event('id="5"', { title: 'Empty', recording: recording('') }),
        event('id="6"', { title: 'Not said' }),
        event('id="7"', { title: 'Maybe', recording: recording('maybe') }),
        '    </room>',
      ].join('\n'),
    );
    const schedule = parseFrabXml(xml);
    expect(schedule.talks.map((t) => [t.title, t.doNotRecord])).toEqual([
      ['Opted out', true],
      ['Agreed', false],
      ['One', true],
      ['Zero', false],
      ['Empty', undefined],
      ['Not said', undefined],
      ['Maybe', undefined],
    ]);
    expect(withoutKinds(schedule.warnings)).toEqual([
      {
        where: 'line 17, /schedule/day[1]/room[1]/event[7]/recording',
        message: "<optout>maybe</optout> is not true or false; the talk's recording choice is left as Lectern knows it",
      },
    ]);
    expect(schedule.talks.map((t) => t.recordingLicence)).toEqual([
      undefined,
      'CC BY 4.0',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(schedule.notes.find((n) => n.message.startsWith('recording'))).toBeUndefined();
  });

  it('notes the five places 38C3 fails schedule.xml.xsd, with the lines xmllint names, and imports those talks', () => {
    const schedule = parseFrabXml(CCC_38C3);
    const note = (start: string) => schedule.notes.find((n) => n.message.startsWith(start));
    expect(note('slugs schedule.xml.xsd refuses')).toEqual({
      message:
        "slugs schedule.xml.xsd refuses (it wants 4 characters or more on each side of the first hyphen): kept, and left out of Lectern's schedule.xml",
      count: 3,
      where: [
        'line 9782, /schedule/day[2]/room[9]/event[1]/slug ("38c3-ada")',
        'line 9951, /schedule/day[2]/room[9]/event[7]/slug ("38c3-jlo")',
        'line 24491, /schedule/day[4]/room[6]/event[4]/slug ("38c3-tor")',
      ],
    });
    // <do_not_stream> is not in the XSD, but Lectern keeps it (and gives it back in the JSON).
    expect(note('<do_not_stream>')).toBeUndefined();
    expect(schedule.talks.filter((t) => t.doNotStream).map((t) => t.where)).toEqual([
      'line 10595, /schedule/day[2]/room[12]/event[1]',
      'line 10652, /schedule/day[2]/room[12]/event[3]',
      'line 15681, /schedule/day[3]/room[1]/event[13]',
    ]);
    expect(note('<answers>')).toEqual({
      message: '<answers>: not in schedule.xml.xsd, and Lectern has no field for it',
      count: 1,
      where: ['line 25234, /schedule/day[4]/room[9]/event[4]/answers'],
    });
    expect(schedule.talks.filter((t) => ['ADA', 'jɛloʊ', 'Pet View'].includes(t.title)).map((t) => t.where)).toEqual([
      'line 9777, /schedule/day[2]/room[9]/event[1]',
      'line 9946, /schedule/day[2]/room[9]/event[7]',
      'line 25208, /schedule/day[4]/room[9]/event[4]',
    ]);
    expect(schedule.notes.map((n) => [n.message, n.count])).toEqual([
      ['<timeslot_duration> of the conference: Lectern has no field for it', 1],
      ['<url> of the conference: Lectern has no field for it', 1],
      ['<base_url> of the conference: Lectern has no field for it', 1],
      ['<url>: Lectern has no field for it', 1007],
      ['<origin_url>: Lectern has no field for it', 509],
      ['<logo>: Lectern has no field for it', 305],
      ['talks without speakers: the file names no persons for them (kept, without speakers)', 118],
      [note('slugs schedule.xml.xsd refuses')!.message, 3],
      ['<answers>: not in schedule.xml.xsd, and Lectern has no field for it', 1],
      ['talks that overlap another in the same room (kept as the file has them)', 2],
    ]);
  });

  it('skips what cannot be placed, with its line and path, and keeps a talk without a title as needing attention', () => {
    const xml = frab(
      [
        '    <room name="Main Hall" guid="6B0D6E3A-5A8F-4A57-9B8D-1B7F7E0C5A11">',
        event('guid="11111111-1111-4111-8111-111111111111" id="1"', { title: 'Kept' }),
        event('guid="22222222-2222-4222-8222-222222222222" id="2"', { date: 'tomorrow-ish' }),
        event('guid="33333333-3333-4333-8333-333333333333" id="3"', { duration: 'half an hour' }),
        event('guid="11111111-1111-4111-8111-111111111111" id="4"', { title: 'Twin' }),
        event('guid="55555555-5555-4555-8555-555555555555" id="5"', {
          date: '2026-05-04T11:00:00+02:00',
          title: '  ',
          persons:
            '<person guid="c0ffee00-0000-4000-8000-000000000000"> </person><person>Grace  Hopper</person><person>grace hopper</person><person>Grace Hopper</person>',
        }),
        event('guid="66666666-6666-4666-8666-666666666666" id="6"', { date: '2026-05-04T19:30:00+02:00' }),
        event('guid="not-a-uuid" id="7"', { title: 'Derived', date: '2026-05-04T12:00:00+02:00' }),
        event('guid="88888888-8888-4888-8888-888888888888" id="8"', { duration: '00:00' }),
        '    </room>',
        '    <room name="">',
        event('guid="99999999-9999-4999-8999-999999999999" id="9"', { title: 'Nowhere' }),
        '    </room>',
      ].join('\n'),
    );
    const schedule = parseFrabXml(xml);
    expect(withoutKinds(schedule.warnings)).toEqual([
      {
        where: 'line 12, /schedule/day[1]/room[1]/event[2]',
        message: '"A talk": its start "tomorrow-ish" is not a date and time; skipped',
      },
      {
        where: 'line 13, /schedule/day[1]/room[1]/event[3]',
        message: '"A talk": its duration "half an hour" is not hours and minutes (HH:MM); skipped',
      },
      {
        where: 'line 14, /schedule/day[1]/room[1]/event[4]',
        message:
          '"Twin" has the guid 11111111-1111-4111-8111-111111111111 of the talk at line 11, /schedule/day[1]/room[1]/event[1]; skipped',
      },
      {
        where: 'line 15, /schedule/day[1]/room[1]/event[5]',
        message: 'a talk with no title: imported as "Untitled talk" and marked as needing attention',
      },
      {
        where: 'line 15, /schedule/day[1]/room[1]/event[5]/persons/person[1]',
        message: 'a talk without a title: a person without a name; left out',
      },
      {
        where: 'line 15, /schedule/day[1]/room[1]/event[5]/persons/person[4]',
        message: 'a talk without a title lists Grace Hopper twice; once is kept',
      },
      {
        where: 'line 18, /schedule/day[1]/room[1]/event[8]',
        message: '"A talk" lasts 0 minutes; a talk needs at least one; skipped',
      },
      { where: 'line 21, /schedule/day[1]/room[2]/event[1]', message: '"Nowhere" has no room; skipped' },
      {
        where: 'line 16, /schedule/day[1]/room[1]/event[6]',
        message: '"A talk" starts at 2026-05-04 19:30 +02:00, outside every day of the file; skipped',
      },
    ]);
    expect(schedule.talks.map((t) => [t.where, t.guid, t.title, t.attention, t.persons.map((p) => p.name)])).toEqual([
      [
        'line 11, /schedule/day[1]/room[1]/event[1]',
        '11111111-1111-4111-8111-111111111111',
        'Kept',
        [],
        ['Ada Lovelace'],
      ],
      [
        'line 15, /schedule/day[1]/room[1]/event[5]',
        '55555555-5555-4555-8555-555555555555',
        'Untitled talk',
        ['missing title'],
        // Spacing is folded, case never: "grace hopper" is someone else.
        ['Grace Hopper', 'grace hopper'],
      ],
      [
        'line 17, /schedule/day[1]/room[1]/event[7]',
        uuidV5('democon/7', SCHEDULE_IMPORT_NAMESPACE),
        'Derived',
        [],
        ['Ada Lovelace'],
      ],
    ]);
    expect(schedule.notes).toEqual([
      {
        message:
          'talks whose guid is not a UUID: each gets a UUID v5 made from the conference and its id, the same on every import',
        count: 1,
        where: ['line 17, /schedule/day[1]/room[1]/event[7]'],
      },
    ]);
    expect(schedule.rooms.map((r) => [r.name, r.guid])).toEqual([
      ['Main Hall', '6b0d6e3a-5a8f-4a57-9b8d-1b7f7e0c5a11'],
    ]);
  });

  it('decodes entities and character references and undoes the indentation of pretty-printed text', () => {
    const xml = frab(
      [
        '    <room name="Saal &amp; Bühne">',
        '      <event guid="11111111-1111-4111-8111-111111111111" id="1">',
        '        <date>2026-05-04T10:00:00+02:00</date><duration>01:30:00</duration>',
        '        <title>Caf&#233; &lt;talk&gt; &#x1F43E;</title>',
        '        <abstract>First line',
        '            - a list item',
        '',
        '          Second paragraph.</abstract>',
        '        <description><![CDATA[Raw <b>text</b>]]></description>',
        '        <language>DE-de</language>',
        '      </event>',
        '    </room>',
      ].join('\n'),
    );
    const [talk] = parseFrabXml(xml).talks;
    expect(talk).toMatchObject({
      title: 'Café <talk> 🐾',
      description: 'First line\n  - a list item\n\nSecond paragraph.',
      abstract: 'Raw <b>text</b>',
      room: 'Saal & Bühne',
      language: 'DE-de',
      durationMinutes: 90,
      persons: [],
    });
  });

  it('skips days it cannot place in time, and a second day of the same date', () => {
    const xml = [
      '<schedule><version>1</version><conference><acronym>demo</acronym><title>Demo</title></conference>',
      '<day index="1" date="2026-05-04" start="2026-05-04T09:00:00Z" end="2026-05-04T18:00:00Z"/>',
      '<day index="2" date="2026-05-05" start="soon" end="2026-05-05T18:00:00Z"/>',
      '<day index="3" date="2026-05-06" start="2026-05-06T18:00:00Z" end="2026-05-06T09:00:00Z"/>',
      '<day index="4" date="2026-05-04" start="2026-05-04T19:00:00Z" end="2026-05-04T23:00:00Z"/>',
      '<day index="5" date="5 May" start="2026-05-07T09:00:00Z" end="2026-05-07T18:00:00Z"/>',
      '</schedule>',
    ].join('\n');
    const schedule = parseFrabXml(xml);
    expect(schedule.days.map((d) => d.date)).toEqual(['2026-05-04', '2026-05-07']);
    expect(withoutKinds(schedule.warnings)).toEqual([
      {
        where: 'line 3, /schedule/day[2]',
        message: 'day 2026-05-05: its start "soon" is not a date and time; the day is skipped',
      },
      {
        where: 'line 4, /schedule/day[3]',
        message:
          'day 2026-05-06 ends (2026-05-06T09:00:00Z) before it starts (2026-05-06T18:00:00Z); the day is skipped',
      },
      {
        where: 'line 5, /schedule/day[4]',
        message: 'a second day dated 2026-05-04 (the first is at line 2, /schedule/day[1]); this one is skipped',
      },
      {
        where: 'line 6, /schedule/day[5]',
        message: '"5 May" is not a date (YYYY-MM-DD); the day is dated 2026-05-07, from its start',
      },
    ]);
  });

  it('reads an unknown time zone as UTC and says the event keeps its own', () => {
    const schedule = parseFrabXml(
      frab(event('guid="11111111-1111-4111-8111-111111111111" id="1"'), 'Mars/Olympus_Mons'),
    );
    expect(schedule.conference.timezone).toBeUndefined();
    expect(withoutKinds(schedule.warnings)).toEqual([
      {
        where: 'line 4, /schedule/conference/time_zone_name',
        message: '"Mars/Olympus_Mons" is not an IANA time zone; the event keeps its own (UTC for a new event)',
      },
    ]);
  });

  it('refuses a file that is not a schedule, saying where', () => {
    expect(refusal(() => parseFrabXml('{"schedule": {}}'))).toBe(
      "line 1, column 1: is not well-formed XML: char '{' is not expected.",
    );
    expect(refusal(() => parseFrabXml('<schedule>\n  <conference>\n</schedule>'))).toBe(
      "line 3, column 1: is not well-formed XML: Expected closing tag 'conference' (opened in line 2, col 3) instead of closing tag 'schedule'.",
    );
    expect(refusal(() => parseFrabXml('<?xml version="1.0"?>\n<html><body/></html>'))).toBe(
      'line 1: the root element is <html>; a frab schedule.xml has <schedule>',
    );
    expect(
      refusal(() => parseFrabXml('<?xml version="1.0"?>\n\n<schedule>\n  <version>1</version>\n</schedule>')),
    ).toBe('line 3, /schedule: <schedule> has no <conference>: not a frab schedule');
    expect(refusal(() => parseFrabXml('<schedule><conference><title>X</title></conference></schedule>'))).toBe(
      'line 1, /schedule: <schedule> has no <day>: there is nothing to import',
    );
    expect(refusal(() => parseFrabXml(''))).toBe(
      'line 1: the file is empty; a frab schedule.xml starts with <schedule>',
    );
    expect(refusal(() => parseFrabXml(Buffer.from('<schedule>\n<title>\xff</title>', 'latin1')))).toBe(
      'line 2: is not UTF-8 text; save the file as UTF-8 and import it again',
    );
  });

  it('refuses DTD entities before reading them, naming the line and column: an external entity (XXE) and an expansion bomb', () => {
    const xxe = frab('', 'Europe/Berlin').replace(
      '<schedule>',
      '<!DOCTYPE schedule [\n  <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n<schedule>',
    );
    const withTitle = xxe.replace('<title>DemoCon</title>', '<title>&secret;</title>');
    const entityMessage =
      'declares an entity in its DOCTYPE (<!ENTITY …>): Lectern reads no DTD entities, which can read files of the server (XXE) or expand to gigabytes; a schedule.xml needs none';
    expect(refusal(() => parseFrabXml(withTitle))).toBe(`line 3, column 3: ${entityMessage}`);

    const laughs = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) laughs.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = frab('', 'Europe/Berlin')
      .replace('<schedule>', `<!DOCTYPE schedule [\n${laughs.join('\n')}\n]>\n<schedule>`)
      .replace('<title>DemoCon</title>', '<title>&lol9;</title>');
    expect(refusal(() => parseFrabXml(bomb))).toBe(`line 3, column 1: ${entityMessage}`);

    // A DOCTYPE without entities is harmless, and some generators write one.
    const plain = frab(`<room name="A">${event('guid="1" id="1"')}</room>`).replace(
      '<schedule>',
      '<!DOCTYPE schedule>\n<schedule>',
    );
    expect(parseFrabXml(plain).talks).toHaveLength(1);
  });

  it('refuses nesting deeper than 64 elements at the first element too deep, before the parser sees it', () => {
    const deep = frab(`${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}`);
    // <schedule> and <day> hold the <x>s: the 63rd <x> is the 65th element down.
    expect(refusal(() => parseFrabXml(deep))).toBe(
      `line 10, column ${62 * 3 + 1}: elements nest more than 64 deep, far deeper than any schedule.xml`,
    );
    const comments = frab(
      `<room name="A"><!-- ${'<x>'.repeat(100)} -->${event('guid="1" id="1" note="a > b"')}</room>`,
    );
    expect(parseFrabXml(comments).talks).toHaveLength(1);
  });

  it('reads a file in the encoding its XML declaration names', () => {
    const xml = frab(
      [
        '    <room name="Salle">',
        event('guid="11111111-1111-4111-8111-111111111111" id="1"', { title: 'Déjà vu' }),
        '    </room>',
      ].join('\n'),
    );
    const latin1 = Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1');
    expect(parseFrabXml(latin1).talks.map((t) => t.title)).toEqual(['Déjà vu']);
  });
});
