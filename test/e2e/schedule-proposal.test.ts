import { asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventDays, events, scheduleSlots, talks, timeSlots } from '../../src/db/schema.js';
import { createDays, createRooms, localTime } from '../helpers/schedule.js';
import { createOrganiserUser, TEST_PASSWORD } from '../helpers/site.js';
import {
  axeViolationsInBothSchemes,
  chromiumAvailable,
  collectCspViolations,
  DESKTOP,
  launchChromium,
  startLectern,
  type RunningLectern,
} from './helpers.js';
import { LoginPage, SitePage } from './site-pages.js';

/**
 * "Propose a schedule" in real Chromium: an organiser starts the solver, watches its progress
 * (updated in place by the page's script, within the Content Security Policy), then accepts the
 * proposal's changes but one. Without JavaScript, the running page refreshes itself until the
 * result is there. The pages must pass axe-core.
 */

const EVENT = 'pybay-2016';
const ORGANISER = 'olga@example.com';
const ZONE = 'America/Los_Angeles';

/** The proposal page's parts (no assertions here). */
class ProposalPage extends SitePage {
  get elapsed(): Locator {
    return this.page.locator('[data-field="elapsed"]');
  }

  get changes(): Locator {
    return this.page.locator('table.proposal-changes tbody tr');
  }

  get result(): Locator {
    return this.page.locator('#result');
  }
}

describe.skipIf(!chromiumAvailable())('proposing a schedule in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cspRefusals: string[];
  let kept: { id: number; title: string }[];
  let awaiting: number;

  beforeAll(async () => {
    lectern = await startLectern();
    const { db } = lectern;
    await db.update(events).set({ timezone: ZONE }).where(eq(events.slug, EVENT));
    const [event] = await db.select().from(events).where(eq(events.slug, EVENT));
    const all = await db
      .select({ id: talks.id, title: talks.title })
      .from(talks)
      .where(eq(talks.eventId, event!.id))
      .orderBy(asc(talks.position));
    kept = all.slice(0, 6);
    awaiting = all.length - 6;
    const keptIds = kept.map((talk) => talk.id);
    await db.update(talks).set({ state: 'accepted' }).where(notInArray(talks.id, keptIds));
    await db.update(talks).set({ durationMinutes: 30 }).where(inArray(talks.id, keptIds));
    await createDays(db, event!.id, ZONE, ['2016-08-20']);
    await createRooms(db, event!.id, [
      { name: 'Main Hall', capacity: 400 },
      { name: 'Room 2', capacity: 80 },
    ]);
    const [day] = await db.select().from(eventDays).where(eq(eventDays.eventId, event!.id));
    await db.insert(timeSlots).values(
      ['10:00', '10:30', '11:00'].map((start, i) => ({
        eventId: event!.id,
        dayId: day!.id,
        startsAt: localTime('2016-08-20', start, ZONE),
        endsAt: localTime('2016-08-20', ['10:30', '11:00', '11:30'][i]!, ZONE),
      })),
    );
    await createOrganiserUser(db, EVENT, ORGANISER);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    cspRefusals = collectCspViolations(context);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await lectern?.close();
  });

  const url = (path: string) => `${lectern.baseUrl}${path}`;

  it('follows the solver’s progress in place, then accepts all of its changes but one', async () => {
    await page.goto(url('/login'));
    await new LoginPage(page).logIn(ORGANISER, TEST_PASSWORD);
    await page.goto(url(`/orga/${EVENT}/schedule/proposal`));
    const proposal = new ProposalPage(page);
    expect(await proposal.heading.innerText()).toBe('Propose a schedule');
    expect(await page.locator('main').innerText()).toContain(
      `${awaiting} accepted talks still await their speakers' confirmation and are not included.`,
    );
    expect(await axeViolationsInBothSchemes(page), 'axe on the start form').toEqual({});

    await page.getByLabel('Time budget').selectOption('5');
    await proposal.press('Propose a schedule');
    expect(await proposal.flash.innerText()).toBe('The solver is running.');
    // The script updates the figures without reloading, then reloads for the result.
    await expect.poll(() => proposal.elapsed.innerText(), { timeout: 10_000 }).toMatch(/ of 5\.0 s$/);
    // Still the same page: a reload would have taken the one-time flash away.
    expect(await proposal.flash.count()).toBe(1);
    await proposal.result.waitFor({ timeout: 20_000 });
    expect(await proposal.changes.count()).toBe(6);
    expect(await axeViolationsInBothSchemes(page), 'axe on the result').toEqual({});

    await page.getByRole('checkbox', { name: `Accept: Placed ${kept[0]!.title}` }).uncheck();
    await proposal.press('Accept selected');
    expect(page.url()).toBe(url(`/orga/${EVENT}/schedule`));
    expect(await proposal.flash.innerText()).toBe(
      'The proposal is accepted: 5 placed, 0 moved. Nothing is released yet.',
    );
    const placed = await lectern.db.select({ talkId: scheduleSlots.talkId }).from(scheduleSlots);
    expect(placed.map((row) => row.talkId).sort()).toEqual(
      kept
        .slice(1)
        .map((talk) => talk.id)
        .sort(),
    );
    expect(cspRefusals).toEqual([]);
  });

  it('refreshes itself without JavaScript until the result is there', async () => {
    const noScript = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    try {
      const plain = await noScript.newPage();
      await plain.goto(url('/login'));
      await new LoginPage(plain).logIn(ORGANISER, TEST_PASSWORD);
      await plain.goto(url(`/orga/${EVENT}/schedule/proposal`));
      const proposal = new ProposalPage(plain);
      await plain.getByLabel('Time budget').selectOption('5');
      await proposal.press('Propose a schedule');
      await expect(plain.getByRole('heading', { name: 'The solver is running' }).isVisible()).resolves.toBe(true);
      await proposal.result.waitFor({ timeout: 20_000 });
      expect(await proposal.changes.count()).toBe(6);
    } finally {
      await noScript.close();
    }
  });
});
