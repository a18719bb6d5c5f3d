import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, rooms } from '../../src/db/schema.js';
import { createOrganiserUser, TEST_PASSWORD } from '../helpers/site.js';
import {
  axeViolationsInBothSchemes,
  chromiumAvailable,
  collectCspViolations,
  DESKTOP,
  launchChromium,
  screenshots,
  startLectern,
  type RunningLectern,
} from './helpers.js';
import { navigatingBy, TalkPage } from './pages.js';
import { LoginPage, SitePage } from './site-pages.js';

/**
 * The organiser's way from an empty schedule to the public grid, in real Chromium: days from
 * the event's dates, two rooms, one talk placed with its form from the keyboard, one dragged
 * onto the grid, a placed talk dragged elsewhere, a release, and then the public grid and the
 * talk's page showing the new times. The editor and the public grid must pass axe-core, and no
 * page may need anything the Content Security Policy forbids (the drag and drop is a script file).
 */

const EVENT = 'pybay-2016';
const ORGANISER = { email: 'olga@example.com', name: 'Olga Organiser' };
const FLASK = 'Flask for Fun and Profit';
const PY103 = 'Python 103: Memory Model & Best Practices';

/** The editor's parts and what a person does there (no assertions here). */
class ScheduleEditorPage extends SitePage {
  get grid(): Locator {
    return this.page.locator('table.editor-grid');
  }

  get summary(): Locator {
    return this.page.locator('.schedule-summary');
  }

  /** The free cell of a room at a time ("2016-08-20T11:00"). */
  cell(roomId: number, start: string): Locator {
    return this.grid.locator(`tr[data-start="${start}"] td[data-room="${roomId}"]`);
  }

  /** A talk as placed in the grid, by title. */
  placed(title: string): Locator {
    return this.grid.locator('td.slot--talk', { has: this.page.getByRole('link', { name: title, exact: true }) });
  }

  /** A talk still to place: its list item, which is also what one drags. */
  unplaced(title: string): Locator {
    return this.page.locator('li.unplaced__talk', { has: this.page.getByRole('link', { name: title, exact: true }) });
  }

  /** Places a talk from its own form, from the keyboard: choose the room, type the start, press Enter. */
  async placeWithKeyboard(title: string, room: string, start: string): Promise<void> {
    await this.page.getByLabel(`Room for ${title}`).selectOption({ label: room });
    const startField = this.page.getByLabel(`Start of ${title}`);
    await startField.fill(start);
    await navigatingBy(this.page, () => startField.press('Enter'));
  }

  /**
   * Drags with the mouse as a person does: both ends in view first (the list of talks to place
   * stays beside the grid), then press, move and release, with no scrolling in between.
   */
  async drag(source: Locator, target: Locator): Promise<void> {
    await target.scrollIntoViewIfNeeded();
    await source.scrollIntoViewIfNeeded();
    const from = (await source.boundingBox())!;
    const to = (await target.boundingBox())!;
    await navigatingBy(this.page, async () => {
      await this.page.mouse.move(from.x + Math.min(20, from.width / 2), from.y + from.height / 2);
      await this.page.mouse.down();
      await this.page.mouse.move(from.x + 40, from.y + from.height / 2, { steps: 4 });
      await this.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
      await this.page.mouse.up();
    });
  }
}

describe.skipIf(!chromiumAvailable())('the schedule editor in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cspRefusals: string[];

  beforeAll(async () => {
    lectern = await startLectern();
    await lectern.db
      .update(events)
      .set({ timezone: 'America/Los_Angeles', startsOn: '2016-08-20', endsOn: '2016-08-21' })
      .where(eq(events.slug, EVENT));
    await createOrganiserUser(lectern.db, EVENT, ORGANISER.email);
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

  async function roomId(name: string): Promise<number> {
    const [room] = await lectern.db.select().from(rooms).where(eq(rooms.name, name));
    return room!.id;
  }

  it('places two talks (by form, by drag and drop), releases, and the public grid and talk page show the new times', async () => {
    await page.goto(url('/login'));
    await new LoginPage(page).logIn(ORGANISER.email, TEST_PASSWORD);
    await page.goto(url(`/orga/${EVENT}`));
    const editor = new ScheduleEditorPage(page);
    await navigatingBy(page, () =>
      page.getByRole('navigation', { name: 'PyBay 2016 back office' }).getByRole('link', { name: 'Schedule' }).click(),
    );
    expect(page.url()).toBe(url(`/orga/${EVENT}/schedule`));
    expect(await editor.heading.innerText()).toBe('Schedule');

    // The frame: days from the event's dates, then two rooms.
    await editor.press('Create days 2016-08-20 to 2016-08-21, 09:00–18:00');
    expect(await editor.flash.innerText()).toBe('2 days are added: Sat 20 Aug 2016, Sun 21 Aug 2016, 09:00–18:00.');
    await editor.follow('Rooms');
    for (const [name, seats] of [
      ['Main Hall', '400'],
      ['Room 2', '80'],
    ] as const) {
      await page.getByLabel('Name (required)').fill(name);
      await page.getByLabel('Seats').fill(seats);
      await editor.press('Add room');
      expect(await editor.flash.innerText()).toBe(`The room “${name}” is added.`);
    }
    await navigatingBy(page, () =>
      page.getByRole('navigation', { name: 'Schedule' }).getByRole('link', { name: 'Grid' }).click(),
    );
    expect(await editor.grid.locator('thead th').allInnerTexts()).toEqual([
      'Time',
      'Main Hall\n400 seats',
      'Room 2\n80 seats',
    ]);
    expect(await editor.summary.innerText()).toBe(
      '0 talks placed, 38 to place, 0 warnings. Nothing is released yet: the public does not see a schedule.',
    );
    expect(await axeViolationsInBothSchemes(page), 'axe on the empty editor').toEqual({});

    // One talk by its form, from the keyboard.
    await editor.placeWithKeyboard(FLASK, 'Main Hall', '2016-08-20T10:00');
    expect(await editor.flash.innerText()).toBe(`“${FLASK}” is placed in Main Hall, Sat 20 Aug 2016 10:00–10:30.`);
    expect(await editor.placed(FLASK).innerText()).toContain('10:00–10:30\nArmin Ronacher\nAll things Web');

    // One by drag and drop: from the list of talks to place onto Room 2 at 11:00.
    const room2 = await roomId('Room 2');
    await editor.drag(editor.unplaced(PY103).locator('.place-form__talk'), editor.cell(room2, '2016-08-20T11:00'));
    expect(await editor.flash.innerText()).toBe(`“${PY103}” is placed in Room 2, Sat 20 Aug 2016 11:00–11:30.`);
    expect(await editor.placed(PY103).innerText()).toContain('11:00–11:30\nWesley Chun');
    expect(await editor.unplaced(PY103).count()).toBe(0);

    // A placed talk dragged elsewhere moves, keeping its length.
    const hall = await roomId('Main Hall');
    await editor.drag(editor.placed(FLASK).locator('.slot__body'), editor.cell(hall, '2016-08-20T12:00'));
    expect(await editor.flash.innerText()).toBe(`“${FLASK}” is moved to Main Hall, Sat 20 Aug 2016 12:00–12:30.`);
    expect(await editor.summary.innerText()).toContain('2 talks placed, 36 to place, 0 warnings.');
    expect(await axeViolationsInBothSchemes(page), 'axe on the editor with placed talks').toEqual({});
    await screenshots(page, 'schedule-editor');

    // A drop that clashes is refused, with the reason, and nothing moves.
    await editor.drag(editor.placed(FLASK).locator('.slot__body'), editor.cell(room2, '2016-08-20T10:45'));
    expect(await editor.errorSummaryItems.allInnerTexts()).toEqual([
      `“${FLASK}”: "${PY103}" is in Room 2 from 11:00 to 11:30 on Sat 20 Aug 2016: a room holds one thing at a time`,
    ]);
    expect(await editor.placed(FLASK).innerText()).toContain('12:00–12:30');

    // Release.
    await navigatingBy(page, () =>
      page.getByRole('navigation', { name: 'Schedule' }).getByRole('link', { name: 'Release' }).click(),
    );
    expect(await page.locator('.changelog').first().innerText()).toBe(
      `Added “${PY103}”: Room 2, Sat 20 Aug 2016 11:00–11:30\nAdded “${FLASK}”: Main Hall, Sat 20 Aug 2016 12:00–12:30`,
    );
    await page.getByLabel('Comment').fill('The first schedule.');
    await editor.press('Release the schedule');
    expect(await editor.flash.innerText()).toBe(
      'Version 1 is released, with 2 changes: public pages and exports show it now.',
    );

    // The public grid and the talk's page, once the agenda has the release.
    await expect.poll(() => lectern.agenda.event(EVENT)?.schedule?.version, { timeout: 10_000 }).toBe('1');
    const visitor = await browser.newContext({ viewport: DESKTOP });
    try {
      const publicPage = await visitor.newPage();
      await publicPage.goto(url(`/${EVENT}/schedule/2016-08-20`));
      const grid = publicPage.getByRole('table');
      expect(await grid.locator('thead th').allInnerTexts()).toEqual(['Time', 'Main Hall', 'Room 2']);
      expect(await grid.locator('tbody th').allInnerTexts()).toEqual(['11:00', '12:00']);
      expect(await grid.locator('.entry__title').allInnerTexts()).toEqual([PY103, FLASK]);
      expect(await axeViolationsInBothSchemes(publicPage), 'axe on the public grid').toEqual({});
      await navigatingBy(publicPage, () => grid.getByRole('link', { name: FLASK, exact: true }).click());
      const talk = new TalkPage(publicPage);
      expect(await talk.facts()).toMatchObject({ when: 'Saturday 20 August 2016, 12:00–12:30 PDT', room: 'Main Hall' });
    } finally {
      await visitor.close();
    }
    expect(cspRefusals).toEqual([]);
  });
});
