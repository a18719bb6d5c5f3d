import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { PROGRAM } from '../routes/pybay-program.js';
import { chromiumAvailable, launchChromium, startLectern, type RunningLectern } from './helpers.js';

/** Day two, Room 2: talks 33–37 of the program (see test/routes/embed.test.ts). */
const DAY_TWO_ROOM_2 = [33, 34, 35, 36, 37].map((i) => PROGRAM[i]![1]);

describe.skipIf(!chromiumAvailable())('the widget on another site, in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  let host: Server;
  let hostUrl: string;

  beforeAll(async () => {
    lectern = await startLectern();
    await scheduleAndRelease(lectern.db, {
      eventSlug: 'pybay-2016',
      dates: ['2016-08-20', '2016-08-21'],
      lunch: true,
    });
    await lectern.agenda.reload('pybay-2016');
    // The conference's own site: another origin, its own accent colour, a 600px column.
    const page = `<!doctype html>
<html lang="en">
  <head>
    <title>PyBay 2016, the conference</title>
    <style>
      main { width: 600px; }
      lectern-schedule { --lectern-accent: rgb(200, 0, 0); display: block; }
    </style>
  </head>
  <body>
    <main>
      <h1>Our program</h1>
      <lectern-schedule day="2016-08-21" room="room-2"></lectern-schedule>
    </main>
    <script src="${lectern.baseUrl}/pybay-2016/widget.js" defer></script>
  </body>
</html>`;
    host = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
    await lectern?.close();
  });

  it('renders the filtered program in the host page, in its width and accent colour, and filters again', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(hostUrl);
    const titles = page.locator('lectern-schedule .le-slot__title[href]');
    await expect.poll(() => titles.allTextContents()).toEqual(DAY_TWO_ROOM_2);

    const firstTitle = titles.first();
    // The browser's own function: this file is compiled without the DOM's types.
    const colourOf = (element: unknown) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(element).color;
    expect(await firstTitle.evaluate(colourOf)).toBe('rgb(200, 0, 0)');
    expect(await firstTitle.getAttribute('href')).toBe(`http://lectern.test/pybay-2016/talks/${PROGRAM[33]![0]}`);
    const width = await page.locator('lectern-schedule').evaluate((element) => element.getBoundingClientRect().width);
    expect(width).toBe(600);
    const overflow = await page
      .locator('lectern-schedule')
      .evaluate((element) => element.shadowRoot!.querySelector('.lectern-embed')!.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(600);

    // Filter by track instead: the element fetches and shows the fragment again.
    await page.locator('lectern-schedule').evaluate((element) => {
      element.removeAttribute('room');
      element.removeAttribute('day');
      element.setAttribute('track', 'all-things-web');
    });
    const web = PROGRAM.filter((row) => row[2] === 'all-things-web').map((row) => row[1]);
    await expect.poll(async () => [...(await titles.allTextContents())].sort()).toEqual([...web].sort());

    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks the language of its lang attribute, and of the host page without one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(hostUrl);
    const element = page.locator('lectern-schedule');
    const dayTitle = page.locator('lectern-schedule .le-day__title');
    await expect.poll(() => dayTitle.allTextContents()).toEqual(['Sunday 21 August 2016']);

    await element.evaluate((e) => e.setAttribute('lang', 'de'));
    await expect.poll(() => dayTitle.allTextContents()).toEqual(['Sonntag, 21. August 2016']);
    expect(await page.locator('lectern-schedule .le-footer a').textContent()).toBe('PyBay 2016: der ganze Zeitplan');

    // No attribute: the host page's <html lang>; a day the schedule lacks: the widget's own words, in German.
    await element.evaluate((e) => {
      e.removeAttribute('lang');
      e.ownerDocument.documentElement.lang = 'de-AT';
      e.setAttribute('day', '2016-09-01');
    });
    await expect
      .poll(() => element.evaluate((e) => e.shadowRoot!.textContent))
      .toBe('Das Programm konnte nicht angezeigt werden (400).');
    await context.close();
  });
});
