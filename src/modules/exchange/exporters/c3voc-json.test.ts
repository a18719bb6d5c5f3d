import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { speakers, talks } from '../../../db/schema.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import {
  ADA_GUID,
  createDemoConf,
  EXPORT_CONTEXT,
  giveDemoConfImportedFields,
  program,
} from '../../../../test/helpers/export-fixtures.js';
import { validateC3vocJson } from '../../../../test/helpers/export-validators.js';
import { renderC3vocJson } from './c3voc-json.js';
import { conferenceAcronym, uuidV5 } from './schedule-parts.js';

describe('c3voc schedule.json', () => {
  it('writes the conference with its rooms and tracks, and each talk as an event under its day and room, without a do_not_record nobody asked for', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    const demo = await program(db, 'demo-conf');
    const fast = demo.talkBySlug.get('fast-xml-json')!;
    const calendars = demo.talkBySlug.get('calendars-done-right')!;
    const [main, second] = demo.schedule!.rooms;

    const json = renderC3vocJson(demo, EXPORT_CONTEXT);

    expect(validateC3vocJson(json)).toEqual([]);
    expect(json.endsWith('}\n')).toBe(true);
    const document = JSON.parse(json);
    const { days, ...conference } = document.schedule.conference;
    expect({ ...document, schedule: { ...document.schedule, conference } }).toEqual({
      $schema: 'https://c3voc.de/schedule/schema.json',
      generator: { name: 'Lectern' },
      schedule: {
        url: 'https://lectern.example.org/demo-conf/schedule.json',
        version: '1.0',
        base_url: 'https://lectern.example.org/demo-conf/',
        conference: {
          acronym: 'demo_conf',
          title: 'Demo Conf 2026',
          start: '2026-06-12',
          end: '2026-06-12',
          daysCount: 1,
          timeslot_duration: '00:15',
          time_zone_name: 'Europe/Berlin',
          url: 'https://lectern.example.org/demo-conf',
          rooms: [
            { name: 'Main Hall', slug: 'main-hall', guid: main!.guid, description: null, capacity: 400 },
            { name: 'Room 2', slug: 'room-2', guid: second!.guid, description: null, capacity: 80 },
          ],
          tracks: [{ name: 'Web & APIs', slug: 'web-apis' }],
        },
      },
    });
    expect(days).toHaveLength(1);
    const { rooms, ...day } = days[0];
    expect(day).toEqual({
      index: 1,
      date: '2026-06-12',
      day_start: '2026-06-12T09:00:00+02:00',
      day_end: '2026-06-12T18:00:00+02:00',
    });
    expect(Object.keys(rooms)).toEqual(['Main Hall', 'Room 2']);
    expect(rooms['Main Hall']).toEqual([
      {
        guid: fast.guid,
        id: fast.id,
        date: '2026-06-12T10:00:00+02:00',
        start: '10:00',
        end: '2026-06-12T10:30:00+02:00',
        duration: '00:30',
        room: 'Main Hall',
        slug: `demo_conf-${fast.id}-fast-xml-json`,
        url: 'https://lectern.example.org/demo-conf/talks/fast-xml-json',
        title: 'Fast <XML> & "JSON"',
        subtitle: '',
        track: 'Web & APIs',
        // Lectern does not know a session type it was never told: the schema requires the member, so it is empty.
        type: '',
        language: 'en',
        abstract: 'A *short* pitch.',
        description: 'The long text.\n\nIn two paragraphs.',
        persons: [
          {
            guid: 'ba3f5eae-0809-566f-b7c5-1b9129e40c76',
            id: fast.speakers[0]!.id,
            name: 'Ada Lovelace',
            biography: 'Wrote the first program.',
          },
          {
            guid: 'b4528b64-d421-58ba-b099-362237536729',
            id: fast.speakers[1]!.id,
            name: 'Grace Hopper',
            biography: 'Found a moth.',
          },
        ],
        links: [],
        attachments: [],
      },
    ]);
    expect(
      rooms['Room 2'].map((e: { guid: string; track: unknown; duration: string; end: string }) => [
        e.guid,
        e.track,
        e.duration,
        e.end,
      ]),
    ).toEqual([[calendars.guid, null, '00:45', '2026-06-12T10:45:00+02:00']]);
    // Nobody asked these speakers about recording: the file does not pretend they agreed.
    expect([rooms['Main Hall'][0], rooms['Room 2'][0]].map((e) => 'do_not_record' in e)).toEqual([false, false]);
  });

  it('writes do_not_record for each talk whose recording choice is known, and validates', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    await db.update(talks).set({ doNotRecord: true }).where(eq(talks.slug, 'fast-xml-json'));
    await db.update(talks).set({ doNotRecord: false }).where(eq(talks.slug, 'calendars-done-right'));

    const json = renderC3vocJson(await program(db, 'demo-conf'), EXPORT_CONTEXT);

    expect(validateC3vocJson(json)).toEqual([]);
    const { rooms } = JSON.parse(json).schedule.conference.days[0];
    const choices = (list: Record<string, unknown>[]) => list.map((e) => [e.title, e.do_not_record]);
    expect([...choices(rooms['Main Hall']), ...choices(rooms['Room 2'])]).toEqual([
      ['Fast <XML> & "JSON"', true],
      ['Calendars, done right', false],
    ]);
    // Beside the description, as pretalx writes it.
    expect(Object.keys(rooms['Main Hall'][0]).slice(15, 18)).toEqual(['description', 'do_not_record', 'persons']);
  });

  it("gives back what an import kept: acronym, track colour, the file's id and slug, type, language, person GUIDs and codes, links, attachments, feedback URL, licence and do_not_stream; validates", async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    await giveDemoConfImportedFields(db);

    const json = renderC3vocJson(await program(db, 'demo-conf'), EXPORT_CONTEXT);

    expect(validateC3vocJson(json)).toEqual([]);
    const { conference } = JSON.parse(json).schedule;
    expect(conference.acronym).toBe('democonf');
    expect(conference.tracks).toEqual([{ name: 'Web & APIs', slug: 'web-apis', color: '#f9b000' }]);
    const [fast] = conference.days[0].rooms['Main Hall'];
    expect(fast).toMatchObject({
      id: 7,
      slug: 'democonf-fast',
      type: 'Workshop',
      language: 'de, en',
      recording_license: 'CC BY 4.0',
      do_not_record: false,
      do_not_stream: true,
      links: [{ url: 'https://slides.example.org/fast', title: 'Slides', type: 'slides' }],
      attachments: [{ url: 'https://files.example.org/fast.pdf', title: 'Paper & notes' }],
      feedback_url: 'https://feedback.example.org/fast',
    });
    expect(fast.persons.map((p: Record<string, unknown>) => [p.name, p.guid === ADA_GUID, p.code])).toEqual([
      ['Ada Lovelace', true, 'ADA123'],
      ['Grace Hopper', false, undefined],
    ]);
    // Imported from a file that gave neither a language nor a type: none is invented.
    const [calendars] = conference.days[0].rooms['Room 2'];
    expect([calendars.language, calendars.type, 'do_not_stream' in calendars]).toEqual([null, '', false]);
  });

  it("gives a talk its file's id only while no other talk's id is the same, and validates", async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    const before = await program(db, 'demo-conf');
    const [fast, calendars, idea] = ['fast-xml-json', 'calendars-done-right', 'unscheduled-idea'].map((slug) =>
      before.talkBySlug.get(slug)!,
    );
    const ids = async () => {
      const json = renderC3vocJson(await program(db, 'demo-conf'), EXPORT_CONTEXT);
      expect(validateC3vocJson(json)).toEqual([]);
      const { rooms } = JSON.parse(json).schedule.conference.days[0];
      return [rooms['Main Hall'][0].id, rooms['Room 2'][0].id];
    };
    // Calendars' file id is the unscheduled talk's Lectern id: it gives way.
    await db.update(talks).set({ externalId: 500 }).where(eq(talks.slug, 'fast-xml-json'));
    await db.update(talks).set({ externalId: idea!.id }).where(eq(talks.slug, 'calendars-done-right'));
    expect(await ids()).toEqual([500, calendars!.id]);
    // Two talks with one file id: both give way.
    await db.update(talks).set({ externalId: 500 }).where(eq(talks.slug, 'calendars-done-right'));
    expect(await ids()).toEqual([fast!.id, calendars!.id]);
  });

  it('makes acronyms that both schemas accept from any event slug', () => {
    expect(conferenceAcronym('pybay-2016')).toBe('pybay_2016');
    expect(conferenceAcronym('js')).toBe('js__');
    expect(conferenceAcronym('38c3')).toBe('38c3');
  });

  it('derives name-based UUIDs as RFC 4122 version 5 does', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_URL, 'http://python.org/')
    expect(uuidV5('http://python.org/')).toBe('4c565f0d-3f5a-5890-b41b-20cf47701c5e');
  });
});

describe('c3voc persons: an uploaded photo and links', () => {
  it('gives a photo uploaded to Lectern as an absolute avatar, and the speaker’s links as the person’s links, valid against the schema', async () => {
    const { db } = await testDatabase();
    await createDemoConf(db);
    await db
      .update(speakers)
      .set({
        photoUrl: '/media/speaker-photos/12-0123456789abcdef.webp',
        links: [
          { title: 'Website', url: 'https://ada.example.org/' },
          { title: 'Mastodon', url: 'https://social.example/@ada' },
        ],
      })
      .where(eq(speakers.name, 'Ada Lovelace'));
    const json = renderC3vocJson(await program(db, 'demo-conf'), EXPORT_CONTEXT);
    expect(validateC3vocJson(json)).toEqual([]);
    const persons = Object.values(
      JSON.parse(json).schedule.conference.days[0].rooms as Record<string, { persons: Record<string, unknown>[] }[]>,
    )
      .flat()
      .flatMap((event) => event.persons)
      .filter((person) => person.name === 'Ada Lovelace');
    expect(persons.length).toBeGreaterThan(0);
    for (const person of persons) {
      expect({ avatar: person.avatar, links: person.links }).toEqual({
        avatar: 'https://lectern.example.org/media/speaker-photos/12-0123456789abcdef.webp',
        links: [
          { url: 'https://ada.example.org/', title: 'Website' },
          { url: 'https://social.example/@ada', title: 'Mastodon' },
        ],
      });
    }
  });
});
