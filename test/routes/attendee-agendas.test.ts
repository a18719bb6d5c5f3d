import { brotliDecompressSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { attendeeAgendas, events, scheduleSlots, talks } from '../../src/db/schema.js';
import { releaseScheduleWithin } from '../../src/modules/schedule/index.js';
import { CACHE_NONE, PUBLIC_PAGE_CSP, SMALL_BODY_BYTES } from '../../src/web/http-cache.js';
import { buildApp } from '../../src/app.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import { importPyBay, testAppPerFile, TEST_PUBLIC_URL, TEST_SECRET } from '../helpers/app.js';
import { countingDatabase } from './count-queries.js';
import { localTime, scheduleAndRelease } from '../helpers/schedule.js';
import { attribute, hasAttribute, tags, titleOf, visibleText } from './html.js';
import { PROGRAM } from './pybay-program.js';

const ZONE = 'America/Los_Angeles';

/**
 * PyBay 2016 with a released schedule: two days, two rooms, lunch, 30-minute talks every 40
 * minutes from 09:00, the program's talks in order, Main Hall then Room 2. So talk 0 (Main
 * Hall) and talk 11 (Room 2) are both at 09:00 on Saturday, and talk 1 at 09:40.
 */
const t = testAppPerFile(async (db) => {
  await importPyBay(db);
  await db.update(events).set({ timezone: ZONE }).where(eq(events.slug, 'pybay-2016'));
  await scheduleAndRelease(db, {
    eventSlug: 'pybay-2016',
    dates: ['2016-08-20', '2016-08-21'],
    lunch: true,
    version: '1',
  });
});

const slug = (i: number) => PROGRAM[i]![0];
const title = (i: number) => PROGRAM[i]![1];
const BASE = '/api/events/pybay-2016/agendas';

function send(method: 'POST' | 'PUT', url: string, body: unknown, contentType = 'application/json') {
  return t.app.inject({
    method,
    url,
    headers: { 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, headers });
}

interface Created {
  token: string;
  url: string;
  icalUrl: string;
  talks: string[];
}

async function create(talkSlugs: string[]): Promise<Created> {
  const response = await send('POST', BASE, { talks: talkSlugs });
  expect(response.statusCode).toBe(201);
  return response.json<Created>();
}

/** The path of an absolute address of this site. */
function pathOf(url: string): string {
  expect(url.startsWith(TEST_PUBLIC_URL)).toBe(true);
  return url.slice(TEST_PUBLIC_URL.length);
}

function uids(calendar: string): string[] {
  return [...calendar.matchAll(/^UID:(.*)\r$/gm)].map((m) => m[1]!);
}

/** The VEVENT of a calendar whose UID is given, unfolded. */
function vevent(calendar: string, uid: string): string {
  const unfolded = calendar.replace(/\r\n /g, '');
  const block = unfolded.split('BEGIN:VEVENT').find((part) => part.includes(`UID:${uid}\r\n`));
  if (!block) throw new Error(`no VEVENT ${uid}`);
  return `BEGIN:VEVENT${block.slice(0, block.indexOf('END:VEVENT'))}END:VEVENT`;
}

/** Moves a talk to another time (local, same room) and releases the schedule as `version`. */
async function moveAndRelease(talkSlug: string, date: string, time: string, version: string): Promise<void> {
  const [event] = await t.db.select().from(events).where(eq(events.slug, 'pybay-2016'));
  const [talk] = await t.db
    .select({ id: talks.id })
    .from(talks)
    .where(and(eq(talks.eventId, event!.id), eq(talks.slug, talkSlug)));
  const start = localTime(date, time, ZONE);
  await t.db
    .update(scheduleSlots)
    .set({ startsAt: start, endsAt: new Date(start.getTime() + 30 * 60_000) })
    .where(eq(scheduleSlots.talkId, talk!.id));
  await t.db.transaction((tx) => releaseScheduleWithin(tx, event!, { version }, null));
  await t.agenda.reload('pybay-2016');
}

describe('the shared agenda API', () => {
  it('creates an agenda with an unguessable token, its page and calendar addresses, storing only the token’s hash', async () => {
    const response = await send('POST', BASE, { talks: [slug(1), slug(0), slug(1)] });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe(CACHE_NONE);
    expect(response.headers['set-cookie']).toBeUndefined();
    const body = response.json<Created>();
    expect(Object.keys(body).sort()).toEqual(['icalUrl', 'talks', 'token', 'url']);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.talks).toEqual([slug(1), slug(0)]);
    const rows = await t.db.select().from(attendeeAgendas);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.shareId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.url).toBe(`${TEST_PUBLIC_URL}/pybay-2016/agenda/${row.shareId}`);
    expect(body.icalUrl).toBe(`${TEST_PUBLIC_URL}/pybay-2016/agenda/${row.shareId}/calendar.ics`);
    expect(row.talkSlugs).toEqual([slug(1), slug(0)]);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(body.token);
    expect(Object.keys(row).sort()).toEqual([
      'createdAt',
      'eventId',
      'id',
      'shareId',
      'talkSlugs',
      'tokenHash',
      'updatedAt',
    ]);
  });

  it('gets an agenda by its token and replaces its talks with PUT', async () => {
    const created = await create([slug(0)]);
    const read = await get(`${BASE}/${created.token}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe(CACHE_NONE);
    expect(read.json()).toEqual({ talks: [slug(0)], url: created.url, icalUrl: created.icalUrl });

    const put = await send('PUT', `${BASE}/${created.token}`, { talks: [slug(2), slug(3)] });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ talks: [slug(2), slug(3)], url: created.url, icalUrl: created.icalUrl });
    expect((await get(`${BASE}/${created.token}`)).json<Created>().talks).toEqual([slug(2), slug(3)]);

    const emptied = await send('PUT', `${BASE}/${created.token}`, { talks: [] });
    expect(emptied.json<Created>().talks).toEqual([]);
  });

  it('answers 404 for an unknown token, a share id used as a token, and another event’s token', async () => {
    const created = await create([slug(0)]);
    const [row] = await t.db.select().from(attendeeAgendas);
    const message = 'There is no such agenda at PyBay 2016.';
    for (const token of ['nope', row!.shareId, created.token.slice(0, -1)]) {
      const read = await get(`${BASE}/${token}`);
      expect(read.statusCode).toBe(404);
      expect(read.json()).toEqual({ statusCode: 404, error: 'Not Found', message });
      const put = await send('PUT', `${BASE}/${token}`, { talks: [] });
      expect(put.statusCode).toBe(404);
      expect(put.json()).toEqual({ statusCode: 404, error: 'Not Found', message });
    }
    const otherEvent = await get(`/api/events/nowhere/agendas/${created.token}`);
    expect(otherEvent.statusCode).toBe(404);
    expect(otherEvent.json<{ message: string }>().message).toBe('There is no event "nowhere".');
    expect((await t.db.select().from(attendeeAgendas))[0]!.talkSlugs).toEqual([slug(0)]);
  });

  it('refuses an unknown talk with a 400 naming it and its position, and writes nothing', async () => {
    const response = await send('POST', BASE, { talks: [slug(0), 'no-such-talk'] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'talks.1: there is no talk "no-such-talk" in PyBay 2016',
      parameter: 'talks.1',
    });
    expect(await t.db.select().from(attendeeAgendas)).toEqual([]);

    const created = await create([slug(0)]);
    const put = await send('PUT', `${BASE}/${created.token}`, { talks: ['no-such-talk'] });
    expect(put.statusCode).toBe(400);
    expect(put.json<{ parameter: string }>().parameter).toBe('talks.0');
    expect((await get(`${BASE}/${created.token}`)).json<Created>().talks).toEqual([slug(0)]);
  });

  it('refuses a list of more than 500 talks, and bodies that are not the documented JSON', async () => {
    const oversize = await send('POST', BASE, { talks: Array.from({ length: 501 }, () => slug(0)) });
    expect(oversize.statusCode).toBe(400);
    expect(oversize.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'body field "talks" must NOT have more than 500 items',
      parameter: 'talks',
    });
    const missing = await send('POST', BASE, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ parameter: string }>().parameter).toBe('talks');
    const notString = await send('POST', BASE, { talks: [42] });
    expect(notString.statusCode).toBe(400);
    expect(notString.json<{ parameter: string }>().parameter).toBe('talks.0');
    expect(await t.db.select().from(attendeeAgendas)).toEqual([]);
  });

  it('refuses form and text bodies with 415: a cross-site form post never reaches the agenda', async () => {
    const created = await create([slug(0)]);
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const post = await send('POST', BASE, `talks=${slug(1)}`, type);
      expect(post.statusCode).toBe(415);
      expect(post.json<{ message: string }>().message).toBe(
        `Send the body as JSON, with Content-Type: application/json (not "${type.split(';')[0]}").`,
      );
      const put = await send('PUT', `${BASE}/${created.token}`, JSON.stringify({ talks: [slug(1)] }), type);
      expect(put.statusCode).toBe(415);
    }
    expect((await t.db.select().from(attendeeAgendas)).map((r) => r.talkSlugs)).toEqual([[slug(0)]]);
  });

  it('limits agenda creation to 30 an hour per client address, and only creation', async () => {
    const first = await create([]);
    for (let i = 1; i < 30; i++) expect((await send('POST', BASE, { talks: [] })).statusCode).toBe(201);
    const refused = await send('POST', BASE, { talks: [] });
    expect(refused.statusCode).toBe(429);
    expect(refused.json<{ error: string }>().error).toBe('Too Many Requests');
    expect(await t.db.$count(attendeeAgendas)).toBe(30);
    // Reading and changing an agenda are not limited: the token is the credential.
    expect((await send('PUT', `${BASE}/${first.token}`, { talks: [slug(0)] })).statusCode).toBe(200);
    expect((await get(`${BASE}/${first.token}`)).statusCode).toBe(200);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await get('/api/openapi.json')).json<{
      paths: Record<string, Record<string, { operationId: string; tags: string[] }>>;
    }>();
    const collection = document.paths['/api/events/{event}/agendas']!;
    const one = document.paths['/api/events/{event}/agendas/{token}']!;
    expect(collection.post!.operationId).toBe('createAgenda');
    expect(one.get!.operationId).toBe('getAgenda');
    expect(one.put!.operationId).toBe('replaceAgenda');
    expect(collection.post!.tags).toEqual(['agendas']);
  });
});

describe('a shared agenda’s calendar', () => {
  it('has one VEVENT per starred scheduled talk, equal to the event export’s VEVENT', async () => {
    const created = await create([slug(0), slug(11), slug(30)]);
    const response = await get(pathOf(created.icalUrl));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = response.body;
    const whole = (await get('/pybay-2016/schedule.ics')).body;
    const expected = [0, 11, 30].map((i) => {
      const uid = uids(
        vevent(
          whole,
          uids(whole).find((u) => vevent(whole, u).includes(`/talks/${slug(i)}`))!,
        ),
      )[0]!;
      return uid;
    });
    expect(uids(calendar)).toEqual(expected);
    for (const uid of expected) expect(vevent(calendar, uid)).toBe(vevent(whole, uid));
  });

  it('follows a release that moves a starred talk', async () => {
    const created = await create([slug(0)]);
    const before = (await get(pathOf(created.icalUrl))).body;
    expect(before.replace(/\r\n /g, '')).toContain('DTSTART;TZID=America/Los_Angeles:20160820T090000');
    await moveAndRelease(slug(0), '2016-08-20', '14:00', '2');
    const after = (await get(pathOf(created.icalUrl))).body;
    expect(after).not.toBe(before);
    const unfolded = after.replace(/\r\n /g, '');
    expect(unfolded).toContain('DTSTART;TZID=America/Los_Angeles:20160820T140000');
    expect(unfolded).toContain('SEQUENCE:1');
    expect(uids(after)).toEqual(uids(before));
  });

  it('is kept in memory per agenda and program version, with an ETag, until its talks are replaced', async () => {
    const mine = await create([slug(0), slug(1)]);
    const other = await create([slug(11)]);
    const counting = countingDatabase(t.db);
    const agenda = new Agenda(counting.db);
    await agenda.loadAll();
    const app = await buildApp({ agenda, db: counting.db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });
    try {
      const got: string[] = [];
      const fetchFeed = async (created: Created, headers: Record<string, string> = {}) => {
        counting.reset();
        const response = await app.inject({ method: 'GET', url: pathOf(created.icalUrl), headers });
        got.push(`${response.statusCode} ${counting.queries.length}`);
        return response;
      };
      const first = await fetchFeed(mine);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers['cache-control']).toBe('no-cache');
      const second = await fetchFeed(mine);
      expect(second.body).toBe(first.body);
      expect(second.headers.etag).toBe(etag);
      expect((await fetchFeed(mine, { 'if-none-match': etag })).body).toBe('');
      await fetchFeed(other);
      await fetchFeed(other);
      expect(got).toEqual(['200 1', '200 0', '304 0', '200 1', '200 0']);

      const replaced = await app.inject({
        method: 'PUT',
        url: `${BASE}/${mine.token}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ talks: [slug(30)] }),
      });
      expect(replaced.statusCode).toBe(200);
      got.splice(0);
      const after = await fetchFeed(mine, { 'if-none-match': etag });
      expect(after.headers.etag).not.toBe(etag);
      expect(uids(after.body)).toHaveLength(1);
      expect(after.body.replace(/\r\n /g, '')).toContain(`/talks/${slug(30)}`);
      await fetchFeed(mine);
      // The other agenda's feed is still the kept one.
      await fetchFeed(other);
      expect(got).toEqual(['200 1', '200 0', '200 0']);
    } finally {
      await app.close();
    }
  });

  it('is a 404 for an unknown share id and for the token', async () => {
    const created = await create([slug(0)]);
    expect((await get('/pybay-2016/agenda/unknown/calendar.ics')).statusCode).toBe(404);
    expect((await get(`/pybay-2016/agenda/${created.token}/calendar.ics`)).statusCode).toBe(404);
  });
});

describe('the agenda pages', () => {
  it('serves My agenda from memory with an ETag: every talk once, hidden, with its star and times', async () => {
    const response = await get('/pybay-2016/agenda');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toBe(PUBLIC_PAGE_CSP);
    expect(response.headers.etag).toBeDefined();
    expect((await get('/pybay-2016/agenda', { 'if-none-match': response.headers.etag! })).statusCode).toBe(304);
    expect(titleOf(response.body)).toBe('My agenda · PyBay 2016 · Lectern');
    const entries = tags(response.body).filter((tag) => tag.name === 'li' && attribute(tag, 'data-talk'));
    // By day, then time, then room: Main Hall's 09:00 talk, then Room 2's.
    expect(entries.slice(0, 2).map((tag) => attribute(tag, 'data-talk'))).toEqual([slug(0), slug(11)]);
    expect(entries.map((tag) => attribute(tag, 'data-talk')).sort()).toEqual(PROGRAM.map((row) => row[0]).sort());
    expect(entries.every((tag) => hasAttribute(tag, 'hidden'))).toBe(true);
    const first = entries[0]!;
    expect(attribute(first, 'data-start')).toBe(String(localTime('2016-08-20', '09:00', ZONE).getTime()));
    expect(attribute(first, 'data-time')).toBe('09:00');
    const stars = tags(response.body).filter((tag) => tag.name === 'button' && attribute(tag, 'data-star'));
    expect(stars).toHaveLength(PROGRAM.length);
    expect(attribute(stars[0]!, 'aria-pressed')).toBe('false');
    expect(visibleText(response.body)).toContain('My agenda keeps the talks you star in this browser');
  });

  it('puts a star on every talk card, talk page and schedule cell, hidden until the script shows it', async () => {
    const pages = ['/pybay-2016', `/pybay-2016/talks/${slug(0)}`, '/pybay-2016/schedule/2016-08-20'];
    for (const path of pages) {
      const html = (await get(path)).body;
      const star = tags(html).find((tag) => tag.name === 'button' && attribute(tag, 'data-star') === slug(0));
      expect(star, path).toBeDefined();
      expect(attribute(star!, 'aria-pressed')).toBe('false');
      expect(hasAttribute(star!, 'hidden')).toBe(true);
      expect(attribute(star!, 'type')).toBe('button');
      expect(attribute(star!, 'aria-label')).toBe(`Add to my agenda: ${title(0)}`);
      const script = tags(html).find((tag) => tag.name === 'script');
      expect(attribute(script!, 'src')).toMatch(/^\/assets\/my-agenda\.[0-9a-f]{12}\.js$/);
    }
    const script = tags((await get('/pybay-2016')).body).find((tag) => tag.name === 'script');
    const asset = await get(attribute(script!, 'src')!);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('shows a shared agenda read-only by day and time, with its clash and the latest release’s change', async () => {
    const created = await create([slug(1), slug(0), slug(11)]);
    await moveAndRelease(slug(1), '2016-08-20', '14:00', '2');
    const response = await get(pathOf(created.url));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toBe(PUBLIC_PAGE_CSP);
    expect(titleOf(response.body)).toBe('A shared agenda · PyBay 2016 · Lectern');
    const text = visibleText(response.body);
    expect(text).toContain('Someone shared their agenda for PyBay 2016: 3 talks. It is read-only here.');
    const order = [title(0), title(11), title(1)].map((t) => text.indexOf(t));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(text).toContain('2 talks at 09:00: choose one');
    expect(text).toContain('Release 2: moved from 09:40 to 14:00');
    const copy = tags(response.body).find((tag) => tag.name === 'button' && attribute(tag, 'data-copy-agenda'));
    expect(attribute(copy!, 'data-talks')).toBe(`${slug(1)} ${slug(0)} ${slug(11)}`);
    expect(hasAttribute(copy!, 'hidden')).toBe(true);
    const qr = tags(response.body).find((tag) => tag.name === 'img');
    expect(attribute(qr!, 'src')).toBe(`${pathOf(created.url)}/qr.svg`);
    const svg = await get(`${pathOf(created.url)}/qr.svg`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('sends a shared agenda’s page, QR code and calendar feed whole to a client that accepts brotli', async () => {
    // Every talk: a page and a feed large enough to be compressed off the event loop.
    const created = await create(PROGRAM.map(([talk]) => talk));

    for (const path of [pathOf(created.url), `${pathOf(created.url)}/qr.svg`, pathOf(created.icalUrl)]) {
      // Compressed first, while the body is new: its compression is under way, and the answer waits for it.
      const compressed = await get(path, { 'accept-encoding': 'br' });
      const plain = await get(path);

      expect([compressed.statusCode, compressed.headers['content-encoding']], path).toEqual([200, 'br']);
      expect(brotliDecompressSync(compressed.rawPayload).toString(), path).toBe(plain.body);
    }
    for (const path of [pathOf(created.url), pathOf(created.icalUrl)]) {
      expect((await get(path)).rawPayload.length, path).toBeGreaterThan(SMALL_BODY_BYTES);
    }
  });

  it('is a 404 page for an unknown shared agenda', async () => {
    const response = await get('/pybay-2016/agenda/AAAAAAAAAAAAAAAAAAAAAA');
    expect(response.statusCode).toBe(404);
    expect(visibleText(response.body)).toContain('There is no such agenda at PyBay 2016.');
    expect((await get('/pybay-2016/agenda/AAAAAAAAAAAAAAAAAAAAAA/qr.svg')).statusCode).toBe(404);
  });

  it('serves My agenda without a query, and a shared agenda with one whatever its size', async () => {
    const one = await create([slug(0)]);
    const three = await create([slug(0), slug(1), slug(2)]);
    const counting = countingDatabase(t.db);
    const agenda = new Agenda(counting.db);
    await agenda.loadAll();
    const app = await buildApp({ agenda, db: counting.db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });
    try {
      const got: string[] = [];
      for (const path of ['/pybay-2016/agenda', '/pybay-2016/agenda', pathOf(one.url), pathOf(three.url)]) {
        counting.reset();
        const response = await app.inject({ method: 'GET', url: path });
        got.push(`${response.statusCode} ${counting.queries.length}`);
      }
      // My agenda is rendered once per program version: the first request builds it from memory too.
      expect(got).toEqual(['200 0', '200 0', '200 1', '200 1']);
    } finally {
      await app.close();
    }
  });
});
