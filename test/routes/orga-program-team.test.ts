import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { eventMembers, events, outbox, users } from '../../src/db/schema.js';
import { Browser, createUser, TEST_PASSWORD } from '../helpers/site.js';
import {
  browserAs,
  ORGANISER,
  programFixturePerFile,
  REVIEWER,
  snapshot,
  trackBySlug,
} from './orga-program-fixtures.js';

const programFixture = programFixturePerFile();

async function membership(db: Database, email: string) {
  const rows = await db
    .select({ id: eventMembers.id, role: eventMembers.role, trackIds: eventMembers.trackIds })
    .from(eventMembers)
    .innerJoin(users, eq(users.id, eventMembers.userId))
    .innerJoin(events, eq(events.id, eventMembers.eventId))
    .where(and(eq(users.email, email), eq(events.slug, 'pybay-2016')));
  return rows;
}

describe('the team', () => {
  it('lists organisers and reviewers with their tracks and whether they have set a password', async () => {
    const { app, db } = await programFixture();
    const web = await trackBySlug(db, 'all-things-web');
    const invited = await createUser(db, { email: 'invited@example.com', name: '', password: false });
    const [event] = await db.select().from(events).where(eq(events.slug, 'pybay-2016'));
    await db
      .insert(eventMembers)
      .values({ eventId: event!.id, userId: invited.id, role: 'reviewer', trackIds: [web.id] });
    const browser = await browserAs(app, ORGANISER);
    const page = await browser.get('/orga/pybay-2016/team');
    expect(page.statusCode).toBe(200);
    const rows = [...page.body.matchAll(/<tr><th scope="row">([^<]+)<\/th><td>([^<]+)<\/td><td>([^<]+)<\/td>/g)].map(
      (m) => m.slice(1),
    );
    expect(rows).toEqual([
      ['Olga Organiser (orga@example.com)', 'organiser', 'Active'],
      ['invited@example.com', 'reviewer', 'Invited: has not set a password yet'],
      ['Rita Reviewer (reviewer@example.com)', 'reviewer', 'Active'],
    ]);
    expect(page.body).toContain('<p>Only: All things Web.</p>');
    expect(page.body).toContain('<p>Every track.</p>');
  });

  it('adds a new reviewer limited to tracks, and mails them a link to set their password', async () => {
    const { app, db } = await programFixture();
    const web = await trackBySlug(db, 'all-things-web');
    const security = await trackBySlug(db, 'security');
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post('/orga/pybay-2016/team', {
      email: ' New.Reviewer@Example.com ',
      role: 'reviewer',
      trackIds: [String(web.id), String(security.id)],
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/orga/pybay-2016/team');
    expect(await membership(db, 'new.reviewer@example.com')).toEqual([
      { id: expect.any(Number), role: 'reviewer', trackIds: [web.id, security.id] },
    ]);
    const mails = await db.select().from(outbox).where(eq(outbox.recipient, 'new.reviewer@example.com'));
    expect(mails.length).toBe(1);
    expect(mails[0]).toMatchObject({
      subject: 'You are now a reviewer of PyBay 2016',
      sensitive: true,
      status: 'pending',
    });
    const link = /http:\/\/lectern\.test\/password\/set\/([A-Za-z0-9_-]+)/.exec(mails[0]!.body);
    expect(link).not.toBeNull();
    expect(mails[0]!.body).toContain('Olga Organiser added you to the team of PyBay 2016 on Lectern, as reviewer.');

    // The link works: the new reviewer sets a password and reaches the event (but not its organiser pages).
    const newcomer = new Browser(app);
    expect((await newcomer.get(`/password/set/${link![1]}`)).statusCode).toBe(200);
    const set = await newcomer.post(`/password/set/${link![1]}`, { password: TEST_PASSWORD, name: 'Nina' });
    expect(set.statusCode).toBe(303);
    await newcomer.login('new.reviewer@example.com');
    expect((await newcomer.get('/orga/pybay-2016')).statusCode).toBe(200);
    expect((await newcomer.get('/orga/pybay-2016/team')).statusCode).toBe(403);
  });

  it('adds someone who already has an account as organiser, telling them to log in (no secret link)', async () => {
    const { app, db } = await programFixture();
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post('/orga/pybay-2016/team', { email: REVIEWER, role: 'organiser' });
    expect(response.statusCode).toBe(303);
    expect((await membership(db, REVIEWER)).map((m) => m.role).sort()).toEqual(['organiser', 'reviewer']);
    const [mail] = await db.select().from(outbox).where(eq(outbox.recipient, REVIEWER));
    expect(mail).toMatchObject({ subject: 'You are now an organiser of PyBay 2016', sensitive: false });
    expect(mail!.body).toContain('Log in to start: http://lectern.test/orga/pybay-2016');
    const reviewer = await browserAs(app, REVIEWER);
    expect((await reviewer.get('/orga/pybay-2016/team')).statusCode).toBe(200);
  });

  it.each([
    [
      'a bad email',
      { email: 'not-an-address', role: 'reviewer' },
      'email',
      '&#34;not-an-address&#34; is not an email address',
    ],
    ['no role', { email: 'x@example.com' }, 'role', 'must be organiser or reviewer'],
    ['an unknown role', { email: 'x@example.com', role: 'admin' }, 'role', 'must be organiser or reviewer'],
    [
      'an unknown track',
      { email: 'x@example.com', role: 'reviewer', trackIds: ['999999'] },
      'trackIds',
      'no such track in PyBay 2016: 999999',
    ],
  ])(
    'refuses adding someone with %s, naming the field, writing and mailing nothing',
    async (_label, form, field, message) => {
      const { app, db } = await programFixture();
      const browser = await browserAs(app, ORGANISER);
      const before = await snapshot(db);
      const response = await browser.post('/orga/pybay-2016/team', form);
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(`<a href="#${field}">`);
      expect(response.body).toContain(message);
      expect(await snapshot(db)).toBe(before);
    },
  );

  it("changes a reviewer's tracks, and back to every track", async () => {
    const { app, db } = await programFixture();
    const web = await trackBySlug(db, 'all-things-web');
    const [member] = await membership(db, REVIEWER);
    const browser = await browserAs(app, ORGANISER);
    expect(
      (await browser.post(`/orga/pybay-2016/team/${member!.id}/tracks`, { trackIds: [String(web.id)] })).statusCode,
    ).toBe(303);
    expect((await membership(db, REVIEWER))[0]!.trackIds).toEqual([web.id]);
    const page = await browser.get('/orga/pybay-2016/team');
    expect(page.body).toContain(`<input type="checkbox" name="trackIds" value="${web.id}" checked/>`);
    expect((await browser.post(`/orga/pybay-2016/team/${member!.id}/tracks`, {})).statusCode).toBe(303);
    expect((await membership(db, REVIEWER))[0]!.trackIds).toEqual([]);
  });

  it('refuses tracks for an organiser and unknown tracks for a reviewer, changing nothing', async () => {
    const { app, db } = await programFixture();
    const web = await trackBySlug(db, 'all-things-web');
    const [reviewer] = await membership(db, REVIEWER);
    const [organiser] = await membership(db, ORGANISER);
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const forOrganiser = await browser.post(`/orga/pybay-2016/team/${organiser!.id}/tracks`, {
      trackIds: [String(web.id)],
    });
    expect(forOrganiser.statusCode).toBe(400);
    expect(forOrganiser.body).toContain('only reviewers are limited to tracks; organisers see every track');
    const unknown = await browser.post(`/orga/pybay-2016/team/${reviewer!.id}/tracks`, { trackIds: ['999999'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('PyBay 2016 has no track 999999');
    expect(await snapshot(db)).toBe(before);
  });

  it('removes a reviewer, who then gets 403 on the event', async () => {
    const { app, db } = await programFixture();
    const [member] = await membership(db, REVIEWER);
    const reviewer = await browserAs(app, REVIEWER);
    expect((await reviewer.get('/orga/pybay-2016')).statusCode).toBe(200);
    const browser = await browserAs(app, ORGANISER);
    const response = await browser.post(`/orga/pybay-2016/team/${member!.id}/remove`, {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/orga/pybay-2016/team');
    expect((await browser.get('/orga/pybay-2016/team')).body).toContain(
      'reviewer@example.com is no longer a reviewer of PyBay 2016.',
    );
    expect(await membership(db, REVIEWER)).toEqual([]);
    expect((await reviewer.get('/orga/pybay-2016')).statusCode).toBe(403);
  });

  it('refuses removing the last organiser, and lets one leave when another remains', async () => {
    const { app, db } = await programFixture();
    const [organiser] = await membership(db, ORGANISER);
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    const refused = await browser.post(`/orga/pybay-2016/team/${organiser!.id}/remove`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('an event needs at least one organiser');
    expect(await snapshot(db)).toBe(before);
    await browser.post('/orga/pybay-2016/team', { email: REVIEWER, role: 'organiser' });
    const left = await browser.post(`/orga/pybay-2016/team/${organiser!.id}/remove`, {});
    expect(left.statusCode).toBe(303);
    expect(left.headers.location).toBe('/orga');
    expect((await browser.get('/orga/pybay-2016/team')).statusCode).toBe(403);
  });

  it("answers 404 for a member of another event's team", async () => {
    const { app, db } = await programFixture();
    const [other] = await db
      .select({ id: eventMembers.id })
      .from(eventMembers)
      .innerJoin(events, eq(events.id, eventMembers.eventId))
      .where(eq(events.slug, 'other-2026'));
    const browser = await browserAs(app, ORGANISER);
    const before = await snapshot(db);
    expect((await browser.post(`/orga/pybay-2016/team/${other!.id}/remove`, {})).statusCode).toBe(404);
    expect((await browser.post(`/orga/pybay-2016/team/${other!.id}/tracks`, {})).statusCode).toBe(404);
    expect(await snapshot(db)).toBe(before);
  });
});
