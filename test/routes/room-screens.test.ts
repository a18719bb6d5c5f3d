import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema.js';
import { screenStylesheet } from '../../src/web/assets.js';
import { PUBLIC_PAGE_CSP } from '../../src/web/http-cache.js';
import { CACHE_LIVE } from '../../src/web/routes/public/schedule.js';
import { importPyBay, testAppPerFile } from '../helpers/app.js';
import { localTime, scheduleAndRelease } from '../helpers/schedule.js';
import { attribute, tags, titleOf, visibleText } from './html.js';
import { PROGRAM } from './pybay-program.js';

const ZONE = 'America/Los_Angeles';
/** The app's clock: each test sets the instant it needs. */
let now = new Date('2016-08-20T16:00:00Z');
const at = (date: string, time: string) => localTime(date, time, ZONE);

/**
 * Two days, two rooms (Main Hall, Room 2), lunch 12:00–13:00 across both; 30-minute talks
 * with 10 minutes between, from 09:00: 11 talks per room and day, in program order, Main
 * Hall first. Day two's Room 2 ends with talk 37 at 13:00–13:30.
 */
const t = testAppPerFile(
  async (db) => {
    await importPyBay(db);
    await db.update(events).set({ timezone: ZONE }).where(eq(events.slug, 'pybay-2016'));
    await scheduleAndRelease(db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], lunch: true });
  },
  { clock: () => now },
);

const title = (i: number) => PROGRAM[i]![1];
function speakers(i: number): string {
  const talk = t.agenda.event('pybay-2016')!.talkBySlug.get(PROGRAM[i]![0])!;
  return talk.speakers.map((s) => s.name).join(', ');
}
/** What a screen shows of talk i: title, speakers, time. */
const shown = (i: number, time: string) => `${title(i)} ${speakers(i)} ${time}`;

async function screen(url: string, instant: Date) {
  now = instant;
  const response = await t.app.inject({ url });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.headers['content-security-policy']).toBe(PUBLIC_PAGE_CSP);
  expect(response.headers['cache-control']).toBe(CACHE_LIVE);
  return response.body;
}

describe('the room screen, /{event}/rooms/{room}/now', () => {
  it('shows the talk on now and the next, with speakers and times', async () => {
    const body = await screen('/pybay-2016/rooms/main-hall/now', at('2016-08-20', '09:50'));

    expect(titleOf(body)).toBe('Main Hall · PyBay 2016 · Lectern');
    expect(visibleText(body)).toBe(
      `Main Hall PyBay 2016 09:50 PDT Now ${shown(1, '09:40–10:10 PDT')} Next ${shown(2, '10:20–10:50 PDT')}`,
    );
  });

  it('shows each room its own talks', async () => {
    const body = await screen('/pybay-2016/rooms/room-2/now', at('2016-08-20', '09:50'));

    expect(visibleText(body)).toBe(
      `Room 2 PyBay 2016 09:50 PDT Now ${shown(12, '09:40–10:10 PDT')} Next ${shown(13, '10:20–10:50 PDT')}`,
    );
  });

  it('says nothing is on between two talks, and shows the next', async () => {
    const body = await screen('/pybay-2016/rooms/main-hall/now', at('2016-08-20', '10:15'));

    expect(visibleText(body)).toBe(
      `Main Hall PyBay 2016 10:15 PDT Now Nothing on right now. Next ${shown(2, '10:20–10:50 PDT')}`,
    );
  });

  it('shows a break across every room in each room', async () => {
    const body = await screen('/pybay-2016/rooms/room-2/now', at('2016-08-20', '12:30'));

    expect(visibleText(body)).toBe(
      `Room 2 PyBay 2016 12:30 PDT Now Lunch 12:00–13:00 PDT Next ${shown(15, '13:00–13:30 PDT')}`,
    );
  });

  it("names the day of a next talk that is not today's", async () => {
    const body = await screen('/pybay-2016/rooms/main-hall/now', at('2016-08-20', '19:00'));

    expect(visibleText(body)).toBe(
      `Main Hall PyBay 2016 19:00 PDT Now Nothing on right now. Next ${shown(22, 'Sun 21 Aug, 09:00–09:30 PDT')}`,
    );
  });

  it('says nothing more comes after the last talk in the room', async () => {
    const body = await screen('/pybay-2016/rooms/room-2/now', at('2016-08-21', '14:00'));

    expect(visibleText(body)).toBe('Room 2 PyBay 2016 14:00 PDT Now Nothing more in this room.');
  });

  it('reloads itself every minute without JavaScript, in the kiosk stylesheet with titles of 48px or more', async () => {
    const body = await screen('/pybay-2016/rooms/main-hall/now', at('2016-08-20', '09:50'));
    const meta = tags(body).find((tag) => tag.name === 'meta' && attribute(tag, 'http-equiv') === 'refresh');
    const css = await t.app.inject({ url: screenStylesheet.url });

    expect(meta && attribute(meta, 'content')).toBe('60');
    expect(tags(body).filter((tag) => tag.name === 'script')).toEqual([]);
    expect(
      tags(body)
        .filter((tag) => tag.name === 'link')
        .map((tag) => attribute(tag, 'href')),
    ).toEqual([screenStylesheet.url]);
    expect(css.statusCode).toBe(200);
    const titleRules = [...css.body.matchAll(/\.screen__title\s*\{[^}]*font-size:\s*max\((\d+)px/g)].map((m) => m[1]);
    expect(titleRules).toEqual(['48', '48', '48']);
  });

  it('shows the new time once the minute changes', async () => {
    await screen('/pybay-2016/rooms/main-hall/now', at('2016-08-20', '09:50'));
    const body = await screen('/pybay-2016/rooms/main-hall/now', at('2016-08-20', '09:51'));

    expect(visibleText(body)).toContain('09:51 PDT Now');
  });

  it('answers 404 for a room the schedule does not have, naming the rooms it has', async () => {
    now = at('2016-08-20', '09:50');
    const response = await t.app.inject({ url: '/pybay-2016/rooms/ballroom/now' });
    const noEvent = await t.app.inject({ url: '/pycon-3000/rooms/main-hall/now' });

    expect(response.statusCode).toBe(404);
    expect(visibleText(response.body)).toContain(
      'There is no room "ballroom" in the schedule of PyBay 2016; its rooms are main-hall, room-2.',
    );
    expect(noEvent.statusCode).toBe(404);
  });
});

describe('the hallway screen, /{event}/now', () => {
  it('shows every room with its talk on now and its next', async () => {
    const body = await screen('/pybay-2016/now', at('2016-08-20', '09:50'));

    expect(titleOf(body)).toBe('Now · PyBay 2016 · Lectern');
    expect(visibleText(body)).toBe(
      'PyBay 2016 09:50 PDT Room Now Next ' +
        `Main Hall ${shown(1, '09:40–10:10 PDT')} ${shown(2, '10:20–10:50 PDT')} ` +
        `Room 2 ${shown(12, '09:40–10:10 PDT')} ${shown(13, '10:20–10:50 PDT')}`,
    );
  });

  it('shows a dash for a room with nothing on now or nothing next', async () => {
    const body = await screen('/pybay-2016/now', at('2016-08-21', '13:10'));

    expect(visibleText(body)).toBe(
      'PyBay 2016 13:10 PDT Room Now Next ' +
        `Main Hall ${shown(26, '13:00–13:30 PDT')} ${shown(27, '13:40–14:10 PDT')} ` +
        `Room 2 ${shown(37, '13:00–13:30 PDT')} —`,
    );
  });
});
