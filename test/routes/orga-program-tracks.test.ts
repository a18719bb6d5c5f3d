import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { eventMembers, events, levels, talks, tracks, users } from '../../src/db/schema.js';
import type { TestApp } from '../helpers/app.js';
import { addToTeam, createUser } from '../helpers/site.js';
import {
  browserAs,
  ORGANISER,
  programFixturePerFile,
  REVIEWER,
  snapshot,
  trackBySlug,
} from './orga-program-fixtures.js';

const programFixture = programFixturePerFile();

const PYBAY_TRACKS = [
  'Language Internals',
  'All things Web',
  'Scalable Python',
  'Performant Python',
  '/etc',
  'Fundamentals',
  'Dealing with Data',
  'Security',
];

async function trackNames(db: Database): Promise<string[]> {
  const rows = await db
    .select({ name: tracks.name })
    .from(tracks)
    .innerJoin(events, eq(events.id, tracks.eventId))
    .where(eq(events.slug, 'pybay-2016'))
    .orderBy(asc(tracks.position));
  return rows.map((row) => row.name);
}

interface PublicTrack {
  slug: string;
  name: string;
  talkCount: number;
  description: string;
  color: string | null;
}

async function publicTracks(test: TestApp): Promise<PublicTrack[]> {
  await test.agenda.reload('pybay-2016');
  return (await test.app.inject('/api/events/pybay-2016/tracks')).json<{ tracks: PublicTrack[] }>().tracks;
}

async function levelBySlug(db: Database, slug: string) {
  const [row] = await db
    .select({ level: levels })
    .from(levels)
    .innerJoin(events, eq(events.id, levels.eventId))
    .where(and(eq(events.slug, 'pybay-2016'), eq(levels.slug, slug)));
  return row!.level;
}

describe('tracks and levels', () => {
  it('lists the tracks in program order with their talks, and the levels', async () => {
    const { app } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const page = await browser.get('/orga/pybay-2016/tracks');
    expect(page.statusCode).toBe(200);
    const names = [
      ...page.body.matchAll(/<th scope="row"><a href="\/orga\/pybay-2016\/tracks\/\d+">([^<]+)<\/a>/g),
    ].map((m) => m[1]);
    expect(names).toEqual(PYBAY_TRACKS);
    expect(page.body).toContain('<code>all-things-web</code></td><td class="number">7</td><td class="number">0</td>');
    const levelNames = [
      ...page.body.matchAll(/<th scope="row"><a href="\/orga\/pybay-2016\/levels\/\d+">([^<]+)<\/a>/g),
    ].map((m) => m[1]);
    expect(levelNames).toEqual(['Beginner', 'Intermediate', 'Advanced']);
  });

  it('adds a track at the end, with a slug from its name, and the public program lists it', async () => {
    const test = await programFixture();
    const browser = await browserAs(test.app, ORGANISER);
    const response = await browser.post('/orga/pybay-2016/tracks', { trackName: '  Hardware   Hacking ' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/orga/pybay-2016/tracks');
    expect(await trackNames(test.db)).toEqual([...PYBAY_TRACKS, 'Hardware Hacking']);
    expect((await trackBySlug(test.db, 'hardware-hacking')).position).toBe(9);
    expect((await publicTracks(test)).at(-1)).toEqual({
      slug: 'hardware-hacking',
      name: 'Hardware Hacking',
      talkCount: 0,
      description: '',
      color: null,
    });
    expect((await browser.get('/orga/pybay-2016/tracks')).body).toContain(
      'The track &#34;Hardware Hacking&#34; is added.',
    );
  });

  it.each([
    ['', 'give the track a name'],
    ['all THINGS web', 'there is already a track named &#34;All things Web&#34;'],
    ['x'.repeat(81), 'must be at most 80 characters'],
  ])('refuses the track name %j with a message under its field, adding nothing', async (name, message) => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const response = await browser.post('/orga/pybay-2016/tracks', { trackName: name });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<p class="error" id="trackName-error">${message}</p>`);
    expect(response.body).toContain(`<input id="trackName" name="trackName" type="text" value="${name}"`);
    expect(await snapshot(db)).toBe(before);
  });

  it('renames a track but keeps its slug, so its public address stays', async () => {
    const test = await programFixture();
    const track = await trackBySlug(test.db, 'all-things-web');
    const browser = await browserAs(test.app, ORGANISER);
    const response = await browser.post(`/orga/pybay-2016/tracks/${track.id}`, { name: 'The Web' });
    expect(response.statusCode).toBe(303);
    expect(await trackBySlug(test.db, 'all-things-web')).toEqual({ ...track, name: 'The Web' });
    await test.agenda.reload('pybay-2016');
    const page = await test.app.inject('/pybay-2016/tracks/all-things-web');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The Web');
  });

  it('refuses renaming a track to the name of another, saving nothing', async () => {
    const { app, db } = await programFixture();
    const track = await trackBySlug(db, 'all-things-web');
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const response = await browser.post(`/orga/pybay-2016/tracks/${track.id}`, { name: 'security' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="name-error">there is already a track named &#34;Security&#34;</p>',
    );
    expect(await snapshot(db)).toBe(before);
  });

  it('moves tracks up and down, and not past either end', async () => {
    const test = await programFixture();
    const browser = await browserAs(test.app, ORGANISER);
    const web = await trackBySlug(test.db, 'all-things-web');
    const internals = await trackBySlug(test.db, 'language-internals');
    const security = await trackBySlug(test.db, 'security');
    expect((await browser.post(`/orga/pybay-2016/tracks/${web.id}/move`, { direction: 'up' })).statusCode).toBe(303);
    expect((await trackNames(test.db)).slice(0, 2)).toEqual(['All things Web', 'Language Internals']);
    await browser.post(`/orga/pybay-2016/tracks/${internals.id}/move`, { direction: 'down' });
    await browser.post(`/orga/pybay-2016/tracks/${web.id}/move`, { direction: 'up' });
    await browser.post(`/orga/pybay-2016/tracks/${security.id}/move`, { direction: 'down' });
    expect(await trackNames(test.db)).toEqual([
      'All things Web',
      'Scalable Python',
      'Language Internals',
      ...PYBAY_TRACKS.slice(3),
    ]);
    expect((await publicTracks(test)).map((t) => t.name)).toEqual(await trackNames(test.db));
  });

  it('refuses deleting a track that still has talks, with their count, and deletes nothing', async () => {
    const { app, db } = await programFixture();
    const track = await trackBySlug(db, 'all-things-web');
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const response = await browser.post(`/orga/pybay-2016/tracks/${track.id}/delete`, { moveTo: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="moveTo-error">7 talks and proposals are in the track &#34;All things Web&#34;: choose a track to move them to</p>',
    );
    expect(await snapshot(db)).toBe(before);
  });

  it("deletes a track moving its talks and its reviewers' limits to another, renumbering the rest", async () => {
    const test = await programFixture();
    const { db } = test;
    const web = await trackBySlug(db, 'all-things-web');
    const security = await trackBySlug(db, 'security');
    const [event] = await db.select().from(events).where(eq(events.slug, 'pybay-2016'));
    const limited = await createUser(db, { email: 'limited@example.com' });
    await addToTeam(db, 'pybay-2016', limited.id, 'reviewer', [web.id]);
    const browser = await browserAs(test.app, ORGANISER);
    const response = await browser.post(`/orga/pybay-2016/tracks/${web.id}/delete`, { moveTo: String(security.id) });
    expect(response.statusCode).toBe(303);
    expect((await browser.get('/orga/pybay-2016/tracks')).body).toContain(
      'The track &#34;All things Web&#34; is deleted. Its 7 talks and proposals are now in &#34;Security&#34;.',
    );
    expect(await db.$count(talks, and(eq(talks.eventId, event!.id), eq(talks.trackId, security.id)))).toBe(10);
    const [member] = await db.select().from(eventMembers).where(eq(eventMembers.userId, limited.id));
    expect(member!.trackIds).toEqual([security.id]);
    const positions = await db
      .select({ position: tracks.position })
      .from(tracks)
      .where(eq(tracks.eventId, event!.id))
      .orderBy(asc(tracks.position));
    expect(positions.map((p) => p.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const published = await publicTracks(test);
    expect(published.find((t) => t.slug === 'security')).toEqual({
      slug: 'security',
      name: 'Security',
      talkCount: 10,
      description: '',
      color: null,
    });
    expect((await test.app.inject('/pybay-2016/tracks/all-things-web')).statusCode).toBe(404);
  });

  it('refuses deleting the only track of a track-limited reviewer without a track to move to: that would widen what they see', async () => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    await browser.post('/orga/pybay-2016/tracks', { trackName: 'Empty' });
    const empty = await trackBySlug(db, 'empty');
    const [reviewer] = await db.select().from(users).where(eq(users.email, REVIEWER));
    await db
      .update(eventMembers)
      .set({ trackIds: [empty.id] })
      .where(eq(eventMembers.userId, reviewer!.id));
    const before = await snapshot(db);
    const response = await browser.post(`/orga/pybay-2016/tracks/${empty.id}/delete`, { moveTo: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="moveTo-error">reviewer@example.com reviews only this track: choose a track to move to, or change their tracks on the team page first</p>',
    );
    expect(await snapshot(db)).toBe(before);
  });

  it('deletes an unused track straight away', async () => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    await browser.post('/orga/pybay-2016/tracks', { trackName: 'Empty' });
    const empty = await trackBySlug(db, 'empty');
    const response = await browser.post(`/orga/pybay-2016/tracks/${empty.id}/delete`, { moveTo: '' });
    expect(response.statusCode).toBe(303);
    expect(await trackNames(db)).toEqual(PYBAY_TRACKS);
  });

  it('refuses moving talks to the track being deleted or to an unknown one', async () => {
    const { app, db } = await programFixture();
    const web = await trackBySlug(db, 'all-things-web');
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const self = await browser.post(`/orga/pybay-2016/tracks/${web.id}/delete`, { moveTo: String(web.id) });
    expect(self.body).toContain(
      '<p class="error" id="moveTo-error">choose another track than the one being deleted</p>',
    );
    const unknown = await browser.post(`/orga/pybay-2016/tracks/${web.id}/delete`, { moveTo: '999999' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('<p class="error" id="moveTo-error">PyBay 2016 has no such track</p>');
    expect(await snapshot(db)).toBe(before);
  });

  it('adds, renames, reorders and deletes levels, keeping slugs and moving talks', async () => {
    const test = await programFixture();
    const { db } = test;
    const browser = await browserAs(test.app, ORGANISER);
    expect((await browser.post('/orga/pybay-2016/levels', { levelName: 'Expert' })).statusCode).toBe(303);
    const expert = await levelBySlug(db, 'expert');
    expect(expert.position).toBe(4);
    const beginner = await levelBySlug(db, 'beginner');
    expect((await browser.post(`/orga/pybay-2016/levels/${beginner.id}`, { name: 'Newcomer' })).statusCode).toBe(303);
    expect(await levelBySlug(db, 'beginner')).toEqual({ ...beginner, name: 'Newcomer' });
    await browser.post(`/orga/pybay-2016/levels/${expert.id}/move`, { direction: 'up' });
    expect((await levelBySlug(db, 'expert')).position).toBe(3);
    const refused = await browser.post(`/orga/pybay-2016/levels/${beginner.id}/delete`, { moveTo: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      '<p class="error" id="moveTo-error">6 talks and proposals are in the level &#34;Newcomer&#34;: choose a level to move them to</p>',
    );
    const moved = await browser.post(`/orga/pybay-2016/levels/${beginner.id}/delete`, { moveTo: String(expert.id) });
    expect(moved.statusCode).toBe(303);
    await test.agenda.reload('pybay-2016');
    const program = test.agenda.event('pybay-2016')!;
    expect(program.levels.map((l) => [l.slug, l.name, l.talkCount])).toEqual([
      ['intermediate', 'Intermediate', 31],
      ['expert', 'Expert', 6],
      ['advanced', 'Advanced', 1],
    ]);
  });

  it('refuses an empty level name under the level form', async () => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const response = await browser.post('/orga/pybay-2016/levels', { levelName: ' ' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<p class="error" id="levelName-error">give the level a name</p>');
    expect(await snapshot(db)).toBe(before);
  });
});

describe("a track's description, colour and place on the proposal form", () => {
  const full = { name: 'All things Web', description: '', isPublic: 'on' };

  it('saves a description (Markdown, shown on the public tracks pages and in the API) and a colour', async () => {
    const test = await programFixture();
    const track = await trackBySlug(test.db, 'all-things-web');
    const browser = await browserAs(test.app, ORGANISER);
    const response = await browser.post(`/orga/pybay-2016/tracks/${track.id}`, {
      ...full,
      description: 'Talks about **the web**.\r\n\r\n<script>alert(1)</script>',
      ownColor: 'on',
      color: '#1D4ED8',
    });
    expect(response.statusCode).toBe(303);
    expect(await trackBySlug(test.db, 'all-things-web')).toEqual({
      ...track,
      description: 'Talks about **the web**.\n\n<script>alert(1)</script>',
      color: '#1d4ed8',
      isPublic: true,
    });
    const published = (await publicTracks(test)).find((t) => t.slug === 'all-things-web');
    expect(published).toEqual({
      slug: 'all-things-web',
      name: 'All things Web',
      talkCount: 7,
      description: 'Talks about **the web**.\n\n<script>alert(1)</script>',
      color: '#1d4ed8',
    });
    const rendered =
      '<div class="prose track-description"><p>Talks about <strong>the web</strong>.</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n</div>';
    expect((await test.app.inject('/pybay-2016/tracks/all-things-web')).body).toContain(rendered);
    expect((await test.app.inject('/pybay-2016/tracks')).body).toContain(
      '<div class="prose card__description"><p>Talks about <strong>the web</strong>.</p>',
    );
    expect((await test.app.inject('/pybay-2016')).body).toContain(
      '<div class="prose track-section__description"><p>Talks about <strong>the web</strong>.</p>',
    );
  });

  it('takes the colour away when "its own colour" is unticked, whatever the colour input sends', async () => {
    const test = await programFixture();
    const track = await trackBySlug(test.db, 'all-things-web');
    await test.db.update(tracks).set({ color: '#b45309' }).where(eq(tracks.id, track.id));
    const browser = await browserAs(test.app, ORGANISER);
    const response = await browser.post(`/orga/pybay-2016/tracks/${track.id}`, { ...full, color: '#b45309' });
    expect(response.statusCode).toBe(303);
    expect((await trackBySlug(test.db, 'all-things-web')).color).toBeNull();
  });

  it.each([
    [
      '#ffff00',
      '#ffff00 is too light for white text: its contrast with white is 1.07:1, and at least 4.5:1 is needed; choose a darker colour',
    ],
    [
      '#777777',
      '#777777 is too light for white text: its contrast with white is 4.47:1, and at least 4.5:1 is needed; choose a darker colour',
    ],
    ['yellow', '&#34;yellow&#34; is not a colour; use the #rrggbb form, like #14213d'],
  ])('refuses the colour %s with a 400 naming the field, saving nothing', async (color, message) => {
    const { app, db } = await programFixture();
    const track = await trackBySlug(db, 'all-things-web');
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const response = await browser.post(`/orga/pybay-2016/tracks/${track.id}`, { ...full, ownColor: 'on', color });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<p class="error" id="color-error">${message}</p>`);
    expect(await snapshot(db)).toBe(before);
  });

  it('refuses a description over 5000 characters under its field', async () => {
    const { app, db } = await programFixture();
    const track = await trackBySlug(db, 'all-things-web');
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post(`/orga/pybay-2016/tracks/${track.id}`, {
      ...full,
      description: 'x'.repeat(5001),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="description-error">must be at most 5000 characters (it has 5001)</p>',
    );
  });

  it('keeps each colour with its track when tracks are reordered', async () => {
    const test = await programFixture();
    const web = await trackBySlug(test.db, 'all-things-web');
    const internals = await trackBySlug(test.db, 'language-internals');
    const browser = await browserAs(test.app, ORGANISER);
    await browser.post(`/orga/pybay-2016/tracks/${web.id}`, { ...full, ownColor: 'on', color: '#047857' });
    await browser.post(`/orga/pybay-2016/tracks/${internals.id}`, {
      ...full,
      name: 'Language Internals',
      ownColor: 'on',
      color: '#6d28d9',
    });
    expect((await browser.post(`/orga/pybay-2016/tracks/${web.id}/move`, { direction: 'up' })).statusCode).toBe(303);
    expect(await trackBySlug(test.db, 'all-things-web')).toMatchObject({ position: 1, color: '#047857' });
    expect(await trackBySlug(test.db, 'language-internals')).toMatchObject({ position: 2, color: '#6d28d9' });
  });

  it('hides a track from the proposal form while organisers keep it', async () => {
    const test = await programFixture();
    const track = await trackBySlug(test.db, 'security');
    const browser = await browserAs(test.app, ORGANISER);
    const response = await browser.post(`/orga/pybay-2016/tracks/${track.id}`, { name: 'Security', description: '' });
    expect(response.statusCode).toBe(303);
    expect((await trackBySlug(test.db, 'security')).isPublic).toBe(false);
    const page = await browser.get(`/orga/pybay-2016/tracks/${track.id}`);
    expect(page.body).toContain('<input type="checkbox" name="isPublic" value="on" id="isPublic"');
    expect(page.body).not.toMatch(/name="isPublic" value="on" checked/);
  });
});
