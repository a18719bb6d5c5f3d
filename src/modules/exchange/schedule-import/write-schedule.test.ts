import { readFileSync } from 'node:fs';
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.js';
import {
  eventDays,
  events,
  levels,
  rooms,
  scheduleSlots,
  sessionTypes,
  speakers,
  talkStateChanges,
  talkSpeakers,
  talks,
  tracks,
} from '../../../db/schema.js';
import { DomainError, InvalidInputError } from '../../../shared/errors.js';
import { dumpDatabase } from '../../../../test/fixtures/database-dump.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import { countingDatabase } from '../../../../test/routes/count-queries.js';
import { Agenda } from '../../agenda/index.js';
import { listReleases } from '../../schedule/index.js';
import { importSchedule } from './import-schedule.js';
import type { ImportProblem } from './imported-schedule.js';
import { withoutKind, withoutKinds } from '../../../../test/helpers/warnings.js';

const SAMPLES = new URL('../../../../test/fixtures/conformance/samples/', import.meta.url);
const CCC_38C3 = readFileSync(new URL('schedule-38c3-20251206.xml', SAMPLES));
const DEMOCON = readFileSync(new URL('pretalx-democon.json', SAMPLES), 'utf8');
const HUB = readFileSync(new URL('hub-schedule2.json', SAMPLES));
const IMPORT_TIMEOUT = 120_000;
const HUB_AVATARS = Object.fromEntries(
  (
    JSON.parse(HUB.toString('utf8')) as { schedule: { persons: { name: string; avatar: { url: string } }[] } }
  ).schedule.persons.map((p) => [p.name, p.avatar.url]),
);

async function database(): Promise<Database> {
  return (await testDatabase()).db;
}

/** The pretalx DemoCon export, edited by `edit` (which gets its conference). */
function democon(edit?: (conference: DemoconConference) => void): string {
  const document = JSON.parse(DEMOCON) as { schedule: { version: string; conference: DemoconConference } };
  edit?.(document.schedule.conference);
  return JSON.stringify(document);
}

interface DemoconEvent {
  guid: string;
  title: string;
  date: string;
  persons: { public_name: string; biography?: string; code?: string; guid?: string }[];
  do_not_record?: boolean | null | string;
}
interface DemoconConference {
  time_zone_name: string;
  days: { rooms: Record<string, DemoconEvent[]> }[];
}

function importDemocon(db: Database, content = democon(), eventSlug = 'democon', eventName?: string) {
  return importSchedule(db, {
    format: 'schedule-json',
    content,
    eventSlug,
    eventName,
    fileName: 'pretalx-democon.json',
  });
}

async function eventBySlug(db: Database, slug: string) {
  const [event] = await db.select().from(events).where(eq(events.slug, slug));
  return event!;
}

/** Each talk of the event as the program shows it: guid, title, state, room, start, minutes, speakers. */
async function program(db: Database, slug: string) {
  const event = await eventBySlug(db, slug);
  const rows = await db
    .select({
      id: talks.id,
      guid: talks.guid,
      slug: talks.slug,
      title: talks.title,
      state: talks.state,
      room: rooms.name,
      start: scheduleSlots.startsAt,
      minutes: talks.durationMinutes,
    })
    .from(talks)
    .leftJoin(scheduleSlots, eq(scheduleSlots.talkId, talks.id))
    .leftJoin(rooms, eq(rooms.id, scheduleSlots.roomId))
    .where(eq(talks.eventId, event.id))
    .orderBy(asc(talks.position), asc(talks.id));
  const links = await db
    .select({ talkId: talkSpeakers.talkId, name: speakers.name })
    .from(talkSpeakers)
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .where(eq(speakers.eventId, event.id))
    .orderBy(asc(talkSpeakers.position));
  return rows.map((row) => ({
    ...row,
    start: row.start?.toISOString(),
    speakers: links.filter((l) => l.talkId === row.id).map((l) => l.name),
  }));
}

/** How many of the event's talks opted out of recording (true), agreed (false), or were not asked (null). */
async function recordingChoices(db: Database, slug: string) {
  const event = await eventBySlug(db, slug);
  const rows = await db.select({ doNotRecord: talks.doNotRecord }).from(talks).where(eq(talks.eventId, event.id));
  return {
    true: rows.filter((r) => r.doNotRecord === true).length,
    false: rows.filter((r) => r.doNotRecord === false).length,
    null: rows.filter((r) => r.doNotRecord === null).length,
  };
}

async function doNotRecordOf(db: Database, title: string) {
  const [row] = await db.select({ doNotRecord: talks.doNotRecord }).from(talks).where(eq(talks.title, title));
  return row!.doNotRecord;
}

const NEW = (created: number) => ({ created, updated: 0, removed: 0 });
const SAME = { created: 0, updated: 0, removed: 0 };

describe('importing 38C3', () => {
  it(
    'imports every talk, room and day in one transaction of few queries, shows all 72 rooms on the grid, and a second import writes nothing',
    async () => {
      const db = await database();
      const counting = countingDatabase(db);
      const report = await importSchedule(counting.db, {
        format: 'frab',
        content: CCC_38C3,
        eventSlug: '38c3',
        fileName: 'schedule-38c3-20251206.xml',
      });
      // 571 speakers: one per person GUID, though some share a name but for its case.
      expect(report.counts).toEqual({ days: 4, rooms: 72, tracks: 7, talks: 1007, speakers: 571, slots: 1007 });
      expect(report.changes).toEqual({
        days: NEW(4),
        rooms: NEW(72),
        tracks: NEW(7),
        talks: NEW(1007),
        speakers: NEW(571),
        slots: NEW(1007),
      });
      expect(report.release).toEqual({ version: '2025-03-04 21:21', created: true, versionTaken: undefined });
      expect([report.event, report.timezone, report.warnings, report.needsAttention]).toEqual([
        { slug: '38c3', name: '38C3', created: true },
        'Europe/Berlin',
        [],
        [],
      ]);
      // PostgreSQL's log also has the transaction's begin and commit. The talks are written with their
      // search documents and session types (two INSERTs of 1000 and 7), so no statement writes them
      // again; one rewrites the event's words that search forgives typos towards. Four make the
      // session types of the talks' types (read them, read the event's lengths, insert, map each
      // type name to its session type). One writes the release's webhook deliveries (none: 38C3
      // has no webhook endpoints).
      expect(counting.queries.filter((query) => !/^(begin|commit)$/i.test(query))).toHaveLength(43);

      const event = await eventBySlug(db, '38c3');
      expect(event).toMatchObject({
        name: '38C3',
        timezone: 'Europe/Berlin',
        startsOn: '2024-12-27',
        endsOn: '2024-12-30',
        published: true,
      });
      const levelNames = await db.select({ name: levels.name }).from(levels).orderBy(asc(levels.position));
      expect(levelNames.map((l) => l.name)).toEqual(['Beginner', 'Intermediate', 'Advanced']);
      const [ada] = await db.select().from(talks).where(eq(talks.title, 'ADA'));
      expect(ada).toMatchObject({
        guid: 'e17afea0-a9f4-5c29-94e7-0902e7672fb4',
        // The file's slug and id, its session type and language as given.
        slug: '38c3-ada',
        externalId: 1130,
        sessionType: 'DJ Set',
        state: 'confirmed',
        source: 'frab',
        sourceKey: 'e17afea0-a9f4-5c29-94e7-0902e7672fb4',
        durationMinutes: 120,
        language: 'de',
        trackId: null,
        doNotRecord: null,
      });
      // 24 session types from the talks' types, in the order the program first names them, each as long as most of its talks.
      const types = await db
        .select({ id: sessionTypes.id, name: sessionTypes.name, durationMinutes: sessionTypes.durationMinutes })
        .from(sessionTypes)
        .where(eq(sessionTypes.eventId, event.id))
        .orderBy(asc(sessionTypes.position));
      expect(types).toHaveLength(24);
      expect(types.slice(0, 4).map((type) => [type.name, type.durationMinutes])).toEqual([
        ['Ceremony', 30],
        ['Talk', 40],
        ['Talk 40 (30min +10 Q&A)', 40],
        ['Talk 60 (45min +15 Q&A)', 60],
      ]);
      expect(ada!.sessionTypeId).toBe(types.find((type) => type.name === 'DJ Set')!.id);
      // The 25 <recording><optout>true</optout> of the file; it says nothing of the others.
      expect(await recordingChoices(db, '38c3')).toEqual({ true: 25, false: 0, null: 982 });
      expect(
        await doNotRecordOf(
          db,
          'Passierschein SBGG oder auch Geschichten, die mir und anderen auf ihrem Weg passiert sind',
        ),
      ).toBe(true);

      const agenda = new Agenda(db);
      await agenda.loadAll();
      const schedule = agenda.event('38c3')!.schedule!;
      expect(schedule.version).toBe('2025-03-04 21:21');
      // Talks and rooms per day, as the file's <day> elements hold them.
      expect(schedule.days.map((d) => [d.date, d.slots.length, d.rooms.length])).toEqual([
        ['2024-12-27', 245, 53],
        ['2024-12-28', 320, 59],
        ['2024-12-29', 306, 63],
        ['2024-12-30', 136, 44],
      ]);
      expect(new Set(schedule.days.flatMap((d) => d.rooms.map((r) => r.name))).size).toBe(72);
      expect(agenda.event('38c3')!.talks.every((talk) => talk.slot !== undefined)).toBe(true);

      const before = await dumpDatabase(db);
      const again = await importSchedule(db, {
        format: 'frab',
        content: CCC_38C3,
        eventSlug: '38c3',
        fileName: 'schedule-38c3-20251206.xml',
      });
      expect([again.changed, again.release, again.changes.talks]).toEqual([
        false,
        { version: '2025-03-04 21:21', created: false, versionTaken: undefined },
        SAME,
      ]);
      expect(await dumpDatabase(db)).toEqual(before);
      expect((await listReleases(db, event.id)).map((r) => r.version)).toEqual(['2025-03-04 21:21']);
    },
    IMPORT_TIMEOUT,
  );
});

describe('importing a schedule.json', () => {
  it('imports all of the pretalx DemoCon export into a new, published event with its days, rooms and release', async () => {
    const db = await database();
    const progress: string[] = [];
    const report = await importSchedule(db, {
      format: 'schedule-json',
      content: democon(),
      eventSlug: 'democon',
      fileName: 'pretalx-democon.json',
      onProgress: (done, total, phase) => progress.push(`${phase} ${done}/${total}`),
    });
    expect(report.counts).toEqual({ days: 3, rooms: 2, tracks: 2, talks: 36, speakers: 27, slots: 36 });
    expect(report.release).toEqual({ version: 'v1.1', created: true, versionTaken: undefined });
    expect(withoutKinds(report.warnings)).toEqual([
      {
        where: '/schedule/conference/rooms/1',
        message: 'room "Tan Room" has the guid of room "Gray Room"; it gets a guid of its own',
      },
    ]);
    // Rows handled per phase: 3 days, 2 rooms, 2 tracks, 27 speakers, 36 talks three times (talks,
    // their speakers, slots), search, release.
    expect(progress.at(-1)).toBe('release 144/144');
    const done = progress.map((p) => Number(p.split(' ').at(-1)!.split('/')[0]));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect([...new Set(progress.map((p) => p.split(' ').slice(0, -1).join(' ')))]).toEqual([
      'days',
      'rooms',
      'tracks',
      'speakers',
      'talks',
      'speakers of talks',
      'search',
      'slots',
      'release',
    ]);

    const event = await eventBySlug(db, 'democon');
    expect(event).toMatchObject({
      name: 'DemoCon',
      timezone: 'UTC',
      startsOn: '2020-12-14',
      endsOn: '2020-12-16',
      published: true,
    });
    const days = await db.select().from(eventDays).orderBy(asc(eventDays.startsAt));
    expect(days.map((d) => [d.date, d.startsAt.toISOString(), d.endsAt.toISOString()])).toEqual([
      ['2020-12-14', '2020-12-14T03:00:00.000Z', '2020-12-15T02:59:00.000Z'],
      ['2020-12-15', '2020-12-15T03:00:00.000Z', '2020-12-16T02:59:00.000Z'],
      ['2020-12-16', '2020-12-16T03:00:00.000Z', '2020-12-17T02:59:00.000Z'],
    ]);
    const roomRows = await db.select().from(rooms).orderBy(asc(rooms.position));
    expect(roomRows.map((r) => [r.name, r.slug, r.position])).toEqual([
      ['Gray Room', 'gray-room', 1],
      ['Tan Room', 'tan-room', 2],
    ]);
    expect(roomRows[0]!.guid).toBe('b379c473-93b9-4eae-9a09-d482e86cede3');
    expect(roomRows[1]!.guid).not.toBe(roomRows[0]!.guid);
    expect((await db.select().from(tracks).orderBy(asc(tracks.position))).map((t) => [t.name, t.slug])).toEqual([
      ['Phased', 'phased'],
      ['Horizontal', 'horizontal'],
    ]);
    const talkRows = await program(db, 'democon');
    expect(talkRows).toHaveLength(36);
    expect(talkRows[8]).toMatchObject({
      guid: 'c8d0f959-e262-5455-87d4-e646c30ca6f1',
      title: 'Networked modular help-desk',
      state: 'confirmed',
      room: 'Gray Room',
      start: '2020-12-14T14:00:00.000Z',
      minutes: 30,
      speakers: ['Maria Williams', 'Mariah Estrada'],
    });
    // 2 talks with "do_not_record": true, the 34 others false.
    expect(await recordingChoices(db, 'democon')).toEqual({ true: 2, false: 34, null: 0 });
    expect(await doNotRecordOf(db, 'Monitored 24hour customer loyalty')).toBe(true);
    const [curtis] = await db.select().from(speakers).where(eq(speakers.name, 'Curtis Andrews'));
    expect(curtis!.biography).toMatch(/^\S/);
    expect(await db.$count(talkSpeakers, eq(talkSpeakers.speakerId, curtis!.id))).toBe(5);

    const before = await dumpDatabase(db);
    const again = await importDemocon(db);
    expect([again.changed, again.release?.created]).toEqual([false, false]);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it("imports the CCC hub's schedule2 excerpt: every room with its capacity, two talks, four speakers with bios", async () => {
    const db = await database();
    const report = await importSchedule(db, {
      format: 'schedule-json',
      content: HUB,
      eventSlug: '38c3-hub',
      fileName: 'hub-schedule2.json',
    });
    expect(report.counts).toEqual({ days: 4, rooms: 5, tracks: 7, talks: 2, speakers: 4, slots: 2 });
    expect([withoutKinds(report.warnings), report.release]).toEqual([
      [],
      { version: '2024-12-26 20:23', created: true, versionTaken: undefined },
    ]);
    const roomRows = await db.select().from(rooms).orderBy(asc(rooms.position));
    expect(roomRows.map((r) => [r.name, r.guid, r.capacity])).toEqual([
      ['Saal 1', 'ba692ba3-421b-5371-8309-60acc34a3c05', 3025],
      ['Saal GLITCH', '7202df07-050c-552f-8318-992f94e40ef0', 1160],
      ['Saal ZIGZAG', '62251a07-13e4-5a72-bb3c-8528416ee0f2', 965],
      ['Stage HUFF', '53f436a0-705b-40eb-974f-2bfce8857b1b', null],
      ['Stage YELL', 'e58b284a-d3e6-42cc-be2b-7e02c791bf95', null],
    ]);
    expect(await program(db, '38c3-hub')).toMatchObject([
      { title: '38C3: Opening Ceremony', room: 'Saal 1', start: '2024-12-27T09:30:00.000Z', minutes: 30 },
      {
        title: 'A Competitive Time-Trial AI for Need for Speed:',
        room: 'Saal ZIGZAG',
        start: '2024-12-27T23:15:00.000Z',
        minutes: 40,
        speakers: ['Sebastian Schwarz'],
      },
    ]);
    const bios = await db.select({ biography: speakers.biography }).from(speakers);
    expect(bios.every((s) => s.biography !== '')).toBe(true);
    // The persons list's avatars ({"url": …}) are the speakers' photos.
    const photos = await db
      .select({ name: speakers.name, photoUrl: speakers.photoUrl })
      .from(speakers)
      .orderBy(asc(speakers.name));
    expect(photos).toEqual([
      {
        name: 'Aline Blankertz',
        photoUrl:
          'https://fahrplan.events.ccc.de/congress/2024/fahrplan/media/avatars/Screenshot_2024-08-05_at_20-49-51_Aline_Blankertz_B_20240802_L1005569_3.jpg_JPEG_TPmBrZZ.png',
      },
      {
        name: 'Gabriela Bogk',
        photoUrl: 'https://fahrplan.events.ccc.de/congress/2024/fahrplan/media/avatars/SB9MER_Hwgr1fW.jpg',
      },
      {
        name: 'Sebastian Schwarz',
        photoUrl: HUB_AVATARS['Sebastian Schwarz'],
      },
      {
        name: 'Senficon',
        photoUrl: 'https://fahrplan.events.ccc.de/congress/2024/fahrplan/media/avatars/felix_2024_quadrat_g2i2mMI.png',
      },
    ]);
  });

  it("resolves a person's relative avatar against the file's base_url; one it cannot use is named in the report, and the import goes on", async () => {
    const db = await database();
    const document = JSON.parse(DEMOCON) as {
      schedule: { base_url?: string; conference: DemoconConference };
    };
    const gray = document.schedule.conference.days[0]!.rooms['Gray Room']!;
    const avatars = ['media/avatars/first.jpg', 'http://example.org/second.jpg'];
    gray.slice(0, 2).forEach((event, i) => {
      (event.persons[0] as { avatar?: string }).avatar = avatars[i];
    });
    const names = gray.slice(0, 2).map((event) => event.persons[0]!.public_name);
    const photoOf = async (name: string) =>
      (await db.select({ photoUrl: speakers.photoUrl }).from(speakers).where(eq(speakers.name, name)))[0]?.photoUrl;

    document.schedule.base_url = 'https://pretalx.example.org/democon/schedule/';
    const report = await importDemocon(db, JSON.stringify(document));
    expect(await photoOf(names[0]!)).toBe('https://pretalx.example.org/democon/schedule/media/avatars/first.jpg');
    expect(await photoOf(names[1]!)).toBeNull();
    // (DemoCon's file gives two rooms one guid: a warning of its own.)
    const avatarWarnings = (warnings: ImportProblem[]) => warnings.filter((w) => w.where.endsWith('/avatar'));
    expect(withoutKinds(avatarWarnings(report.warnings))).toEqual([
      {
        where: '/schedule/conference/days/0/rooms/Gray Room/1/persons/0/avatar',
        message: `${names[1]}'s avatar: "http://example.org/second.jpg" is not an https:// address; give the photo's full address, starting with https://; left out`,
      },
    ]);

    // Without a base, a relative avatar is left out; the speaker keeps the photo they have.
    delete document.schedule.base_url;
    const without = await importDemocon(db, JSON.stringify(document));
    expect(avatarWarnings(without.warnings).map((w) => w.message)).toEqual([
      `${names[0]}'s avatar: "media/avatars/first.jpg" is a relative address and the file gives no base_url to resolve it against; left out`,
      `${names[1]}'s avatar: "http://example.org/second.jpg" is not an https:// address; give the photo's full address, starting with https://; left out`,
    ]);
    expect(await photoOf(names[0]!)).toBe('https://pretalx.example.org/democon/schedule/media/avatars/first.jpg');
  });

  it('updates talks in place on a new version: moved, renamed, re-cast and dropped talks, released under the next free name', async () => {
    const db = await database();
    await importDemocon(db);
    const first = await program(db, 'democon');
    const edited = democon((conference) => {
      const gray = conference.days[0]!.rooms['Gray Room']!;
      gray[0]!.date = '2020-12-14T16:00:00+01:00';
      gray[1]!.title = 'Quality-focused 7thgeneration website';
      // Found again by her pretalx code, however the file spells her name.
      gray[2]!.persons = [
        { public_name: 'Kimberly  GRIFFIN', code: 'QLYZSY' },
        { public_name: 'New Person', biography: 'Just joined.' },
      ];
      conference.days[2]!.rooms['Tan Room']!.pop();
    });
    const report = await importDemocon(db, edited);
    expect(report.changes).toEqual({
      days: SAME,
      rooms: SAME,
      tracks: SAME,
      talks: { created: 0, updated: 2, removed: 1 },
      speakers: { created: 1, updated: 1, removed: 0 },
      slots: { created: 0, updated: 1, removed: 1 },
    });
    expect(report.counts.talks).toBe(35);
    // The file still says v1.1, which is taken: the release gets the next number.
    expect(report.release).toEqual({ version: '2', created: true, versionTaken: 'v1.1' });
    const event = await eventBySlug(db, 'democon');
    const [latest] = await listReleases(db, event.id);
    expect(latest!.changes.map((c) => [c.kind, c.title])).toEqual([
      ['moved', 'Focused 5thgeneration hardware'],
      ['cancelled', 'Proactive leadingedge Graphical User Interface'],
    ]);

    const second = await program(db, 'democon');
    const byGuid = (list: typeof first, guid: string) => list.find((t) => t.guid === guid)!;
    // Same rows, same guids and slugs: a re-import updates in place.
    expect(second.map((t) => [t.id, t.guid, t.slug])).toEqual(first.map((t) => [t.id, t.guid, t.slug]));
    expect(byGuid(second, first[0]!.guid).start).toBe('2020-12-14T15:00:00.000Z');
    expect(byGuid(second, first[1]!.guid)).toMatchObject({
      title: 'Quality-focused 7thgeneration website',
      // The file's slug, kept through the rename.
      slug: 'democon-26-quality-focused-6thgeneration-website',
    });
    expect(byGuid(second, first[2]!.guid).speakers).toEqual(['Kimberly GRIFFIN', 'New Person']);
    const dropped = byGuid(second, first[35]!.guid);
    expect([dropped.state, dropped.start]).toEqual(['withdrawn', undefined]);

    // The old file once more brings the talk back, confirmed, with its guid.
    const back = await importDemocon(db);
    expect(back.changes.talks).toEqual({ created: 0, updated: 3, removed: 0 });
    expect(back.changes.slots).toEqual({ created: 1, updated: 1, removed: 0 });
    expect(back.release?.version).toBe('3');
    expect(await program(db, 'democon')).toEqual(first);
    // Both moves went through the talk lifecycle, which recorded them as the import's.
    const records = await db.select().from(talkStateChanges).orderBy(asc(talkStateChanges.id));
    expect(records.map((r) => [r.talkId, r.fromState, r.toState, r.actorRole, r.actorUserId, r.reason])).toEqual([
      [dropped.id, 'confirmed', 'withdrawn', 'import', null, 'no longer in the file'],
      [dropped.id, 'withdrawn', 'confirmed', 'import', null, 'listed by the file again'],
    ]);
  });

  it("updates the recording choice in place as the file changes it, and keeps Lectern's when the file does not say", async () => {
    const db = await database();
    await importDemocon(db);
    const flipped = democon((conference) => {
      conference.days[0]!.rooms['Tan Room']![2]!.do_not_record = false;
      const gray = conference.days[0]!.rooms['Gray Room']!;
      gray[0]!.do_not_record = true;
      delete gray[1]!.do_not_record;
      gray[2]!.do_not_record = null;
    });
    const report = await importDemocon(db, flipped);
    expect(report.changes.talks).toEqual({ created: 0, updated: 2, removed: 0 });
    // The slots are the same, so there is nothing new to release.
    expect([report.changed, report.release?.created]).toEqual([true, false]);
    expect(await recordingChoices(db, 'democon')).toEqual({ true: 2, false: 34, null: 0 });
    const day = (JSON.parse(flipped) as { schedule: { conference: DemoconConference } }).schedule.conference.days[0]!;
    const titles = [day.rooms['Tan Room']![2]!, ...day.rooms['Gray Room']!.slice(0, 3)].map((e) => e.title);
    expect(await Promise.all(titles.map((title) => doNotRecordOf(db, title)))).toEqual([false, true, false, false]);

    // An organiser records what the speakers said; a file that does not say keeps it.
    await db.update(talks).set({ doNotRecord: true }).where(eq(talks.title, titles[2]!));
    const before = await dumpDatabase(db);
    expect((await importDemocon(db, flipped)).changed).toBe(false);
    expect(await dumpDatabase(db)).toEqual(before);

    const unreadable = democon((conference) => {
      conference.days[0]!.rooms['Tan Room']![2]!.do_not_record = 'yes';
    });
    const refused = await importDemocon(db, unreadable);
    expect(withoutKind(refused.warnings.at(-1))).toEqual({
      where: '/schedule/conference/days/0/rooms/Tan Room/2/do_not_record',
      message:
        '"do_not_record": "yes" is not true, false or null; the talk\'s recording choice is left as Lectern knows it',
    });
    expect(await doNotRecordOf(db, titles[0]!)).toBe(false);
  });

  it('writes nothing when the database refuses a row midway, for a new event and for an existing one', async () => {
    const db = await database();
    // A real failure late in the transaction: the database itself refuses the file's last talk.
    await db.execute(sql`
      create or replace function lectern_test_refuse_talk() returns trigger language plpgsql as $$
      begin
        if new.title = 'The last straw' then raise exception 'the test refuses "%"', new.title; end if;
        return new;
      end $$`);
    await db.execute(sql`
      create trigger lectern_test_refuse_talk before insert or update on talks
      for each row execute function lectern_test_refuse_talk()`);
    const REFUSED = new DomainError(
      'the database refused the import, so nothing was written: the test refuses "The last straw"',
    );
    try {
      const poisoned = democon((conference) => {
        conference.days[0]!.rooms['Gray Room']![0]!.date = '2020-12-14T16:00:00+01:00';
        conference.days[2]!.rooms['Tan Room']![2]!.title = 'The last straw';
      });
      const empty = await dumpDatabase(db);
      await expect(importDemocon(db, poisoned)).rejects.toThrow(REFUSED);
      expect(await dumpDatabase(db)).toEqual(empty);

      await importDemocon(db);
      const imported = await dumpDatabase(db);
      await expect(importDemocon(db, poisoned, 'democon', 'DemoCon 2020')).rejects.toThrow(REFUSED);
      expect(await dumpDatabase(db)).toEqual(imported);
    } finally {
      await db.execute(sql`drop trigger if exists lectern_test_refuse_talk on talks`);
      await db.execute(sql`drop function if exists lectern_test_refuse_talk()`);
    }
  });

  it('gives the talks and rooms of a second copy of a file guids of their own, the same on every import', async () => {
    const db = await database();
    await importDemocon(db);
    const original = await program(db, 'democon');
    const copy = await importDemocon(db, democon(), 'democon-copy', 'DemoCon, again');
    expect(copy.event).toEqual({ slug: 'democon-copy', name: 'DemoCon, again', created: true });
    expect(copy.counts).toEqual({ days: 3, rooms: 2, tracks: 2, talks: 36, speakers: 27, slots: 36 });
    expect(withoutKind(copy.warnings[1])).toEqual({
      where: '/schedule/conference/rooms/0',
      message:
        'room "Gray Room": its guid b379c473-93b9-4eae-9a09-d482e86cede3 belongs to another room in Lectern; the room keeps a guid of its own',
    });
    expect(withoutKind(copy.warnings[2])).toEqual({
      where: '/schedule/conference/days/0/rooms/Gray Room/0',
      message:
        '"Focused 5thgeneration hardware": its guid 8079583e-8321-506c-95af-fd2903a5f075 belongs to a talk of another event; here it is ' +
        `${(await program(db, 'democon-copy'))[0]!.guid}`,
    });
    expect(copy.warnings).toHaveLength(2 + 36);
    const copied = await program(db, 'democon-copy');
    expect(copied.map((t) => t.title)).toEqual(original.map((t) => t.title));
    expect(copied.filter((t) => original.some((o) => o.guid === t.guid))).toEqual([]);
    expect(await program(db, 'democon')).toEqual(original);

    const before = await dumpDatabase(db);
    const again = await importDemocon(db, democon(), 'democon-copy');
    expect(again.changed).toBe(false);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('names a new event after --name or the conference, keeps an existing name, and keeps its zone when the file has none it knows', async () => {
    const db = await database();
    await importDemocon(db, democon(), 'democon', 'DemoCon 2020');
    expect((await eventBySlug(db, 'democon')).name).toBe('DemoCon 2020');
    const unknownZone = democon((conference) => {
      conference.time_zone_name = 'Mars/Olympus_Mons';
    });
    const report = await importDemocon(db, unknownZone);
    expect(withoutKind(report.warnings[0])).toEqual({
      where: '/schedule/conference/time_zone_name',
      message: '"Mars/Olympus_Mons" is not an IANA time zone; the event keeps its own (UTC for a new event)',
    });
    expect([report.event, report.timezone, report.changed]).toEqual([
      { slug: 'democon', name: 'DemoCon 2020', created: false },
      'UTC',
      false,
    ]);
    await expect(importDemocon(db, democon(), 'api')).rejects.toThrow(
      new InvalidInputError('"api" is reserved by Lectern; choose another slug', '--event'),
    );
    await expect(importDemocon(db, democon(), 'democon', 'Two\nlines')).rejects.toThrow(
      '--name: the event name must be one line of text, without control characters',
    );
  });

  it('finds talks without a guid again by the guid it derives from the conference and their id', async () => {
    const db = await database();
    const withoutGuids = democon((conference) => {
      for (const day of conference.days) for (const list of Object.values(day.rooms)) for (const e of list) e.guid = '';
    });
    const report = await importDemocon(db, withoutGuids);
    expect(report.notes.find((n) => n.message.startsWith('talks without a guid'))).toMatchObject({
      message:
        'talks without a guid: each gets a UUID v5 made from the conference and its id, the same on every import',
      count: 36,
    });
    const before = await dumpDatabase(db);
    expect((await importDemocon(db, withoutGuids)).changed).toBe(false);
    expect(await dumpDatabase(db)).toEqual(before);
  });
});

/** A frab schedule.xml of one day whose talks (one per room, at 10:00) have the given persons. */
function frabWithPersons(...talksPersons: string[][]): string {
  const rooms = talksPersons.map(
    (persons, i) =>
      `    <room name="Room ${i + 1}"><event guid="00000000-0000-4000-8000-00000000000${i + 1}" id="${i + 1}">` +
      `<date>2026-05-04T10:00:00+02:00</date><duration>00:30</duration><title>Talk ${i + 1}</title>` +
      `<persons>${persons.join('')}</persons></event></room>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<schedule><version>1</version>',
    '  <conference><acronym>democon</acronym><title>DemoCon</title><time_zone_name>Europe/Berlin</time_zone_name></conference>',
    '  <day index="1" date="2026-05-04" start="2026-05-04T09:00:00+02:00" end="2026-05-04T18:00:00+02:00">',
    ...rooms,
    '  </day>',
    '</schedule>',
  ].join('\n');
}

/** The event's speakers with their guids and codes, and the speakers of each talk by title. */
async function people(db: Database, slug: string) {
  const event = await eventBySlug(db, slug);
  const rows = await db
    .select({ name: speakers.name, guid: speakers.guid, code: speakers.code })
    .from(speakers)
    .where(eq(speakers.eventId, event.id))
    .orderBy(asc(speakers.id));
  const talksOf = await program(db, slug);
  return { speakers: rows, talks: talksOf.map((t) => [t.title, t.speakers]) };
}

/** DemoCon's 27 talks of 30 minutes and 9 workshops of 90, in the order the file first names them. */
const SESSION_TYPES_OF_DEMOCON = [
  { slug: 'talk', name: 'Talk', durationMinutes: 30, position: 1 },
  { slug: 'workshop', name: 'Workshop', durationMinutes: 90, position: 2 },
];

describe("the file's session types", () => {
  it("creates the event's session types from the talks' types, lasting as most of their talks do, links the talks, and a second import creates none", async () => {
    const db = await database();
    const report = await importDemocon(db);
    expect(report.changes.talks.created).toBeGreaterThan(0);
    const event = await eventBySlug(db, 'democon');
    const types = await db
      .select({
        id: sessionTypes.id,
        slug: sessionTypes.slug,
        name: sessionTypes.name,
        durationMinutes: sessionTypes.durationMinutes,
        position: sessionTypes.position,
      })
      .from(sessionTypes)
      .where(eq(sessionTypes.eventId, event.id))
      .orderBy(asc(sessionTypes.position));
    expect(types.map(({ id: _, ...type }) => type)).toEqual(SESSION_TYPES_OF_DEMOCON);
    const linked = await db
      .select({ sessionType: talks.sessionType, sessionTypeId: talks.sessionTypeId })
      .from(talks)
      .where(eq(talks.eventId, event.id));
    const idOf = new Map(types.map((type) => [type.name, type.id]));
    expect(linked.every((talk) => talk.sessionTypeId === idOf.get(talk.sessionType!))).toBe(true);

    const before = await dumpDatabase(db);
    await importDemocon(db);
    expect(await dumpDatabase(db)).toEqual(before);
  });
});

describe('telling people apart', () => {
  const ANNA = 'a0000000-0000-4000-8000-00000000000a';
  const OTHER_ANNA = 'b0000000-0000-4000-8000-00000000000b';

  it('keeps "Anna" and "anna" of a frab file without ids as two speakers, and one name spaced twice as one', async () => {
    const db = await database();
    const xml = frabWithPersons(['<person>Anna</person>'], ['<person>anna</person>'], ['<person>Anna </person>']);
    const report = await importSchedule(db, { format: 'frab', content: xml, eventSlug: 'democon', fileName: 'f.xml' });
    expect(report.changes.speakers).toEqual(NEW(2));
    expect(await people(db, 'democon')).toEqual({
      speakers: [
        { name: 'Anna', guid: null, code: null },
        { name: 'anna', guid: null, code: null },
      ],
      talks: [
        ['Talk 1', ['Anna']],
        ['Talk 2', ['anna']],
        ['Talk 3', ['Anna']],
      ],
    });
  });

  it('finds frab persons by GUID: two of one name stay two, one respelt is updated in place, and GUIDs are kept', async () => {
    const db = await database();
    const first = frabWithPersons(
      [`<person guid="${ANNA}">Anna</person>`],
      [`<person guid="${OTHER_ANNA}">Anna</person>`],
      [`<person guid="${ANNA.toUpperCase()}">anna</person>`],
    );
    await importSchedule(db, { format: 'frab', content: first, eventSlug: 'democon', fileName: 'f.xml' });
    expect(await people(db, 'democon')).toEqual({
      speakers: [
        { name: 'Anna', guid: ANNA, code: null },
        { name: 'Anna', guid: OTHER_ANNA, code: null },
      ],
      talks: [
        ['Talk 1', ['Anna']],
        ['Talk 2', ['Anna']],
        ['Talk 3', ['Anna']],
      ],
    });
    const [before] = await db.select({ id: speakers.id }).from(speakers).where(eq(speakers.guid, ANNA));

    const respelt = frabWithPersons(
      [`<person guid="${ANNA}">Anna Lindqvist</person>`],
      [`<person guid="${OTHER_ANNA}">Anna</person>`],
    );
    const report = await importSchedule(db, {
      format: 'frab',
      content: respelt,
      eventSlug: 'democon',
      fileName: 'f.xml',
    });
    expect(report.changes.speakers).toEqual({ created: 0, updated: 1, removed: 0 });
    const [after] = await db
      .select({ id: speakers.id, name: speakers.name })
      .from(speakers)
      .where(eq(speakers.guid, ANNA));
    expect(after).toEqual({ id: before!.id, name: 'Anna Lindqvist' });
  });

  it('finds schedule.json persons by GUID, then pretalx code, and never merges "Anna" and "anna" by name', async () => {
    const db = await database();
    const edited = democon((conference) => {
      const [gray, tan] = [conference.days[0]!.rooms['Gray Room']!, conference.days[0]!.rooms['Tan Room']!];
      gray[0]!.persons = [{ public_name: 'Anna', code: 'ANNA01' }];
      gray[1]!.persons = [{ public_name: 'anna', code: 'ANNA02' }];
      gray[2]!.persons = [{ public_name: 'ANNA', code: 'ANNA01' }];
      tan[0]!.persons = [{ public_name: 'Anna', guid: OTHER_ANNA }];
      tan[1]!.persons = [{ public_name: 'anna' }];
      tan[2]!.persons = [{ public_name: 'Anna' }];
    });
    await importDemocon(db, edited);
    const annas = (await people(db, 'democon')).speakers.filter((s) => s.name.toLowerCase() === 'anna');
    expect(annas).toEqual([
      { name: 'Anna', guid: null, code: 'ANNA01' },
      { name: 'anna', guid: null, code: 'ANNA02' },
      { name: 'Anna', guid: OTHER_ANNA, code: null },
      { name: 'anna', guid: null, code: null },
      { name: 'Anna', guid: null, code: null },
    ]);
    // The same file again finds each of them, and writes nothing.
    const before = await dumpDatabase(db);
    expect((await importDemocon(db, edited)).changed).toBe(false);
    expect(await dumpDatabase(db)).toEqual(before);
  });
});

describe("keeping a file's identifiers", () => {
  it("keeps the acronym, each talk's id and slug, and reports the ones that had to change and why", async () => {
    const db = await database();
    // A talk made in Lectern already holds the slug the file gives its second talk.
    await db.insert(events).values({ slug: 'democon', name: 'DemoCon' });
    const [event] = await db.select().from(events).where(eq(events.slug, 'democon'));
    await db.insert(talks).values({
      eventId: event!.id,
      slug: 'democon-26-quality-focused-6thgeneration-website',
      title: 'Ours',
      position: 99,
      state: 'draft',
    });
    const edited = democon((conference) => {
      const gray = conference.days[0]!.rooms['Gray Room'] as unknown as Record<string, unknown>[];
      // The third talk repeats the first one's id, the fourth its slug; the fifth's slug is no slug.
      gray[2]!.id = gray[0]!.id;
      gray[3]!.slug = gray[0]!.slug;
      gray[4]!.slug = 'Not A Slug!';
    });
    const report = await importDemocon(db, edited);
    const gray = (JSON.parse(edited) as { schedule: { conference: DemoconConference } }).schedule.conference.days[0]!
      .rooms['Gray Room'] as unknown as { title: string; slug: string }[];
    const where = (i: number) => `/schedule/conference/days/0/rooms/Gray Room/${i}`;
    expect(withoutKinds(report.warnings.slice(1))).toEqual([
      {
        where: where(2),
        message: `"${gray[2]!.title}" has the id 25 of the talk at ${where(0)}; exports give it Lectern's id instead`,
      },
      {
        where: where(3),
        message: `"${gray[3]!.title}" has the slug "${gray[0]!.slug}" of the talk at ${where(0)}; it gets one made from its title`,
      },
      {
        where: where(4),
        message: `"${gray[4]!.title}": its slug "Not A Slug!" is not a slug Lectern can keep; it gets one made from its title`,
      },
      {
        where: where(1),
        message: `"${gray[1]!.title}": its slug "democon-26-quality-focused-6thgeneration-website" belongs to another talk of this event; here it is "quality-focused-6thgeneration-website"`,
      },
    ]);
    const rows = await db
      .select({ title: talks.title, slug: talks.slug, externalId: talks.externalId })
      .from(talks)
      .where(eq(talks.source, 'schedule-json'))
      .orderBy(asc(talks.position));
    expect(rows.slice(0, 5)).toEqual([
      { title: gray[0]!.title, slug: gray[0]!.slug, externalId: 25 },
      { title: gray[1]!.title, slug: 'quality-focused-6thgeneration-website', externalId: 26 },
      { title: gray[2]!.title, slug: gray[2]!.slug, externalId: null },
      { title: gray[3]!.title, slug: expect.not.stringMatching(/^democon-/), externalId: expect.any(Number) },
      { title: gray[4]!.title, slug: expect.not.stringMatching(/^democon-/), externalId: expect.any(Number) },
    ]);
    expect((await eventBySlug(db, 'democon')).acronym).toBe('democon');
  });

  it('leaves out an acronym the exports could not carry, saying so', async () => {
    const db = await database();
    const report = await importSchedule(db, {
      format: 'frab',
      content: frabWithPersons([]).replace('<acronym>democon</acronym>', '<acronym>Demo Con!</acronym>'),
      eventSlug: 'democon',
      fileName: 'f.xml',
    });
    expect(withoutKinds(report.warnings)).toEqual([
      {
        where: 'conference acronym',
        message:
          '"Demo Con!" is not an acronym frab and c3voc accept (lower-case letters, digits and underscores, 4 or more); exports derive one from the event\'s slug',
      },
    ]);
    expect((await eventBySlug(db, 'democon')).acronym).toBeNull();
  });
});
