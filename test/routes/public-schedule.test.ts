import { execFileSync } from 'node:child_process';
import { asc, desc, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { XMLParser } from 'fast-xml-parser';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { eventDays, events, rooms, scheduleReleases, scheduleSlots, talks } from '../../src/db/schema.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import { releaseScheduleWithin } from '../../src/modules/schedule/index.js';
import { CACHE_NONE, CACHE_PUBLIC, PUBLIC_PAGE_CSP } from '../../src/web/http-cache.js';
import { CACHE_LIVE } from '../../src/web/routes/public/schedule.js';
import { myAgendaScript, offlineScript } from '../../src/web/assets.js';
import type { App } from '../../src/web/types.js';
import { importPyBay, TEST_PUBLIC_URL, TEST_SECRET, testAppPerFile } from '../helpers/app.js';
import { createRooms, localTime, scheduleAndRelease } from '../helpers/schedule.js';
import { countingDatabase } from './count-queries.js';
import { attribute, decodeEntities, links, renderedTokens, tags, titleOf, tokenize, visibleText } from './html.js';
import { PROGRAM } from './pybay-program.js';

const ZONE = 'America/Los_Angeles';
const HTML = 'text/html; charset=utf-8';

/** The app's clock: each test sets the instant it needs. */
let now = new Date('2016-07-01T12:00:00Z');

/** PyBay 2016 in its own zone, not yet scheduled: built once, put back before each test. */
const t = testAppPerFile(
  async (db) => {
    await importPyBay(db);
    await db.update(events).set({ timezone: ZONE }).where(eq(events.slug, 'pybay-2016'));
  },
  { clock: () => now },
);

beforeEach(() => {
  now = new Date('2016-07-01T12:00:00Z');
});

const closing: (() => Promise<unknown>)[] = [];

/** A second app on a given database handle (one that counts queries, say), closed after the test. */
async function start(db: Database): Promise<{ app: App; agenda: Agenda }> {
  const agenda = new Agenda(db);
  await agenda.loadAll();
  const app = await buildApp({ agenda, db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL, clock: () => now });
  await app.ready();
  closing.push(() => app.close());
  return { app, agenda };
}

afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

function get(url: string, headers: Record<string, string> = {}, app: App = t.app): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers });
}

/** Two days, two rooms, lunch on both; 38 talks in program order, room after room. */
async function releasePyBay(): Promise<void> {
  await scheduleAndRelease(t.db, {
    eventSlug: 'pybay-2016',
    dates: ['2016-08-20', '2016-08-21'],
    lunch: true,
    comment: 'First schedule',
  });
  await t.agenda.reload('pybay-2016');
}

const slug = (i: number) => PROGRAM[i]![0];
const title = (i: number) => PROGRAM[i]![1];

/** `event`: the event the page belongs to (none for a page of an event that does not exist). */
function expectPage(response: LightMyRequestResponse, status = 200, event: string | null = 'pybay-2016'): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe(HTML);
  expect(response.headers['content-security-policy']).toBe(PUBLIC_PAGE_CSP);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.body.startsWith('<!doctype html>')).toBe(true);
  // The two scripts of public pages, deferred, same-origin, none inline: My agenda's stars and
  // the offline service worker's registration.
  expect(
    tags(response.body)
      .filter((tag) => tag.name === 'script')
      .map((tag) => tag.attributes),
  ).toEqual([
    [
      ['src', myAgendaScript.url],
      ['defer', undefined],
    ],
    [['src', offlineScript.url], ['defer', undefined], ...(event ? [['data-event', event]] : [])],
  ]);
}

interface Cell {
  tag: 'th' | 'td';
  text: string;
  rowspan: string | undefined;
  colspan: string | undefined;
  links: string[];
}

/** The schedule table as rows of cells, in document order: what a screen reader walks through. */
function tableRows(html: string): Cell[][] {
  const start = html.indexOf('<table');
  const end = html.indexOf('</table>');
  const rows: Cell[][] = [];
  let cell: Cell | undefined;
  for (const token of renderedTokens(tokenize(html.slice(start, end)))) {
    if (token.kind === 'tag' && token.tag.name === 'tr' && !token.tag.closing) rows.push([]);
    else if (token.kind === 'tag' && (token.tag.name === 'td' || token.tag.name === 'th') && !token.tag.closing) {
      cell = {
        tag: token.tag.name,
        text: '',
        rowspan: attribute(token.tag, 'rowspan'),
        colspan: attribute(token.tag, 'colspan'),
        links: [],
      };
      rows[rows.length - 1]!.push(cell);
    } else if (token.kind === 'tag' && (token.tag.name === 'td' || token.tag.name === 'th') && token.tag.closing) {
      cell!.text = cell!.text.replace(/\s+/g, ' ').trim();
      cell = undefined;
    } else if (token.kind === 'tag' && token.tag.name === 'p' && cell) cell.text += ' ';
    else if (token.kind === 'tag' && token.tag.name === 'a' && !token.tag.closing && cell) {
      cell.links.push(attribute(token.tag, 'href')!);
    } else if (token.kind === 'text' && cell) cell.text += token.text;
  }
  return rows;
}

/** The text of the element with this id (up to its own closing tag; the elements here do not nest in their kind). */
function sectionText(html: string, id: string): string {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) return '';
  const open = html.lastIndexOf('<', at);
  const name = /^<([a-z0-9]+)/.exec(html.slice(open))![1]!;
  const close = html.indexOf(`</${name}>`, at);
  return visibleText(`<body>${html.slice(open, close)}`);
}

/** The "Now on" and "Up next" parts of a schedule page. */
function liveText(html: string): { now: string; next: string } | undefined {
  const at = html.indexOf('<section class="live"');
  if (at < 0) return undefined;
  const section = html.slice(at, html.indexOf('</section>', at));
  const parts = section.split('<div class="live__part">').slice(1);
  return { now: visibleText(`<body>${parts[0]}`), next: visibleText(`<body>${parts[1]}`) };
}

/** The grid's "Now" and "Next" marks, each with the title of what it marks. */
function markers(html: string): string[] {
  return [
    ...html.matchAll(
      /<strong class="entry__marker entry__marker--\w+">(\w+)<\/strong><p class="entry__title">(?:<a [^>]*>)?([^<]*)</g,
    ),
  ].map(([, mark, name]) => `${mark}: ${decodeEntities(name!)}`);
}

describe('the schedule before the first release', () => {
  it('says the schedule is not released yet, and links back to the program', async () => {
    const response = await get('/pybay-2016/schedule');

    expectPage(response);
    expect(response.headers['cache-control']).toBe(CACHE_PUBLIC);
    expect(titleOf(response.body)).toBe('Schedule · PyBay 2016 · Lectern');
    const text = visibleText(response.body);
    expect(text).toContain(
      'The schedule of PyBay 2016 is not released yet. Until it is, see the program: 38 talks by track.',
    );
    expect(links(response.body)).toContainEqual({ href: '/pybay-2016', text: 'see the program' });
    expect(tags(response.body).filter((tag) => tag.name === 'table')).toEqual([]);
  });

  it('answers a day with a 404 page, and shows no schedule link or time on the program', async () => {
    const day = await get('/pybay-2016/schedule/2016-08-20');
    const program = await get('/pybay-2016');

    expectPage(day, 404);
    expect(day.headers['cache-control']).toBe(CACHE_NONE);
    expect(visibleText(day.body)).toContain('The schedule of PyBay 2016 is not released yet.');
    expect(links(program.body).map((link) => link.href)).not.toContain('/pybay-2016/schedule');
    expect(links(program.body).map((link) => link.href)).not.toContain('/pybay-2016/changelog');
    expect(program.body).not.toContain('talk-card__when');
  });

  it('shows an empty changelog and an Atom feed without entries', async () => {
    const page = await get('/pybay-2016/changelog');
    const feed = await get('/pybay-2016/changelog.atom');

    expectPage(page);
    expect(visibleText(page.body)).toContain('Changelog The schedule of PyBay 2016 is not released yet.');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const parsed = parseFeed(feed.body);
    expect(parsed.feed.entry).toBeUndefined();
    expect(parsed.feed.id).toBe('http://lectern.test/pybay-2016/changelog');
  });
});

describe('the schedule grid of PyBay 2016', () => {
  beforeEach(releasePyBay);

  it('shows the first day as a table: rooms as columns, start times as rows, lunch across both rooms', async () => {
    const response = await get('/pybay-2016/schedule/2016-08-20');

    expectPage(response);
    expect(response.headers['cache-control']).toBe(CACHE_PUBLIC);
    expect(titleOf(response.body)).toBe('Schedule, day 1: Saturday 20 August 2016 · PyBay 2016 · Lectern');
    expect(visibleText(response.body)).toContain(
      "Schedule · day 1 of 2 Saturday 20 August 2016 22 talks in 2 rooms. Times are Pacific Daylight Time (PDT, UTC-07:00): the event's time zone, America/Los_Angeles.",
    );
    const rows = tableRows(response.body);
    expect(rows[0]).toEqual([
      { tag: 'th', text: 'Time', rowspan: undefined, colspan: undefined, links: [] },
      { tag: 'th', text: 'Main Hall', rowspan: undefined, colspan: undefined, links: [] },
      { tag: 'th', text: 'Room 2', rowspan: undefined, colspan: undefined, links: [] },
    ]);
    const body = rows.slice(1);
    expect(body.map((row) => row[0]!.text)).toEqual([
      '09:00',
      '09:40',
      '10:20',
      '11:00',
      '12:00',
      '13:00',
      '13:40',
      '14:20',
      '15:00',
      '15:40',
      '16:20',
      '17:00',
    ]);
    // Morning: the first 4 talks of the program in Main Hall, talks 12 to 15 in Room 2.
    for (let row = 0; row < 4; row++) {
      expect(body[row]!.map((cell) => cell.links)).toEqual([
        [],
        [`/pybay-2016/talks/${slug(row)}`],
        [`/pybay-2016/talks/${slug(11 + row)}`],
      ]);
    }
    expect(body[4]).toEqual([
      { tag: 'th', text: '12:00', rowspan: undefined, colspan: undefined, links: [] },
      { tag: 'td', text: 'Lunch 12:00–13:00 (60 min)', rowspan: undefined, colspan: '2', links: [] },
    ]);
    for (let row = 5; row < 12; row++) {
      expect(body[row]!.map((cell) => cell.links)).toEqual([
        [],
        [`/pybay-2016/talks/${slug(row - 1)}`],
        [`/pybay-2016/talks/${slug(10 + row)}`],
      ]);
    }
  });

  it('shows each talk with its title, speakers, room, times, duration, track and level', async () => {
    const rows = tableRows((await get('/pybay-2016/schedule/2016-08-20')).body);

    expect(rows[1]![1]).toEqual({
      tag: 'td',
      text: 'Python 103: Memory Model & Best Practices Wesley Chun Room: Main Hall 09:00–09:30 (30 min) Track: Language Internals Level: Intermediate',
      rowspan: undefined,
      colspan: undefined,
      links: ['/pybay-2016/talks/python-103-memory-model-best-practices'],
    });
    expect(rows[2]![1]!.text).toBe(
      'Flask for Fun and Profit Armin Ronacher Room: Main Hall 09:40–10:10 (30 min) Track: All things Web Level: Intermediate',
    );
  });

  it('gives each track a colour of its own, always beside its name', async () => {
    const html = (await get('/pybay-2016/schedule/2016-08-20')).body;

    const tagTones = new Map<string, string>();
    for (const [, tone, name] of html.matchAll(
      /<span class="track-tag (tone-\d)"><span class="visually-hidden">Track: <\/span><span>([^<]*)<\/span><\/span>/g,
    )) {
      tagTones.set(name!, tone!);
    }
    expect(Object.fromEntries(tagTones)).toEqual({
      'Language Internals': 'tone-0',
      'All things Web': 'tone-1',
      'Scalable Python': 'tone-2',
      'Performant Python': 'tone-3',
      '/etc': 'tone-4',
      Fundamentals: 'tone-5',
      'Dealing with Data': 'tone-6',
      Security: 'tone-7',
    });
    // The stripe beside each talk has its track's tone too.
    expect(html).toContain('<div class="entry entry--talk tone-1" id="talk-flask-for-fun-and-profit">');
  });

  it('shows the second day with only the rooms it uses', async () => {
    const response = await get('/pybay-2016/schedule/2016-08-21');

    expectPage(response);
    expect(visibleText(response.body)).toContain('Sunday 21 August 2016 16 talks in 2 rooms.');
    const rows = tableRows(response.body);
    expect(rows[0]!.map((cell) => cell.text)).toEqual(['Time', 'Main Hall', 'Room 2']);
    const talkLinks = rows.flatMap((row) => row.flatMap((cell) => cell.links));
    // Row by row, Main Hall before Room 2: reading order follows the time.
    expect(talkLinks.slice(0, 4)).toEqual([
      `/pybay-2016/talks/${slug(22)}`,
      `/pybay-2016/talks/${slug(33)}`,
      `/pybay-2016/talks/${slug(23)}`,
      `/pybay-2016/talks/${slug(34)}`,
    ]);
    expect(talkLinks).toHaveLength(16);
    expect(new Set(talkLinks)).toEqual(
      new Set([...PROGRAM.keys()].slice(22).map((i) => `/pybay-2016/talks/${slug(i)}`)),
    );
  });

  it('links every day from the day navigation, marking the one shown', async () => {
    const response = await get('/pybay-2016/schedule/2016-08-21');

    const nav = response.body.slice(response.body.indexOf('<nav class="day-nav"'));
    const navLinks = links(nav.slice(0, nav.indexOf('</nav>')));
    expect(navLinks).toEqual([
      { href: '/pybay-2016/schedule/2016-08-20', text: 'Day 1 Sat 20 Aug' },
      { href: '/pybay-2016/schedule/2016-08-21', text: 'Day 2 Sun 21 Aug' },
    ]);
    const current = tags(nav).filter((tag) => tag.name === 'a' && attribute(tag, 'aria-current') === 'page');
    expect(current.map((tag) => attribute(tag, 'href'))).toEqual(['/pybay-2016/schedule/2016-08-21']);
  });

  it('shows the first day at /schedule outside the event, and links the schedule from the event', async () => {
    const schedule = await get('/pybay-2016/schedule');
    const program = await get('/pybay-2016');

    expectPage(schedule);
    expect(titleOf(schedule.body)).toBe('Schedule, day 1: Saturday 20 August 2016 · PyBay 2016 · Lectern');
    expect(tableRows(schedule.body)).toEqual(tableRows((await get('/pybay-2016/schedule/2016-08-20')).body));
    expect(links(program.body)).toEqual(
      expect.arrayContaining([
        { href: '/pybay-2016/schedule', text: 'Schedule' },
        { href: '/pybay-2016/changelog', text: 'Changelog' },
        { href: '/pybay-2016/exports', text: 'Exports for apps and calendars' },
      ]),
    );
    const nav = program.body.slice(program.body.indexOf('<nav class="site-nav"'));
    expect(links(nav.slice(0, nav.indexOf('</nav>'))).map((link) => link.text)).toEqual([
      'Program',
      'Schedule',
      'Speakers',
      'Tracks',
      'Exports',
      'My agenda',
    ]);
  });

  it('says when and where each talk is in the lists of talks', async () => {
    const program = visibleText((await get('/pybay-2016')).body);
    const speaker = visibleText((await get('/pybay-2016/speakers/alex-martelli')).body);

    expect(program).toContain(
      'Python 103: Memory Model & Best Practices by Wesley Chun Sat 20 Aug, 09:00–09:30 PDT · Main Hall',
    );
    expect(speaker).toContain('"Good Enough" IS Good Enough! by Alex Martelli Sat 20 Aug, 10:20–10:50 PDT · Room 2');
    expect(speaker).toContain('The Tower of Abstraction by Alex Martelli Sat 20 Aug, 14:20–14:50 PDT · Room 2');
  });

  it("shows a talk's day, time, zone and room on its page, with links to its calendar file and its place in the grid", async () => {
    const response = await get(`/pybay-2016/talks/${slug(1)}`);
    const grid = await get('/pybay-2016/schedule/2016-08-20');

    expectPage(response);
    expect(visibleText(response.body)).toContain(
      'When Saturday 20 August 2016, 09:40–10:10 PDT Room Main Hall Add to calendar See it in the schedule Track All things Web',
    );
    expect(links(response.body)).toEqual(
      expect.arrayContaining([
        { href: '/pybay-2016/talks/flask-for-fun-and-profit.ics', text: 'Add to calendar' },
        { href: '/pybay-2016/schedule/2016-08-20#talk-flask-for-fun-and-profit', text: 'See it in the schedule' },
      ]),
    );
    const time = tags(response.body).find((tag) => tag.name === 'time');
    expect(attribute(time!, 'datetime')).toBe('2016-08-20T09:40:00-07:00');
    expect(sectionText(grid.body, 'talk-flask-for-fun-and-profit')).toBe(
      'Flask for Fun and Profit Armin Ronacher Room: Main Hall 09:40–10:10 (30 min) Track: All things Web Level: Intermediate',
    );
  });

  it('answers an unknown day with a 404 page listing the days, and a malformed one with a 400 naming it', async () => {
    const unknown = await get('/pybay-2016/schedule/2016-08-22');
    expectPage(unknown, 404);
    expect(visibleText(unknown.body)).toContain(
      'There is no day 2016-08-22 in the schedule of PyBay 2016; its days are 2016-08-20, 2016-08-21.',
    );
    expect(titleOf(unknown.body)).toBe('Page not found · PyBay 2016 · Lectern');

    for (const day of ['2016-8-20', '2016-02-30', 'tomorrow', '20160820']) {
      const response = await get(`/pybay-2016/schedule/${day}`);
      expectPage(response, 400);
      expect(visibleText(response.body)).toContain(
        `day: "${day}" is not a date; days are written YYYY-MM-DD, e.g. 2016-08-20`,
      );
    }
    const long = await get(`/pybay-2016/schedule/${'2'.repeat(41)}`);
    expectPage(long, 400);
    expect(visibleText(long.body)).toContain('path parameter "day" must NOT have more than 40 characters');
    const noEvent = await get('/pycon-1999/schedule/2016-08-20');
    expectPage(noEvent, 404, null);
    expect(visibleText(noEvent.body)).toContain('There is no event "pycon-1999".');
  });

  it('answers a repeated request with 304 while the schedule is unchanged, and a new page after a release', async () => {
    const first = await get('/pybay-2016/schedule/2016-08-20');
    const again = await get('/pybay-2016/schedule/2016-08-20', { 'if-none-match': first.headers.etag as string });

    expect(again.statusCode).toBe(304);
    const event = (await t.db.select().from(events).where(eq(events.slug, 'pybay-2016')))[0]!;
    await t.db
      .update(scheduleSlots)
      .set({ startsAt: localTime('2016-08-21', '15:00', ZONE), endsAt: localTime('2016-08-21', '15:30', ZONE) })
      .where(eq(scheduleSlots.talkId, (await talkId(slug(0)))!));
    await t.db.transaction((tx) => releaseScheduleWithin(tx, event, {}, null));
    await t.agenda.reload('pybay-2016');
    const changed = await get('/pybay-2016/schedule/2016-08-20', { 'if-none-match': first.headers.etag as string });
    expect(changed.statusCode).toBe(200);
    expect(tableRows(changed.body)[1]!.map((cell) => cell.links)).toEqual([[], [], [`/pybay-2016/talks/${slug(11)}`]]);
  });
});

async function talkId(talkSlug: string): Promise<number | undefined> {
  const [row] = await t.db.select({ id: talks.id }).from(talks).where(eq(talks.slug, talkSlug));
  return row?.id;
}

describe('now and next', () => {
  beforeEach(releasePyBay);

  it('marks nothing before the event, and keeps the page as long as any other', async () => {
    now = new Date('2016-08-20T15:59:00Z'); // 08:59 PDT, a minute before the first talk
    const response = await get('/pybay-2016/schedule');

    expect(liveText(response.body)).toBeUndefined();
    expect(markers(response.body)).toEqual([]);
    expect(response.headers['cache-control']).toBe(CACHE_PUBLIC);
    now = new Date('2016-07-01T00:00:00Z');
    expect((await get('/pybay-2016/schedule')).headers.etag).toBe(response.headers.etag);
  });

  it('shows the talks on now and those up next while the event runs, and marks them on the grid', async () => {
    now = new Date('2016-08-20T16:10:00Z'); // 09:10 PDT
    const response = await get('/pybay-2016/schedule');

    expectPage(response);
    expect(response.headers['cache-control']).toBe(CACHE_LIVE);
    expect(liveText(response.body)).toEqual({
      now: `Now on ${title(0)} Main Hall, 09:00–09:30 PDT ${title(11)} Room 2, 09:00–09:30 PDT`,
      next: `Up next ${title(1)} Main Hall, 09:40–10:10 PDT ${title(12)} Room 2, 09:40–10:10 PDT`,
    });
    expect(markers(response.body)).toEqual([
      `Now: ${title(0)}`,
      `Now: ${title(11)}`,
      `Next: ${title(1)}`,
      `Next: ${title(12)}`,
    ]);
  });

  it('changes the page only when something starts or ends', async () => {
    now = new Date('2016-08-20T16:01:00Z'); // 09:01 PDT
    const early = await get('/pybay-2016/schedule/2016-08-20');
    now = new Date('2016-08-20T16:29:59Z'); // 09:29:59 PDT, same talks on
    const late = await get('/pybay-2016/schedule/2016-08-20');
    now = new Date('2016-08-20T16:30:00Z'); // 09:30 PDT: the first talks are over
    const gap = await get('/pybay-2016/schedule/2016-08-20');

    expect(late.headers.etag).toBe(early.headers.etag);
    expect(gap.headers.etag).not.toBe(early.headers.etag);
    expect(liveText(gap.body)).toEqual({
      now: 'Now on Nothing is on right now.',
      next: `Up next ${title(1)} Main Hall, 09:40–10:10 PDT ${title(12)} Room 2, 09:40–10:10 PDT`,
    });
  });

  it('shows the lunch break as on now across every room', async () => {
    now = new Date('2016-08-20T19:15:00Z'); // 12:15 PDT
    const response = await get('/pybay-2016/schedule/2016-08-20');

    expect(liveText(response.body)).toEqual({
      now: 'Now on Lunch All rooms, 12:00–13:00 PDT',
      next: `Up next ${title(4)} Main Hall, 13:00–13:30 PDT ${title(15)} Room 2, 13:00–13:30 PDT`,
    });
    expect(markers(response.body)).toEqual(['Now: Lunch', `Next: ${title(4)}`, `Next: ${title(15)}`]);
  });

  it("shows the next day's schedule at /schedule overnight, with its first talks up next", async () => {
    now = new Date('2016-08-21T03:00:00Z'); // 20:00 PDT on the first day
    const response = await get('/pybay-2016/schedule');

    expect(titleOf(response.body)).toBe('Schedule, day 2: Sunday 21 August 2016 · PyBay 2016 · Lectern');
    expect(liveText(response.body)).toEqual({
      now: 'Now on Nothing is on right now.',
      next: `Up next ${title(22)} Main Hall, 09:00–09:30 PDT ${title(33)} Room 2, 09:00–09:30 PDT`,
    });
    const dayOne = await get('/pybay-2016/schedule/2016-08-20');
    expect(liveText(dayOne.body)!.next).toBe(
      `Up next ${title(22)} Main Hall, Sun 21 Aug, 09:00–09:30 PDT ${title(33)} Room 2, Sun 21 Aug, 09:00–09:30 PDT`,
    );
  });

  it('shows the current day at /schedule during the second day', async () => {
    now = new Date('2016-08-21T17:00:00Z'); // 10:00 PDT on the second day

    const response = await get('/pybay-2016/schedule');

    expect(titleOf(response.body)).toBe('Schedule, day 2: Sunday 21 August 2016 · PyBay 2016 · Lectern');
    expect(liveText(response.body)!.now).toBe(
      `Now on ${title(23)} Main Hall, 09:40–10:10 PDT ${title(34)} Room 2, 09:40–10:10 PDT`,
    );
  });

  it('marks nothing after the event, and shows the first day at /schedule again', async () => {
    now = new Date('2016-08-22T01:00:00Z'); // 18:00 PDT on the last day: it has ended
    const response = await get('/pybay-2016/schedule');

    expect(titleOf(response.body)).toBe('Schedule, day 1: Saturday 20 August 2016 · PyBay 2016 · Lectern');
    expect(liveText(response.body)).toBeUndefined();
    expect(markers(response.body)).toEqual([]);
    expect(response.headers['cache-control']).toBe(CACHE_PUBLIC);
  });
});

/**
 * Lays the table out as a browser does (rowspan and colspan taking their places) and returns
 * how many grid places each row fills: a sound table fills every row to the same width.
 */
function rowWidths(rows: Cell[][]): number[] {
  const taken: Set<number>[] = rows.map(() => new Set());
  rows.forEach((row, r) => {
    let column = 0;
    for (const cell of row) {
      while (taken[r]!.has(column)) column++;
      const span = Number(cell.colspan ?? 1);
      const down = Number(cell.rowspan ?? 1);
      for (let dr = 0; dr < down && r + dr < rows.length; dr++) {
        for (let dc = 0; dc < span; dc++) taken[r + dr]!.add(column + dc);
      }
      column += span;
    }
  });
  return taken.map((places) => places.size);
}

/**
 * Rooms named `names` and one day, 20 August 09:00–18:00, in PyBay; `place(i, room, from, to)`
 * puts the i-th talk of the program in a room at local times of that day.
 */
async function dayWithRooms(names: string[]) {
  const event = (await t.db.select().from(events).where(eq(events.slug, 'pybay-2016')))[0]!;
  const roomIds = await createRooms(
    t.db,
    event.id,
    names.map((name) => ({ name })),
  );
  await t.db.insert(eventDays).values({
    eventId: event.id,
    date: '2016-08-20',
    startsAt: localTime('2016-08-20', '09:00', ZONE),
    endsAt: localTime('2016-08-20', '18:00', ZONE),
  });
  const place = async (i: number, roomId: number, from: string, to: string) =>
    t.db.insert(scheduleSlots).values({
      eventId: event.id,
      kind: 'talk',
      talkId: (await talkId(slug(i)))!,
      roomId,
      startsAt: localTime('2016-08-20', from, ZONE),
      endsAt: localTime('2016-08-20', to, ZONE),
    });
  return { event, roomIds, place };
}

describe('a schedule with things at once in one room', () => {
  it('keeps the table rectangular and shows every slot once, whatever overlaps', async () => {
    const {
      event,
      roomIds: [mainHall, room2],
      place,
    } = await dayWithRooms(['Main Hall', 'Room 2']);
    await place(0, mainHall!, '09:00', '10:00');
    await place(1, mainHall!, '09:30', '10:00'); // inside the first, same room
    await place(2, room2!, '09:00', '11:00');
    await place(3, room2!, '10:00', '10:30'); // inside the one before, same room
    await t.db.insert(scheduleSlots).values({
      eventId: event.id,
      kind: 'block',
      title: 'Keynote',
      roomId: null,
      startsAt: localTime('2016-08-20', '09:30', ZONE),
      endsAt: localTime('2016-08-20', '09:45', ZONE),
    });
    await t.db.transaction((tx) => releaseScheduleWithin(tx, event, {}, null));
    await t.agenda.reload('pybay-2016');

    const rows = tableRows((await get('/pybay-2016/schedule/2016-08-20')).body);

    expect(rowWidths(rows)).toEqual([3, 3, 3, 3]);
    expect(
      rows.slice(1).map((row) => row.map((cell) => [cell.text.split(' ')[0], cell.rowspan, cell.colspan])),
    ).toEqual([
      [
        ['09:00', undefined, undefined],
        ['Python', undefined, undefined],
        ['What', undefined, undefined],
      ],
      [
        ['09:30', undefined, undefined],
        ['Keynote', undefined, '2'],
      ],
      [
        ['10:00', undefined, undefined],
        ['', undefined, undefined],
        ['Python', undefined, undefined],
      ],
    ]);
    // The talk starting with the keynote is listed with it, naming its room.
    expect(rows[2]![1]!.text).toBe(
      `Keynote 09:30–09:45 (15 min) ${title(1)} Armin Ronacher Room: Main Hall 09:30–10:00 (30 min) Track: All things Web Level: Intermediate`,
    );
    expect(rows[1]![2]!.text).toContain('09:00–11:00 (120 min)');
  });

  it('gives neighbouring rooms with nothing starting at a time one empty cell, and keeps the table rectangular', async () => {
    const {
      event,
      roomIds: [a, b, c, d],
      place,
    } = await dayWithRooms(['A', 'B', 'C', 'D']);
    await place(0, a!, '09:00', '09:30');
    await place(1, b!, '09:00', '10:00'); // still on at 09:30
    await place(2, c!, '09:00', '09:30');
    await place(3, d!, '09:00', '09:30');
    await place(4, d!, '09:30', '10:00');
    await place(5, a!, '10:00', '10:30');
    await t.db.transaction((tx) => releaseScheduleWithin(tx, event, {}, null));
    await t.agenda.reload('pybay-2016');

    const rows = tableRows((await get('/pybay-2016/schedule/2016-08-20')).body);
    const word = (i: number) => title(i).split(' ')[0];

    expect(rowWidths(rows)).toEqual([5, 5, 5, 5]);
    expect(
      rows.slice(1).map((row) => row.map((cell) => [cell.text.split(' ')[0], cell.rowspan, cell.colspan])),
    ).toEqual([
      [
        ['09:00', undefined, undefined],
        [word(0), undefined, undefined],
        [word(1), '2', undefined],
        [word(2), undefined, undefined],
        [word(3), undefined, undefined],
      ],
      [
        ['09:30', undefined, undefined],
        // Room A is empty, B taken by the talk from 09:00, C empty: two cells, not one across B.
        ['', undefined, undefined],
        ['', undefined, undefined],
        [word(4), undefined, undefined],
      ],
      [
        ['10:00', undefined, undefined],
        [word(5), undefined, undefined],
        ['', undefined, '3'],
      ],
    ]);
  });

  it('fills every row of a PyBay day to the same width', async () => {
    await releasePyBay();
    for (const date of ['2016-08-20', '2016-08-21']) {
      const rows = tableRows((await get(`/pybay-2016/schedule/${date}`)).body);
      expect(new Set(rowWidths(rows))).toEqual(new Set([3]));
    }
  });
});

describe('the schedule from memory', () => {
  it('serves the schedule, changelog and feed without a database query, before and during the event', async () => {
    await releasePyBay();
    const counting = countingDatabase(t.db);
    const counted = await start(counting.db);
    counting.reset();

    const urls = [
      '/pybay-2016/schedule',
      '/pybay-2016/schedule/2016-08-20',
      '/pybay-2016/schedule/2016-08-21',
      '/pybay-2016/changelog',
      '/pybay-2016/changelog.atom',
      `/pybay-2016/talks/${slug(0)}`,
      '/api/events/pybay-2016/schedule',
      '/api/events/pybay-2016/releases',
    ];
    for (const instant of ['2016-07-01T00:00:00Z', '2016-08-20T16:10:00Z', '2016-08-20T16:45:00Z']) {
      now = new Date(instant);
      for (let round = 0; round < 2; round++) {
        for (const url of urls)
          expect((await get(url, { 'accept-encoding': 'br' }, counted.app)).statusCode, url).toBe(200);
      }
    }
    for (const url of ['/pybay-2016/schedule/2016-08-22', '/pybay-2016/schedule/nope']) {
      expect((await get(url, {}, counted.app)).statusCode).toBeGreaterThanOrEqual(400);
    }

    expect(counting.queries).toEqual([]);
  });
});

describe('the changelog', () => {
  const AWKWARD = 'Rooms & times <fixed> "at last"\u0007 — ok\ud800\nSee you there.';
  const AWKWARD_TITLE = 'Memory & <models> "103"\u0001 ]]> \ud83d\udc0d';

  /** A second release: the first talk moved, the second taken off the schedule, the third withdrawn. */
  async function releaseChanges(): Promise<void> {
    await releasePyBay();
    const event = (await t.db.select().from(events).where(eq(events.slug, 'pybay-2016')))[0]!;
    const [room2] = await t.db.select().from(rooms).where(eq(rooms.name, 'Room 2'));
    await t.db
      .update(scheduleSlots)
      .set({
        roomId: room2!.id,
        startsAt: localTime('2016-08-21', '15:00', ZONE),
        endsAt: localTime('2016-08-21', '15:30', ZONE),
      })
      .where(eq(scheduleSlots.talkId, (await talkId(slug(0)))!));
    await t.db
      .update(talks)
      .set({ title: AWKWARD_TITLE })
      .where(eq(talks.slug, slug(0)));
    await t.db.delete(scheduleSlots).where(eq(scheduleSlots.talkId, (await talkId(slug(1)))!));
    await t.db
      .update(talks)
      .set({ state: 'withdrawn' })
      .where(eq(talks.slug, slug(2)));
    await t.db.transaction((tx) => releaseScheduleWithin(tx, event, { version: 'v2 final', comment: AWKWARD }, null));
    await t.agenda.reload('pybay-2016');
  }

  it('lists every release newest first, with its comment and what moved, was removed or cancelled', async () => {
    await releaseChanges();
    const response = await get('/pybay-2016/changelog');

    expectPage(response);
    expect(titleOf(response.body)).toBe('Changelog · PyBay 2016 · Lectern');
    const text = visibleText(response.body);
    expect(text).toContain('Changelog 2 releases of the schedule, newest first.');
    const released = await releaseTimes();
    expect(sectionText(response.body, 'release-2')).toBe(
      `Version v2 final Released ${released[1]} Rooms & times <fixed> "at last"\u0007 — ok\ufffd See you there. ` +
        `Moved: Memory & <models> "103"\u0001 ]]> \ud83d\udc0d was Main Hall, Sat 20 Aug, 09:00–09:30 PDT now Room 2, Sun 21 Aug, 15:00–15:30 PDT ` +
        `Removed from the schedule: ${title(1)} was Main Hall, Sat 20 Aug, 09:40–10:10 PDT ` +
        `Cancelled: ${title(2)} was Main Hall, Sat 20 Aug, 10:20–10:50 PDT`,
    );
    expect(sectionText(response.body, 'release-1')).toBe(
      `Version 1 Released ${released[0]} First schedule The first release, with 38 talks and 2 breaks.`,
    );
    expect(text.indexOf('Version v2 final')).toBeLessThan(text.indexOf('Version 1'));
    // Talks still on the program are linked; the cancelled one is not.
    const changeLinks = links(response.body).filter((link) => link.href.startsWith('/pybay-2016/talks/'));
    expect(changeLinks).toEqual([
      { href: `/pybay-2016/talks/${slug(0)}`, text: 'Memory & <models> "103"\u0001 ]]> \ud83d\udc0d' },
      { href: `/pybay-2016/talks/${slug(1)}`, text: title(1) },
    ]);
    const feedLink = tags(response.body).find((tag) => tag.name === 'link' && attribute(tag, 'rel') === 'alternate');
    expect(feedLink && [attribute(feedLink, 'type'), attribute(feedLink, 'href')]).toEqual([
      'application/atom+xml',
      '/pybay-2016/changelog.atom',
    ]);
  });

  it('serves the changelog as a well-formed Atom feed, one entry per release with a stable id', async () => {
    await releaseChanges();
    const response = await get('/pybay-2016/changelog.atom');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers['cache-control']).toBe(CACHE_PUBLIC);
    expect(response.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(
      response.body.startsWith(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
      ),
    ).toBe(true);
    // xmllint reads it as XML 1.0 with nothing to complain about.
    expect(execFileSync('/usr/bin/xmllint', ['--noout', '-'], { input: response.body, encoding: 'utf8' })).toBe('');

    const [second, first] = await t.db.select().from(scheduleReleases).orderBy(desc(scheduleReleases.id));
    const day = (release: typeof first) => release!.releasedAt.toISOString().slice(0, 10);
    const { feed } = parseFeed(response.body);
    expect(feed.id).toBe('http://lectern.test/pybay-2016/changelog');
    expect(feed.title).toEqual({ '@_type': 'text', '#text': 'PyBay 2016: schedule changes' });
    expect(feed.updated).toBe(second!.releasedAt.toISOString());
    expect(feed.author).toEqual({ name: 'PyBay 2016' });
    expect(feed.link).toEqual([
      { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': 'http://lectern.test/pybay-2016/changelog.atom' },
      { '@_rel': 'alternate', '@_type': 'text/html', '@_href': 'http://lectern.test/pybay-2016/changelog' },
    ]);
    expect(
      feed.entry!.map((entry) => [entry.id, entry.title['#text'], entry.updated, entry.published, entry.link]),
    ).toEqual([
      [
        `tag:lectern.test,${day(second)}:pybay-2016/releases/${second!.id}`,
        'Version v2 final',
        second!.releasedAt.toISOString(),
        second!.releasedAt.toISOString(),
        [
          {
            '@_rel': 'alternate',
            '@_type': 'text/html',
            '@_href': `http://lectern.test/pybay-2016/changelog#release-${second!.id}`,
          },
        ],
      ],
      [
        `tag:lectern.test,${day(first)}:pybay-2016/releases/${first!.id}`,
        'Version 1',
        first!.releasedAt.toISOString(),
        first!.releasedAt.toISOString(),
        [
          {
            '@_rel': 'alternate',
            '@_type': 'text/html',
            '@_href': `http://lectern.test/pybay-2016/changelog#release-${first!.id}`,
          },
        ],
      ],
    ]);
    // The content is HTML, escaped into the XML; characters XML cannot hold are left out.
    const content = feed.entry![0]!.content;
    expect(content['@_type']).toBe('html');
    expect(visibleText(`<body>${content['#text']}`)).toBe(
      'Rooms & times <fixed> "at last" — ok\ufffd See you there. ' +
        'Moved: Memory & <models> "103" ]]> \ud83d\udc0d was Main Hall, Sat 20 Aug, 09:00–09:30 PDT now Room 2, Sun 21 Aug, 15:00–15:30 PDT ' +
        `Removed from the schedule: ${title(1)} was Main Hall, Sat 20 Aug, 09:40–10:10 PDT ` +
        `Cancelled: ${title(2)} was Main Hall, Sat 20 Aug, 10:20–10:50 PDT`,
    );
    expect(links(content['#text']).map((link) => link.href)).toEqual([
      `http://lectern.test/pybay-2016/talks/${slug(0)}`,
      `http://lectern.test/pybay-2016/talks/${slug(1)}`,
    ]);
    expect(visibleText(`<body>${feed.entry![1]!.content['#text']}`)).toBe(
      'First schedule The first release, with 38 talks and 2 breaks.',
    );
  });

  it('keeps entry ids when a later release is added', async () => {
    await releasePyBay();
    const before = parseFeed((await get('/pybay-2016/changelog.atom')).body).feed.entry!.map((entry) => entry.id);
    const event = (await t.db.select().from(events).where(eq(events.slug, 'pybay-2016')))[0]!;
    await t.db.transaction((tx) => releaseScheduleWithin(tx, event, {}, null));
    await t.agenda.reload('pybay-2016');
    const after = parseFeed((await get('/pybay-2016/changelog.atom')).body).feed.entry!.map((entry) => entry.id);

    expect(after).toHaveLength(2);
    expect(after[1]).toBe(before[0]);
    expect(visibleText((await get('/pybay-2016/changelog')).body)).toContain('Version 2 Released');
    expect(sectionText((await get('/pybay-2016/changelog')).body, 'release-2')).toMatch(
      /Nothing moved: this release changes no room or time\.$/,
    );
  });
});

/** Each release's time as the changelog writes it, oldest first. */
async function releaseTimes(): Promise<string[]> {
  const rows = await t.db.select().from(scheduleReleases).orderBy(asc(scheduleReleases.id));
  return rows.map((row) =>
    DateTime.fromJSDate(row.releasedAt, { zone: ZONE }).setLocale('en-US').toFormat('cccc d LLLL yyyy, HH:mm ZZZZ'),
  );
}

interface AtomFeed {
  feed: {
    id: string;
    title: { '#text': string; '@_type': string };
    updated: string;
    link: { '@_rel': string; '@_href': string; '@_type': string }[];
    author: { name: string };
    entry?: {
      id: string;
      title: { '#text': string };
      updated: string;
      published: string;
      link: { '@_rel': string; '@_href': string };
      content: { '@_type': string; '#text': string };
    }[];
  };
}

function parseFeed(xml: string): AtomFeed {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    isArray: (name) => name === 'entry' || name === 'link',
    parseTagValue: false,
  });
  return parser.parse(xml, true) as AtomFeed;
}

describe('a schedule across the end of daylight saving time', () => {
  /**
   * PyBay moved to the weekend the clocks go back in Los Angeles (2026-11-01, 02:00 PDT becomes
   * 01:00 PST): 01:30 happens twice that night, and one talk runs across the change.
   */
  async function releaseAcrossTheChange(): Promise<void> {
    const event = (await t.db.select().from(events).where(eq(events.slug, 'pybay-2016')))[0]!;
    const [mainHall, room2] = await createRooms(t.db, event.id, [
      { name: 'Main Hall', capacity: 400 },
      { name: 'Room 2' },
    ]);
    await t.db.insert(eventDays).values([
      {
        eventId: event.id,
        date: '2026-10-31',
        startsAt: new Date('2026-10-31T16:00:00Z'),
        endsAt: new Date('2026-11-01T01:00:00Z'),
      },
      {
        eventId: event.id,
        date: '2026-11-01',
        startsAt: new Date('2026-11-01T07:00:00Z'),
        endsAt: new Date('2026-11-01T20:00:00Z'),
      },
    ]);
    const place = async (i: number, roomId: number, start: string, end: string) =>
      t.db.insert(scheduleSlots).values({
        eventId: event.id,
        kind: 'talk',
        talkId: (await talkId(slug(i)))!,
        roomId,
        startsAt: new Date(start),
        endsAt: new Date(end),
      });
    await place(0, mainHall!, '2026-10-31T17:00:00Z', '2026-10-31T17:30:00Z'); // Sat 10:00 PDT
    await place(1, mainHall!, '2026-11-01T08:00:00Z', '2026-11-01T08:30:00Z'); // 01:00–01:30 PDT
    await place(2, mainHall!, '2026-11-01T08:30:00Z', '2026-11-01T09:15:00Z'); // 01:30 PDT–01:15 PST
    await place(3, mainHall!, '2026-11-01T09:30:00Z', '2026-11-01T10:00:00Z'); // 01:30–02:00 PST
    await place(4, room2!, '2026-11-01T18:00:00Z', '2026-11-01T18:30:00Z'); // 10:00 PST
    await t.db.transaction((tx) => releaseScheduleWithin(tx, event, {}, null));
    await t.agenda.reload('pybay-2016');
  }

  it('names both zones on the day of the change and gives every time its own', async () => {
    await releaseAcrossTheChange();
    const response = await get('/pybay-2016/schedule/2026-11-01');

    expectPage(response);
    expect(visibleText(response.body)).toContain(
      "Sunday 1 November 2026 4 talks in 2 rooms. Times are in the event's time zone, America/Los_Angeles. The clocks change this day: Pacific Daylight Time (PDT, UTC-07:00), then Pacific Standard Time (PST, UTC-08:00); each time says which.",
    );
    const rows = tableRows(response.body).slice(1);
    expect(rows.map((row) => row[0]!.text)).toEqual(['01:00 PDT', '01:30 PDT', '01:30 PST', '10:00 PST']);
    expect(rows.map((row) => row.slice(1).map((cell) => cell.links[0] ?? cell.text))).toEqual([
      [`/pybay-2016/talks/${slug(1)}`, ''],
      [`/pybay-2016/talks/${slug(2)}`, ''],
      [`/pybay-2016/talks/${slug(3)}`, ''],
      ['', `/pybay-2016/talks/${slug(4)}`],
    ]);
    expect(rows[1]![1]!.text).toContain('01:30 PDT–01:15 PST (45 min)');
    const datetimes = tags(response.body)
      .filter((tag) => tag.name === 'time')
      .map((tag) => attribute(tag, 'datetime'));
    expect(datetimes.slice(0, 6)).toEqual([
      '2026-11-01T01:00:00-07:00',
      '2026-11-01T01:00:00-07:00',
      '2026-11-01T01:30:00-07:00',
      '2026-11-01T01:30:00-07:00',
      '2026-11-01T01:30:00-07:00',
      '2026-11-01T01:15:00-08:00',
    ]);

    const saturday = await get('/pybay-2016/schedule/2026-10-31');
    expect(visibleText(saturday.body)).toContain(
      "Saturday 31 October 2026 1 talk in 1 room. Times are Pacific Daylight Time (PDT, UTC-07:00): the event's time zone, America/Los_Angeles.",
    );
    expect(
      tableRows(saturday.body)
        .slice(1)
        .map((row) => row[0]!.text),
    ).toEqual(['10:00']);
  });

  it("shows the talk across the change with both zones on its page, and the next day's talks in standard time", async () => {
    await releaseAcrossTheChange();
    const across = await get(`/pybay-2016/talks/${slug(2)}`);
    const after = await get(`/pybay-2016/talks/${slug(3)}`);

    expect(visibleText(across.body)).toContain('When Sunday 1 November 2026, 01:30 PDT–01:15 PST Room Main Hall');
    expect(visibleText(after.body)).toContain('When Sunday 1 November 2026, 01:30–02:00 PST Room Main Hall');
  });

  it('gives the API every time with the offset in force then', async () => {
    await releaseAcrossTheChange();
    const schedule = (await get('/api/events/pybay-2016/schedule')).json();
    const talk = (i: number) => get(`/api/events/pybay-2016/talks/${slug(i)}`).then((r) => r.json());

    expect(schedule.timezone).toBe(ZONE);
    expect(schedule.days).toEqual([
      { date: '2026-10-31', start: '2026-10-31T09:00:00-07:00', end: '2026-10-31T18:00:00-07:00' },
      { date: '2026-11-01', start: '2026-11-01T00:00:00-07:00', end: '2026-11-01T12:00:00-08:00' },
    ]);
    expect(schedule.slots.map((s: { start: string; end: string; room: string }) => [s.start, s.end, s.room])).toEqual([
      ['2026-10-31T10:00:00-07:00', '2026-10-31T10:30:00-07:00', 'main-hall'],
      ['2026-11-01T01:00:00-07:00', '2026-11-01T01:30:00-07:00', 'main-hall'],
      ['2026-11-01T01:30:00-07:00', '2026-11-01T01:15:00-08:00', 'main-hall'],
      ['2026-11-01T01:30:00-08:00', '2026-11-01T02:00:00-08:00', 'main-hall'],
      ['2026-11-01T10:00:00-08:00', '2026-11-01T10:30:00-08:00', 'room-2'],
    ]);
    expect(await talk(2)).toMatchObject({
      start: '2026-11-01T01:30:00-07:00',
      end: '2026-11-01T01:15:00-08:00',
      room: { slug: 'main-hall', name: 'Main Hall' },
    });
    // The same instants, read back: no hour lost or doubled.
    expect(new Date(schedule.slots[2].end).getTime() - new Date(schedule.slots[2].start).getTime()).toBe(45 * 60_000);
    expect(new Date(schedule.slots[3].start).toISOString()).toBe('2026-11-01T09:30:00.000Z');
  });
});
