import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  collectCspViolations,
  DESKTOP,
  launchChromium,
  startReleasedLectern,
  type RunningLectern,
} from './helpers.js';
import { navigatingBy } from './pages.js';

/** Both at 09:00 on Saturday: the first talk in Main Hall, the twelfth in Room 2. */
const FIRST = 'Python 103: Memory Model & Best Practices';
const SAME_TIME = 'Project Jupyter';

/** My agenda and a shared agenda: where their parts are and how a person works them (no assertions here). */
class AgendaPage {
  constructor(readonly page: Page) {}

  /** The star of a talk, found by its accessible name as a screen reader announces it. */
  star(title: string): Locator {
    return this.page.getByRole('button', { name: `Add to my agenda: ${title}`, exact: true }).first();
  }

  get visibleTitles(): Locator {
    return this.page.locator('.agenda-entry:not([hidden]) .agenda-entry__title');
  }

  get clashNotes(): Locator {
    return this.page.getByRole('note');
  }

  get shareLink(): Locator {
    return this.page.locator('[data-agenda-url]');
  }

  get qrCode(): Locator {
    return this.page.getByRole('img', { name: /QR code/ });
  }

  get copyButton(): Locator {
    return this.page.getByRole('button', { name: 'Copy to my agenda' });
  }

  get copyStatus(): Locator {
    return this.page.getByRole('status').filter({ hasText: 'added to' });
  }
}

describe.skipIf(!chromiumAvailable())('My agenda in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  let attendee: BrowserContext;
  let friend: BrowserContext;
  let refused: string[];

  beforeAll(async () => {
    lectern = await startReleasedLectern();
    browser = await launchChromium();
    attendee = await browser.newContext({ viewport: DESKTOP });
    friend = await browser.newContext({ viewport: DESKTOP });
    refused = [...collectCspViolations(attendee), ...collectCspViolations(friend)];
  });

  afterAll(async () => {
    await browser?.close();
    await lectern?.close();
  });

  const url = (path: string) => `${lectern.baseUrl}${path}`;

  it('stars two talks by keyboard and mouse, shows them with their clash, shares the link and copies it in another browser', async () => {
    const page = await attendee.newPage();
    await page.goto(url('/pybay-2016'));
    const program = new AgendaPage(page);
    await expect.poll(() => program.star(FIRST).getAttribute('aria-pressed')).toBe('false');
    // A real button: focus it and press Space.
    await program.star(FIRST).focus();
    await page.keyboard.press('Space');
    expect(await program.star(FIRST).getAttribute('aria-pressed')).toBe('true');
    await program.star(SAME_TIME).click();
    expect(await program.star(SAME_TIME).getAttribute('aria-pressed')).toBe('true');

    // The star shows on the talk's own page too.
    await page.goto(url('/pybay-2016/talks/project-jupyter'));
    await expect.poll(() => program.star(SAME_TIME).getAttribute('aria-pressed')).toBe('true');

    await navigatingBy(page, () => page.getByRole('link', { name: 'My agenda' }).click());
    const agenda = new AgendaPage(page);
    await expect.poll(() => agenda.visibleTitles.allTextContents()).toEqual([FIRST, SAME_TIME]);
    expect(await agenda.clashNotes.allTextContents()).toEqual(['2 talks at 09:00: choose one']);
    // The first star created the shared agenda on the server; the second replaced its list.
    await agenda.shareLink.waitFor({ state: 'visible' });
    const shared = new URL((await agenda.shareLink.getAttribute('href'))!).pathname;
    expect(shared).toMatch(/^\/pybay-2016\/agenda\/[A-Za-z0-9_-]{22}$/);
    await expect
      .poll(() => agenda.qrCode.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);

    const other = await friend.newPage();
    await other.goto(url(shared));
    const sharedPage = new AgendaPage(other);
    await expect.poll(() => sharedPage.visibleTitles.allTextContents()).toEqual([FIRST, SAME_TIME]);
    expect(await sharedPage.clashNotes.allTextContents()).toEqual(['2 talks at 09:00: choose one']);
    await sharedPage.copyButton.click();
    await sharedPage.copyStatus.waitFor();
    expect(await sharedPage.copyStatus.textContent()).toBe('2 talks added to your agenda.');
    await navigatingBy(other, () => sharedPage.copyStatus.getByRole('link', { name: 'your agenda' }).click());
    const copied = new AgendaPage(other);
    await expect.poll(() => copied.visibleTitles.allTextContents()).toEqual([FIRST, SAME_TIME]);

    // Unstarring on My agenda takes the talk off at once, and the clash with it.
    await copied.star(FIRST).click();
    await expect.poll(() => copied.visibleTitles.allTextContents()).toEqual([SAME_TIME]);
    expect(await copied.clashNotes.count()).toBe(0);
    // The first browser's agenda is its own.
    await page.reload();
    await expect.poll(() => agenda.visibleTitles.allTextContents()).toEqual([FIRST, SAME_TIME]);

    expect(refused).toEqual([]);
    await page.close();
    await other.close();
  });

  it('speaks German to a German browser: the stars, the clash note and the copy status come from the page', async () => {
    // Chromium's locale sets Accept-Language: de-DE.
    const german = await browser.newContext({ viewport: DESKTOP, locale: 'de-DE' });
    const page = await german.newPage();
    await page.goto(url('/pybay-2016'));
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    const star = (title: string) =>
      page.getByRole('button', { name: `Zu meiner Agenda hinzufügen: ${title}`, exact: true }).first();
    await expect.poll(() => star(FIRST).getAttribute('aria-pressed')).toBe('false');
    await star(FIRST).click();
    await star(SAME_TIME).click();

    await navigatingBy(page, () => page.getByRole('link', { name: 'Meine Agenda' }).click());
    const agenda = new AgendaPage(page);
    await expect.poll(() => agenda.visibleTitles.allTextContents()).toEqual([FIRST, SAME_TIME]);
    expect(await agenda.clashNotes.allTextContents()).toEqual(['2 Vorträge um 09:00: wählen Sie einen']);
    await agenda.shareLink.waitFor({ state: 'visible' });
    const shared = new URL((await agenda.shareLink.getAttribute('href'))!).pathname;

    // The shared page, in another German browser (its own stars), copied into that browser's agenda.
    const otherBrowser = await browser.newContext({ viewport: DESKTOP, locale: 'de-DE' });
    const other = await otherBrowser.newPage();
    await other.goto(url(shared));
    await other.getByRole('button', { name: 'In meine Agenda übernehmen' }).click();
    const status = other.getByRole('status').filter({ hasText: 'hinzugefügt' });
    await status.waitFor();
    expect(await status.textContent()).toBe('2 Vorträge zu Ihrer Agenda hinzugefügt.');

    // The language switch, without JavaScript's help: English, and it stays English.
    await navigatingBy(page, () => page.getByRole('link', { name: 'English' }).click());
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto(url('/pybay-2016/agenda'));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => agenda.clashNotes.allTextContents()).toEqual(['2 talks at 09:00: choose one']);
    await otherBrowser.close();
    await german.close();
  });

  it('shows no star without JavaScript, and says why on My agenda', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url('/pybay-2016'));
    expect(await page.getByRole('button', { name: /Add to my agenda/ }).count()).toBe(0);
    await page.goto(url('/pybay-2016/agenda'));
    expect(await page.getByText('My agenda keeps the talks you star in this browser').isVisible()).toBe(true);
    expect(await page.locator('.agenda-entry:not([hidden])').count()).toBe(0);
    await context.close();
  });
});
