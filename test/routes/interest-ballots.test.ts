import { brotliDecompressSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { events, interestBallots, interestBallotTalks } from '../../src/db/schema.js';
import { newToken } from '../../src/shared/tokens.js';
import { SMALL_BODY_BYTES } from '../../src/web/http-cache.js';
import { importPyBay, testAppPerFile, TEST_PUBLIC_URL } from '../helpers/app.js';
import { PROGRAM } from './pybay-program.js';

const NOW = new Date('2016-08-01T12:00:00Z');

/** PyBay 2016, before any release, with its interest ballot open. */
const t = testAppPerFile(
  async (db) => {
    await importPyBay(db);
    await db.update(events).set({ interestBallotOpen: true }).where(eq(events.slug, 'pybay-2016'));
  },
  { clock: () => NOW },
);

const slug = (i: number) => PROGRAM[i]![0];
const BASE = '/api/events/pybay-2016/interest';

function put(token: string, body: unknown, contentType = 'application/json') {
  return t.app.inject({
    method: 'PUT',
    url: `${BASE}/${token}`,
    headers: { 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

async function closeBallot() {
  await t.db.update(events).set({ interestBallotOpen: false }).where(eq(events.slug, 'pybay-2016'));
}

describe('the interest ballot API', () => {
  it('creates a ballot with 201 under a new token, replaces it with 200, and reads it back', async () => {
    const token = newToken();
    const created = await put(token, { talks: [slug(3), slug(0), slug(3)] });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.json()).toEqual({ talks: [slug(0), slug(3)], open: true, closesAt: null });
    const replaced = await put(token, { talks: [slug(1)] });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toEqual({ talks: [slug(1)], open: true, closesAt: null });
    const read = await get(`${BASE}/${token}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ talks: [slug(1)], open: true, closesAt: null });
    expect(await t.db.$count(interestBallots)).toBe(1);
    expect(await t.db.$count(interestBallotTalks)).toBe(1);
  });

  it('answers 404 for an unknown event and for a token with no ballot', async () => {
    const token = newToken();
    const noEvent = await t.app.inject({
      method: 'PUT',
      url: `/api/events/no-such-event/interest/${token}`,
      headers: { 'content-type': 'application/json' },
      payload: { talks: [] },
    });
    expect(noEvent.statusCode).toBe(404);
    expect(noEvent.json<{ message: string }>().message).toBe('There is no event "no-such-event".');
    const noBallot = await get(`${BASE}/${token}`);
    expect(noBallot.statusCode).toBe(404);
    expect(noBallot.json<{ message: string }>().message).toBe('There is no such interest ballot at PyBay 2016.');
  });

  it('refuses a short, guessable token with 400', async () => {
    const response = await put('abc', { talks: [] });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ parameter: string }>().parameter).toBe('token');
    expect(await t.db.$count(interestBallots)).toBe(0);
  });

  it('refuses an unknown talk with a 400 naming it, and writes nothing', async () => {
    const response = await put(newToken(), { talks: [slug(0), 'no-such-talk'] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'talks.1: there is no talk "no-such-talk" on the program of PyBay 2016',
      parameter: 'talks.1',
    });
    expect(await t.db.$count(interestBallots)).toBe(0);
  });

  it('refuses more than 200 talks with 400 and a body over 32 KB with 413', async () => {
    const tooMany = await put(newToken(), { talks: Array.from({ length: 201 }, () => slug(0)) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json<{ message: string; parameter: string }>()).toMatchObject({
      message: 'body field "talks" must NOT have more than 200 items',
      parameter: 'talks',
    });
    const huge = await put(newToken(), { talks: Array.from({ length: 300 }, () => 'x'.repeat(120)) });
    expect(huge.statusCode).toBe(413);
    expect(await t.db.$count(interestBallots)).toBe(0);
  });

  it('refuses to create or change a ballot once closed, with 409, and still reads it', async () => {
    const token = newToken();
    expect((await put(token, { talks: [slug(0)] })).statusCode).toBe(201);
    await closeBallot();
    for (const which of [token, newToken()]) {
      const refused = await put(which, { talks: [slug(1)] });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ message: string }>().message).toBe(
        'The interest ballot of PyBay 2016 is closed: ballots can no longer be changed.',
      );
    }
    expect((await get(`${BASE}/${token}`)).json()).toEqual({ talks: [slug(0)], open: false, closesAt: null });
  });

  it('refuses form and text bodies with 415', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
      const response = await put(newToken(), `talks=${slug(1)}`, type);
      expect(response.statusCode).toBe(415);
    }
    expect(await t.db.$count(interestBallots)).toBe(0);
  });

  it('limits ballot creation to 30 an hour per client address, and only creation', async () => {
    const first = newToken();
    expect((await put(first, { talks: [] })).statusCode).toBe(201);
    for (let i = 1; i < 30; i++) expect((await put(newToken(), { talks: [] })).statusCode).toBe(201);
    const refused = await put(newToken(), { talks: [] });
    expect(refused.statusCode).toBe(429);
    expect(refused.json<{ message: string }>().message).toBe(
      'Too many new interest ballots from your address. Try again in 60 minutes.',
    );
    expect(await t.db.$count(interestBallots)).toBe(30);
    expect((await put(first, { talks: [slug(0)] })).statusCode).toBe(200);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await get('/api/openapi.json')).json<{
      paths: Record<string, Record<string, { operationId: string; tags: string[]; responses: object }>>;
    }>();
    const one = document.paths['/api/events/{event}/interest/{token}']!;
    expect(one.get!.operationId).toBe('getInterestBallot');
    expect(one.put!.operationId).toBe('putInterestBallot');
    expect(one.put!.tags).toEqual(['interest']);
    expect(Object.keys(one.put!.responses).sort()).toEqual(['200', '201', '400', '404', '409', '413', '415', '429']);
  });
});

const PAGE = '/pybay-2016/interest';

function postForm(talks: string[], headers: Record<string, string> = { origin: TEST_PUBLIC_URL }) {
  const form = new URLSearchParams([['_ballot', '1'], ...talks.map((s): [string, string] => ['talk', s])]);
  return t.app.inject({
    method: 'POST',
    url: PAGE,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form.toString(),
  });
}

/** The ballot cookie a response sets: its value and attributes. */
function ballotCookie(response: LightMyRequestResponse) {
  const cookie = response.cookies.find((c) => c.name === 'lectern_interest');
  expect(cookie).toBeDefined();
  return cookie!;
}

function checkedTalks(page: string): string[] {
  return [...page.matchAll(/<input type="checkbox"[^>]*value="([^"]+)"[^>]*checked/g)].map((m) => m[1]!);
}

describe('the interest ballot page', () => {
  it('lists the program’s talks with a checkbox each, per visitor: private, not cached', async () => {
    const page = await get(PAGE);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    const body = page.body;
    expect(body).toContain('<h1>What do you want to see?</h1>');
    expect(body).toContain('You have marked no talks yet.');
    expect(body).toContain('You can change your choices until the organisers close the ballot.');
    expect([...body.matchAll(/<input type="checkbox"/g)]).toHaveLength(PROGRAM.length);
    expect(body).toContain('<button type="submit">Save my choices</button>');
  });

  it('sends the page whole to a client that accepts brotli, once compressed', async () => {
    const compressed = await get(PAGE, { 'accept-encoding': 'br' });
    const plain = await get(PAGE);

    expect(plain.rawPayload.length).toBeGreaterThan(SMALL_BODY_BYTES);
    expect([compressed.statusCode, compressed.headers['content-encoding']]).toEqual([200, 'br']);
    expect(brotliDecompressSync(compressed.rawPayload).toString()).toBe(plain.body);
  });

  it('is linked from the event page while the ballot is open', async () => {
    const link = '<a href="/pybay-2016/interest">What do you want to see? Tell us</a>';
    expect((await get('/pybay-2016')).body).toContain(link);
    await closeBallot();
    await t.agenda.loadAll();
    expect((await get('/pybay-2016')).body).not.toContain('/pybay-2016/interest');
  });

  it('speaks German when asked', async () => {
    const page = await t.app.inject({ method: 'GET', url: PAGE, headers: { 'accept-language': 'de' } });
    expect(page.body).toContain('<h1>Was möchten Sie sehen?</h1>');
    expect(page.body).toContain('Meine Auswahl speichern');
  });

  it('saves a first choice without JavaScript: a ballot, and its token in an HttpOnly cookie for the event', async () => {
    const saved = await postForm([slug(2), slug(0)]);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(PAGE);
    const cookie = ballotCookie(saved);
    expect(cookie).toMatchObject({ path: '/pybay-2016', httpOnly: true, sameSite: 'Lax', maxAge: 31_536_000 });
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await get(`${BASE}/${cookie.value}`)).json<{ talks: string[] }>().talks).toEqual([slug(0), slug(2)]);

    const page = await t.app.inject({ method: 'GET', url: PAGE, cookies: { lectern_interest: cookie.value } });
    expect(page.body).toContain('You marked 2 talks.');
    expect(checkedTalks(page.body)).toEqual([slug(0), slug(2)]);

    // A later save replaces the list, under the same token: no new cookie.
    const again = await postForm([slug(1)], { origin: TEST_PUBLIC_URL, cookie: `lectern_interest=${cookie.value}` });
    expect(again.statusCode).toBe(303);
    expect(again.cookies).toEqual([]);
    expect((await get(`${BASE}/${cookie.value}`)).json<{ talks: string[] }>().talks).toEqual([slug(1)]);
    expect(await t.db.$count(interestBallots)).toBe(1);
  });

  it('keeps marked talks the filter hides when saving a filtered list', async () => {
    const token = newToken();
    await put(token, { talks: [slug(0)] });
    const search = await t.app.inject({
      method: 'GET',
      url: `${PAGE}?q=${encodeURIComponent(PROGRAM[5]![1])}`,
      cookies: { lectern_interest: token },
    });
    expect(search.body).toContain(`<input type="hidden" name="talk" value="${slug(0)}"/>`);
    expect(search.body).toContain('You marked 1 talk.');
  });

  it('refuses a form sent from another site, or that does not say where it comes from', async () => {
    const refusals: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site', origin: TEST_PUBLIC_URL },
      { 'sec-fetch-site': 'same-site' },
      {},
    ];
    for (const headers of refusals) {
      const refused = await postForm([slug(0)], headers);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('This form can only be sent from its own page on this site.');
      expect(refused.cookies).toEqual([]);
    }
    expect(await t.db.$count(interestBallots)).toBe(0);
    expect((await postForm([slug(0)], { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(303);
  });

  it('says when the ballot closes, and once closed shows no form and refuses a save with 409', async () => {
    const closesAt = new Date('2016-08-10T19:00:00Z');
    await t.db
      .update(events)
      .set({ interestBallotClosesAt: closesAt, timezone: 'America/Los_Angeles' })
      .where(eq(events.slug, 'pybay-2016'));
    await t.agenda.loadAll();
    expect((await get(PAGE)).body).toContain('You can change your choices until Wednesday 10 August 2016 12:00.');
    await closeBallot();
    const page = await get(PAGE);
    expect(page.body).toContain('The interest ballot is closed: choices can no longer be changed.');
    expect(page.body).not.toContain('<form method="post"');
    const refused = await postForm([slug(0)]);
    expect(refused.statusCode).toBe(409);
    expect(await t.db.$count(interestBallots)).toBe(0);
  });
});
