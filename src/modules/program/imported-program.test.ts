import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { events, speakers, talkSpeakers, talks, talkStateChanges, tracks } from '../../db/schema.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createUser } from '../../../test/helpers/site.js';
import {
  syncImportedProgram,
  type ImportedProgram,
  type ImportedProgramTalk,
  type ImportedSpeaker,
} from './imported-program.js';
import { withoutKinds } from '../../../test/helpers/warnings.js';

async function setUp() {
  const { db } = await testDatabase();
  const [event] = await db.insert(events).values({ slug: 'conf', name: 'Conf' }).returning();
  const [web] = await db
    .insert(tracks)
    .values({ eventId: event!.id, slug: 'web', name: 'Web', position: 1 })
    .returning();
  return { db, event: event!, webId: web!.id };
}

function person(key: string, biography: string | undefined = undefined, guid?: string): ImportedSpeaker {
  return { key, name: key, biography, guid, code: undefined };
}

function talk(sourceKey: string, title: string, speakerKeys: string[], more: Partial<ImportedProgramTalk> = {}) {
  return {
    where: `line ${sourceKey}`,
    sourceKey,
    guid: undefined,
    guidIfTaken: undefined,
    slug: undefined,
    title,
    description: `About ${title}`,
    abstract: '',
    attention: [],
    trackId: null,
    levelId: undefined,
    speakerKeys,
    details: undefined,
    ...more,
  } satisfies ImportedProgramTalk;
}

/** A schedule-like program: its talks carry guids, and talks it no longer lists are withdrawn. */
function schedule(talksOf: ImportedProgramTalk[], people: ImportedSpeaker[]): ImportedProgram {
  return { source: 'frab', relatedSources: ['schedule-json'], speakers: people, talks: talksOf, unlisted: 'withdraw' };
}

/** A talks-page-like program: no ids, and talks it no longer lists are deleted. */
function page(talksOf: ImportedProgramTalk[], people: ImportedSpeaker[]): ImportedProgram {
  return { source: 'talks-page', relatedSources: [], speakers: people, talks: talksOf, unlisted: 'delete' };
}

const GUID_A = '11111111-1111-4111-8111-111111111111';
const GUID_B = '22222222-2222-4222-8222-222222222222';

async function program(db: Database, eventId: number) {
  const rows = await db
    .select({
      id: talks.id,
      guid: talks.guid,
      slug: talks.slug,
      title: talks.title,
      state: talks.state,
      sourceKey: talks.sourceKey,
      updatedAt: talks.updatedAt,
    })
    .from(talks)
    .where(eq(talks.eventId, eventId))
    .orderBy(asc(talks.id));
  const links = await db.select().from(talkSpeakers).orderBy(asc(talkSpeakers.talkId), asc(talkSpeakers.position));
  const people = await db.select().from(speakers).where(eq(speakers.eventId, eventId)).orderBy(asc(speakers.id));
  return {
    talks: rows.map((row) => ({
      ...row,
      speakers: links.filter((l) => l.talkId === row.id).map((l) => people.find((p) => p.id === l.speakerId)!.name),
    })),
    speakers: people.map((p) => ({
      id: p.id,
      name: p.name,
      biography: p.biography,
      photoUrl: p.photoUrl,
      userId: p.userId,
      updatedAt: p.updatedAt,
    })),
  };
}

const NONE = { created: 0, updated: 0, removed: 0 };

describe('syncing an imported program into an event', () => {
  it('creates speakers, talks and their speakers in order, and writes nothing when the same program comes again', async () => {
    const { db, event, webId } = await setUp();
    const given = schedule(
      [
        talk(GUID_A, 'Engines', ['Ada', 'Grace'], { guid: GUID_A, slug: 'engines', trackId: webId }),
        talk(GUID_B, 'Compilers', ['Grace'], { guid: GUID_B }),
      ],
      [person('Ada', 'Counts.'), person('Grace', undefined)],
    );
    const first = await syncImportedProgram(db, event, given);
    const state = await program(db, event.id);
    expect(first).toEqual({
      sessionTypesCreated: [],
      talkIds: state.talks.map((t) => t.id),
      talks: { created: 2, updated: 0, removed: 0 },
      speakers: { created: 2, updated: 0, removed: 0 },
      warnings: [],
      searchDocumentsUpdated: 0,
    });
    expect(
      state.talks.map(({ guid, slug, title, state: s, speakers: names }) => [guid, slug, title, s, names]),
    ).toEqual([
      [GUID_A, 'engines', 'Engines', 'confirmed', ['Ada', 'Grace']],
      [GUID_B, 'compilers', 'Compilers', 'confirmed', ['Grace']],
    ]);
    expect(state.speakers.map((s) => [s.name, s.biography])).toEqual([
      ['Ada', 'Counts.'],
      ['Grace', ''],
    ]);

    const again = await syncImportedProgram(db, event, given);
    expect(again).toEqual({
      sessionTypesCreated: [],
      talkIds: first.talkIds,
      talks: NONE,
      speakers: NONE,
      warnings: [],
      searchDocumentsUpdated: 0,
    });
    // Not a row written: the update times are as they were.
    expect(await program(db, event.id)).toEqual(state);
  });

  it('updates talks and speakers in place, keeping their ids, guids and slugs', async () => {
    const { db, event } = await setUp();
    const people = [person('Ada', 'Counts.'), person('Grace', 'Compiles.')];
    const first = await syncImportedProgram(
      db,
      event,
      schedule(
        [talk(GUID_A, 'Engines', ['Ada'], { guid: GUID_A }), talk(GUID_B, 'Compilers', ['Grace'], { guid: GUID_B })],
        people,
      ),
    );
    const before = await program(db, event.id);
    const second = await syncImportedProgram(
      db,
      event,
      schedule(
        [
          talk(GUID_A, 'Analytical Engines', ['Grace', 'Ada'], { guid: GUID_A }),
          talk(GUID_B, 'Compilers', ['Grace'], { guid: GUID_B }),
        ],
        // A biography the file does not give is kept; one it gives replaces the profile's.
        [person('Ada', undefined), person('Grace', 'Compiles COBOL.')],
      ),
    );
    expect(second).toEqual({
      sessionTypesCreated: [],
      talkIds: first.talkIds,
      talks: { created: 0, updated: 1, removed: 0 },
      speakers: { created: 0, updated: 1, removed: 0 },
      warnings: [],
      searchDocumentsUpdated: 1,
    });
    const after = await program(db, event.id);
    expect(after.talks.map(({ id, guid, slug, title, speakers: names }) => [id, guid, slug, title, names])).toEqual([
      [before.talks[0]!.id, GUID_A, 'engines', 'Analytical Engines', ['Grace', 'Ada']],
      [before.talks[1]!.id, GUID_B, 'compilers', 'Compilers', ['Grace']],
    ]);
    expect(after.talks[1]!.updatedAt).toEqual(before.talks[1]!.updatedAt);
    expect(after.speakers.map((s) => [s.id, s.name, s.biography])).toEqual([
      [before.speakers[0]!.id, 'Ada', 'Counts.'],
      [before.speakers[1]!.id, 'Grace', 'Compiles COBOL.'],
    ]);
  });

  it('withdraws a talk a schedule no longer lists through the lifecycle, and confirms it again when it comes back', async () => {
    const { db, event } = await setUp();
    const both = [
      talk(GUID_A, 'Engines', ['Ada'], { guid: GUID_A }),
      talk(GUID_B, 'Compilers', ['Grace'], { guid: GUID_B }),
    ];
    const people = [person('Ada'), person('Grace')];
    const first = await syncImportedProgram(db, event, schedule(both, people));
    const dropped = await syncImportedProgram(db, event, schedule([both[0]!], [people[0]!]));
    // The talk stays, with its speaker, so that its guid lives on; it leaves the program.
    expect(dropped).toEqual({
      sessionTypesCreated: [],
      talkIds: [first.talkIds[0]],
      talks: { created: 0, updated: 0, removed: 1 },
      speakers: NONE,
      warnings: [],
      searchDocumentsUpdated: 0,
    });
    expect((await program(db, event.id)).talks.map((t) => [t.title, t.state, t.speakers])).toEqual([
      ['Engines', 'confirmed', ['Ada']],
      ['Compilers', 'withdrawn', ['Grace']],
    ]);
    const back = await syncImportedProgram(db, event, schedule(both, people));
    expect(back.talks).toEqual({ created: 0, updated: 1, removed: 0 });
    expect((await program(db, event.id)).talks.map((t) => t.state)).toEqual(['confirmed', 'confirmed']);
    const records = await db.select().from(talkStateChanges).orderBy(asc(talkStateChanges.id));
    expect(records.map((r) => [r.talkId, r.fromState, r.toState, r.actorRole, r.reason])).toEqual([
      [first.talkIds[1], 'confirmed', 'withdrawn', 'import', 'no longer in the file'],
      [first.talkIds[1], 'withdrawn', 'confirmed', 'import', 'listed by the file again'],
    ]);
  });

  it('deletes a talk a talks page no longer lists, and its speaker who has no other talk', async () => {
    const { db, event } = await setUp();
    const people = [person('Ada', 'Counts.'), person('Grace', 'Compiles.')];
    await syncImportedProgram(
      db,
      event,
      page([talk('engines', 'Engines', ['Ada']), talk('compilers', 'Compilers', ['Grace', 'Ada'])], people),
    );
    const dropped = await syncImportedProgram(db, event, page([talk('engines', 'Engines', ['Ada'])], [people[0]!]));
    expect([dropped.talks, dropped.speakers]).toEqual([
      { created: 0, updated: 0, removed: 1 },
      { created: 0, updated: 0, removed: 1 },
    ]);
    const after = await program(db, event.id);
    expect([after.talks.map((t) => [t.title, t.state]), after.speakers.map((s) => s.name)]).toEqual([
      [['Engines', 'confirmed']],
      ['Ada'],
    ]);
    // A talks page says nothing of states: no change is recorded.
    expect(await db.$count(talkStateChanges)).toBe(0);
  });

  it('finds a talk of a file without ids whose key changed by its track and speakers, when only one fits', async () => {
    const { db, event, webId } = await setUp();
    const people = [person('Ada'), person('Grace')];
    const first = await syncImportedProgram(
      db,
      event,
      page(
        [talk('engines', 'Engines', ['Ada'], { trackId: webId }), talk('compilers', 'Compilers', ['Grace'])],
        people,
      ),
    );
    const renamed = await syncImportedProgram(
      db,
      event,
      page(
        [
          talk('steam engines', 'Steam Engines', ['Ada'], { trackId: webId }),
          talk('compilers', 'Compilers', ['Grace']),
        ],
        people,
      ),
    );
    expect([renamed.talkIds, renamed.talks]).toEqual([first.talkIds, { created: 0, updated: 1, removed: 0 }]);
    expect((await program(db, event.id)).talks.map((t) => [t.slug, t.title, t.sourceKey])).toEqual([
      ['engines', 'Steam Engines', 'steam engines'],
      ['compilers', 'Compilers', 'compilers'],
    ]);
  });

  it('never takes, changes or removes a speaker profile that belongs to an account, even of the same name', async () => {
    const { db, event } = await setUp();
    const user = await createUser(db, { email: 'ada@example.com' });
    const [own] = await db
      .insert(speakers)
      .values({ eventId: event.id, slug: 'ada', name: 'Ada', nameKey: 'Ada', biography: 'Mine.', userId: user.id })
      .returning();
    const result = await syncImportedProgram(
      db,
      event,
      page([talk('engines', 'Engines', ['Ada'])], [person('Ada', 'From the page.')]),
    );
    expect(result.speakers).toEqual({ created: 1, updated: 0, removed: 0 });
    const state = await program(db, event.id);
    expect(state.speakers.map((s) => [s.id === own!.id, s.name, s.biography, s.userId])).toEqual([
      [true, 'Ada', 'Mine.', user.id],
      [false, 'Ada', 'From the page.', null],
    ]);
    // The account's profile has no talk of the file, and stays.
    const emptied = await syncImportedProgram(db, event, page([talk('engines', 'Engines', [])], []));
    expect(emptied.speakers).toEqual({ created: 0, updated: 0, removed: 1 });
    expect((await program(db, event.id)).speakers.map((s) => s.userId)).toEqual([user.id]);
  });

  it("writes a person's photo, keeps it when a file does not say, clears it when a file says none, and leaves out one that is not https", async () => {
    const { db, event } = await setUp();
    const photo = 'https://cdn.example.org/ada.jpg';
    const withPhoto = (photoUrl: string | null | undefined) =>
      schedule([talk(GUID_A, 'Engines', ['Ada'], { guid: GUID_A })], [{ ...person('Ada', 'Counts.'), photoUrl }]);
    const photos = async () => (await program(db, event.id)).speakers.map((s) => [s.name, s.photoUrl]);

    expect((await syncImportedProgram(db, event, withPhoto(photo))).speakers).toEqual({
      created: 1,
      updated: 0,
      removed: 0,
    });
    expect(await photos()).toEqual([['Ada', photo]]);
    // A file that says nothing of photos writes nothing.
    expect((await syncImportedProgram(db, event, withPhoto(undefined))).speakers).toEqual(NONE);
    expect(await photos()).toEqual([['Ada', photo]]);
    // One the check refuses is named and left out; the speaker keeps the photo they had.
    const refused = await syncImportedProgram(db, event, withPhoto('javascript:alert(1)'));
    expect(withoutKinds(refused.warnings)).toEqual([
      {
        where: 'person Ada',
        message:
          'Ada\'s photo: "javascript:alert(1)" is not an https:// address; give the photo\'s full address, starting with https://; left out',
      },
    ]);
    expect(refused.speakers).toEqual(NONE);
    expect(await photos()).toEqual([['Ada', photo]]);
    const changed = 'https://cdn.example.org/ada-2.jpg';
    expect((await syncImportedProgram(db, event, withPhoto(changed))).speakers).toEqual({
      created: 0,
      updated: 1,
      removed: 0,
    });
    expect(await photos()).toEqual([['Ada', changed]]);
    expect((await syncImportedProgram(db, event, withPhoto(null))).speakers).toEqual({
      created: 0,
      updated: 1,
      removed: 0,
    });
    expect(await photos()).toEqual([['Ada', null]]);
  });
});
