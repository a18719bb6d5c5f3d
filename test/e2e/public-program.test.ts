import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { navigatingBy, ProgramPage, SearchPage, SpeakerPage, TalkPage } from './pages.js';

const ALL_THINGS_WEB = [
  'Flask for Fun and Profit',
  'Automating Your Browser and Desktop Apps',
  'Django, Channels, and Distributed Systems',
  'A/B Testing: Harder than just a color change',
  'TensorFlow on the Web',
  'Building a Tic-Tac-Toe Two-Player Game using Tornado over Websockets',
  'REST Websockets API with Django Channels',
];

const TRACKS_IN_ORDER = [
  'Language Internals',
  'All things Web',
  'Scalable Python',
  'Performant Python',
  '/etc',
  'Fundamentals',
  'Dealing with Data',
  'Security',
];

describe.skipIf(!chromiumAvailable())('the public program in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  /** As a visitor's browser: JavaScript on, the pages' real CSP in force. */
  let visitor: BrowserContext;
  /** For axe only: it is a script, which the pages' CSP forbids. */
  let audit: BrowserContext;

  beforeAll(async () => {
    lectern = await startLectern();
    browser = await launchChromium();
    visitor = await browser.newContext({ viewport: DESKTOP });
    audit = await browser.newContext(auditContextOptions('light'));
  });

  afterAll(async () => {
    await browser?.close();
    await lectern?.close();
  });

  const url = (path: string) => `${lectern.baseUrl}${path}`;

  /** Opens the page in the audit context: axe must find nothing; screenshots are kept. */
  async function expectAccessible(address: string, screenshotName: string): Promise<void> {
    const page = await audit.newPage();
    try {
      await page.goto(address);
      expect(await axeViolations(page), `axe-core violations on ${address}`).toEqual([]);
      await screenshots(page, screenshotName);
    } finally {
      await page.close();
    }
  }

  async function visit(path: string, context = visitor): Promise<Page> {
    const page = await context.newPage();
    const response = await page.goto(url(path));
    expect(response?.status()).toBe(200);
    return page;
  }

  it('shows the whole program grouped by track, and filters it by track and level with the form', async () => {
    const page = await visit('/pybay-2016');
    const program = new ProgramPage(page);
    expect(await program.heading.innerText()).toBe('PyBay 2016');
    expect(await program.resultCount.innerText()).toBe('Showing all 38 talks.');
    expect(await program.talkCards.count()).toBe(38);
    expect(await page.locator('main section > h2 > a').allInnerTexts()).toEqual(TRACKS_IN_ORDER);
    await expectAccessible(page.url(), 'program');

    await program.filter({ track: 'All things Web (7)' });
    expect(page.url()).toBe(url('/pybay-2016?track=all-things-web&level='));
    expect(await program.resultCount.innerText()).toBe('Showing 7 of 38 talks in All things Web.');
    expect(await program.talkTitles.allInnerTexts()).toEqual(ALL_THINGS_WEB);
    expect(await page.locator('main section > h2 > a').allInnerTexts()).toEqual(['All things Web']);
    expect(await program.trackSelect.inputValue()).toBe('all-things-web');
    await expectAccessible(page.url(), 'program-track');

    await program.filter({ level: 'Beginner (6)' });
    expect(page.url()).toBe(url('/pybay-2016?track=all-things-web&level=beginner'));
    expect(await program.resultCount.innerText()).toBe('Showing 2 of 38 talks in All things Web for beginner level.');
    expect(await program.talkTitles.allInnerTexts()).toEqual([
      'Automating Your Browser and Desktop Apps',
      'Building a Tic-Tac-Toe Two-Player Game using Tornado over Websockets',
    ]);

    await program.filter({ track: 'All tracks', level: 'Advanced (1)' });
    expect(page.url()).toBe(url('/pybay-2016?track=&level=advanced'));
    expect(await program.resultCount.innerText()).toBe('Showing 1 of 38 talks for advanced level.');
    expect(await program.talkTitles.allInnerTexts()).toEqual(['A Guide to Bad Programming']);
    await expectAccessible(page.url(), 'program-level');

    await navigatingBy(page, () => program.clearFilters.click());
    expect(page.url()).toBe(url('/pybay-2016'));
    expect(await program.talkCards.count()).toBe(38);
    await page.close();
  });

  it('searches from the header and lists ranked results with the words highlighted', async () => {
    const page = await visit('/pybay-2016');
    const search = new SearchPage(page);
    await search.header.search('websockets');
    expect(page.url()).toBe(url('/pybay-2016/search?q=websockets'));
    expect(await search.heading.innerText()).toBe('Search results for “websockets”');
    expect(await search.header.searchBox.inputValue()).toBe('websockets');
    expect(await search.resultCount.innerText()).toBe('3 talks found, best matches first.');
    expect(await search.talkTitles.allInnerTexts()).toEqual([
      'REST Websockets API with Django Channels',
      'Building a Tic-Tac-Toe Two-Player Game using Tornado over Websockets',
      'Django, Channels, and Distributed Systems',
    ]);
    const highlights = await search.highlightsByResult();
    expect(highlights).toHaveLength(3);
    for (const marks of highlights) {
      expect(marks.length).toBeGreaterThan(0);
      expect(marks.map((mark) => mark.toLowerCase().replace(/s$/, ''))).toEqual(marks.map(() => 'websocket'));
    }
    await expectAccessible(page.url(), 'search');

    const program = new ProgramPage(page);
    await program.filter({ level: 'Beginner (6)' });
    expect(page.url()).toBe(url('/pybay-2016/search?q=websockets&track=&level=beginner'));
    expect(await search.talkTitles.allInnerTexts()).toEqual([
      'Building a Tic-Tac-Toe Two-Player Game using Tornado over Websockets',
    ]);

    await search.header.search('no such words anywhere');
    expect(await search.resultCount.innerText()).toBe('No talks found. Try fewer or other words.');
    expect(await search.talkCards.count()).toBe(0);
    await page.close();
  });

  it("opens a two-speaker talk from the search results, then each speaker's page", async () => {
    const page = await visit('/pybay-2016/search?q=tensorflow');
    await new SearchPage(page).openTalk('TensorFlow on the Web');
    expect(page.url()).toBe(url('/pybay-2016/talks/tensorflow-on-the-web'));
    const talk = new TalkPage(page);
    expect(await talk.heading.innerText()).toBe('TensorFlow on the Web');
    expect(await talk.byline.innerText()).toBe('by Kendall Chuang and David Clark');
    expect(await talk.facts()).toEqual({ track: 'All things Web', level: 'Intermediate' });
    expect(await talk.sectionHeadings.allInnerTexts()).toEqual(['Description', 'Abstract', 'Speakers']);
    expect(await talk.speakerBioHeadings.allInnerTexts()).toEqual(['Kendall Chuang', 'David Clark']);
    expect(await page.title()).toBe('TensorFlow on the Web · PyBay 2016 · Lectern');
    await expectAccessible(page.url(), 'talk-two-speakers');

    await talk.openSpeaker('David Clark');
    expect(page.url()).toBe(url('/pybay-2016/speakers/david-clark'));
    const speaker = new SpeakerPage(page);
    expect(await speaker.heading.innerText()).toBe('David Clark');
    expect(await speaker.biography.innerText()).toMatch(/^David Clark has a background in astrophysics/);
    expect(await speaker.talkTitles.allInnerTexts()).toEqual(['TensorFlow on the Web']);
    await expectAccessible(page.url(), 'speaker');

    await page.goBack();
    await talk.openSpeaker('Kendall Chuang');
    expect(await speaker.heading.innerText()).toBe('Kendall Chuang');
    expect(await speaker.biography.innerText()).toMatch(/^Kendall is a lead software engineer at YesGraph/);
    await page.close();
  });

  it('lists both talks of a speaker who gives two, reached from the speakers page', async () => {
    const page = await visit('/pybay-2016/speakers');
    await expectAccessible(page.url(), 'speakers');
    await navigatingBy(page, () =>
      page.locator('main').getByRole('link', { name: 'Alex Martelli', exact: true }).click(),
    );
    const speaker = new SpeakerPage(page);
    expect(page.url()).toBe(url('/pybay-2016/speakers/alex-martelli'));
    expect(await speaker.heading.innerText()).toBe('Alex Martelli');
    expect(await speaker.talkTitles.allInnerTexts()).toEqual([
      '"Good Enough" IS Good Enough!',
      'The Tower of Abstraction',
    ]);
    await expectAccessible(page.url(), 'speaker-two-talks');
    await page.close();
  });

  it('answers an unknown talk with a 404 page that leads back to the program', async () => {
    const page = await visitor.newPage();
    const response = await page.goto(url('/pybay-2016/talks/no-such-talk'));
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Page not found');
    expect(await page.locator('main').innerText()).toContain('There is no talk "no-such-talk" in PyBay 2016.');
    await navigatingBy(page, () => page.getByRole('link', { name: 'Back to the program of PyBay 2016' }).click());
    expect(page.url()).toBe(url('/pybay-2016'));
    await page.close();

    const auditPage = await audit.newPage();
    expect((await auditPage.goto(url('/pybay-2016/talks/no-such-talk')))?.status()).toBe(404);
    expect(await axeViolations(auditPage), 'axe-core violations on the 404 page').toEqual([]);
    await screenshots(auditPage, 'not-found');
    await auditPage.close();
  });

  it('filters, searches and opens talks and speakers with JavaScript disabled', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    try {
      const page = await visit('/pybay-2016', noScript);
      const program = new ProgramPage(page);
      await program.filter({ track: 'Security (3)', level: 'Beginner (6)' });
      expect(page.url()).toBe(url('/pybay-2016?track=security&level=beginner'));
      expect(await program.resultCount.innerText()).toBe('Showing 1 of 38 talks in Security for beginner level.');
      expect(await program.talkTitles.allInnerTexts()).toEqual(['Introduction to HTTPS: A Comedy of Errors']);

      const search = new SearchPage(page);
      await search.header.search('django');
      expect(page.url()).toBe(url('/pybay-2016/search?q=django'));
      expect(await search.resultCount.innerText()).toBe('6 talks found, best matches first.');
      expect((await search.talkTitles.allInnerTexts())[0]).toBe(
        'Safe-ish By Default: The Django Security Model and How to Make it Better',
      );
      expect((await search.highlightsByResult()).every((marks) => marks.length > 0)).toBe(true);

      await search.openTalk('Django, Channels, and Distributed Systems');
      const talk = new TalkPage(page);
      expect(await talk.heading.innerText()).toBe('Django, Channels, and Distributed Systems');
      await talk.openSpeaker('Andrew Godwin');
      expect(page.url()).toBe(url('/pybay-2016/speakers/andrew-godwin'));
      expect(await new SpeakerPage(page).heading.innerText()).toBe('Andrew Godwin');
    } finally {
      await noScript.close();
    }
  });

  it('makes the skip link the first Tab stop, and following it moves focus to the main content', async () => {
    const page = await visit('/pybay-2016');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('[document.activeElement.textContent.trim(), document.activeElement.hash]')).toEqual([
      'Skip to content',
      '#main',
    ]);
    const box = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
    expect(box !== null && box.y >= 0 && box.height > 0).toBe(true);

    await page.keyboard.press('Enter');
    expect(page.url()).toBe(url('/pybay-2016#main'));
    expect(await page.evaluate('document.activeElement.id')).toBe('main');

    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('filter-track');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await page.close();
  });

  it('keeps the CSP in force: the pages load their stylesheet and run no inline script', async () => {
    const page = await visitor.newPage();
    const response = await page.goto(url('/pybay-2016'));
    expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none';/);
    expect(await page.evaluate('document.styleSheets[0].cssRules.length > 0')).toBe(true);
    const outcome = await page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (event) => resolve('refused by ' + event.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'document.documentElement.dataset.scriptRan = "yes"';
      document.head.append(script);
      setTimeout(() => resolve(document.documentElement.dataset.scriptRan === 'yes' ? 'ran' : 'neither ran nor refused'), 2000);
    })`);
    expect(outcome).toBe('refused by script-src-elem');
    await page.close();
  });

  it('passes axe on every other public page, in both the light and the dark colour scheme', async () => {
    const paths = [
      '/',
      '/pybay-2016',
      '/pybay-2016/search',
      '/pybay-2016/search?q=websockets',
      '/pybay-2016/search?q=zzzz',
      '/pybay-2016?track=security&level=advanced',
      '/pybay-2016/talks/tensorflow-on-the-web',
      '/pybay-2016/talks/untitled-talk',
      '/pybay-2016/speakers',
      '/pybay-2016/speakers/alex-martelli',
      '/pybay-2016/tracks',
      '/pybay-2016/tracks/etc',
      '/pybay-2016/offline',
      '/no-such-event',
    ];
    const found: Record<string, string[]> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext(auditContextOptions(scheme));
      try {
        const page = await context.newPage();
        for (const path of paths) {
          await page.goto(url(path));
          const violations = await axeViolations(page);
          if (violations.length > 0) found[`${scheme} ${path}`] = violations;
        }
        if (scheme === 'dark') {
          await page.goto(url('/pybay-2016'));
          await screenshots(page, 'program-dark');
          await page.goto(url('/pybay-2016/talks/tensorflow-on-the-web'));
          await screenshots(page, 'talk-dark');
        } else {
          await page.goto(url('/pybay-2016/tracks'));
          await screenshots(page, 'tracks');
          await page.goto(url('/'));
          await screenshots(page, 'events');
        }
      } finally {
        await context.close();
      }
    }
    expect(found).toEqual({});
  });
});
