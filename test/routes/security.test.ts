import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { outbox, sessions, users } from '../../src/db/schema.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import type { App } from '../../src/web/types.js';
import { buildTestApp, TEST_SECRET } from '../helpers/app.js';
import { testDatabase } from '../helpers/database.js';
import { Browser, createUser, TEST_PASSWORD } from '../helpers/site.js';
import {
  buildWorld,
  cloneBrowser,
  NEW_PASSWORD,
  outOfScope,
  registeredRoutes,
  REQUESTS,
  requestFor,
  type SessionRole,
  type World,
  useMatrixWorld,
} from './authorisation-fixtures.js';

/**
 * The site's defences as a whole: cookies, sessions, CSRF on every state change, API tokens
 * kept to the API, rate limits shared by all instances, security headers, logs without
 * secrets, and the wall between two events.
 */

const HTTPS_URL = 'https://lectern.example';

/** The app on the worker's database, with the address and logger of a deployment. */
async function appWith(options: { publicUrl?: string; logLines?: string[] } = {}): Promise<App> {
  const { db } = await testDatabase();
  const agenda = new Agenda(db);
  await agenda.loadAll();
  const lines = options.logLines;
  const app = await buildApp({
    agenda,
    db,
    secret: TEST_SECRET,
    publicUrl: options.publicUrl ?? 'http://lectern.test',
    ...(lines
      ? {
          logRequests: true,
          logger: {
            level: 'trace',
            stream: new Writable({
              write(chunk: Buffer, _encoding, done) {
                lines.push(chunk.toString());
                done();
              },
            }),
          },
        }
      : {}),
  });
  await app.ready();
  return app;
}

function cookieNamed(response: LightMyRequestResponse, name: string) {
  const cookie = response.cookies.find((c) => c.name === name);
  if (!cookie) throw new Error(`no ${name} cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
  return cookie;
}

/** The raw Set-Cookie header of a cookie, attributes and all. */
function setCookieHeader(response: LightMyRequestResponse, name: string): string {
  const headers = [response.headers['set-cookie'] ?? []].flat();
  const header = headers.find((h) => h.startsWith(`${name}=`));
  if (!header) throw new Error(`no Set-Cookie for ${name}`);
  return header;
}

async function sessionCount(db: Database, email: string): Promise<number> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  return db.$count(sessions, eq(sessions.userId, user!.id));
}

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ and host-only over plain HTTP, without Secure', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const login = await new Browser(app).login('ada@example.com');

    const header = setCookieHeader(login, 'lectern_session');
    expect(header.split('; ').slice(1).sort()).toEqual(expect.arrayContaining(['HttpOnly', 'Path=/', 'SameSite=Lax']));
    expect(header).not.toMatch(/; Secure/i);
    expect(header).not.toMatch(/; Domain=/i);
    expect(cookieNamed(login, 'lectern_session').expires!.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
  });

  it('is Secure and carries the __Host- prefix when Lectern is served over HTTPS, as is the CSRF cookie', async () => {
    const { db } = await testDatabase();
    await createUser(db, { email: 'ada@example.com' });
    const app = await appWith({ publicUrl: HTTPS_URL });
    const browser = new Browser(app);
    const form = await browser.get('/login');
    const login = await browser.login('ada@example.com');

    const session = setCookieHeader(login, '__Host-lectern_session');
    expect(session.split('; ').slice(1)).toEqual(
      expect.arrayContaining(['HttpOnly', 'Secure', 'Path=/', 'SameSite=Lax']),
    );
    expect(session).not.toMatch(/; Domain=/i);
    const csrf = setCookieHeader(form, '__Host-lectern_csrf');
    expect(csrf.split('; ').slice(1)).toEqual(expect.arrayContaining(['HttpOnly', 'Secure', 'Path=/', 'SameSite=Lax']));
    expect(login.cookies.map((c) => c.name)).not.toContain('lectern_session');
    expect((await browser.get('/account')).statusCode).toBe(200);
    // Over HTTPS the site also asks browsers to stay on HTTPS.
    expect(form.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    await app.close();
  });
});

describe('sessions', () => {
  it('starts a new session at login: the cookie held before no longer works', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const browser = new Browser(app);
    await browser.login('ada@example.com');
    const before = browser.cookies.get('lectern_session')!;

    await browser.login('ada@example.com');

    const after = browser.cookies.get('lectern_session')!;
    expect(after).not.toBe(before);
    expect((await browser.get('/account')).statusCode).toBe(200);
    const replay = await app.inject({
      method: 'GET',
      url: '/account',
      headers: { cookie: `lectern_session=${before}` },
    });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/login?next=%2Faccount');
    expect(await sessionCount(db, 'ada@example.com')).toBe(1);
  });

  it('ends the session in the database at logout, so that a copied cookie is worth nothing', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const browser = new Browser(app);
    await browser.login('ada@example.com');
    const copied = browser.cookieHeader;

    expect((await browser.post('/logout', {})).statusCode).toBe(303);

    expect(await sessionCount(db, 'ada@example.com')).toBe(0);
    const replay = await app.inject({ method: 'GET', url: '/account', headers: { cookie: copied } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/login?next=%2Faccount');
  });

  it("ends the account's other sessions when its password is changed, and keeps the one that changed it", async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const laptop = new Browser(app);
    const phone = new Browser(app);
    await laptop.login('ada@example.com');
    await phone.login('ada@example.com');
    await laptop.get('/account');

    const changed = await laptop.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });

    expect(changed.statusCode).toBe(303);
    expect((await laptop.get('/account')).statusCode).toBe(200);
    const other = await phone.get('/account');
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).toBe('/login?next=%2Faccount');
    expect(await sessionCount(db, 'ada@example.com')).toBe(1);
  });
});

describe('rate limits', () => {
  async function tryLogin(app: App, password: string, remoteAddress = '127.0.0.1') {
    const browser = new Browser(app);
    await browser.get('/login');
    const body = new URLSearchParams({ _csrf: browser.csrf!, email: 'ada@example.com', password });
    return app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress,
      headers: { cookie: browser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  }

  it('refuses the 11th login within 15 minutes with 429, counted across app instances in the database', async () => {
    const { db } = await testDatabase();
    await createUser(db, { email: 'ada@example.com' });
    const first = await appWith();
    const second = await appWith();
    // Each form counts on its own: five password reset requests take no login attempt away.
    const forgot = new Browser(first);
    await forgot.get('/password/forgot');
    for (let i = 0; i < 5; i++) await forgot.post('/password/forgot', { email: 'ada@example.com' });

    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await tryLogin(i % 2 === 0 ? first : second, 'not the password')).statusCode);
    const eleventh = await tryLogin(second, TEST_PASSWORD);

    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 401]);
    expect(eleventh.statusCode).toBe(429);
    // Even the right password waits: a guesser cannot tell.
    expect(eleventh.headers['set-cookie']).toBeUndefined();
    expect(await sessionCount(db, 'ada@example.com')).toBe(0);
    // Another address is not held back by this one's attempts.
    expect((await tryLogin(first, TEST_PASSWORD, '192.0.2.7')).statusCode).toBe(303);
    const rows = await db.execute(sql`select key, count from rate_limits order by key`);
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual([
      { key: 'POST /login|127.0.0.1', count: 11 },
      { key: 'POST /login|192.0.2.7', count: 1 },
      // Per account too, whatever the client address (the 11th was refused before it counted).
      { key: 'POST /login|account:ada@example.com', count: 11 },
      { key: 'POST /password/forgot|127.0.0.1', count: 5 },
      { key: 'POST /password/forgot|account:ada@example.com', count: 5 },
    ]);
    await first.close();
    await second.close();
  });

  it('refuses the 6th password reset request within 15 minutes with 429, and queues no mail for it', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const browser = new Browser(app);
    await browser.get('/password/forgot');

    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await browser.post('/password/forgot', { email: 'ada@example.com' })).statusCode);

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await db.$count(outbox)).toBe(5);
  });

  it('refuses the 6th try of a password link within 15 minutes with 429', async () => {
    const { app, db } = await buildTestApp();
    await createUser(db, { email: 'ada@example.com' });
    const browser = new Browser(app);
    await browser.get('/login');

    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await browser.post(`/password/reset/guessed-token-${i}`, { password: NEW_PASSWORD })).statusCode);
    }

    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });
});

describe('security headers', () => {
  /** The CSP's directives by name. */
  function directives(response: LightMyRequestResponse): Map<string, string[]> {
    const header = String(response.headers['content-security-policy'] ?? '');
    return new Map(
      header
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .filter((words) => words[0])
        .map(([name, ...values]) => [name!, values]),
    );
  }

  it('sends a strict Content Security Policy, nosniff and no framing on every kind of site page', async () => {
    const { app, db } = await buildTestApp();
    await buildWorld(db);
    const organiser = new Browser(app);
    await organiser.login('olga@example.com');
    const reviewer = new Browser(app);
    await reviewer.login('rita@example.com');
    const anonymous = new Browser(app);

    const pages: [string, LightMyRequestResponse][] = [
      ['login page', await anonymous.get('/login')],
      ['password form', await anonymous.get('/password/forgot')],
      ['call for proposals', await anonymous.get('/conf-a/cfp')],
      ['account page', await organiser.get('/account')],
      ['back-office dashboard', await organiser.get('/orga/conf-a')],
      ['review dashboard', await organiser.get('/orga/conf-a/review')],
      ['speaker area', await organiser.get('/conf-a/me/proposals')],
      ['refusal (403)', await reviewer.get('/orga/conf-a/settings')],
      ['missing proposal (404)', await organiser.get('/orga/conf-a/proposals/NOSUCH')],
    ];

    const got = pages.map(([name, response]) => {
      const csp = directives(response);
      const scripts = csp.get('script-src') ?? csp.get('default-src') ?? ['(none)'];
      return {
        name,
        scripts: scripts.filter((s) => s !== "'self'" && s !== "'none'"),
        frameAncestors: csp.get('frame-ancestors'),
        objectsOrDefault: csp.get('object-src') ?? csp.get('default-src'),
        baseUri: csp.get('base-uri'),
        nosniff: response.headers['x-content-type-options'],
        inlineScripts: /<script(?![^>]*\bsrc=)[^>]*>/i.test(response.body),
      };
    });
    expect(got).toEqual(
      pages.map(([name]) => ({
        name,
        scripts: [],
        frameAncestors: ["'none'"],
        objectsOrDefault: ["'none'"],
        baseUri: ["'none'"],
        nosniff: 'nosniff',
        inlineScripts: false,
      })),
    );
    expect(pages.map(([, response]) => response.statusCode)).toEqual([200, 200, 200, 200, 200, 200, 200, 403, 404]);
  });
});

describe('logs', () => {
  it('never contain a password, a session token, a reset or invitation link, an access code or an API token', async () => {
    const { db } = await testDatabase();
    const world = await buildWorld(db);
    const lines: string[] = [];
    const app = await appWith({ logLines: lines });
    const browser = new Browser(app);
    const secrets: Record<string, string> = {
      password: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      apiToken: world.apiTokenA,
      invitationToken: world.invitation.token,
    };

    const login = await browser.login('olga@example.com');
    secrets.sessionToken = cookieNamed(login, 'lectern_session').value;
    secrets.csrfSecret = decodeURIComponent(browser.cookies.get('lectern_csrf')!);
    await browser.get('/orga/conf-a');
    await browser.get(`/conf-a/me/invitations/${world.invitation.token}`);
    // A signed-out invitee's way back to the link: login and sign-up pages carry it in next.
    const invitee = new Browser(app);
    const invitationPath = `/conf-a/me/invitations/${world.invitation.token}`;
    expect((await invitee.get(invitationPath)).statusCode).toBe(200);
    expect((await invitee.get(`/login?next=${encodeURIComponent(invitationPath)}`)).statusCode).toBe(200);
    expect((await invitee.get(`/signup?next=${invitationPath}`)).statusCode).toBe(200);
    // An access code travels in the CFP's link, and in the way back to its form after logging in.
    secrets.accessCode = 'CONF-A-INVITED';
    expect((await invitee.get('/conf-a/cfp?access_code=CONF-A-INVITED')).statusCode).toBe(200);
    expect(
      (await invitee.get(`/login?next=${encodeURIComponent('/conf-a/cfp/submit?access_code=CONF-A-INVITED')}`))
        .statusCode,
    ).toBe(200);
    expect((await browser.post('/password/forgot', { email: 'ursula@example.com' })).statusCode).toBe(200);
    const [mail] = await db.select().from(outbox).where(eq(outbox.recipient, 'ursula@example.com'));
    const resetToken = /\/password\/reset\/([^\s]+)/.exec(mail!.body)![1]!;
    secrets.resetToken = resetToken;
    const reset = new Browser(app);
    expect((await reset.get(`/password/reset/${resetToken}`)).statusCode).toBe(200);
    const resetDone = await reset.post(`/password/reset/${resetToken}`, { password: NEW_PASSWORD });
    expect(resetDone.statusCode).toBe(303);
    secrets.resetSessionToken = cookieNamed(resetDone, 'lectern_session').value;
    const api = await app.inject({
      method: 'GET',
      url: '/api/events/conf-a/proposals',
      headers: { authorization: `Bearer ${world.apiTokenA}` },
    });
    expect(api.statusCode).toBe(200);
    const refused = await app.inject({
      method: 'GET',
      url: '/api/events/conf-b/proposals',
      headers: { authorization: `Bearer ${world.apiTokenA}` },
    });
    expect(refused.statusCode).toBe(403);
    await app.close();

    const log = lines.join('');
    // The log did record the requests: the test looks where the secrets would be.
    expect(log).toContain('/api/events/conf-a/proposals');
    expect(log).toContain('"url":"/password/forgot"');
    expect(log).toContain('"url":"/password/reset/[redacted]"');
    expect(log).toContain('"url":"/conf-a/me/invitations/[redacted]"');
    expect(log).toContain('"url":"/login?next=%2Fconf-a%2Fme%2Finvitations%2F[redacted]"');
    expect(log).toContain('"url":"/signup?next=/conf-a/me/invitations/[redacted]"');
    expect(log).toContain('"url":"/conf-a/cfp?access_code=[redacted]"');
    expect(log).toContain('"url":"/login?next=%2Fconf-a%2Fcfp%2Fsubmit%3Faccess_code%3D[redacted]"');
    const found = Object.entries(secrets)
      .filter(([, secret]) => log.includes(secret) || log.includes(encodeURIComponent(secret)))
      .map(([name]) => name);
    expect(found).toEqual([]);
  });
});

describe('with two events, their teams and an API token each', () => {
  let app: App;
  let db: Database;
  let world: World;
  let browsers: Record<SessionRole, Browser>;
  // The world and the app are built once; each test starts from the world again.
  const matrix = useMatrixWorld();
  beforeAll(() => ({ app, db, world, browsers } = matrix));
  const changedTables = () => matrix.changedTables();

  /** After each refused request: nothing written; rate-limit counters start again from none. */
  async function wroteNothing(): Promise<string> {
    const changed = await changedTables();
    if (changed.length > 0) await matrix.restore();
    else await db.execute(sql`truncate rate_limits`);
    return changed.length === 0 ? 'wrote nothing' : `wrote ${changed.join(', ')}`;
  }

  /** Site routes that change state (the organiser API takes tokens, not cookies: see below). */
  function stateChangingSiteRoutes(): string[] {
    return registeredRoutes(app)
      .filter((r) => !['GET', 'HEAD'].includes(r.method) && !outOfScope(r.path) && !r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path}`);
  }

  /** Forms of the public site, which has no CSRF secret: they must come from a page of this site. */
  const SAME_ORIGIN_FORMS = ['POST /:event/interest'];

  /** Someone the matrix shows may make this change, so that a refusal is the CSRF check's doing. */
  function allowedRole(route: string): SessionRole {
    if (route.includes(' /:event/me/')) return 'speaker';
    if (/ \/(login|signup|password)/.test(route)) return 'anonymous';
    return 'organiser';
  }

  function post(browser: Browser, url: string, form: Record<string, unknown>, csrf: string | undefined) {
    const body = new URLSearchParams();
    if (csrf !== undefined) body.append('_csrf', csrf);
    for (const [name, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, String(v));
    }
    return app.inject({
      method: 'POST',
      url,
      headers: { cookie: browser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  }

  it('refuses every state change without a CSRF token, or with a wrong one, with 403, writing nothing', async () => {
    const routes = stateChangingSiteRoutes();
    expect(routes.length).toBeGreaterThan(50);
    // A valid token, but for another browser's CSRF secret.
    const stranger = new Browser(app);
    await stranger.get('/login');
    const got: string[] = [];
    const want: string[] = [];
    for (const route of routes) {
      const request = requestFor(route);
      const role = allowedRole(route);
      for (const [kind, csrf] of [
        ['no token', undefined],
        ['a wrong token', 'not-a-token'],
        ["another browser's token", stranger.csrf!],
      ] as const) {
        const browser = cloneBrowser(app, browsers[role]);
        const response = await post(browser, request.url(world), request.body?.(world) ?? {}, csrf);
        const refusal = response.body.includes('This form was out of date or was not sent from this site.')
          ? ' (CSRF)'
          : response.body.includes('This form can only be sent from its own page on this site.')
            ? ' (same origin)'
            : '';
        got.push(`${route} as ${role} with ${kind}: ${response.statusCode}${refusal}, ${await wroteNothing()}`);
        // The public site has no sessions: its forms check where a post comes from instead (the
        // post here names no origin); interest-ballots.test.ts tries other sites' origins.
        const check = SAME_ORIGIN_FORMS.includes(route) ? 'same origin' : 'CSRF';
        want.push(`${route} as ${role} with ${kind}: 403 (${check}), wrote nothing`);
      }
    }
    expect(got).toEqual(want);
  });

  it('refuses a browser session on the organiser API, CSRF token or not, writing nothing', async () => {
    // Shared agendas (…/agendas) read no session at all: their token is in the path.
    const routes = registeredRoutes(app)
      .filter((r) => r.method === 'POST' && r.path.startsWith('/api/') && !r.path.endsWith('/agendas'))
      .map((r) => `${r.method} ${r.path}`);
    expect(routes.sort()).toEqual([
      'POST /api/events/:event/decisions',
      'POST /api/events/:event/mail/drafts/send',
      'POST /api/events/:event/proposals/:code/decision',
      'POST /api/events/:event/webhooks',
    ]);
    const got: string[] = [];
    for (const route of routes) {
      const request = requestFor(route);
      const browser = cloneBrowser(app, browsers.organiser);
      const response = await app.inject({
        method: 'POST',
        url: request.url(world),
        headers: { cookie: browser.cookieHeader },
        payload: request.body?.(world) ?? {},
      });
      got.push(`${route}: ${response.statusCode}, ${await wroteNothing()}`);
    }
    expect(got).toEqual(routes.map((route) => `${route}: 401, wrote nothing`));
  });

  it('lets an API token open the organiser API only: elsewhere it is no login at all', async () => {
    const routes = registeredRoutes(app)
      .filter((r) => r.method !== 'HEAD' && !outOfScope(r.path) && !r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path}`)
      .filter((route) => route in REQUESTS);
    const got: string[] = [];
    const want: string[] = [];
    for (const route of routes) {
      const request = requestFor(route);
      const url = request.url(world);
      const bearer = { authorization: `Bearer ${world.apiTokenA}` };
      if (route.startsWith('GET ')) {
        const withToken = await app.inject({ method: 'GET', url, headers: bearer });
        const anonymous = await app.inject({ method: 'GET', url });
        got.push(`${route}: ${withToken.statusCode} ${String(withToken.headers.location ?? '')}`);
        want.push(`${route}: ${anonymous.statusCode} ${String(anonymous.headers.location ?? '')}`);
      } else {
        const response = await app.inject({
          method: 'POST',
          url,
          headers: bearer,
          payload: request.body?.(world) ?? {},
        });
        got.push(`${route}: ${response.statusCode}, ${await wroteNothing()}`);
        want.push(`${route}: 403, wrote nothing`);
      }
    }
    expect(routes.length).toBeGreaterThan(80);
    expect(got).toEqual(want);
  });

  it("shows a team member of event A nothing of event B's, whatever codes and ids they guess", async () => {
    const A = '/orga/conf-a';
    const b = world.b;
    const organiser = browsers.organiser;
    const gets = [
      `${A}/proposals/${b.proposalCode}`,
      `${A}/talks/${b.proposalCode}`,
      `${A}/cfp/questions/${b.questionId}`,
      `${A}/mail/messages/${b.messageId}`,
      `${A}/speakers/${b.speakerId}`,
      `${A}/tracks/${b.webTrackId}`,
      `${A}/levels/${b.levelId}`,
      `/conf-a/me/proposals/${b.proposalCode}`,
    ];
    const posts: [string, Record<string, unknown>][] = [
      [`${A}/proposals/${b.proposalCode}/review`, { score: '3', comment: '' }],
      [`${A}/proposals/${b.proposalCode}/decision`, { decision: 'accept' }],
      [`${A}/talks/${b.proposalCode}/delete`, {}],
      [`${A}/cfp/questions/${b.questionId}`, { label: 'Mine now?', kind: 'text' }],
      [`${A}/cfp/questions/${b.questionId}/delete`, {}],
      [`${A}/cfp/questions/${b.questionId}/move`, { direction: 'down' }],
      [`${A}/mail/messages/${b.messageId}/retry`, {}],
      [`${A}/api-tokens/${b.apiTokenId}/revoke`, {}],
      [`${A}/team/${b.memberId}/tracks`, { trackIds: [String(world.a.webTrackId)] }],
      [`${A}/team/${b.memberId}/remove`, {}],
      [`${A}/speakers/${b.speakerId}`, { name: 'Renamed', biography: '' }],
      [`${A}/tracks/${b.webTrackId}`, { name: 'Renamed' }],
      [`${A}/tracks/${b.webTrackId}/delete`, { moveTo: '' }],
      [`${A}/levels/${b.levelId}/delete`, { moveTo: '' }],
      [`/conf-a/me/proposals/${b.proposalCode}/withdraw`, {}],
    ];
    const got: string[] = [];
    for (const url of gets) got.push(`GET ${url}: ${(await cloneBrowser(app, organiser).get(url)).statusCode}`);
    for (const [url, form] of posts) {
      const response = await post(cloneBrowser(app, organiser), url, form, organiser.csrf);
      got.push(`POST ${url}: ${response.statusCode}, ${await wroteNothing()}`);
    }
    // Bulk decisions name proposals by code: one of B's is unknown here, so nothing is decided.
    const bulk = await post(
      cloneBrowser(app, organiser),
      `${A}/proposals/decisions`,
      { proposals: [world.proposal.code, b.proposalCode], decision: 'accept' },
      organiser.csrf,
    );
    got.push(`POST ${A}/proposals/decisions: ${bulk.statusCode}, ${await wroteNothing()}`);
    // And A's own addresses at B refuse outright.
    const atB = await cloneBrowser(app, organiser).get(`/orga/conf-b/proposals/${b.proposalCode}`);
    got.push(`GET /orga/conf-b/proposals/${b.proposalCode}: ${atB.statusCode}`);

    expect(got).toEqual([
      ...gets.map((url) => `GET ${url}: 404`),
      ...posts.map(([url]) => `POST ${url}: 404, wrote nothing`),
      `POST ${A}/proposals/decisions: 400, wrote nothing`,
      `GET /orga/conf-b/proposals/${b.proposalCode}: 403`,
    ]);
  });

  it("gives event A's API token nothing of event B's, at either event's address", async () => {
    const bearer = { authorization: `Bearer ${world.apiTokenA}` };
    const b = world.b;
    const calls: [string, string, unknown][] = [
      ['GET', `/api/events/conf-a/proposals/${b.proposalCode}`, undefined],
      ['POST', `/api/events/conf-a/proposals/${b.proposalCode}/decision`, { decision: 'accept' }],
      ['POST', '/api/events/conf-a/decisions', { proposals: [b.proposalCode], decision: 'accept' }],
      ['GET', '/api/events/conf-b/proposals', undefined],
      ['GET', `/api/events/conf-b/proposals/${b.proposalCode}`, undefined],
      ['GET', '/api/events/conf-b/reviews', undefined],
      ['POST', `/api/events/conf-b/proposals/${b.proposalCode}/decision`, { decision: 'accept' }],
      ['POST', '/api/events/conf-b/decisions', { proposals: [b.proposalCode], decision: 'accept' }],
    ];
    const got: string[] = [];
    for (const [method, url, payload] of calls) {
      const response = await app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: bearer,
        ...(payload ? { payload: payload as Record<string, unknown> } : {}),
      });
      got.push(`${method} ${url}: ${response.statusCode}${method === 'POST' ? `, ${await wroteNothing()}` : ''}`);
    }
    expect(got).toEqual([
      `GET /api/events/conf-a/proposals/${b.proposalCode}: 404`,
      `POST /api/events/conf-a/proposals/${b.proposalCode}/decision: 404, wrote nothing`,
      'POST /api/events/conf-a/decisions: 400, wrote nothing',
      'GET /api/events/conf-b/proposals: 403',
      `GET /api/events/conf-b/proposals/${b.proposalCode}: 403`,
      'GET /api/events/conf-b/reviews: 403',
      `POST /api/events/conf-b/proposals/${b.proposalCode}/decision: 403, wrote nothing`,
      'POST /api/events/conf-b/decisions: 403, wrote nothing',
    ]);
  });
});
