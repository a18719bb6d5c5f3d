import { describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/helpers/database.js';
import {
  createDemoConf,
  EXPORT_CONTEXT,
  giveDemoConfImportedFields,
  program,
} from '../../../../test/helpers/export-fixtures.js';
import { parseCsv, validateCsv } from '../../../../test/helpers/export-validators.js';
import { CSV_COLUMNS, guardFormula, renderCsv } from './csv.js';

describe('talks.csv', () => {
  it('lists scheduled talks by start then room, then the others with empty room and times, as RFC 4180 with a BOM', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    const demo = await program(db, 'demo-conf');
    const guid = (slug: string) => demo.talkBySlug.get(slug)!.guid;

    const csv = renderCsv(demo, EXPORT_CONTEXT);

    expect(validateCsv(csv, CSV_COLUMNS)).toEqual([]);
    expect(csv).toBe(
      '\uFEFF' +
        [
          'guid,slug,title,speakers,track,level,language,duration_minutes,room,start,end,url,description,session_type',
          `${guid('fast-xml-json')},fast-xml-json,"Fast <XML> & ""JSON""",Ada Lovelace; Grace Hopper,Web & APIs,Beginner,en,30,Main Hall,2026-06-12T10:00:00+02:00,2026-06-12T10:30:00+02:00,https://lectern.example.org/demo-conf/talks/fast-xml-json,A short pitch.,`,
          `${guid('calendars-done-right')},calendars-done-right,"Calendars, done right",Zoë Müller,,,de,45,Room 2,2026-06-12T10:00:00+02:00,2026-06-12T10:45:00+02:00,https://lectern.example.org/demo-conf/talks/calendars-done-right,Time zones; line folding.,`,
          `${guid('unscheduled-idea')},unscheduled-idea,Unscheduled idea,Ada Lovelace,,,en,30,,,,https://lectern.example.org/demo-conf/talks/unscheduled-idea,'=1+1 is not a formula here.,`,
          '',
        ].join('\r\n'),
    );
  });

  it('lists every talk without times before the first release', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    const demo = await program(db, 'demo-conf');

    const records = parseCsv(renderCsv({ ...demo, schedule: undefined }, EXPORT_CONTEXT));

    expect(records.slice(1).map((r) => [r[1], r[8], r[9], r[10]])).toEqual([
      ['fast-xml-json', '', '', ''],
      ['calendars-done-right', '', '', ''],
      ['unscheduled-idea', '', '', ''],
    ]);
  });

  it('quotes every cell holding a line break, a comma, a quote or a leading or trailing space, and no other', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    const demo = await program(db, 'demo-conf');
    const idea = demo.talkBySlug.get('unscheduled-idea')!;
    const talks = demo.talks.map((talk) =>
      talk.id === idea.id
        ? {
            ...talk,
            title: ' Spaced out ',
            description: 'First line\nsecond line',
            speakers: talk.speakers.map((s) => ({ ...s, name: 'Ada\rLovelace' })),
          }
        : talk,
    );

    const csv = renderCsv({ ...demo, talks }, EXPORT_CONTEXT);

    const lines = csv.split('\r\n');
    expect(lines.at(-2)).toBe(
      `${idea.guid},unscheduled-idea," Spaced out ","Ada\rLovelace",,,en,30,,,,https://lectern.example.org/demo-conf/talks/unscheduled-idea,"First line\nsecond line",`,
    );
    const records = parseCsv(csv);
    expect(records).toHaveLength(1 + demo.talks.length);
    expect(records.at(-1)!.slice(2, 4)).toEqual([' Spaced out ', 'Ada\rLovelace']);
    expect(records.at(-1)!.at(-2)).toBe('First line\nsecond line');
  });

  it("gives each talk's session type and language as given, and keeps where a Markdown link points", async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    await giveDemoConfImportedFields(db);

    const csv = renderCsv(await program(db, 'demo-conf'), EXPORT_CONTEXT);

    expect(validateCsv(csv, CSV_COLUMNS)).toEqual([]);
    const [header, ...rows] = parseCsv(csv);
    const column = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => [r[1], r[column('session_type')], r[column('language')], r[column('description')]])).toEqual(
      [
        ['democonf-fast', 'Workshop', 'de, en', 'A pitch, with Gluon (https://gluon.example.org/?a=1&b=2).'],
        ['calendars-done-right', '', '', 'Time zones; line folding.'],
        ['unscheduled-idea', '', 'en', "'=1+1 is not a formula here."],
      ],
    );
  });

  it('guards cells a spreadsheet would run as a formula, and only those', () => {
    expect(['=SUM(A1)', '+1', '-2', '@cmd', '\tx', '\r=x', 'a=b', '1-2', ''].map(guardFormula)).toEqual([
      "'=SUM(A1)",
      "'+1",
      "'-2",
      "'@cmd",
      "'\tx",
      "'\r=x",
      'a=b',
      '1-2',
      '',
    ]);
  });
});
