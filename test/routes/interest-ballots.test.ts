import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, interestBallots, interestBallotTalks } from '../../src/db/schema.js';
import { newToken } from '../../src/shared/tokens.js';
import { importPyBay, testAppPerFile } from '../helpers/app.js';
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

const get = (url: string) => t.app.inject({ method: 'GET', url });

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
