import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import type { App } from '../../src/web/types.js';
import { Browser, followVerificationLink } from '../helpers/site.js';
import {
  cloneBrowser,
  EMAILS,
  NEW_PASSWORD,
  outOfScope,
  registeredRoutes,
  requestFor,
  type SessionRole,
  type World,
  useMatrixWorld,
} from './authorisation-fixtures.js';

/**
 * Input refused at the edge, whatever the route: a `next` that would leave the site, a NUL
 * character anywhere (Postgres cannot store one), a malformed %-escape in a form, and a
 * time-zone offset no place uses. Each is a 400 naming the field (or, for `next`, the default
 * page), never a 500, and nothing is written. Runs in the authorisation matrix's world.
 */

type Form = Record<string, string | string[]>;

let app: App;
let db: Database;
let world: World;
let browsers: Record<SessionRole, Browser>;
const matrix = useMatrixWorld();
beforeAll(() => ({ app, db, world, browsers } = matrix));
const changedTables = () => matrix.changedTables();

function as(role: SessionRole): Browser {
  return cloneBrowser(app, browsers[role]);
}

/** Who may use a route, so that the request would write if the guard let it through. */
function roleFor(route: string): SessionRole | 'tokenA' {
  if (route.includes(' /api/')) return 'tokenA';
  if (/^POST \/(login|signup|password)/.test(route)) return 'anonymous';
  if (route.includes('/:event/me') || route.includes('/:event/cfp/')) return 'speaker';
  if (/^(GET|POST) \/account/.test(route)) return 'user';
  return 'organiser';
}

async function send(route: string, url: string, body: Form | Record<string, unknown> | undefined) {
  const role = roleFor(route);
  const method = route.split(' ')[0] as 'GET' | 'POST';
  if (role === 'tokenA') {
    return app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${world.apiTokenA}` },
      ...(body ? { payload: body } : {}),
    });
  }
  const browser = as(role);
  return method === 'GET' ? browser.get(url) : browser.post(url, body as Form);
}

const escapeHtml = (text: string) => text.replaceAll('"', '&#34;');

/** A 400 whose JSON body, or error page, says exactly this. */
function expectRefusal(response: LightMyRequestResponse, api: boolean, message: string, parameter: string) {
  if (api) {
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message, parameter },
    });
  } else {
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<p>${escapeHtml(message)}</p>`);
  }
}

describe('a `next` address after logging in or signing up', () => {
  it.each([
    ['/%09/evil.example/x'],
    ['/%0D/evil.example/x'],
    ['/%0A/evil.example/x'],
    ['/%5C/evil.example/x'],
    ['/%5Cevil.example'],
    ['//evil.example'],
    ['/.//evil.example'],
    ['/%252F/evil.example'],
    ['/orga%0D%0ASet-Cookie:%20x=1'],
    ['/orga%E2%80%A8x'],
    ['/orga%25E2%2580%25A8x'],
    ['/%E2%80%A8/evil.example'],
    ['/orga%E2%98%83'],
  ])('sends someone already logged in from /login?next=%s to the back office instead', async (next) => {
    const response = await as('organiser').get(`/login?next=${next}`);
    expect({ status: response.statusCode, location: response.headers.location }).toEqual({
      status: 303,
      location: next === '/orga%E2%98%83' ? '/orga%E2%98%83' : '/orga',
    });
  });

  it.each([
    ['a carriage return', '/orga\r\nx'],
    ['a line feed', '/orga\nx'],
    ['a line separator', '/orga\u2028x'],
    ['a non-Latin-1 character', '/talks/\u2603'],
    ['a tab', '/\t/evil.example'],
  ])(
    'signs someone up and, once the address is proven, sends them to the default page when next holds %s',
    async (_what, next) => {
      const browser = as('anonymous');
      const signup = await browser.post('/signup', {
        name: 'Nick New',
        email: 'nick@example.com',
        password: NEW_PASSWORD,
        next,
      });
      const verified = await followVerificationLink(browser, db, 'nick@example.com');
      expect({
        signup: { status: signup.statusCode, location: signup.headers.location },
        verified: { status: verified.statusCode, location: verified.headers.location },
      }).toEqual({
        signup: { status: 303, location: '/login' },
        verified: { status: 303, location: next === '/talks/\u2603' ? '/talks/%E2%98%83' : '/' },
      });
    },
  );

  it('logs in and follows a next of this site with a non-ASCII character, %-encoded', async () => {
    const response = await new Browser(app).post(
      '/login',
      { email: EMAILS.user, password: 'a perfectly long password', next: '/conf-a/talks/caf\u00e9' },
      { formUrl: '/login' },
    );
    expect({ status: response.statusCode, location: response.headers.location }).toEqual({
      status: 303,
      location: '/conf-a/talks/caf%C3%A9',
    });
  });
});

/** Every route but the static ones, as Fastify knows them. */
function everyRoute(method?: string): string[] {
  return registeredRoutes(app)
    .filter((route) => route.method !== 'HEAD' && !outOfScope(route.path))
    .filter((route) => !method || route.method === method)
    .map((route) => `${route.method} ${route.path}`);
}

/** A public page's URL, for the routes the fixtures' REQUESTS (signed-in site only) have none for. */
function urlOf(route: string): string {
  const path = route.split(' ')[1]!;
  if (!path.includes(':')) return path;
  const talk = world.programTalk.slug;
  const known: Record<string, string> = {
    '/:event': '/conf-a',
    '/:event/search': '/conf-a/search',
    '/:event/talks/:talk': `/conf-a/talks/${talk}`,
    '/:event/talks/:talk.ics': `/conf-a/talks/${talk}.ics`,
    '/:event/speakers': '/conf-a/speakers',
    '/:event/speakers/:speaker': `/conf-a/speakers/${world.programTalk.speakerSlug}`,
    '/:event/tracks': '/conf-a/tracks',
    '/:event/tracks/:track': '/conf-a/tracks/data',
    '/:event/brand.css': '/conf-a/brand.css',
    '/:event/schedule': '/conf-a/schedule',
    '/:event/schedule/:day': '/conf-a/schedule/2099-06-01',
    '/:event/changelog': '/conf-a/changelog',
    '/:event/changelog.atom': '/conf-a/changelog.atom',
    '/:event/now': '/conf-a/now',
    '/:event/rooms/:room/now': '/conf-a/rooms/hall-a/now',
    '/:event/embed': '/conf-a/embed',
    '/:event/embed.html': '/conf-a/embed.html',
    '/:event/widget.js': '/conf-a/widget.js',
    '/:event/exports': '/conf-a/exports',
    '/:event/schedule.xml': '/conf-a/schedule.xml',
    '/:event/schedule.json': '/conf-a/schedule.json',
    '/:event/agenda': '/conf-a/agenda',
    '/:event/agenda/:share': `/conf-a/agenda/${world.sharedAgenda.shareId}`,
    '/:event/agenda/:share/qr.svg': `/conf-a/agenda/${world.sharedAgenda.shareId}/qr.svg`,
    '/:event/agenda/:share/calendar.ics': `/conf-a/agenda/${world.sharedAgenda.shareId}/calendar.ics`,
    '/:event/schedule.ics': '/conf-a/schedule.ics',
    '/:event/talks.csv': '/conf-a/talks.csv',
    '/api/events/:event': '/api/events/conf-a',
    '/api/events/:event/talks': '/api/events/conf-a/talks',
    '/api/events/:event/talks/:talk': `/api/events/conf-a/talks/${talk}`,
    '/api/events/:event/speakers': '/api/events/conf-a/speakers',
    '/api/events/:event/tracks': '/api/events/conf-a/tracks',
    '/api/events/:event/schedule': '/api/events/conf-a/schedule',
    '/api/events/:event/releases': '/api/events/conf-a/releases',
    '/:event/manifest.webmanifest': '/conf-a/manifest.webmanifest',
    '/:event/offline': '/conf-a/offline',
    '/:event/interest': '/conf-a/interest',
    '/api/events/:event/pages': '/api/events/conf-a/pages',
    '/media/speaker-photos/:file': world.photoPath,
  };
  return known[path] ?? requestFor(route).url(world);
}

function withQuery(url: string, query: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

/** The route's well-formed body with a NUL in its first field's value (or in a field of its own). */
function bodyWithNul(route: string): { body: Form | Record<string, unknown>; field: string } {
  const body = { ...(requestFor(route).body?.(world) ?? {}) } as Record<string, unknown>;
  const field = Object.keys(body).find((key) => typeof body[key] === 'string') ?? 'note';
  body[field] = `${(body[field] as string | undefined) ?? ''}\u0000`;
  return { body, field };
}

/** What a refusal answered, in a few words, for comparing every route's at once. */
async function summary(response: LightMyRequestResponse, api: boolean): Promise<string> {
  const said = api
    ? String((response.json() as { message?: string }).message)
    : (/<p>([^<]*NUL[^<]*)<\/p>/.exec(response.body)?.[1] ?? '(no message)').replaceAll('&#34;', '"');
  const changed = await changedTables();
  return `${response.statusCode} ${said}; wrote ${changed.length === 0 ? 'nothing' : changed.join(', ')}`;
}

describe('a NUL character', () => {
  it('in the query string of every GET route gets a 400 naming the parameter', async () => {
    const routes = everyRoute('GET');
    expect(routes.length).toBeGreaterThan(70);
    const got: string[] = [];
    const want: string[] = [];
    for (const route of routes) {
      const response = await send(route, withQuery(urlOf(route), 'q=x%00y'), undefined);
      got.push(`${route}: ${await summary(response, route.includes(' /api'))}`);
      want.push(`${route}: 400 query parameter "q" contains a NUL character; wrote nothing`);
      await db.execute(sql`truncate rate_limits`);
    }
    expect(got).toEqual(want);
  });

  it('in the body, or the query string, of every POST route gets a 400 naming the field, and writes nothing', async () => {
    const routes = everyRoute('POST');
    expect(routes.length).toBeGreaterThan(60);
    const got: string[] = [];
    const want: string[] = [];
    for (const route of routes) {
      const api = route.includes(' /api/');
      const { body, field } = bodyWithNul(route);
      const inBody = await send(route, requestFor(route).url(world), body);
      got.push(`${route} (body): ${await summary(inBody, api)}`);
      want.push(`${route} (body): 400 body field "${field}" contains a NUL character; wrote nothing`);
      const { body: valid } = { body: requestFor(route).body?.(world) ?? {} };
      const inQuery = await send(route, withQuery(requestFor(route).url(world), 'from=%00'), valid);
      got.push(`${route} (query): ${await summary(inQuery, api)}`);
      want.push(`${route} (query): 400 query parameter "from" contains a NUL character; wrote nothing`);
      if ((await changedTables()).length > 0) await matrix.restore();
      await db.execute(sql`truncate rate_limits`);
    }
    expect(got).toEqual(want);
  });

  it('in a path parameter gets a 400 naming it', async () => {
    const response = await as('organiser').get('/orga/conf-a%00/settings');
    expectRefusal(response, false, 'path parameter "event" contains a NUL character', 'event');
  });

  it('in a field name of a form, or deep in a JSON body, gets a 400 naming where it is', async () => {
    const form = await as('user').post('/account', { name: 'Renamed', 'x\u0000y': 'z' });
    expectRefusal(form, false, 'body field "x\\u0000y" contains a NUL character', 'x\\u0000y');

    const json = await app.inject({
      method: 'POST',
      url: '/api/events/conf-a/decisions',
      headers: { authorization: `Bearer ${world.apiTokenA}` },
      payload: { proposals: [world.proposal.code, 'AB\u0000CD'], decision: 'waitlist' },
    });
    expectRefusal(json, true, 'body field "proposals.1" contains a NUL character', 'proposals.1');
    expect(await changedTables()).toEqual([]);
  });
});

describe('a malformed %-escape in a form', () => {
  it.each([
    ['an escape that is no hex', 'name=%ZZ', 'name'],
    ['a truncated UTF-8 sequence', 'name=Caf%C3', 'name'],
    ['a cut three-byte character', 'name=%E2%80', 'name'],
    ['an overlong encoding', 'name=%C0%80', 'name'],
    ['a lone percent sign', 'name=100%', 'name'],
    ['a field name', 'na%ZZme=Renamed', 'na%ZZme'],
  ])('gets a 400 naming the field for %s, and is not stored', async (_what, form, field) => {
    const browser = as('user');
    const response = await app.inject({
      method: 'POST',
      url: '/account',
      headers: { cookie: browser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(browser.csrf!)}&${form}`,
    });
    expectRefusal(response, false, `body field "${field}" holds a malformed %-escape`, field);
    expect(await changedTables()).toEqual([]);
  });

  it('still reads well-formed escapes and + as a space', async () => {
    const browser = as('user');
    const response = await app.inject({
      method: 'POST',
      url: '/account',
      headers: { cookie: browser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(browser.csrf!)}&name=Ursula+Caf%C3%A9%20%E2%98%83`,
    });
    expect(response.statusCode).toBe(303);
    const rows = await db.execute(sql`select name from users where email = ${EMAILS.user}`);
    expect((rows as unknown as { rows: { name: string }[] }).rows).toEqual([{ name: 'Ursula Café ☃' }]);
  });
});

describe('a time-zone offset no place uses, in any date-time field', () => {
  const errorOf = (field: string, message: string) => `<p class="error" id="${field}-error">${escapeHtml(message)}</p>`;
  const outside = (value: string) => `"${value}" has a time-zone offset outside -14:00 to +14:00`;

  it.each([
    ['the CFP opening time', 'organiser', 'POST /orga/:event/settings', 'cfpOpensAt', '2020-01-01T01:00+99:00'],
    ['the CFP closing time', 'organiser', 'POST /orga/:event/settings', 'cfpClosesAt', '2099-12-31T01:00-14:30'],
    ['a talk placement', 'organiser', 'POST /orga/:event/schedule/place', 'start', '2099-06-01T11:00+99:00'],
    ['a break', 'organiser', 'POST /orga/:event/schedule/blocks', 'start', '2099-06-01T15:00+15:00'],
    ['an availability', 'speaker', 'POST /:event/me/profile/availability', 'availableFrom', '2099-06-01T14:00+99:00'],
    ['an availability', 'speaker', 'POST /:event/me/profile/availability', 'availableUntil', '2099-06-01T16:00+05:99'],
  ] as const)('is refused in %s (%s) with a 400 naming the field', async (_what, role, route, field, value) => {
    const request = requestFor(route);
    const response = await as(role).post(request.url(world), { ...(request.body!(world) as Form), [field]: value });
    expect(response.statusCode).toBe(400);
    // The schedule editor shows a placement's error beside the talk, not under a field.
    expect(response.body).toContain(
      route.endsWith('/place') ? escapeHtml(outside(value)) : errorOf(field, outside(value)),
    );
    expect(await changedTables()).toEqual([]);
  });

  it('keeps an offset at the very edge (+14:00), as the instant it names', async () => {
    const request = requestFor('POST /:event/me/profile/availability');
    const response = await as('speaker').post(request.url(world), {
      availableFrom: '2099-06-02T04:00+14:00',
      availableUntil: '2099-06-01T16:00-02:00',
    });
    expect(response.statusCode).toBe(303);
    const rows = await db.execute(sql`select starts_at, ends_at from speaker_availability order by id desc limit 1`);
    const [row] = (rows as unknown as { rows: { starts_at: string | Date; ends_at: string | Date }[] }).rows;
    expect([new Date(row!.starts_at).toISOString(), new Date(row!.ends_at).toISOString()]).toEqual([
      '2099-06-01T14:00:00.000Z',
      '2099-06-01T18:00:00.000Z',
    ]);
  });

  it('refuses a day that does not exist (30 February) naming the field', async () => {
    const request = requestFor('POST /orga/:event/settings');
    const response = await as('organiser').post(request.url(world), {
      ...(request.body!(world) as Form),
      cfpOpensAt: '2026-02-30T10:00',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      errorOf('cfpOpensAt', '"2026-02-30T10:00" is not a date and time (expected YYYY-MM-DDTHH:MM)'),
    );
    expect(await changedTables()).toEqual([]);
  });
});
