import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { events, talks, tracks } from '../../src/db/schema.js';
import { watchProgramChanges } from '../../src/modules/agenda/index.js';
import { importPyBay, testAppPerFile, type TestApp } from '../helpers/app.js';
import { testDatabase } from '../helpers/database.js';
import { addToTeam, Browser, createOrganiserUser, createUser } from '../helpers/site.js';
import { createProposal } from '../helpers/proposals.js';

/**
 * The back office's cast for the organiser-page tests: PyBay 2016 imported, its organiser,
 * a reviewer, a speaker with an account, and the organiser of another event.
 */
export interface ProgramFixture extends TestApp {
  otherEventSlug: string;
}

export const ORGANISER = 'orga@example.com';
export const REVIEWER = 'reviewer@example.com';
export const SPEAKER = 'speaker@example.com';
export const OTHER_ORGANISER = 'other@example.com';

/** The cast, written into the emptied database. */
async function buildCast(db: Database): Promise<void> {
  await importPyBay(db);
  await db.insert(events).values({ slug: 'other-2026', name: 'Other 2026', published: false });
  await createOrganiserUser(db, 'pybay-2016', ORGANISER);
  const reviewer = await createUser(db, { email: REVIEWER, name: 'Rita Reviewer' });
  await addToTeam(db, 'pybay-2016', reviewer.id, 'reviewer');
  const speaker = await createUser(db, { email: SPEAKER, name: 'Sam Speaker' });
  await createProposal(db, {
    eventSlug: 'pybay-2016',
    title: 'A proposal of Sam',
    speakers: [{ name: 'Sam Speaker', userId: speaker.id }],
  });
  await createOrganiserUser(db, 'other-2026', OTHER_ORGANISER);
}

/**
 * Call at a test file's top level: the cast is built once for the file, with one app, and put
 * back from a checkpoint before each test (testAppPerFile), so every test gets the same fresh
 * world from the returned function without paying for an import, four accounts and an app.
 */
export function programFixturePerFile(): () => Promise<ProgramFixture> {
  const test = testAppPerFile(buildCast);
  return () => Promise.resolve({ app: test.app, agenda: test.agenda, db: test.db, otherEventSlug: 'other-2026' });
}

export async function browserAs(app: TestApp['app'], email: string | undefined): Promise<Browser> {
  const browser = new Browser(app);
  if (email) await browser.login(email);
  else await browser.get('/login');
  return browser;
}

export async function trackBySlug(db: Database, slug: string) {
  const [event] = await db.select().from(events).where(eq(events.slug, 'pybay-2016'));
  const [track] = await db
    .select()
    .from(tracks)
    .where(and(eq(tracks.eventId, event!.id), eq(tracks.slug, slug)));
  if (!track) throw new Error(`no track ${slug}`);
  return track;
}

export async function talkByTitle(db: Database, title: string) {
  const [talk] = await db.select().from(talks).where(eq(talks.title, title));
  if (!talk) throw new Error(`no talk "${title}"`);
  return talk;
}

/** Every database row of these tables, to show that a refused form wrote nothing. */
export async function snapshot(db: Database): Promise<string> {
  const tables = [
    'events',
    'tracks',
    'levels',
    'talks',
    'talk_speakers',
    'speakers',
    'event_members',
    'users',
    'outbox',
  ];
  const parts: string[] = [];
  for (const table of tables) {
    const result = await db.execute(sql.raw(`select * from ${table} order by 1, 2`));
    parts.push(JSON.stringify((result as unknown as { rows: unknown[] }).rows));
  }
  return parts.join('\n');
}

/**
 * Runs the real notification path: each committed program change NOTIFYs, and the agenda
 * reloads that event, as on a running server.
 */
export async function followProgramChanges(agenda: TestApp['agenda']): Promise<() => Promise<void>> {
  const handle = await testDatabase();
  return watchProgramChanges(handle, agenda, (error) => {
    throw error;
  });
}
