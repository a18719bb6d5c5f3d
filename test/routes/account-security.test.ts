import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { apiTokens, eventMembers, outbox, sessions, users } from '../../src/db/schema.js';
import { actorForApiToken, createOrganiser, createSession } from '../../src/modules/accounts/index.js';
import type { App } from '../../src/web/types.js';
import { buildTestApp, TEST_PUBLIC_URL } from '../helpers/app.js';
import {
  Browser,
  createUser,
  followVerificationLink,
  latestMailTo,
  linkInMail,
  loggedIn,
  signUpAndVerify,
  TEST_PASSWORD,
} from '../helpers/site.js';
import { createMailEvents } from '../mail/fixtures.js';

/**
 * The account defences an outside security test asked for (issue 7): an address proved before
 * it grants anything, password changes that end sessions and tokens, one-time links that work
 * once and only while newest, a signup that tells nobody who has an account, and passwords,
 * logins and sessions held to stricter rules.
 */

const SQUATTER_PASSWORD = 'squatter chose this passphrase';
const OWNER_PASSWORD = 'owner picks a fresh passphrase';

async function userRow(db: Database, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

async function signUp(app: App, person: { name: string; email: string; password: string }) {
  const browser = new Browser(app);
  await browser.get('/signup');
  const response = await browser.post('/signup', { ...person, next: '/' });
  return { browser, response };
}

/** A login through the real form, from a browser of its own; the answer's status. */
async function loginStatus(app: App, email: string, password: string): Promise<number> {
  const browser = new Browser(app);
  return (await browser.post('/login', { email, password, next: '/orga' }, { formUrl: '/login' })).statusCode;
}

async function createToken(browser: Browser, eventSlug = 'conf-2030'): Promise<string> {
  await browser.get(`/orga/${eventSlug}/api-tokens`);
  const created = await browser.post(`/orga/${eventSlug}/api-tokens`, { name: 'Export' });
  const match = /value="(lct_[A-Za-z0-9_-]+)"/.exec(created.body);
  if (!match) throw new Error(`no token created: ${created.statusCode}`);
  return match[1]!;
}

async function apiStatus(app: App, token: string, eventSlug = 'conf-2030'): Promise<number> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/events/${eventSlug}/proposals`,
    headers: { authorization: `Bearer ${token}` },
  });
  return response.statusCode;
}

describe('signing up proves the address first', () => {
  it('answers with "check your mail", logs nobody in, and the mailed link verifies the address and logs in', async () => {
    const { app, db } = await buildTestApp();
    const { browser, response } = await signUp(app, {
      name: 'Ada',
      email: 'Ada@Example.com',
      password: TEST_PASSWORD,
    });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login');
    expect(response.cookies.map((c) => c.name)).not.toContain('lectern_session');
    expect((await userRow(db, 'ada@example.com'))?.emailVerifiedAt).toBeNull();
    const page = await browser.get('/login');
    expect(page.body).toContain(
      'We have sent a mail to ada@example.com. Open the link in it to confirm your address and finish signing up.',
    );
    const mail = await latestMailTo(db, 'ada@example.com');
    expect(mail).toMatchObject({ subject: 'Confirm your address for Lectern', sensitive: true });
    // Before the link is used, the password opens nothing; trying mails a new link, which voids the first.
    expect(await loginStatus(app, 'ada@example.com', TEST_PASSWORD)).toBe(403);

    const signupLink = linkInMail(mail!.body, '/signup/verify/');
    expect((await new Browser(app).get(signupLink)).statusCode).toBe(404);

    // The newest link (the login attempt mailed it) leads where that login was going.
    const confirmed = await followVerificationLink(browser, db, 'ada@example.com');

    expect(confirmed.headers.location).toBe('/orga');
    expect((await userRow(db, 'ada@example.com'))?.emailVerifiedAt).toBeInstanceOf(Date);
    expect((await browser.get('/account')).body).toContain('Signed in as ada@example.com.');
    expect(await loginStatus(app, 'ada@example.com', TEST_PASSWORD)).toBe(303);
  });

  it('mails a new verification link to an unverified account that logs in, and logs it in only through the link', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com', verified: false });

    const browser = new Browser(app);
    const login = await browser.post(
      '/login',
      { email: 'ada@example.com', password: TEST_PASSWORD, next: '/orga' },
      { formUrl: '/login' },
    );

    expect(login.statusCode).toBe(403);
    expect(login.body).toContain('Confirm your address first: we have sent a new link to ada@example.com.');
    expect(login.cookies.map((c) => c.name)).not.toContain('lectern_session');
    expect(await db.$count(sessions)).toBe(0);
    const confirmed = await followVerificationLink(new Browser(app), db, 'ada@example.com');
    expect(confirmed.statusCode).toBe(303);
  });

  it('sets no password on an invited address and grants nothing when someone signs up with it', async () => {
    const { app, db } = await buildTestApp();
    await createMailEvents(db);
    const olga = await loggedIn(app, 'olga@example.com');
    await olga.get('/orga/conf-2030/team');
    await olga.post('/orga/conf-2030/team', { email: 'someone@example.org', role: 'organiser' });
    const invitation = await latestMailTo(db, 'someone@example.org');

    const { response } = await signUp(app, {
      name: 'Mallory',
      email: 'someone@example.org',
      password: SQUATTER_PASSWORD,
    });

    expect(response.statusCode).toBe(303);
    expect((await userRow(db, 'someone@example.org'))?.passwordHash).toBeNull();
    expect(await loginStatus(app, 'someone@example.org', SQUATTER_PASSWORD)).toBe(401);
    const warning = await latestMailTo(db, 'someone@example.org');
    expect(warning!.subject).toBe('Someone tried to sign up to Lectern with your address');
    // The owner still takes the account through the invitation's link.
    const owner = new Browser(app);
    const link = linkInMail(invitation!.body, '/password/set/');
    await owner.get(link);
    expect((await owner.post(link, { password: OWNER_PASSWORD, name: 'Sam' })).statusCode).toBe(303);
    expect((await owner.get('/orga/conf-2030/team')).statusCode).toBe(200);
  });

  it('gives the owner a link to set the password when an address someone squatted is added to a team, and ends the squatter', async () => {
    const { app, db } = await buildTestApp();
    await createMailEvents(db);
    await signUp(app, { name: 'Mallory', email: 'someone@example.org', password: SQUATTER_PASSWORD });
    const olga = await loggedIn(app, 'olga@example.com');
    await olga.get('/orga/conf-2030/team');

    await olga.post('/orga/conf-2030/team', { email: 'someone@example.org', role: 'organiser' });

    const invitation = await latestMailTo(db, 'someone@example.org');
    expect(invitation).toMatchObject({ subject: 'You are now an organiser of Conf 2030', sensitive: true });
    // Unverified, the squatter's password opens no session.
    expect(await loginStatus(app, 'someone@example.org', SQUATTER_PASSWORD)).toBe(403);
    const owner = new Browser(app);
    const link = linkInMail(invitation!.body, '/password/set/');
    await owner.get(link);
    expect((await owner.post(link, { password: OWNER_PASSWORD })).statusCode).toBe(303);
    expect((await owner.get('/orga/conf-2030/team')).statusCode).toBe(200);
    expect(await loginStatus(app, 'someone@example.org', SQUATTER_PASSWORD)).toBe(401);
    // The squatter's verification link no longer logs anybody in.
    const squatterMail = (
      await db.select().from(outbox).where(eq(outbox.subject, 'Confirm your address for Lectern'))
    )[0]!;
    const stale = new Browser(app);
    expect((await stale.get(linkInMail(squatterMail.body, '/signup/verify/'))).statusCode).toBe(404);
  });

  it('prints a set-password link from create-organiser for an address someone squatted, and none is squatted after it', async () => {
    const { app, db } = await buildTestApp();
    await createMailEvents(db);
    await signUp(app, { name: 'Mallory', email: 'squatted@example.org', password: SQUATTER_PASSWORD });

    const squatted = await createOrganiser(
      db,
      { email: 'squatted@example.org', eventSlug: 'conf-2030' },
      TEST_PUBLIC_URL,
    );
    const fresh = await createOrganiser(db, { email: 'fresh@example.org', eventSlug: 'conf-2030' }, TEST_PUBLIC_URL);
    await signUp(app, { name: 'Mallory', email: 'fresh@example.org', password: SQUATTER_PASSWORD });

    expect(squatted.link).toMatch(/^http:\/\/lectern\.test\/password\/set\//);
    expect(await loginStatus(app, 'squatted@example.org', SQUATTER_PASSWORD)).toBe(403);
    expect((await userRow(db, 'fresh@example.org'))?.passwordHash).toBeNull();
    expect(await loginStatus(app, 'fresh@example.org', SQUATTER_PASSWORD)).toBe(401);
    const owner = new Browser(app);
    const link = new URL(fresh.link!).pathname;
    await owner.get(link);
    expect((await owner.post(link, { password: OWNER_PASSWORD, name: 'Fred' })).statusCode).toBe(303);
    expect((await owner.get('/orga/conf-2030')).statusCode).toBe(200);
  });

  it('grants an unverified account no role and no API token, even with a session', async () => {
    const { app, db, conf } = await (async () => {
      const built = await buildTestApp();
      return { ...built, ...(await createMailEvents(built.db)) };
    })();
    const squatter = await createUser(db, { email: 'mallory@example.org', verified: false });
    await db.insert(eventMembers).values({ eventId: conf.id, userId: squatter.id, role: 'organiser' });
    const { token } = await createSession(db, squatter.id);
    const olga = await loggedIn(app, 'olga@example.com');
    const apiToken = await createToken(olga);
    await db.update(apiTokens).set({ userId: squatter.id });

    const page = await app.inject({
      method: 'GET',
      url: '/orga/conf-2030',
      headers: { cookie: `lectern_session=${token}` },
    });

    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Forga%2Fconf-2030');
    expect(await actorForApiToken(db, apiToken)).toBeUndefined();
  });
});

describe('a password change or reset', () => {
  it('revokes every API token of the account when the password is changed, and says so', async () => {
    const { app, db } = await buildTestApp();
    await createMailEvents(db);
    const olga = await loggedIn(app, 'olga@example.com');
    const token = await createToken(olga);
    expect(await apiStatus(app, token)).toBe(200);

    await olga.get('/account');
    const changed = await olga.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: OWNER_PASSWORD,
    });

    expect(changed.statusCode).toBe(303);
    expect((await olga.get('/account')).body).toContain(
      'Your password is changed. Every other session was logged out and your API tokens (1) revoked.',
    );
    expect(await apiStatus(app, token)).toBe(401);
    const [row] = await db.select().from(apiTokens);
    expect(row!.revokedAt).toBeInstanceOf(Date);
  });

  it('ends every session and revokes every API token when the password is reset, and says so', async () => {
    const { app, db } = await buildTestApp();
    await createMailEvents(db);
    const olga = await loggedIn(app, 'olga@example.com');
    const token = await createToken(olga);
    const anonymous = new Browser(app);
    await anonymous.get('/password/forgot');
    await anonymous.post('/password/forgot', { email: 'olga@example.com' });
    const link = linkInMail((await latestMailTo(db, 'olga@example.com'))!.body, '/password/reset/');

    await anonymous.get(link);
    const reset = await anonymous.post(link, { password: OWNER_PASSWORD });

    expect(reset.statusCode).toBe(303);
    expect((await anonymous.get('/orga')).body).toContain(
      'Your password is saved, and you are logged in. Every other session was logged out and your API tokens (1) revoked.',
    );
    expect((await olga.get('/account')).statusCode).toBe(303);
    expect(await apiStatus(app, token)).toBe(401);
  });

  it("revokes an organiser's API tokens of an event when they are removed from its team", async () => {
    const { app, db, conf, reviewer } = await (async () => {
      const built = await buildTestApp();
      return { ...built, ...(await createMailEvents(built.db)) };
    })();
    await db.insert(eventMembers).values({ eventId: conf.id, userId: reviewer.id, role: 'organiser' });
    const rita = await loggedIn(app, 'rita@example.com');
    const token = await createToken(rita);
    const [member] = await db
      .select()
      .from(eventMembers)
      .where(and(eq(eventMembers.userId, reviewer.id), eq(eventMembers.role, 'organiser')));
    const olga = await loggedIn(app, 'olga@example.com');
    await olga.get('/orga/conf-2030/team');

    const removed = await olga.post(`/orga/conf-2030/team/${member!.id}/remove`, {});

    expect(removed.statusCode).toBe(303);
    const [row] = await db.select().from(apiTokens);
    expect(row!.revokedAt).toBeInstanceOf(Date);
    // Made organiser again, the old token stays dead.
    await db.insert(eventMembers).values({ eventId: conf.id, userId: reviewer.id, role: 'organiser' });
    expect(await apiStatus(app, token)).toBe(401);
  });
});

describe('password reset links', () => {
  async function requestLink(app: App, db: Database, email = 'ada@example.com'): Promise<string> {
    const browser = new Browser(app);
    await browser.get('/password/forgot');
    await browser.post('/password/forgot', { email });
    return linkInMail((await latestMailTo(db, email))!.body, '/password/reset/');
  }

  async function use(app: App, link: string, password: string) {
    const browser = new Browser(app);
    const page = await browser.get(link);
    const post = await browser.post(link, { password });
    return { page: page.statusCode, post: post.statusCode };
  }

  it('work once', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const link = await requestLink(app, db);
    expect(await use(app, link, OWNER_PASSWORD)).toEqual({ page: 200, post: 303 });
    expect(await use(app, link, 'another fine passphrase')).toEqual({ page: 404, post: 400 });
  });

  it('stop working when a newer one is sent, whether or not it is used', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const first = await requestLink(app, db);
    const second = await requestLink(app, db);
    expect(await use(app, first, OWNER_PASSWORD)).toEqual({ page: 404, post: 400 });
    const third = await requestLink(app, db);
    expect(await use(app, third, OWNER_PASSWORD)).toEqual({ page: 200, post: 303 });
    expect(await use(app, second, 'another fine passphrase')).toEqual({ page: 404, post: 400 });
  });

  it('stop working when the password is changed', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const link = await requestLink(app, db);
    const ada = await loggedIn(app, 'ada@example.com');
    await ada.get('/account');
    await ada.post('/account/password', { currentPassword: TEST_PASSWORD, newPassword: OWNER_PASSWORD });
    expect(await use(app, link, 'another fine passphrase')).toEqual({ page: 404, post: 400 });
  });
});

describe('signing up', () => {
  it('answers alike for a new address and one with an account; the mail says what happened', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'taken@example.com', name: 'Taken' });
    const answers = [];
    for (const email of ['new@example.com', 'taken@example.com']) {
      const { browser, response } = await signUp(app, { name: 'Someone', email, password: SQUATTER_PASSWORD });
      const page = await browser.get(String(response.headers.location));
      answers.push({
        status: response.statusCode,
        location: response.headers.location,
        cookies: response.cookies.map((c) => c.name).sort(),
        page: page.body.replaceAll(email, 'ADDRESS').replace(/name="_csrf" value="[^"]+"/g, ''),
      });
    }

    expect(answers[1]).toEqual(answers[0]);
    expect((await latestMailTo(db, 'new@example.com'))!.body).toContain('http://lectern.test/signup/verify/');
    const existing = (await latestMailTo(db, 'taken@example.com'))!;
    expect(existing.subject).toBe('Someone tried to sign up to Lectern with your address');
    expect(existing.body).toContain('http://lectern.test/password/forgot');
    expect(existing.body).not.toContain('/signup/verify/');
    expect(await db.$count(users)).toBe(2);
  });
});

describe('passwords, logins and sessions', () => {
  it.each(['password12', 'qwertyuiop', 'correcthorse', 'iloveyou123'])(
    'refuses the common password %s on the signup form, naming the field',
    async (password) => {
      const { app, db } = await buildTestApp();
      const { response } = await signUp(app, { name: 'Ada', email: 'ada@example.com', password });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('is too easy to guess');
      expect(response.body).toMatch(/id="password-error"/);
      expect(await db.$count(users)).toBe(0);
      expect(await db.$count(outbox)).toBe(0);
    },
  );

  it('refuses a common password when changing or resetting one, and accepts a random passphrase', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const ada = await loggedIn(app, 'ada@example.com');
    await ada.get('/account');
    const weak = await ada.post('/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'qwertyuiop' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('is too easy to guess');
    const strong = await ada.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'plum violin anchor tulip',
    });
    expect(strong.statusCode).toBe(303);
  });

  it('refuses the 21st login to one account within 15 minutes with 429, whatever the client address', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const browser = new Browser(app);
      await browser.get('/login');
      const response = await app.inject({
        method: 'POST',
        url: '/login',
        remoteAddress: `192.0.2.${i + 1}`,
        headers: { cookie: browser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: browser.csrf!,
          email: i % 2 === 0 ? 'ada@example.com' : ' ADA@example.com',
          password: i === 20 ? TEST_PASSWORD : 'not the password',
        }).toString(),
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([...Array<number>(20).fill(401), 429]);
    expect(await db.$count(sessions)).toBe(0);
    // Another account is not held back.
    await createUser(db, { email: 'bob@example.com' });
    expect(await loginStatus(app, 'bob@example.com', TEST_PASSWORD)).toBe(303);
  });

  it('ends a session 30 days after login however often it is used', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const ada = await loggedIn(app, 'ada@example.com');
    expect((await ada.get('/account')).statusCode).toBe(200);
    // Used every day: last seen just now, its sliding expiry still ahead.
    await db.execute(sql`update sessions set created_at = now() - interval '30 days 1 minute', last_seen_at = now()`);
    const late = await ada.get('/account');
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/login?next=%2Faccount');
  });

  it('refuses after login a CSRF token issued before it', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const browser = new Browser(app);
    await browser.get('/login');
    const before = browser.csrf!;
    await browser.post('/login', { email: 'ada@example.com', password: TEST_PASSWORD, next: '/account' });

    const stale = await browser.post('/account', { name: 'Renamed', _csrf: before }, { csrf: false });
    expect(stale.statusCode).toBe(403);
    await browser.get('/account');
    expect(browser.csrf).not.toBe(before);
    expect((await browser.post('/account', { name: 'Renamed' })).statusCode).toBe(303);
  });

  it('signs up and verifies through the shared test helper', async () => {
    const { app, db } = await buildTestApp();
    const browser = new Browser(app);
    const done = await signUpAndVerify(browser, db, { name: 'Ada', email: 'ada@example.com', next: '/account' });
    expect(done.headers.location).toBe('/account');
    expect((await browser.get('/account')).statusCode).toBe(200);
  });
});
