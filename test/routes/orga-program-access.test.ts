import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { eventMembers, events, levels, speakers, talkSpeakers, users } from '../../src/db/schema.js';
import {
  browserAs,
  OTHER_ORGANISER,
  ORGANISER,
  programFixturePerFile,
  REVIEWER,
  snapshot,
  SPEAKER,
  talkByTitle,
  trackBySlug,
} from './orga-program-fixtures.js';

const programFixture = programFixturePerFile();

interface Route {
  method: 'GET' | 'POST';
  url: string;
  form?: Record<string, string | string[]>;
}

/** Every page and action of the program's back office, with real ids and well-formed forms. */
async function programRoutes(db: Database): Promise<Route[]> {
  const base = '/orga/pybay-2016';
  const [event] = await db.select().from(events).where(eq(events.slug, 'pybay-2016'));
  const track = await trackBySlug(db, 'all-things-web');
  const [level] = await db
    .select()
    .from(levels)
    .where(and(eq(levels.eventId, event!.id), eq(levels.slug, 'beginner')));
  const talk = await talkByTitle(db, 'Flask for Fun and Profit');
  const [link] = await db.select().from(talkSpeakers).where(eq(talkSpeakers.talkId, talk.id));
  const [other] = await db
    .select()
    .from(speakers)
    .where(and(eq(speakers.eventId, event!.id), eq(speakers.name, 'Sam Speaker')));
  const [reviewer] = await db
    .select({ id: eventMembers.id })
    .from(eventMembers)
    .innerJoin(users, eq(users.id, eventMembers.userId))
    .where(and(eq(eventMembers.eventId, event!.id), eq(users.email, REVIEWER)));
  const talkForm = {
    title: 'New title',
    description: 'd',
    abstract: 'a',
    trackId: '',
    levelId: '',
    durationMinutes: '',
  };
  const at = `${base}/talks/${talk.code}`;
  return [
    { method: 'GET', url: `${base}/settings` },
    {
      method: 'POST',
      url: `${base}/settings`,
      form: {
        name: 'Renamed',
        slug: 'pybay-2016',
        timezone: 'UTC',
        startsOn: '',
        endsOn: '',
        cfpOpensAt: '',
        cfpClosesAt: '',
        published: 'on',
        reviewScoreMin: '0',
        reviewScoreMax: '3',
      },
    },
    { method: 'GET', url: `${base}/tracks` },
    { method: 'POST', url: `${base}/tracks`, form: { trackName: 'Hardware' } },
    { method: 'GET', url: `${base}/tracks/${track.id}` },
    { method: 'POST', url: `${base}/tracks/${track.id}`, form: { name: 'Web' } },
    { method: 'POST', url: `${base}/tracks/${track.id}/move`, form: { direction: 'down' } },
    { method: 'POST', url: `${base}/tracks/${track.id}/delete`, form: { moveTo: '' } },
    { method: 'POST', url: `${base}/levels`, form: { levelName: 'Expert' } },
    { method: 'GET', url: `${base}/levels/${level!.id}` },
    { method: 'POST', url: `${base}/levels/${level!.id}`, form: { name: 'Newcomer' } },
    { method: 'POST', url: `${base}/levels/${level!.id}/move`, form: { direction: 'down' } },
    { method: 'POST', url: `${base}/levels/${level!.id}/delete`, form: { moveTo: '' } },
    { method: 'GET', url: `${base}/talks` },
    { method: 'GET', url: `${base}/talks?attention=1` },
    { method: 'GET', url: `${base}/talks/new` },
    { method: 'POST', url: `${base}/talks`, form: { ...talkForm, speakerIds: [String(link!.speakerId)] } },
    { method: 'GET', url: at },
    { method: 'POST', url: at, form: talkForm },
    { method: 'POST', url: `${at}/speakers`, form: { speakerId: String(other!.id) } },
    { method: 'POST', url: `${at}/speakers/${link!.speakerId}/move`, form: { direction: 'down' } },
    { method: 'POST', url: `${at}/speakers/${link!.speakerId}/remove`, form: {} },
    { method: 'POST', url: `${at}/checked`, form: {} },
    { method: 'POST', url: `${at}/cancel`, form: {} },
    { method: 'GET', url: `${at}/delete` },
    { method: 'POST', url: `${at}/delete`, form: {} },
    { method: 'GET', url: `${base}/speakers` },
    { method: 'GET', url: `${base}/speakers/${link!.speakerId}` },
    { method: 'POST', url: `${base}/speakers/${link!.speakerId}`, form: { name: 'Someone', biography: '' } },
    { method: 'GET', url: `${base}/team` },
    { method: 'POST', url: `${base}/team`, form: { email: 'new@example.com', role: 'reviewer' } },
    { method: 'POST', url: `${base}/team/${reviewer!.id}/tracks`, form: { trackIds: [String(track.id)] } },
    { method: 'POST', url: `${base}/team/${reviewer!.id}/remove`, form: {} },
  ];
}

const CASES: {
  role: string;
  email: string | undefined;
  expected: (route: Route) => { status: number; location?: string };
}[] = [
  {
    role: 'anonymous',
    email: undefined,
    expected: (route) => ({
      status: 303,
      location: route.method === 'GET' ? `/login?next=${encodeURIComponent(route.url)}` : '/login?next=%2F',
    }),
  },
  { role: 'a speaker of the event', email: SPEAKER, expected: () => ({ status: 403 }) },
  { role: 'a reviewer of the event', email: REVIEWER, expected: () => ({ status: 403 }) },
  { role: 'the organiser of another event', email: OTHER_ORGANISER, expected: () => ({ status: 403 }) },
];

describe('the program back office: who may do what', () => {
  it.each(CASES)('refuses $role every page and action, writing nothing', async ({ email, expected }) => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, email);
    const routes = await programRoutes(db);
    const before = await snapshot(db);
    const got: string[] = [];
    const want: string[] = [];
    for (const route of routes) {
      const response =
        route.method === 'GET' ? await browser.get(route.url) : await browser.post(route.url, route.form ?? {});
      const expectation = expected(route);
      got.push(
        `${route.method} ${route.url} → ${response.statusCode}${expectation.location ? ` ${response.headers.location}` : ''}`,
      );
      want.push(
        `${route.method} ${route.url} → ${expectation.status}${expectation.location ? ` ${expectation.location}` : ''}`,
      );
    }
    expect(got).toEqual(want);
    expect(await snapshot(db)).toBe(before);
  });

  it('shows every page to the organiser of the event', async () => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const routes = (await programRoutes(db)).filter((route) => route.method === 'GET');
    const got: string[] = [];
    for (const route of routes) got.push(`${route.url} → ${(await browser.get(route.url)).statusCode}`);
    expect(got).toEqual(routes.map((route) => `${route.url} → 200`));
  });

  it('answers 404 for an event that does not exist, before asking who is asking', async () => {
    const { app } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    for (const url of [
      '/orga/nope/settings',
      '/orga/nope/tracks',
      '/orga/nope/talks',
      '/orga/nope/team',
      '/orga/nope/speakers',
    ]) {
      expect((await browser.get(url)).statusCode, url).toBe(404);
    }
  });

  it("answers 404 for another event's talk, track or speaker under this event's address", async () => {
    const { app, db } = await programFixture();
    const [other] = await db.select().from(events).where(eq(events.slug, 'other-2026'));
    const [otherLevel] = await db
      .insert(levels)
      .values({ eventId: other!.id, slug: 'x', name: 'X', position: 1 })
      .returning();
    const browser = await browserAs(app, ORGANISER);
    expect((await browser.get(`/orga/pybay-2016/levels/${otherLevel!.id}`)).statusCode).toBe(404);
    const talk = await talkByTitle(db, 'Flask for Fun and Profit');
    const asOther = await browserAs(app, OTHER_ORGANISER);
    expect((await asOther.get(`/orga/other-2026/talks/${talk.code}`)).statusCode).toBe(404);
    const before = await snapshot(db);
    expect((await asOther.post(`/orga/other-2026/talks/${talk.code}/delete`, {})).statusCode).toBe(404);
    expect((await asOther.post(`/orga/other-2026/levels/${otherLevel!.id}/delete`, { moveTo: '' })).statusCode).toBe(
      303,
    );
    expect(await snapshot(db)).not.toBe(before);
    expect(await talkByTitle(db, 'Flask for Fun and Profit')).toEqual(talk);
  });
});
