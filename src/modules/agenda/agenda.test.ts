import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { events } from '../../db/schema.js';
import { importTalksPage } from '../exchange/index.js';
import { notifyProgramChanged, PROGRAM_CHANGED_CHANNEL } from '../program/index.js';
import { SAMPLE_TEXT } from '../../../test/helpers/app.js';
import { resetDatabase, testDatabase, testDatabaseKind } from '../../../test/helpers/database.js';
import { countingDatabase } from '../../../test/routes/count-queries.js';
import { Agenda, watchProgramChanges } from './agenda.js';

/** PyBay imported under each of these slugs (named "PyBay <slug>"). */
async function importEvents(slugs: string[]): Promise<void> {
  const { db } = await testDatabase();
  await resetDatabase(db);
  for (const slug of slugs) {
    await importTalksPage(db, { eventSlug: slug, eventName: `PyBay ${slug}`, content: SAMPLE_TEXT });
  }
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Agenda', () => {
  it('loads nothing until a program is asked for, then loads that one only', async () => {
    await importEvents(['a', 'b']);
    const { db } = await testDatabase();
    const counting = countingDatabase(db);
    const agenda = new Agenda(counting.db);
    expect(agenda.usage.programs).toBe(0);
    expect(counting.queries).toHaveLength(0);

    const program = await agenda.program('a');

    expect(program!.talks).toHaveLength(38);
    expect(agenda.event('a')).toBe(program);
    expect(agenda.event('b')).toBeUndefined();
    expect(agenda.usage).toMatchObject({ programs: 1, loads: 1, evictions: 0 });
    expect(agenda.usage.bytes).toBe(program!.estimatedBytes);
    // Asked again: from memory, no query.
    counting.reset();
    expect(await agenda.program('a')).toBe(program);
    expect(counting.queries).toHaveLength(0);
  });

  it('lists the published events in one query, without loading a program, and answers an unknown event without a query', async () => {
    await importEvents(['b', 'a']);
    const { db } = await testDatabase();
    await db
      .update(events)
      .set({ startsOn: '2016-08-20', endsOn: '2016-08-21', timezone: 'America/Los_Angeles' })
      .where(eq(events.slug, 'a'));
    const counting = countingDatabase(db);
    const agenda = new Agenda(counting.db);

    const list = await agenda.events();

    expect(counting.queries).toHaveLength(1);
    expect(agenda.usage.programs).toBe(0);
    expect(list.events.map((event) => ({ ...event, descriptionHtml: event.descriptionHtml }))).toEqual([
      {
        slug: 'a',
        name: 'PyBay a',
        talkCount: 38,
        timezone: 'America/Los_Angeles',
        startDate: '2016-08-20',
        endDate: '2016-08-21',
        venue: null,
        description: '',
        descriptionHtml: '',
        logoUrl: null,
        cfpOpensAt: null,
        cfpClosesAt: null,
        // The start of the day after the last, in the event's zone (PDT, UTC−7).
        pastAt: new Date('2016-08-22T07:00:00Z'),
        // One change so far: its import.
        programVersion: 2,
      },
      {
        slug: 'b',
        name: 'PyBay b',
        talkCount: 38,
        timezone: 'UTC',
        startDate: null,
        endDate: null,
        venue: null,
        description: '',
        descriptionHtml: '',
        logoUrl: null,
        cfpOpensAt: null,
        cfpClosesAt: null,
        pastAt: null,
        programVersion: 2,
      },
    ]);
    counting.reset();
    expect(await agenda.program('nowhere')).toBeUndefined();
    expect(counting.queries).toHaveLength(0);
  });

  it('keeps programs within its memory budget, dropping the least recently asked for, and loads a dropped one again when asked', async () => {
    await importEvents(['a', 'b', 'c']);
    const { db } = await testDatabase();
    const probe = await new Agenda(db).program('a');
    // Room for two PyBays, not three.
    const agenda = new Agenda(db, { budgetBytes: Math.floor(probe!.estimatedBytes * 2.5) });

    await agenda.program('a');
    await agenda.program('b');
    await agenda.program('a');
    await agenda.program('c');

    expect(agenda.event('a')).toBeDefined();
    expect(agenda.event('b')).toBeUndefined();
    expect(agenda.event('c')).toBeDefined();
    expect(agenda.usage).toMatchObject({ programs: 2, loads: 3, evictions: 1 });
    expect(agenda.usage.bytes).toBeLessThanOrEqual(agenda.usage.budgetBytes);

    const again = await agenda.program('b');
    expect(again!.talks).toHaveLength(38);
    expect(agenda.event('a')).toBeUndefined();
    expect(agenda.usage).toMatchObject({ programs: 2, loads: 4, evictions: 2 });
  });

  it('loads a program bigger than one page of rows whole, in program order, each talk with all its speakers', async () => {
    const { db } = await testDatabase();
    await resetDatabase(db);
    const [event] = await db.insert(events).values({ slug: 'big', name: 'Big' }).returning({ id: events.id });
    // 4,500 talks (more than two pages of 2,000), placed in reverse id order; a speaker each, and
    // talks 1,999 to 2,001 (by id) with a second speaker, so links straddle a page's end.
    await db.execute(sql`
      insert into talks (event_id, slug, title, position, state)
      select ${event!.id}, 'talk-' || n, 'Talk ' || n, 5000 - n, 'confirmed' from generate_series(1, 4500) n`);
    await db.execute(sql`
      insert into speakers (event_id, slug, name, name_key)
      select ${event!.id}, 'speaker-' || n, 'Speaker ' || n, 'speaker ' || n from generate_series(1, 4501) n`);
    await db.execute(sql`
      insert into talk_speakers (talk_id, speaker_id, position)
      select t.id, s.id, 1 from talks t join speakers s on s.slug = 'speaker-' || substr(t.slug, 6)
      union all
      select t.id, s.id, 2 from talks t, speakers s
      where t.slug in ('talk-1999', 'talk-2000', 'talk-2001') and s.slug = 'speaker-4501'`);

    const program = (await new Agenda(db).program('big'))!;

    expect(program.talks).toHaveLength(4500);
    expect(program.talks[0]!.slug).toBe('talk-4500');
    expect(program.talks.at(-1)!.slug).toBe('talk-1');
    expect(program.talks.every((talk) => talk.speakers[0]?.slug === `speaker-${talk.slug.slice(5)}`)).toBe(true);
    expect(
      program.talks
        .filter((talk) => talk.speakers.length === 2)
        .map((talk) => talk.slug)
        .sort(),
    ).toEqual(['talk-1999', 'talk-2000', 'talk-2001']);
    expect(program.speakers).toHaveLength(4501);
    expect(program.speakerBySlug.get('speaker-4501')!.talks.map((talk) => talk.slug)).toEqual([
      'talk-2001',
      'talk-2000',
      'talk-1999',
    ]);
  });

  it('keeps a program larger than the whole budget while it is the one asked for', async () => {
    await importEvents(['a', 'b']);
    const { db } = await testDatabase();
    const agenda = new Agenda(db, { budgetBytes: 1 });

    expect((await agenda.program('a'))!.talks).toHaveLength(38);
    expect(agenda.event('a')).toBeDefined();
    await agenda.program('b');
    expect(agenda.event('a')).toBeUndefined();
    expect(agenda.event('b')).toBeDefined();
  });

  it('drops an event that is no longer published, on reload and on loadAll', async () => {
    await importEvents(['pybay-2016']);
    const { db } = await testDatabase();
    const agenda = new Agenda(db);
    await agenda.loadAll();
    await db.update(events).set({ published: false });

    await agenda.reload('pybay-2016');
    expect(agenda.event('pybay-2016')).toBeUndefined();
    await db.update(events).set({ published: true });
    await agenda.loadAll();
    expect(agenda.event('pybay-2016')).toBeDefined();
    await db.delete(events);
    await agenda.loadAll();

    expect(agenda.event('pybay-2016')).toBeUndefined();
    expect((await agenda.events()).events).toEqual([]);
  });

  it('gives each load of an event a new version, so cached answers of the old one are never served', async () => {
    await importEvents(['pybay-2016']);
    const { db } = await testDatabase();
    const agenda = new Agenda(db);
    const first = (await agenda.program('pybay-2016'))!;

    await agenda.reload('pybay-2016');

    expect(agenda.event('pybay-2016')!.version).not.toBe(first.version);
    expect(agenda.event('pybay-2016')).not.toBe(first);
  });

  it('folds simultaneous loads of one event into the one under way and one more', async () => {
    await importEvents(['pybay-2016']);
    const { db } = await testDatabase();
    const counting = countingDatabase(db);
    const agenda = new Agenda(counting.db);
    await agenda.program('pybay-2016');
    counting.reset();

    await Promise.all([1, 2, 3, 4, 5].map(() => agenda.reload('pybay-2016')));
    const perLoad = counting.queries.length / 2;
    counting.reset();
    await Promise.all([1, 2, 3].map(() => agenda.program('pybay-2016')));

    // One load under way, one after it for the calls that came meanwhile; then all from memory.
    expect(perLoad).toBe(10);
    expect(counting.queries).toHaveLength(0);
  });

  it('on a change notice, reloads an event in memory whose version moved, and leaves alone one not in memory', async () => {
    await importEvents(['a', 'b']);
    const { db } = await testDatabase();
    const agenda = new Agenda(db);
    const changes: (string | undefined)[] = [];
    agenda.onChange((slug) => changes.push(slug));
    const a = (await agenda.program('a'))!;
    const listVersion = agenda.listVersion;

    // The version it already has: nothing to do but forget cached answers of the list.
    agenda.changed('a', a.programVersion);
    agenda.changed('b', 7);
    await eventually(() => changes.length >= 2);
    expect(agenda.event('a')).toBe(a);
    expect(agenda.event('b')).toBeUndefined();
    expect(agenda.listVersion).toBeGreaterThan(listVersion);

    agenda.changed('a', a.programVersion + 1);
    await eventually(() => agenda.event('a') !== a);
    expect(agenda.event('a')!.talks).toHaveLength(38);
    expect(agenda.event('b')).toBeUndefined();
  });

  it('moves the program version in the changing transaction and announces it', async () => {
    await importEvents(['a']);
    const handle = await testDatabase();
    const payloads: string[] = [];
    const stop = await handle.listen(PROGRAM_CHANGED_CHANNEL, (payload) => payloads.push(payload));
    try {
      const [before] = await handle.db.select({ version: events.programVersion }).from(events);
      await handle.db
        .transaction(async (tx) => {
          await notifyProgramChanged(tx, 'a');
          throw new Error('rolled back');
        })
        .catch(() => {});
      await handle.db.transaction((tx) => notifyProgramChanged(tx, 'a'));
      await eventually(() => payloads.length > 0);
      const [after] = await handle.db.select({ version: events.programVersion }).from(events);

      expect(after!.version).toBe(before!.version + 1);
      expect(payloads).toEqual([`a:${before!.version + 1}`]);
    } finally {
      await stop();
    }
  });

  it('after lost notices, resync reloads only the events whose version moved and drops those gone', async () => {
    await importEvents(['a', 'b', 'c']);
    const { db } = await testDatabase();
    const agenda = new Agenda(db);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((slug) => agenda.program(slug)));
    // Changes whose notices were lost.
    await db.execute(sql`update events set program_version = program_version + 1 where slug = 'b'`);
    await db.update(events).set({ published: false }).where(eq(events.slug, 'c'));

    await agenda.resync();
    await eventually(() => agenda.event('b') !== b);

    expect(agenda.event('a')).toBe(a);
    expect(agenda.event('b')!.programVersion).toBe(b!.programVersion + 1);
    expect(agenda.event('c')).toBeUndefined();
    expect(c).toBeDefined();
  });

  it.runIf(testDatabaseKind() === 'postgres')(
    'recovers from killed connections: queries answer again, and only the events changed meanwhile reload',
    async () => {
      await importEvents(['a', 'b']);
      const worker = await testDatabase();
      const [{ url }] = (
        (await worker.db.execute(sql`select current_database() as url`)) as unknown as { rows: { url: string }[] }
      ).rows as [{ url: string }];
      const address = new URL(process.env.DATABASE_URL!);
      address.pathname = `/${url}`;
      address.searchParams.set('application_name', 'lectern-killed');
      const handle = await openDatabase({ databaseUrl: address.toString(), migrate: false });
      try {
        const agenda = new Agenda(handle.db);
        const errors: Error[] = [];
        const stop = await watchProgramChanges(handle, agenda, (error) => errors.push(error));
        const a = (await agenda.program('a'))!;
        const b = (await agenda.program('b'))!;
        const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await admin.connect();
        try {
          const killed = await admin.query(
            `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'lectern-killed'`,
          );
          expect(killed.rowCount).toBeGreaterThanOrEqual(2);
          // A change committed while the listener is away: its notice is lost.
          await worker.db.transaction((tx) => notifyProgramChanged(tx, 'b'));

          // Queries answer again (the pool drops the dead connections).
          await eventually(async () => {
            try {
              await handle.db.execute(sql`select 1`);
              return true;
            } catch {
              return false;
            }
          });
          // The listener reconnects and resyncs: b reloads, a stays as it was.
          await eventually(() => agenda.event('b') !== b);
          expect(agenda.event('a')).toBe(a);
          expect(agenda.event('b')!.programVersion).toBe(b.programVersion + 1);

          // And notices arrive again.
          const reloaded = agenda.event('b')!;
          await worker.db.transaction((tx) => notifyProgramChanged(tx, 'b'));
          await eventually(() => agenda.event('b') !== reloaded);
          expect(errors).toEqual([]);
        } finally {
          await admin.end();
          await stop();
        }
      } finally {
        await handle.close();
      }
    },
  );
});
