import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, rooms, scheduleSlots, talks } from '../../src/db/schema.js';
import { releaseScheduleWithin } from '../../src/modules/schedule/index.js';
import { localTime } from '../helpers/schedule.js';
import {
  chromiumAvailable,
  collectCspViolations,
  DESKTOP,
  launchChromium,
  startReleasedLectern,
  type RunningLectern,
} from './helpers.js';
import { TalkPage } from './pages.js';

const ZONE = 'America/Los_Angeles';
const STARRED = 'python-103-memory-model-best-practices';

/** What the service worker keeps, as paths, read in the page (the Cache API is the page's too). */
function keptPaths(page: Page): Promise<string[]> {
  return page.evaluate(`(async () => {
    const found = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const url = new URL(request.url);
        found.push(url.pathname + url.search);
      }
    }
    return found.sort();
  })()`);
}

describe.skipIf(!chromiumAvailable())('reading an event offline in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  let visitor: BrowserContext;
  let refused: string[];

  beforeAll(async () => {
    lectern = await startReleasedLectern('First schedule');
    browser = await launchChromium();
    visitor = await browser.newContext({ viewport: DESKTOP });
    refused = collectCspViolations(visitor);
  });

  afterAll(async () => {
    await browser?.close();
    await lectern?.close();
  });

  const url = (path: string) => `${lectern.baseUrl}${path}`;

  /** Opens a page and waits until the worker says it kept the event's pages. */
  async function visitAndKeep(page: Page, path: string): Promise<void> {
    const response = await page.goto(url(path));
    expect(response?.status()).toBe(200);
    await page.waitForSelector('html[data-offline="ready"]', { state: 'attached', timeout: 30_000 });
  }

  async function openOffline(page: Page, path: string): Promise<string> {
    const response = await page.goto(url(path));
    expect(response?.status(), path).toBe(200);
    return page.getByRole('heading', { level: 1 }).innerText();
  }

  it('opens the program, a talk, a speaker and a schedule day offline after one visit; others say they were not kept', async () => {
    const page = await visitor.newPage();
    await visitAndKeep(page, '/pybay-2016');
    // Back-office and account pages, visited online, pass the worker by.
    expect((await page.goto(url('/login')))?.status()).toBe(200);
    expect((await page.goto(url('/orga')))?.status()).toBe(200);

    const kept = await keptPaths(page);
    expect(kept).toContain('/pybay-2016');
    expect(kept).toContain(`/pybay-2016/talks/${STARRED}`);
    expect(kept).toContain('/pybay-2016/schedule/2016-08-21');
    expect(kept).toContain('/api/events/pybay-2016/schedule');
    expect(kept.filter((path) => /^\/(login|orga|signup|account|speaker)/.test(path))).toEqual([]);

    await visitor.setOffline(true);
    try {
      expect(await openOffline(page, '/pybay-2016')).toBe('PyBay 2016');
      expect(await openOffline(page, `/pybay-2016/talks/${STARRED}`)).toBe('Python 103: Memory Model & Best Practices');
      expect(await new TalkPage(page).facts()).toMatchObject({ when: 'Saturday 20 August 2016, 09:00–09:30 PDT' });
      expect(await openOffline(page, '/pybay-2016/speakers/alex-martelli')).toBe('Alex Martelli');
      expect(await openOffline(page, '/pybay-2016/schedule/2016-08-21')).toBe('Sunday 21 August 2016');
      // The stylesheet comes from the worker too.
      expect(await page.evaluate("getComputedStyle(document.querySelector('.site-header')).display")).not.toBe(
        'inline',
      );

      // A page never opened nor listed: the offline page, linking to the program.
      expect(await openOffline(page, '/pybay-2016?track=etc')).toBe('Not saved for offline reading');
      expect(await page.getByRole('link', { name: 'PyBay 2016: the program' }).getAttribute('href')).toBe(
        '/pybay-2016',
      );

      // The back office was never kept: offline, it does not open.
      await expect(page.goto(url('/login'))).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    } finally {
      await visitor.setOffline(false);
    }
    expect(refused).toEqual([]);
    await page.close();
  });

  it('says, online again after a new release, how many starred talks moved, and keeps the new pages', async () => {
    const page = await visitor.newPage();
    await visitAndKeep(page, '/pybay-2016');
    await page.evaluate(
      (slug) => localStorage.setItem('lectern:agenda:pybay-2016', JSON.stringify({ talks: [slug, 'nope'] })),
      STARRED,
    );
    expect(await page.locator('.schedule-notice').count()).toBe(0);

    // The starred talk moves to Sunday afternoon in Room 2, and a new release says so.
    const { db } = lectern;
    const [event] = await db.select().from(events).where(eq(events.slug, 'pybay-2016'));
    const [room2] = await db.select().from(rooms).where(eq(rooms.slug, 'room-2'));
    const [starred] = await db.select().from(talks).where(eq(talks.slug, STARRED));
    await db
      .update(scheduleSlots)
      .set({
        roomId: room2!.id,
        startsAt: localTime('2016-08-21', '15:00', ZONE),
        endsAt: localTime('2016-08-21', '15:30', ZONE),
      })
      .where(eq(scheduleSlots.talkId, starred!.id));
    await db.transaction((tx) =>
      releaseScheduleWithin(tx, event!, { version: '2', comment: 'Python 103 moves.' }, null),
    );
    await lectern.agenda.reload('pybay-2016');

    await page.reload();
    const notice = page.getByRole('status').filter({ hasText: 'The schedule changed' });
    await notice.waitFor();
    expect(await notice.innerText()).toBe('The schedule changed: 1 of your talks moved');
    expect(await notice.getByRole('link').getAttribute('href')).toBe('/pybay-2016/agenda');
    await page.waitForSelector('html[data-offline="ready"]', { state: 'attached', timeout: 30_000 });

    // Seen once: the next visit compares against the new release.
    await visitAndKeep(page, '/pybay-2016');
    expect(await page.locator('.schedule-notice').count()).toBe(0);

    // The pages kept are the new release's.
    await visitor.setOffline(true);
    try {
      await openOffline(page, `/pybay-2016/talks/${STARRED}`);
      expect(await new TalkPage(page).facts()).toMatchObject({
        when: 'Sunday 21 August 2016, 15:00–15:30 PDT',
        room: 'Room 2',
      });
    } finally {
      await visitor.setOffline(false);
    }
    expect(refused).toEqual([]);
    await page.close();
  });

  it('forgets the page of a talk that left the program, so that offline it says it was not kept', async () => {
    const page = await visitor.newPage();
    await visitAndKeep(page, '/pybay-2016');
    const gone = 'tensorflow-on-the-web';
    expect(await keptPaths(page)).toContain(`/pybay-2016/talks/${gone}`);

    await lectern.db.update(talks).set({ state: 'withdrawn' }).where(eq(talks.slug, gone));
    await lectern.agenda.reload('pybay-2016');
    await page.reload();
    await page.waitForSelector('html[data-offline="ready"]', { state: 'attached', timeout: 30_000 });
    expect(await keptPaths(page)).not.toContain(`/pybay-2016/talks/${gone}`);

    await visitor.setOffline(true);
    try {
      expect(await openOffline(page, `/pybay-2016/talks/${gone}`)).toBe('Not saved for offline reading');
    } finally {
      await visitor.setOffline(false);
    }
    await page.close();
  });
});
