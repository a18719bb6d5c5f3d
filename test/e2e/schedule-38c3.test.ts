import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSchedule } from '../../src/modules/exchange/index.js';
import {
  axeViolationsInBothSchemes,
  chromiumAvailable,
  DESKTOP,
  launchChromium,
  PHONE,
  screenshots,
  startLectern,
  type RunningLectern,
} from './helpers.js';

/**
 * The biggest real schedule at hand in a real browser: 38C3's busiest day (59 rooms, 320 talks)
 * must stay accessible as a grid on a desktop and as a list on a phone.
 */
const FILE = new URL('../fixtures/conformance/samples/schedule-38c3-20251206.xml', import.meta.url);

describe.runIf(chromiumAvailable())('the 38C3 schedule in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;

  beforeAll(async () => {
    lectern = await startLectern();
    await importSchedule(lectern.db, {
      format: 'frab',
      content: readFileSync(FILE),
      eventSlug: '38c3',
      fileName: 'schedule-38c3-20251206.xml',
    });
    await lectern.agenda.reload('38c3');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await lectern?.close();
  });

  it('shows the busiest day with every room as a column, and axe finds nothing on a desktop or a phone', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${lectern.baseUrl}/38c3/schedule/2024-12-28`);

      expect(await page.locator('table thead th[scope="col"]').count()).toBe(1 + 59);
      expect(await axeViolationsInBothSchemes(page)).toEqual({});
      // Screenshots take both widths themselves.
      if (viewport === PHONE) await screenshots(page, 'schedule-38c3-day-2');
      await context.close();
    }
  }, 180_000);
});
