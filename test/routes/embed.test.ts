import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema.js';
import { embedStylesheet } from '../../src/web/assets.js';
import { PUBLIC_PAGE_CSP } from '../../src/web/http-cache.js';
import { EMBED_FRAGMENT_HEADERS, EMBED_PAGE_CSP } from '../../src/web/routes/public/embed.js';
import { importPyBay, TEST_PUBLIC_URL, testAppPerFile } from '../helpers/app.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { links, tags, attribute, titleOf, visibleText } from './html.js';
import { PROGRAM } from './pybay-program.js';

/**
 * PyBay 2016 released on two days in two rooms (Main Hall, Room 2), lunch across both: day
 * one's Main Hall holds talks 0–10 in program order, Room 2 talks 11–21; day two's Main Hall
 * 22–32, Room 2 33–37 (lunch before 37).
 */
const t = testAppPerFile(async (db) => {
  await importPyBay(db);
  await db.update(events).set({ timezone: 'America/Los_Angeles' }).where(eq(events.slug, 'pybay-2016'));
  await scheduleAndRelease(db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], lunch: true });
});

const talkLink = (i: number) => `${TEST_PUBLIC_URL}/pybay-2016/talks/${PROGRAM[i]![0]}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
const talkLinks = (html: string) => links(html).filter((link) => link.href.includes('/talks/'));

describe('the embed page, /{event}/embed', () => {
  it('shows the released schedule day by day, linking each talk on Lectern, in a page any site may frame', async () => {
    const response = await t.app.inject({ url: '/pybay-2016/embed' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(EMBED_PAGE_CSP);
    expect(EMBED_PAGE_CSP).toContain('frame-ancestors *');
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(titleOf(response.body)).toBe('PyBay 2016 · Lectern');
    expect(tags(response.body).filter((tag) => tag.name === 'script')).toEqual([]);
    expect(
      tags(response.body)
        .filter((tag) => tag.name === 'link')
        .map((tag) => attribute(tag, 'href')),
    ).toEqual([embedStylesheet.url]);
    expect(talkLinks(response.body)).toHaveLength(PROGRAM.length);
    expect(tags(response.body).filter((tag) => tag.name === 'h2').length).toBe(2);
    for (const link of links(response.body)) expect(link.href.startsWith(`${TEST_PUBLIC_URL}/pybay-2016/`)).toBe(true);
  });

  it('shows one room on one day, its breaks included', async () => {
    const response = await t.app.inject({ url: '/pybay-2016/embed?day=2016-08-21&room=room-2' });

    expect(response.statusCode).toBe(200);
    expect(talkLinks(response.body).map((link) => link.href)).toEqual(range(33, 37).map(talkLink));
    const text = visibleText(response.body);
    // The page's heading is for screen readers (embed.css hides it from sight).
    expect(text.startsWith('PyBay 2016: schedule Sunday 21 August 2016 09:00–09:30 PDT')).toBe(true);
    expect(text).toContain(`11:00–11:30 PDT ${PROGRAM[36]![1]}`);
    expect(text).toContain(`12:00–13:00 PDT Lunch 13:00–13:30 PDT ${PROGRAM[37]![1]}`);
    expect(text.endsWith('PyBay 2016: the full schedule')).toBe(true);
  });

  it("shows one track's talks, without breaks", async () => {
    const response = await t.app.inject({
      url: '/pybay-2016/embed?track=all-things-web&day=2016-08-20&room=main-hall',
    });
    const expected = range(0, 10).filter((i) => PROGRAM[i]![2] === 'all-things-web');

    expect(expected.length).toBeGreaterThan(0);
    expect(talkLinks(response.body).map((link) => link.href)).toEqual(expected.map(talkLink));
    expect(visibleText(response.body)).not.toContain('Lunch');
  });

  it('says so when nothing matches', async () => {
    const busy = PROGRAM.findIndex((row) => row[2] === 'all-things-web');
    const quiet = range(33, 37).some((i) => PROGRAM[i]![2] === 'all-things-web');
    expect(busy).toBeGreaterThanOrEqual(0);
    expect(quiet).toBe(false);

    const response = await t.app.inject({ url: '/pybay-2016/embed?track=all-things-web&day=2016-08-21&room=room-2' });

    expect(visibleText(response.body)).toBe(
      'PyBay 2016: schedule Nothing in the schedule matches. PyBay 2016: the full schedule',
    );
  });

  it.each([
    ['day=2016-09-01', 'day', 'no day 2016-09-01 in the schedule of PyBay 2016; its days are 2016-08-20, 2016-08-21'],
    ['day=tomorrow', 'day', '"tomorrow" is not a date; days are written YYYY-MM-DD, e.g. 2016-08-20'],
    ['room=ballroom', 'room', 'no room "ballroom" in the schedule of PyBay 2016; its rooms are main-hall, room-2'],
    ['track=cooking', 'track', 'no track "cooking" in PyBay 2016; tracks are'],
  ])('refuses %s with a 400 naming the field', async (query, field, message) => {
    const page = await t.app.inject({ url: `/pybay-2016/embed?${query}` });
    const fragment = await t.app.inject({ url: `/pybay-2016/embed.html?${query}` });

    expect(page.statusCode).toBe(400);
    expect(visibleText(page.body)).toContain(message);
    expect(fragment.statusCode).toBe(400);
    expect(fragment.headers['access-control-allow-origin']).toBe('*');
    expect(fragment.body).toContain(field);
  });

  it('answers 404 for an event that does not exist', async () => {
    expect((await t.app.inject({ url: '/pycon-3000/embed' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/pycon-3000/embed.html' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/pycon-3000/widget.js' })).statusCode).toBe(404);
  });
});

describe("the widget's fragment, /{event}/embed.html", () => {
  it('is the embed page’s content, readable from any origin and framed by none', async () => {
    const query = '?day=2016-08-21&room=room-2';
    const page = await t.app.inject({ url: `/pybay-2016/embed${query}` });
    const fragment = await t.app.inject({ url: `/pybay-2016/embed.html${query}` });

    expect(fragment.statusCode).toBe(200);
    expect(fragment.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(fragment.headers['access-control-allow-origin']).toBe(EMBED_FRAGMENT_HEADERS['access-control-allow-origin']);
    expect(fragment.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(fragment.body.startsWith('<div class="lectern-embed" data-event="pybay-2016">')).toBe(true);
    expect(page.body).toContain(
      `<body class="le-page"><main><h1 class="le-page__title">PyBay 2016: schedule</h1>${fragment.body}</main></body>`,
    );
  });
});

describe('frames and cross-origin reads elsewhere', () => {
  it('lets no other page be framed, and no other page be read from another origin', async () => {
    for (const url of ['/pybay-2016', '/pybay-2016/schedule', '/pybay-2016/rooms/main-hall/now', '/pybay-2016/now']) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-security-policy'], url).toBe(PUBLIC_PAGE_CSP);
      expect(response.headers['access-control-allow-origin'], url).toBeUndefined();
    }
    const login = await t.app.inject({ url: '/login' });
    expect(login.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(login.headers['access-control-allow-origin']).toBeUndefined();
    const widget = await t.app.inject({ url: '/pybay-2016/widget.js' });
    expect(widget.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the widget, /{event}/widget.js', () => {
  it('is JavaScript defining <lectern-schedule>, carrying the embed styles', async () => {
    const response = await t.app.inject({ url: '/pybay-2016/widget.js' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.body).toContain("customElements.define('lectern-schedule', LecternSchedule)");
    expect(response.body).toContain(
      `const LECTERN_EMBED_CSS = ${JSON.stringify(embedStylesheet.body.toString('utf8'))};`,
    );
  });

  it('is at most 20 KB compressed, with brotli and with gzip', async () => {
    const plain = await t.app.inject({ url: '/pybay-2016/widget.js' });
    const br = await t.app.inject({ url: '/pybay-2016/widget.js', headers: { 'accept-encoding': 'br' } });
    const gzip = await t.app.inject({ url: '/pybay-2016/widget.js', headers: { 'accept-encoding': 'gzip' } });

    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.rawPayload.length).toBeLessThanOrEqual(20 * 1024);
    expect(gzip.rawPayload.length).toBeLessThanOrEqual(20 * 1024);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
  });
});
