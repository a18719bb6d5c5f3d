import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { chromiumAvailable, DESKTOP, launchChromium, PHONE, startLectern, type RunningLectern } from './helpers.js';

/** A small phone: the header must still leave 85% of the first screen to the page. */
const SMALL_PHONE = { width: 360, height: 640 };

describe.skipIf(!chromiumAvailable())("an event's landing in Chromium", () => {
  let lectern: RunningLectern;
  let browser: Browser;

  beforeAll(async () => {
    lectern = await startLectern();
    await lectern.db
      .update(events)
      .set({ timezone: 'America/Los_Angeles', brandColor: '#1e3a8a' })
      .where(eq(events.slug, 'pybay-2016'));
    await scheduleAndRelease(lectern.db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'] });
    await lectern.agenda.loadAll();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await lectern?.close();
  });

  it.each([
    ['/pybay-2016', 'a phone', PHONE],
    ['/pybay-2016', 'a small phone', SMALL_PHONE],
    ['/pybay-2016/talks/flask-for-fun-and-profit', 'a small phone', SMALL_PHONE],
    ['/', 'a small phone', SMALL_PHONE],
  ])('keeps the header of %s to at most 15 percent of the screen of %s', async (path, _name, viewport) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${lectern.baseUrl}${path}`);
    const header = await page.locator('header.site-header').boundingBox();
    await context.close();

    expect(header!.height).toBeLessThanOrEqual(viewport.height * 0.15);
  });

  it("paints the header in the event's colour, and puts a talk beside what surrounds it on a desktop", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${lectern.baseUrl}/pybay-2016/talks/python-103-memory-model-best-practices`);
    // A string, as the page runs it: the tests are type-checked without the DOM's types.
    const background = await page.evaluate(
      `getComputedStyle(document.querySelector('header.site-header')).backgroundColor`,
    );
    const article = await page.locator('article.talk').boundingBox();
    const aside = await page.locator('aside.talk-aside').boundingBox();
    await context.close();

    expect(background).toBe('rgb(30, 58, 138)');
    expect(aside!.x).toBeGreaterThanOrEqual(article!.x + article!.width);
    expect(aside!.y).toBe(article!.y);
  });
});
