import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema.js';
import { TEST_PUBLIC_URL } from '../helpers/app.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import {
  auditContextOptions,
  axeViolationsInBothSchemes,
  chromiumAvailable,
  DESKTOP,
  launchChromium,
  startLectern,
  type RunningLectern,
} from './helpers.js';
import { navigatingBy } from './pages.js';

const EVENT = 'pybay-2016';
/** Both at 09:00 on Saturday: the first talk in Main Hall, the twelfth in Room 2. */
const FIRST = 'Python 103: Memory Model & Best Practices';
const SAME_TIME = 'Project Jupyter';
/** The public address the test app puts in absolute links (a shared agenda's link). */
const PUBLIC_ORIGIN = TEST_PUBLIC_URL;

/**
 * The attendee pages issue 9 added, audited by axe in both colour schemes, worked by keyboard
 * alone, and printed.
 */
describe.skipIf(!chromiumAvailable())('attendee pages: accessibility, keyboard and print in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  let audit: BrowserContext;
  /** The shared agenda's path, made by starring two talks in the audit context. */
  let shared: string;

  beforeAll(async () => {
    lectern = await startLectern();
    await lectern.db
      .update(events)
      .set({
        timezone: 'America/Los_Angeles',
        brandColor: '#1e3a8a',
        venueName: 'UCSF Mission Bay',
        venueAddress: '1675 Owens St\nSan Francisco, CA 94143',
        venueMapUrl: 'https://www.openstreetmap.org/?mlat=37.7676&mlon=-122.3934',
        description: 'Two days of **Python** talks in San Francisco. See [the FAQ](https://pybay.com/faq).',
      })
      .where(eq(events.slug, EVENT));
    await scheduleAndRelease(lectern.db, { eventSlug: EVENT, dates: ['2016-08-20', '2016-08-21'], lunch: true });
    await lectern.agenda.loadAll();
    browser = await launchChromium();
    audit = await browser.newContext(auditContextOptions('light'));
  });

  afterAll(async () => {
    await browser?.close();
    await lectern?.close();
  });

  const url = (path: string) => `${lectern.baseUrl}${path}`;

  async function starByClick(page: Page, title: string): Promise<void> {
    const star = page.getByRole('button', { name: `Add to my agenda: ${title}`, exact: true }).first();
    await page.waitForSelector(`button[data-star][aria-pressed="false"]`);
    await star.click();
    await star.and(page.locator('[aria-pressed="true"]')).waitFor();
  }

  describe('axe finds nothing, light or dark', () => {
    let page: Page;

    beforeAll(async () => {
      page = await audit.newPage();
      await page.goto(url(`/${EVENT}`));
      await starByClick(page, FIRST);
      await starByClick(page, SAME_TIME);
      await page.goto(url(`/${EVENT}/agenda`));
      const link = page.locator('[data-agenda-url]');
      await link.waitFor({ state: 'visible' });
      shared = new URL((await link.getAttribute('href'))!).pathname;
    });

    it.each([
      ['the event page, with venue and description', `/${EVENT}`, '.event-facts__venue'],
      ['My agenda with two starred talks', `/${EVENT}/agenda`, '[data-agenda-url]'],
      ['the schedule day', `/${EVENT}/schedule/2016-08-20`, 'main'],
      ['the embed page', `/${EVENT}/embed`, '.le-page'],
      ['the offline page', `/${EVENT}/offline`, 'main'],
      ['the exports page', `/${EVENT}/exports`, 'main'],
    ])('%s', async (_name, path, shown) => {
      await page.goto(url(path));
      await page.locator(shown).first().waitFor({ state: 'visible' });
      expect(await axeViolationsInBothSchemes(page)).toEqual({});
    });

    // The same pages in German: axe checks that the page's language is declared and valid, and
    // the German words (longer than the English) must not break the layout's contrast or targets.
    it.each([
      ['the event page in German', `/${EVENT}`, '.event-facts__venue'],
      ['the schedule day in German', `/${EVENT}/schedule/2016-08-20`, 'main'],
      ['My agenda in German', `/${EVENT}/agenda`, 'main'],
    ])('%s', async (_name, path, shown) => {
      const german = await browser.newContext({ ...auditContextOptions('light'), locale: 'de-DE' });
      const germanPage = await german.newPage();
      await germanPage.goto(url(path));
      await germanPage.locator(shown).first().waitFor({ state: 'visible' });
      expect(await germanPage.locator('html').getAttribute('lang')).toBe('de');
      expect(await axeViolationsInBothSchemes(germanPage)).toEqual({});
      await german.close();
    });

    // A room screen is a kiosk showing what is on now: reloading itself every minute (a meta refresh,
    // so that it needs no script) is what it is for, WCAG 2.2.1's real-time exception. axe's
    // meta-refresh rule is the one finding left out there; every other rule must pass.
    it.each([
      ['a room screen', `/${EVENT}/rooms/main-hall/now`],
      ['the hallway screen', `/${EVENT}/now`],
    ])('%s (its minutely reload aside)', async (_name, path) => {
      await page.goto(url(path));
      await page.locator('main').waitFor({ state: 'visible' });
      const found = await axeViolationsInBothSchemes(page);
      const rest = Object.fromEntries(
        Object.entries(found)
          .map(([scheme, lines]) => [scheme, lines.filter((line) => !line.startsWith('meta-refresh '))] as const)
          .filter(([, lines]) => lines.length > 0),
      );
      expect(rest).toEqual({});
      expect(Object.keys(found)).toEqual(['light', 'dark']);
    });

    it('a shared agenda page', async () => {
      await page.goto(url(shared));
      await page.locator('.agenda-entry:not([hidden])').first().waitFor();
      expect(await page.locator('.agenda-entry:not([hidden]) .agenda-entry__title').allTextContents()).toEqual([
        FIRST,
        SAME_TIME,
      ]);
      expect(await axeViolationsInBothSchemes(page)).toEqual({});
    });
  });

  /** Whether the focused element shows a focus ring: a visible outline at least 2px wide. */
  async function focusRing(page: Page): Promise<{ element: string; outline: string }> {
    return (await page.evaluate(`(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      const label = el.getAttribute('aria-label') || el.textContent.trim().slice(0, 60);
      return { element: el.tagName.toLowerCase() + ': ' + label, outline: style.outlineStyle + ' ' + parseFloat(style.outlineWidth) };
    })()`)) as { element: string; outline: string };
  }

  async function focused(page: Page): Promise<string> {
    const ring = await focusRing(page);
    expect(ring.outline, `focus ring on ${ring.element}`).toMatch(/^(solid|dotted|dashed|double|auto) ([2-9]|\d\d)/);
    return ring.element;
  }

  /** Presses Tab (or Shift+Tab) until the focused element's name is `name`, checking the ring at each step. */
  async function tabTo(page: Page, name: string | RegExp, key = 'Tab', limit = 120): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press(key);
      // Until the first Tab reaches the page, focus is on its body: nothing to ring yet.
      if ((await page.evaluate('document.activeElement === document.body')) === true) continue;
      const element = await focused(page);
      if (typeof name === 'string' ? element.endsWith(`: ${name}`) : name.test(element)) return;
    }
    throw new Error(`${limit} presses of ${key} did not reach ${String(name)}`);
  }

  it('stars two talks, opens My agenda and its share link by keyboard alone, focus always visible', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(url(`/${EVENT}`));
    await page.waitForSelector('button[data-star]:not([hidden])');

    await tabTo(page, `Add to my agenda: ${SAME_TIME}`);
    await page.keyboard.press('Space');
    await tabTo(page, `Add to my agenda: ${FIRST}`, 'Shift+Tab');
    await page.keyboard.press('Enter');
    const pressed = await page
      .locator('button[data-star][aria-pressed="true"]')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    expect(pressed.sort()).toEqual([`Add to my agenda: ${FIRST}`, `Add to my agenda: ${SAME_TIME}`].sort());

    // Back up to the navigation and open My agenda.
    await tabTo(page, /^a: My agenda$/, 'Shift+Tab', 300);
    await navigatingBy(page, () => page.keyboard.press('Enter'));
    expect(new URL(page.url()).pathname).toBe(`/${EVENT}/agenda`);
    await expect
      .poll(() => page.locator('.agenda-entry:not([hidden]) .agenda-entry__title').allTextContents())
      .toEqual([FIRST, SAME_TIME]);
    await page.locator('[data-agenda-url]').waitFor({ state: 'visible' });

    // The share link: reach it and follow it. It names the server's public address, which this
    // browser reaches at the test server.
    await context.route(`${PUBLIC_ORIGIN}/**`, async (route) => {
      const response = await route.fetch({ url: route.request().url().replace(PUBLIC_ORIGIN, lectern.baseUrl) });
      await route.fulfill({ response });
    });
    await tabTo(page, /^a: http:\/\/lectern\.test\/pybay-2016\/agenda\/[A-Za-z0-9_-]{22}$/);
    const href = (await page.evaluate('document.activeElement.href')) as string;
    await navigatingBy(page, () => page.keyboard.press('Enter'));
    expect(page.url()).toBe(href);
    await page.locator('.agenda-entry').first().waitFor();
    expect(await page.locator('.agenda-entry:not([hidden]) .agenda-entry__title').allTextContents()).toEqual([
      FIRST,
      SAME_TIME,
    ]);
    await context.close();
  });

  describe('printed', () => {
    let page: Page;

    beforeAll(async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      page = await context.newPage();
      await page.goto(url(`/${EVENT}`));
      await starByClick(page, FIRST);
      await starByClick(page, SAME_TIME);
    });

    /** How many elements the selector finds that are displayed (not display: none, themselves or by an ancestor). */
    async function displayed(selector: string): Promise<number> {
      return (await page.evaluate(
        `[...document.querySelectorAll(${JSON.stringify(selector)})].filter((el) => el.getClientRects().length > 0).length`,
      )) as number;
    }

    it('shows My agenda without navigation, buttons or search, black on white, each day on its own page', async () => {
      await page.goto(url(`/${EVENT}/agenda`));
      await page.locator('[data-agenda-url]').waitFor({ state: 'visible' });
      expect(await displayed('nav.site-nav')).toBe(1);
      expect(await displayed('button')).toBeGreaterThan(0);
      await page.emulateMedia({ media: 'print' });
      expect(await displayed('nav.site-nav')).toBe(0);
      expect(await displayed('button')).toBe(0);
      expect(await displayed('form')).toBe(0);
      expect(await displayed('.agenda-qr')).toBe(0);
      const colours = await page.evaluate(
        `[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]`,
      );
      expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
      const breaks = (await page.evaluate(
        `[...document.querySelectorAll('.agenda-day')].map((day) => getComputedStyle(day).breakBefore)`,
      )) as string[];
      // Every day is on the page (the script shows those with a star): both days, the second on a new page.
      expect(breaks.length).toBeGreaterThanOrEqual(2);
      expect(breaks).toEqual(['auto', ...Array<string>(breaks.length - 1).fill('page')]);
      const ics = await page.evaluate(
        `getComputedStyle(document.querySelector('[data-agenda-ical]'), '::after').content`,
      );
      expect(ics).toMatch(/^" \(http:\/\/lectern\.test\/pybay-2016\/agenda\/[A-Za-z0-9_-]{22}\/calendar\.ics\)"$/);
      await page.emulateMedia({ media: 'screen' });
    });

    it('prints the schedule day at the page width, without navigation or stars, to a PDF of a few pages', async () => {
      await page.emulateMedia({ media: 'screen' });
      await page.goto(url(`/${EVENT}/schedule/2016-08-20`));
      await page.waitForSelector('button[data-star]:not([hidden])');
      await page.emulateMedia({ media: 'print' });
      expect(await displayed('nav')).toBe(0);
      expect(await displayed('button')).toBe(0);
      expect(await displayed('form')).toBe(0);
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBeGreaterThan(0);
      expect(pages).toBeLessThanOrEqual(12);
      // At the width of an A4 page less its 1.5cm margins (96 dpi), the grid fits: nothing runs off the side.
      const printable = Math.floor(((21 - 3) / 2.54) * 96);
      await page.setViewportSize({ width: printable, height: DESKTOP.height });
      const width = (await page.evaluate(
        `document.querySelector('.schedule-grid').getBoundingClientRect().right`,
      )) as number;
      expect(width).toBeLessThanOrEqual(printable);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(printable);
      await page.setViewportSize(DESKTOP);
      await page.emulateMedia({ media: 'screen' });
    });
  });
});
