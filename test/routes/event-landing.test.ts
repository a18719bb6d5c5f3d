import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { events } from '../../src/db/schema.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import { importTalksPage } from '../../src/modules/exchange/index.js';
import { PUBLIC_PAGE_CSP } from '../../src/web/http-cache.js';
import type { App } from '../../src/web/types.js';
import { importPyBay, TEST_PUBLIC_URL, TEST_SECRET } from '../helpers/app.js';
import { Checkpoint } from '../helpers/checkpoint.js';
import { resetDatabase, testDatabase } from '../helpers/database.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { attribute, links, tags, visibleText } from './html.js';
import { PROGRAM } from './pybay-program.js';

const ZONE = 'America/Los_Angeles';
const ONE_TALK = 'One Talk\n\nAda Lovelace\n\nWeb, Beginner\n\nDescription: Hello.\n';

/**
 * The world: PyBay 2016 (Los Angeles) with its schedule released on 20 and 21 August 2016
 * (two rooms, 30-minute talks from 09:00, room by room in program order: the first 13 talks in
 * the Main Hall on the first day, the next 13 in Room 2, the rest in the Main Hall the next day);
 * Old Conf, over in 2015; Next Conf in 2017, without a schedule. The app's clock is `now`.
 */
let now = new Date('2016-07-01T12:00:00Z');
let app: App;
let agenda: Agenda;
let db: Database;
let checkpoint: Checkpoint;

beforeAll(async () => {
  ({ db } = await testDatabase());
  await resetDatabase(db);
  await importPyBay(db);
  await db.update(events).set({ timezone: ZONE }).where(eq(events.slug, 'pybay-2016'));
  await scheduleAndRelease(db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'] });
  await importTalksPage(db, { eventSlug: 'old-conf', eventName: 'Old Conf', content: ONE_TALK });
  await importTalksPage(db, { eventSlug: 'next-conf', eventName: 'Next Conf', content: ONE_TALK });
  await db.update(events).set({ startsOn: '2015-05-01', endsOn: '2015-05-02' }).where(eq(events.slug, 'old-conf'));
  await db.update(events).set({ startsOn: '2017-03-10', endsOn: null }).where(eq(events.slug, 'next-conf'));
  checkpoint = await Checkpoint.take(db);
  agenda = new Agenda(db);
  app = await buildApp({ agenda, db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL, clock: () => now });
  await app.ready();
});

beforeEach(async () => {
  now = new Date('2016-07-01T12:00:00Z');
  await checkpoint.restore();
  await agenda.loadAll();
});

afterAll(async () => {
  await checkpoint.drop();
  await app.close();
});

function get(url: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url });
}

/** Sets PyBay's landing fields straight in the database, as the settings would, and reloads it. */
async function setPyBay(values: Partial<typeof events.$inferInsert>): Promise<void> {
  await db.update(events).set(values).where(eq(events.slug, 'pybay-2016'));
  await agenda.reload('pybay-2016');
}

const VENUE = {
  venueName: 'UCSF Mission Bay',
  venueAddress: '1675 Owens St\nSan Francisco, CA 94143',
  venueMapUrl: 'https://www.openstreetmap.org/?mlat=37.7676&mlon=-122.3934',
  description: 'The **regional** Python conference of the Bay Area. <script>alert(1)</script>',
  logoUrl: 'https://pybay.com/logo.png',
  brandColor: '#1e3a8a',
};

/** A CFP open from 1 May to 31 July 2016, 23:59 in Los Angeles (UTC−7). */
const CFP = { cfpOpensAt: new Date('2016-05-01T16:00:00Z'), cfpClosesAt: new Date('2016-08-01T06:59:00Z') };

describe('the event page', () => {
  it('shows the dates of its released schedule, when none are set, and no venue or description', async () => {
    const page = await get('/pybay-2016');

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<p class="event-facts__dates"><time datetime="2016-08-20">20–21 August 2016</time></p>',
    );
    expect(page.body).not.toContain('event-facts__venue');
    expect(page.body).not.toContain('event-intro__description');
    expect(page.body).not.toContain('<img');
  });

  it('shows the dates set, the venue with its map link, the description rendered safely and the logo', async () => {
    await setPyBay({ ...VENUE, startsOn: '2016-08-19', endsOn: '2016-08-21' });

    const page = await get('/pybay-2016');

    expect(page.body).toContain('<time datetime="2016-08-19">19–21 August 2016</time>');
    expect(page.body).toContain(
      '<div class="event-facts__venue"><p class="event-facts__venue-name">UCSF Mission Bay</p><p class="event-facts__address"><span>1675 Owens St</span><br/><span>San Francisco, CA 94143</span></p><p><a href="https://www.openstreetmap.org/?mlat=37.7676&amp;mlon=-122.3934" rel="nofollow noopener">Map</a></p></div>',
    );
    expect(page.body).toContain(
      '<div class="prose event-intro__description"><p>The <strong>regional</strong> Python conference of the Bay Area. &lt;script&gt;alert(1)&lt;/script&gt;</p>\n</div>',
    );
    const logo = tags(page.body).find((tag) => tag.name === 'img')!;
    expect(attribute(logo, 'src')).toBe('https://pybay.com/logo.png');
    expect(attribute(logo, 'alt')).toBe('PyBay 2016 logo');
    // Logos live on other sites: the page's policy lets https images in, still no script.
    expect(page.headers['content-security-policy']).toBe(PUBLIC_PAGE_CSP);
  });

  it("puts the header in the event's colour, from a stylesheet of its own", async () => {
    await setPyBay({ brandColor: '#1e3a8a' });

    const page = await get('/pybay-2016/speakers');
    const css = await get('/pybay-2016/brand.css?colour=1e3a8a');

    expect(page.body).toContain('<meta name="theme-color" content="#1e3a8a"/>');
    expect(page.body).toContain('<link rel="stylesheet" href="/pybay-2016/brand.css?colour=1e3a8a"/>');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toBe(':root{--brand:#1e3a8a;--brand-link:#ffffff}\n');
  });

  it('links to the call for proposals with its deadline only while it is open', async () => {
    await setPyBay(CFP);
    const callout =
      '<p class="cfp-callout"><a class="button" href="/pybay-2016/cfp">Submit a proposal</a> <span>The call for proposals is open until Sun 31 Jul 2016, 23:59 PDT.</span></p>';

    now = new Date('2016-04-30T12:00:00Z');
    expect((await get('/pybay-2016')).body).not.toContain('cfp-callout');
    expect((await get('/')).body).not.toContain('cfp-callout');
    now = new Date('2016-07-01T12:00:00Z');
    expect((await get('/pybay-2016')).body).toContain(callout);
    expect((await get('/')).body).toContain(callout);
    // The program has not changed, the clock has: the call is closed.
    now = new Date('2016-08-01T07:00:00Z');
    expect((await get('/pybay-2016')).body).not.toContain('cfp-callout');
    expect((await get('/')).body).not.toContain('cfp-callout');
  });
});

describe('the home page', () => {
  it('lists upcoming events as cards, soonest first, and past ones apart, latest first', async () => {
    await importTalksPage(db, { eventSlug: 'older-conf', eventName: 'Older Conf', content: ONE_TALK });
    await db.update(events).set({ startsOn: '2014-01-01' }).where(eq(events.slug, 'older-conf'));
    await importTalksPage(db, { eventSlug: 'someday-conf', eventName: 'Someday Conf', content: ONE_TALK });
    await agenda.loadAll();

    const text = visibleText((await get('/')).body);

    expect(text).toContain(
      'Upcoming events PyBay 2016 20–21 August 2016 38 talks Next Conf 10 March 2017 1 talk Someday Conf 1 talk Past events Old Conf 1–2 May 2015 1 talk Older Conf 1 January 2014 1 talk',
    );
  });

  it('shows a long list a page at a time, with links between the pages', async () => {
    // 60 more events without dates: upcoming, after those with dates, by name.
    await db
      .insert(events)
      .values(
        Array.from({ length: 60 }, (_, i) => ({ slug: `bulk-${i}`, name: `Bulk ${String(i).padStart(2, '0')}` })),
      );
    agenda.changed('bulk-0');

    const first = await get('/');
    const second = await get('/?page=2');

    const cards = (body: string) => tags(body).filter((tag) => tag.name === 'h3').length;
    expect(first.statusCode).toBe(200);
    expect(cards(first.body)).toBe(60);
    expect(visibleText(first.body)).toContain('Page 1 of 2 Next page');
    expect(links(first.body)).toContainEqual({ href: '/?page=2', text: 'Next page' });
    expect(cards(second.body)).toBe(3);
    expect(visibleText(second.body)).toMatch(/Bulk 59 .* Past events Old Conf .* Previous page Page 2 of 2/);
    expect(links(second.body)).toContainEqual({ href: '/', text: 'Previous page' });
    expect((await get('/?page=3')).statusCode).toBe(404);
    expect((await get('/?page=0')).statusCode).toBe(400);
  });

  it('moves an event to the past once its last day is over in its own zone', async () => {
    // 22 August 2016, 06:00 UTC is still 21 August in Los Angeles.
    now = new Date('2016-08-22T06:00:00Z');
    expect(visibleText((await get('/')).body)).toMatch(/Upcoming events PyBay 2016 .* Past events Old Conf/);
    now = new Date('2016-08-22T07:00:00Z');
    expect(visibleText((await get('/')).body)).toMatch(
      /Upcoming events Next Conf .* Past events PyBay 2016 .* Old Conf/,
    );
  });

  it('shows the venue and description on the card', async () => {
    await setPyBay(VENUE);

    const text = visibleText((await get('/')).body);

    expect(text).toContain(
      'PyBay 2016 20–21 August 2016 UCSF Mission Bay The regional Python conference of the Bay Area. <script>alert(1)</script> 38 talks',
    );
  });
});

describe('the navigation', () => {
  it('shows Schedule once a release exists, and Exports and My agenda always', async () => {
    const nav = (body: string) =>
      links(body.slice(body.indexOf('<nav class="site-nav"'), body.indexOf('</nav>'))).map((link) => link.text);

    expect(nav((await get('/pybay-2016')).body)).toEqual([
      'Program',
      'Schedule',
      'Speakers',
      'Tracks',
      'Exports',
      'My agenda',
    ]);
    expect(nav((await get('/next-conf')).body)).toEqual(['Program', 'Speakers', 'Tracks', 'Exports', 'My agenda']);
    const exports = (await get('/next-conf/exports')).body;
    expect(exports).toContain('<a href="/next-conf/exports" aria-current="page">Exports</a>');
  });
});

describe('the exports page', () => {
  it('offers to subscribe to the calendar at its webcal:// address', async () => {
    const page = (await get('/pybay-2016/exports')).body;

    expect(links(page).filter((link) => link.href.startsWith('webcal:'))).toEqual([
      { href: 'webcal://lectern.test/pybay-2016/schedule.ics', text: 'Subscribe in your calendar' },
    ]);
    expect(visibleText(page)).toContain(
      'Subscribe in your calendar Your calendar app then keeps the schedule current as it changes. Apps that ask for an address take http://lectern.test/pybay-2016/schedule.ics.',
    );
  });

  it('offers no subscription before the first release', async () => {
    expect((await get('/next-conf/exports')).body).not.toContain('webcal:');
  });
});

describe('the talk page', () => {
  const title = (index: number) => PROGRAM[index]![1];
  const slug = (index: number) => PROGRAM[index]![0];
  const aside = (body: string) => visibleText(body.slice(body.indexOf('<aside'), body.indexOf('</aside>')));

  it('shows the talks at the same time in other rooms and the next talk in its room', async () => {
    const page = (await get(`/pybay-2016/talks/${slug(0)}`)).body;

    expect(aside(page)).toBe(
      `At the same time ${title(13)} Sat 20 Aug, 09:00–09:30 PDT · Room 2 Next in this room ${title(1)} Sat 20 Aug, 09:40–10:10 PDT · Main Hall`,
    );
    expect(links(page).map((link) => link.href)).toContain(`/pybay-2016/talks/${slug(13)}`);
  });

  it('leaves out what does not exist: nothing in parallel, nothing after the last talk of a room', async () => {
    // Talk 37, the last of the second day, alone in the Main Hall.
    const last = (await get(`/pybay-2016/talks/${slug(37)}`)).body;
    expect(last).not.toContain('<aside');
    const secondDay = (await get(`/pybay-2016/talks/${slug(26)}`)).body;
    expect(aside(secondDay)).toBe(`Next in this room ${title(27)} Sun 21 Aug, 09:40–10:10 PDT · Main Hall`);
  });
});

describe('GET /api/events and /api/events/{event}', () => {
  it('give dates, time zone, venue, description and the call for proposals, exactly', async () => {
    await setPyBay({ ...VENUE, ...CFP });

    const one = await get('/api/events/pybay-2016');
    const list = await get('/api/events');

    const pybay = {
      slug: 'pybay-2016',
      name: 'PyBay 2016',
      talkCount: 38,
      startDate: '2016-08-20',
      endDate: '2016-08-21',
      timezone: 'America/Los_Angeles',
      venue: {
        name: 'UCSF Mission Bay',
        address: '1675 Owens St\nSan Francisco, CA 94143',
        mapUrl: 'https://www.openstreetmap.org/?mlat=37.7676&mlon=-122.3934',
      },
      description: 'The **regional** Python conference of the Bay Area. <script>alert(1)</script>',
      logoUrl: 'https://pybay.com/logo.png',
      cfp: { open: true, closesAt: '2016-07-31T23:59:00-07:00', url: '/pybay-2016/cfp' },
    };
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ ...pybay, brandColor: '#1e3a8a' });
    const none = { venue: null, description: '', logoUrl: null, cfp: null, timezone: 'UTC', talkCount: 1 };
    expect(list.json()).toEqual({
      events: [
        { slug: 'next-conf', name: 'Next Conf', startDate: '2017-03-10', endDate: '2017-03-10', ...none },
        { slug: 'old-conf', name: 'Old Conf', startDate: '2015-05-01', endDate: '2015-05-02', ...none },
        pybay,
      ],
      total: 3,
      next: null,
    });
    now = new Date('2016-08-01T07:00:00Z');
    expect((await get('/api/events/pybay-2016')).json().cfp).toEqual({
      open: false,
      closesAt: '2016-07-31T23:59:00-07:00',
      url: '/pybay-2016/cfp',
    });
  });

  it('answers 404 for an event that is not published', async () => {
    await setPyBay({ published: false });

    const response = await get('/api/events/pybay-2016');

    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('There is no event "pybay-2016".');
  });
});
