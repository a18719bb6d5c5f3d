import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { talks } from '../../../db/schema.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import {
  ADA_GUID,
  createDemoConf,
  EXPORT_CONTEXT,
  giveDemoConfImportedFields,
  program,
} from '../../../../test/helpers/export-fixtures.js';
import { validateFrabXml } from '../../../../test/helpers/export-validators.js';
import { renderFrabXml, xmlAttribute, xmlText } from './frab-xml.js';
import { speakerGuid } from './schedule-parts.js';

async function demoConf() {
  const { db } = await testDatabase();
  await createDemoConf(db);
  const demo = await program(db, 'demo-conf');
  const talk = (slug: string) => demo.talkBySlug.get(slug)!;
  const room = (name: string) => demo.schedule!.rooms.find((r) => r.name === name)!;
  return { demo, talk, room };
}

describe('frab schedule.xml', () => {
  it('writes the conference, its one day, and each room with its talks in the schedule order, without the lunch break or a <recording> nobody asked for', async () => {
    const { demo, talk, room } = await demoConf();

    const xml = renderFrabXml(demo, EXPORT_CONTEXT);

    expect(await validateFrabXml(xml)).toEqual([]);
    const fast = talk('fast-xml-json');
    const calendars = talk('calendars-done-right');
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<schedule xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://c3voc.de/schedule/schema.xsd">',
        '  <generator name="Lectern"/>',
        '  <url>https://lectern.example.org/demo-conf/schedule.xml</url>',
        '  <version>1.0</version>',
        '  <conference>',
        '    <acronym>demo_conf</acronym>',
        '    <title>Demo Conf 2026</title>',
        '    <start>2026-06-12</start>',
        '    <end>2026-06-12</end>',
        '    <days>1</days>',
        '    <timeslot_duration>00:15</timeslot_duration>',
        '    <time_zone_name>Europe/Berlin</time_zone_name>',
        '    <url>https://lectern.example.org/demo-conf</url>',
        '    <base_url>https://lectern.example.org/demo-conf/</base_url>',
        '    <track name="Web &amp; APIs" slug="web-apis"/>',
        '  </conference>',
        '  <day index="1" date="2026-06-12" start="2026-06-12T09:00:00+02:00" end="2026-06-12T18:00:00+02:00">',
        `    <room name="Main Hall" guid="${room('Main Hall').guid}">`,
        `      <event guid="${fast.guid}" id="${fast.id}">`,
        '        <date>2026-06-12T10:00:00+02:00</date>',
        '        <start>10:00</start>',
        '        <duration>00:30</duration>',
        '        <room>Main Hall</room>',
        `        <slug>demo_conf-${fast.id}-fast-xml-json</slug>`,
        '        <url>https://lectern.example.org/demo-conf/talks/fast-xml-json</url>',
        '        <title>Fast &lt;XML&gt; &amp; "JSON"</title>',
        '        <subtitle/>',
        '        <language>en</language>',
        '        <track>Web &amp; APIs</track>',
        '        <type/>',
        '        <abstract>A *short* pitch.</abstract>',
        '        <description>The long text.',
        '',
        'In two paragraphs.</description>',
        '        <persons>',
        `          <person id="${fast.speakers[0]!.id}" guid="ba3f5eae-0809-566f-b7c5-1b9129e40c76">Ada Lovelace</person>`,
        `          <person id="${fast.speakers[1]!.id}" guid="b4528b64-d421-58ba-b099-362237536729">Grace Hopper</person>`,
        '        </persons>',
        '        <links/>',
        '        <attachments/>',
        '      </event>',
        '    </room>',
        `    <room name="Room 2" guid="${room('Room 2').guid}">`,
        `      <event guid="${calendars.guid}" id="${calendars.id}">`,
        '        <date>2026-06-12T10:00:00+02:00</date>',
        '        <start>10:00</start>',
        '        <duration>00:45</duration>',
        '        <room>Room 2</room>',
        `        <slug>demo_conf-${calendars.id}-calendars-done-right</slug>`,
        '        <url>https://lectern.example.org/demo-conf/talks/calendars-done-right</url>',
        '        <title>Calendars, done right</title>',
        '        <subtitle/>',
        '        <language>de</language>',
        '        <track/>',
        '        <type/>',
        '        <abstract>Time zones; line folding.</abstract>',
        '        <description/>',
        '        <persons>',
        `          <person id="${calendars.speakers[0]!.id}" guid="38b4663d-6330-5d90-891d-885c92028a61">Zoë Müller</person>`,
        '        </persons>',
        '        <links/>',
        '        <attachments/>',
        '      </event>',
        '    </room>',
        '  </day>',
        '</schedule>',
        '',
      ].join('\n'),
    );
  });

  it('writes <recording> with the optout of each talk whose recording choice is known, after the description, and validates', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    await db.update(talks).set({ doNotRecord: true }).where(eq(talks.slug, 'fast-xml-json'));
    await db.update(talks).set({ doNotRecord: false }).where(eq(talks.slug, 'calendars-done-right'));
    const demo = await program(db, 'demo-conf');

    const xml = renderFrabXml(demo, EXPORT_CONTEXT);

    expect(await validateFrabXml(xml)).toEqual([]);
    expect(xml.match(/<recording>/g)).toHaveLength(2);
    expect(xml).toContain(
      [
        'In two paragraphs.</description>',
        '        <recording>',
        '          <license/>',
        '          <optout>true</optout>',
        '        </recording>',
        '        <persons>',
      ].join('\n'),
    );
    expect(xml).toContain(
      [
        '        <description/>',
        '        <recording>',
        '          <license/>',
        '          <optout>false</optout>',
        '        </recording>',
        '        <persons>',
      ].join('\n'),
    );
  });

  it("gives back what an import kept: acronym, track colour, the file's id and slug, type, language, person GUIDs, links, attachments, feedback URL and licence; leaves out what is unknown; validates", async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    await giveDemoConfImportedFields(db);
    const demo = await program(db, 'demo-conf');
    const grace = demo.speakers.find((s) => s.name === 'Grace Hopper')!;
    const fast = demo.talkBySlug.get('democonf-fast')!;

    const xml = renderFrabXml(demo, EXPORT_CONTEXT);

    expect(await validateFrabXml(xml)).toEqual([]);
    expect(xml).toContain('    <acronym>democonf</acronym>\n');
    expect(xml).toContain('    <track name="Web &amp; APIs" color="#f9b000" slug="web-apis"/>\n');
    expect(xml).toContain(
      [
        `      <event guid="${fast.guid}" id="7">`,
        '        <date>2026-06-12T10:00:00+02:00</date>',
        '        <start>10:00</start>',
        '        <duration>00:30</duration>',
        '        <room>Main Hall</room>',
        '        <slug>democonf-fast</slug>',
        '        <url>https://lectern.example.org/demo-conf/talks/democonf-fast</url>',
        '        <title>Fast &lt;XML&gt; &amp; "JSON"</title>',
        '        <subtitle/>',
        '        <language>de, en</language>',
        '        <track>Web &amp; APIs</track>',
        '        <type>Workshop</type>',
        '        <abstract>A pitch, with [Gluon](https://gluon.example.org/?a=1&amp;b=2).</abstract>',
        '        <description>The long text.',
        '',
        'In two paragraphs.</description>',
        '        <recording>',
        '          <license>CC BY 4.0</license>',
        '          <optout>false</optout>',
        '        </recording>',
        '        <persons>',
        `          <person id="${fast.speakers[0]!.id}" guid="${ADA_GUID}">Ada Lovelace</person>`,
        `          <person id="${grace.id}" guid="${speakerGuid(EXPORT_CONTEXT.publicUrl, 'demo-conf', grace)}">Grace Hopper</person>`,
        '        </persons>',
        '        <links>',
        '          <link href="https://slides.example.org/fast" type="slides">Slides</link>',
        '        </links>',
        '        <attachments>',
        '          <attachment href="https://files.example.org/fast.pdf">Paper &amp; notes</attachment>',
        '        </attachments>',
        '        <feedback_url>https://feedback.example.org/fast</feedback_url>',
        '      </event>',
      ].join('\n'),
    );
    // Imported from a file that gave neither a language nor a type: none is invented.
    const calendars = xml.slice(xml.indexOf('<title>Calendars'));
    expect(calendars.slice(0, calendars.indexOf('</event>'))).toContain(
      ['<subtitle/>', '        <track/>', '        <type/>'].join('\n'),
    );
  });

  it('refuses a program without a released schedule', async () => {
    const { demo } = await demoConf();

    expect(() => renderFrabXml({ ...demo, schedule: undefined }, EXPORT_CONTEXT)).toThrow(
      'Demo Conf 2026 has no released schedule yet.',
    );
  });

  it('drops the characters XML 1.0 cannot hold and escapes markup, so that "]]>" never closes anything', () => {
    expect(xmlText('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uD800g\uDC00h')).toBe('abcdefgh');
    expect(xmlText('<b> & ]]> \u{1F600} \u05E9\u05DC\u05D5\u05DD')).toBe(
      '&lt;b&gt; &amp; ]]&gt; \u{1F600} \u05E9\u05DC\u05D5\u05DD',
    );
    expect(xmlText('one\r\ntwo\ttabbed')).toBe('one&#13;\ntwo\ttabbed');
    expect(xmlAttribute('say "hi"\n\tand\rleave')).toBe('say &quot;hi&quot;&#10;&#9;and&#13;leave');
  });
});
