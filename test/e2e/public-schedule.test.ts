import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, rooms, scheduleSlots, talks } from '../../src/db/schema.js';
import { releaseScheduleWithin } from '../../src/modules/schedule/index.js';
import { buildApp } from '../../src/app.js';
import type { App } from '../../src/web/types.js';
import { TEST_PUBLIC_URL, TEST_SECRET } from '../helpers/app.js';
import { localTime, scheduleAndRelease } from '../helpers/schedule.js';
import {
  auditContextOptions,
  axeViolations,
  chromiumAvailable,
  DESKTOP,
  launchChromium,
  PHONE,
  screenshots,
  startLectern,
  type RunningLectern,
} from './helpers.js';
import { navigatingBy, SiteHeader, TalkPage } from './pages.js';

const ZONE = 'America/Los_Angeles';

/** The schedule page: where its parts are and how a person works them (no assertions here). */
class SchedulePage {
  readonly header: SiteHeader;

  constructor(readonly page: Page) {
    this.header = new SiteHeader(page);
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get dayNavigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Days' });
  }

  get grid(): Locator {
    return this.page.getByRole('table');
  }

  get columnHeaders(): Locator {
    return this.grid.locator('thead th');
  }

  get rowHeaders(): Locator {
    return this.grid.locator('tbody th');
  }

  get talkTitles(): Locator {
    return this.grid.locator('.entry__title');
  }

  /** The first talk's room as written in its entry (shown on narrow screens). */
  get firstRoomText(): Locator {
    return this.grid.locator('.entry__room').first();
  }

  async openDay(name: string): Promise<void> {
    await navigatingBy(this.page, () => this.dayNavigation.getByRole('link', { name }).click());
  }

  async openTalk(title: string): Promise<void> {
    await navigatingBy(this.page, () => this.grid.getByRole('link', { name: title, exact: true }).click());
  }
}

const FIRST_DAY_TIMES = [
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
];

describe.skipIf(!chromiumAvailable())('the public schedule in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  let visitor: BrowserContext;
  let duringTheEvent: App;

  beforeAll(async () => {
    lectern = await startLectern();
    const { db } = lectern;
    await db.update(events).set({ timezone: ZONE }).where(eq(events.slug, 'pybay-2016'));
    await scheduleAndRelease(db, {
      eventSlug: 'pybay-2016',
      dates: ['2016-08-20', '2016-08-21'],
      lunch: true,
      comment: 'First schedule',
    });
    // A second release, so that the changelog has changes to list: the opening talk moves.
    const event = (await db.select().from(events).where(eq(events.slug, 'pybay-2016')))[0]!;
    const [room2] = await db.select().from(rooms).where(eq(rooms.slug, 'room-2'));
    const [opening] = await db.select().from(talks).where(eq(talks.slug, 'python-103-memory-model-best-practices'));
    await db
      .update(scheduleSlots)
      .set({
        roomId: room2!.id,
        startsAt: localTime('2016-08-21', '15:00', ZONE),
        endsAt: localTime('2016-08-21', '15:30', ZONE),
      })
      .where(eq(scheduleSlots.talkId, opening!.id));
    await db.transaction((tx) =>
      releaseScheduleWithin(tx, event, { version: '2', comment: 'The opening talk moves to Sunday.' }, null),
    );
    await lectern.agenda.reload('pybay-2016');
    // The same Lectern with its clock at 09:10 PDT on the first day, for the "now" and "next" marks.
    duringTheEvent = await buildApp({
      agenda: lectern.agenda,
      db,
      secret: TEST_SECRET,
      publicUrl: TEST_PUBLIC_URL,
      clock: () => new Date('2016-08-20T16:10:00Z'),
    });
    await duringTheEvent.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    visitor = await browser.newContext({ viewport: DESKTOP });
  });

  afterAll(async () => {
    await browser?.close();
    await duringTheEvent?.close();
    await lectern?.close();
  });

  const url = (path: string) => `${lectern.baseUrl}${path}`;
  const liveUrl = (path: string) => {
    const address = duringTheEvent.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}${path}`;
  };

  async function visit(path: string, context = visitor): Promise<Page> {
    const page = await context.newPage();
    const response = await page.goto(url(path));
    expect(response?.status()).toBe(200);
    return page;
  }

  it('goes from the event to the schedule, switches days and opens a talk from the grid', async () => {
    const page = await visit('/pybay-2016');
    const schedule = new SchedulePage(page);
    await navigatingBy(page, () => schedule.header.navigation.getByRole('link', { name: 'Schedule' }).click());

    expect(page.url()).toBe(url('/pybay-2016/schedule'));
    expect(await schedule.heading.innerText()).toBe('Saturday 20 August 2016');
    expect(await schedule.columnHeaders.allInnerTexts()).toEqual(['Time', 'Main Hall', 'Room 2']);
    expect(await schedule.rowHeaders.allInnerTexts()).toEqual(FIRST_DAY_TIMES);
    expect(await schedule.grid.getByRole('cell', { name: /^Lunch/ }).innerText()).toBe('Lunch\n\n12:00–13:00 (60 min)');
    // On a wide screen the column says the room; the entry's own room line is for screen readers.
    expect(await schedule.firstRoomText.boundingBox()).toMatchObject({ width: 1, height: 1 });

    await schedule.openDay('Day 2 Sun 21 Aug');
    expect(page.url()).toBe(url('/pybay-2016/schedule/2016-08-21'));
    expect(await schedule.heading.innerText()).toBe('Sunday 21 August 2016');
    expect(await schedule.dayNavigation.locator('[aria-current="page"]').innerText()).toBe('Day 2 Sun 21 Aug');
    expect((await schedule.talkTitles.allInnerTexts()).slice(0, 2)).toEqual([
      'Xonsh – put some Python in your Shell.',
      'Data in a dynamic system: Strategies for backwards compatibility',
    ]);

    await schedule.openTalk('Python 103: Memory Model & Best Practices');
    expect(page.url()).toBe(url('/pybay-2016/talks/python-103-memory-model-best-practices'));
    const talk = new TalkPage(page);
    expect(await talk.heading.innerText()).toBe('Python 103: Memory Model & Best Practices');
    expect(await talk.facts()).toEqual({
      when: 'Sunday 21 August 2016, 15:00–15:30 PDT',
      room: 'Room 2',
      track: 'Language Internals',
      level: 'Intermediate',
    });
    expect(await page.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).toBe(
      '/pybay-2016/talks/python-103-memory-model-best-practices.ics',
    );
    await navigatingBy(page, () => page.getByRole('link', { name: 'See it in the schedule' }).click());
    expect(page.url()).toBe(url('/pybay-2016/schedule/2016-08-21#talk-python-103-memory-model-best-practices'));
    expect(await page.locator('#talk-python-103-memory-model-best-practices').isVisible()).toBe(true);
    await page.close();
  });

  it('reads as a list by time on a phone, each talk naming its room', async () => {
    const phone = await browser.newContext({ viewport: PHONE });
    try {
      const page = await visit('/pybay-2016/schedule/2016-08-20', phone);
      const schedule = new SchedulePage(page);
      expect(await page.evaluate("getComputedStyle(document.querySelector('table')).display")).toBe('block');
      expect(await schedule.columnHeaders.first().isVisible()).toBe(false);
      expect(await schedule.firstRoomText.textContent()).toBe('Room: Room 2');
      expect((await schedule.firstRoomText.boundingBox())!.width).toBeGreaterThan(40);
      // Two talks starting at 09:40 stack one above the other, not side by side.
      const cells = page.locator('tbody tr').nth(1).locator('td');
      const [first, second] = [await cells.nth(0).boundingBox(), await cells.nth(1).boundingBox()];
      expect(first!.x).toBe(second!.x);
      expect(second!.y).toBeGreaterThanOrEqual(first!.y + first!.height);
      // Nothing sticks out sideways: the page scrolls only down.
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await screenshots(page, 'schedule-day-1');
    } finally {
      await phone.close();
    }
  });

  it('shows what is on now and up next during the event, marked on the grid too', async () => {
    const page = await visitor.newPage();
    await page.goto(liveUrl('/pybay-2016/schedule'));
    const now = page.getByRole('region', { name: 'Now on' });
    expect(await now.getByRole('heading').allInnerTexts()).toEqual(['Now on', 'Up next']);
    expect(await now.getByRole('listitem').allInnerTexts()).toEqual([
      'Project Jupyter\nRoom 2, 09:00–09:30 PDT',
      'Flask for Fun and Profit\nMain Hall, 09:40–10:10 PDT',
      "Explore Git internals using Python | Let's write `git log` in Python\nRoom 2, 09:40–10:10 PDT",
    ]);
    expect(await page.locator('.entry__marker').allInnerTexts()).toEqual(['NOW', 'NEXT', 'NEXT']);
    await page.close();
  });

  it('works with JavaScript disabled: days, the grid and talks are plain links', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    try {
      const page = await visit('/pybay-2016/schedule', noScript);
      const schedule = new SchedulePage(page);
      await schedule.openDay('Day 2 Sun 21 Aug');
      expect(await schedule.heading.innerText()).toBe('Sunday 21 August 2016');
      await schedule.openTalk('Python 103: Memory Model & Best Practices');
      expect(await new TalkPage(page).heading.innerText()).toBe('Python 103: Memory Model & Best Practices');
      await navigatingBy(page, () => page.getByRole('link', { name: 'Schedule', exact: true }).click());
      expect(page.url()).toBe(url('/pybay-2016/schedule'));
    } finally {
      await noScript.close();
    }
  });

  it('passes axe on the grid, the changelog and a talk page, in the light and the dark colour scheme', async () => {
    const paths = [
      '/pybay-2016/schedule',
      '/pybay-2016/schedule/2016-08-21',
      '/pybay-2016/changelog',
      '/pybay-2016/talks/python-103-memory-model-best-practices',
      '/pybay-2016',
    ];
    const found: Record<string, string[]> = {};
    for (const scheme of ['light', 'dark'] as const) {
      for (const viewport of [DESKTOP, PHONE]) {
        const context = await browser.newContext({ ...auditContextOptions(scheme), viewport });
        try {
          const page = await context.newPage();
          for (const path of paths) {
            await page.goto(url(path));
            const violations = await axeViolations(page);
            if (violations.length > 0) found[`${scheme} ${viewport.width} ${path}`] = violations;
          }
          await page.goto(liveUrl('/pybay-2016/schedule'));
          const live = await axeViolations(page);
          if (live.length > 0) found[`${scheme} ${viewport.width} during the event`] = live;
          if (viewport === DESKTOP) {
            await screenshots(page, `schedule-now-${scheme}`);
            await page.goto(url('/pybay-2016/schedule'));
            await screenshots(page, `schedule-${scheme}`);
            await page.goto(url('/pybay-2016/changelog'));
            await screenshots(page, `changelog-${scheme}`);
          }
        } finally {
          await context.close();
        }
      }
    }
    expect(found).toEqual({});
    // axe walks a whole grid (each cell with its star) in two schemes: about a minute on two cores.
  }, 180_000);
});
