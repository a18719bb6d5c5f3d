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
 * onto the grid, a placed talk dragged elsewhere, two placed talks swapped by dropping one on
 * the other, a release, and then the public grid and the talk's page showing the new times. The
 * editor keeps up: no change reloads the page (a marker set on the window survives), the scroll
 * stays where it was, and the panel of talks to place stays folded once folded. The editor and
 * the public grid must pass axe-core, and no page may need anything the Content Security Policy
 * forbids (the drag and drop is a script file).
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

  get gridBox(): Locator {
    return this.page.locator('.editor-grid-wrap');
  }

  get summary(): Locator {
    return this.page.locator('.schedule-summary');
  }

  /** What a change sent without a reload says. */
  get status(): Locator {
    return this.page.locator('[data-editor-status]');
  }

  /** A change refused without a reload. */
  get alert(): Locator {
    return this.page.locator('[data-editor-notices] [role="alert"]');
  }

  get unplacedPanel(): Locator {
    return this.page.locator('details.unplaced-panel');
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
    await startField.press('Enter');
  }

  /** Where the window and the grid are scrolled to. */
  async scrollPosition(): Promise<number[]> {
    return (await this.page.evaluate(`(() => {
      const box = document.querySelector('.editor-grid-wrap');
      return [window.scrollX, window.scrollY, box.scrollLeft, box.scrollTop];
    })()`)) as number[];
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
    await this.page.mouse.move(from.x + Math.min(20, from.width / 2), from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + 40, from.y + from.height / 2, { steps: 4 });
    await this.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
    await this.page.mouse.up();
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

  it('places, moves and swaps talks without a reload (keyboard and drag), then releases, and the public grid shows the new times', async () => {
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

    // From here on nothing reloads the page: a marker on the window survives every change.
    await page.evaluate("window.lecternMarker = 'kept'");
    const marker = () => page.evaluate('window.lecternMarker');

    // One talk by its form, from the keyboard: focus moves to the placed card.
    const flaskCode = await editor.unplaced(FLASK).getAttribute('data-talk');
    await editor.placeWithKeyboard(FLASK, 'Main Hall', '2016-08-20T10:00');
    await expect
      .poll(() => editor.status.innerText())
      .toBe(`“${FLASK}” is placed in Main Hall, Sat 20 Aug 2016 10:00–10:30.`);
    expect(await editor.placed(FLASK).innerText()).toContain('10:00–10:30\nArmin Ronacher\nAll things Web');
    expect(await page.evaluate("document.activeElement.closest('td').id")).toBe(`talk-${flaskCode}`);
    expect(await page.evaluate('document.activeElement.textContent')).toBe(FLASK);

    // One by drag and drop, from the list onto Room 2 at 15:00, low in the grid: the grid stays scrolled.
    const room2 = await roomId('Room 2');
    const target = editor.cell(room2, '2016-08-20T15:00');
    await target.scrollIntoViewIfNeeded();
    await editor.unplaced(PY103).locator('.place-form__talk').scrollIntoViewIfNeeded();
    const before = await editor.scrollPosition();
    expect(before[3], 'the grid is scrolled down to 15:00').toBeGreaterThan(0);
    await editor.drag(editor.unplaced(PY103).locator('.place-form__talk'), target);
    await expect
      .poll(() => editor.status.innerText())
      .toBe(`“${PY103}” is placed in Room 2, Sat 20 Aug 2016 15:00–15:30.`);
    expect(await editor.placed(PY103).innerText()).toContain('15:00–15:30\nWesley Chun');
    expect(await editor.unplaced(PY103).count()).toBe(0);
    expect(await editor.scrollPosition()).toEqual(before);
    expect(await marker()).toBe('kept');
    expect(await page.evaluate("performance.getEntriesByType('navigation').length")).toBe(1);

    // A placed talk dragged elsewhere moves, keeping its length.
    const hall = await roomId('Main Hall');
    await editor.drag(editor.placed(FLASK).locator('.slot__body'), editor.cell(hall, '2016-08-20T14:00'));
    await expect
      .poll(() => editor.status.innerText())
      .toBe(`“${FLASK}” is moved to Main Hall, Sat 20 Aug 2016 14:00–14:30.`);
    expect(await editor.summary.innerText()).toContain('2 talks placed, 36 to place, 0 warnings.');

    // A placed talk dropped on another: the two swap rooms and times.
    await editor.drag(editor.placed(PY103).locator('.slot__body'), editor.placed(FLASK).locator('.slot__body'));
    await expect
      .poll(() => editor.status.innerText())
      .toBe(
        `“${PY103}” and “${FLASK}” are swapped: “${PY103}” is in Main Hall, Sat 20 Aug 2016 14:00–14:30, “${FLASK}” in Room 2, Sat 20 Aug 2016 15:00–15:30.`,
      );
    expect(await editor.placed(PY103).innerText()).toContain('14:00–14:30');
    expect(await editor.placed(FLASK).innerText()).toContain('15:00–15:30');
    expect(await marker()).toBe('kept');
    expect(await axeViolationsInBothSchemes(page), 'axe on the editor with placed talks').toEqual({});
    await screenshots(page, 'schedule-editor');

    // A drop that clashes is refused with an alert saying why, and nothing moves.
    await editor.drag(editor.placed(FLASK).locator('.slot__body'), editor.cell(hall, '2016-08-20T13:45'));
    await expect
      .poll(() => editor.alert.innerText())
      .toBe(
        `“${FLASK}”: "${PY103}" is in Main Hall from 14:00 to 14:30 on Sat 20 Aug 2016: a room holds one thing at a time`,
      );
    expect(await editor.status.innerText()).toBe('');
    expect(await editor.placed(FLASK).innerText()).toContain('15:00–15:30');
    expect(await marker()).toBe('kept');

    // The panel of talks to place folds, and stays folded after a reload and a change.
    await page.locator('details.unplaced-panel > summary').click();
    expect(await editor.unplacedPanel.getAttribute('open')).toBeNull();
    await page.reload();
    expect(await editor.unplacedPanel.getAttribute('open')).toBeNull();
    await editor.drag(editor.placed(FLASK).locator('.slot__body'), editor.cell(room2, '2016-08-20T16:00'));
    await expect
      .poll(() => editor.status.innerText())
      .toBe(`“${FLASK}” is moved to Room 2, Sat 20 Aug 2016 16:00–16:30.`);
    expect(await editor.unplacedPanel.getAttribute('open')).toBeNull();
    expect(await axeViolationsInBothSchemes(page), 'axe on the editor with the panel folded').toEqual({});
    await page.locator('details.unplaced-panel > summary').click();

    // Every day side by side.
    await navigatingBy(page, () =>
      page.getByRole('navigation', { name: 'Days' }).getByRole('link', { name: 'All days' }).click(),
    );
    expect(await page.locator('.editor-day h3').allInnerTexts()).toEqual(['Sat 20 Aug 2016', 'Sun 21 Aug 2016']);
    expect(await axeViolationsInBothSchemes(page), 'axe on every day side by side').toEqual({});
    await navigatingBy(page, () =>
      page.getByRole('navigation', { name: 'Days' }).getByRole('link', { name: 'Sat 20 Aug 2016' }).click(),
    );

    // Release.
    await navigatingBy(page, () =>
      page.getByRole('navigation', { name: 'Schedule' }).getByRole('link', { name: 'Release' }).click(),
    );
    expect(await page.locator('.changelog').first().innerText()).toBe(
      `Added “${PY103}”: Main Hall, Sat 20 Aug 2016 14:00–14:30\nAdded “${FLASK}”: Room 2, Sat 20 Aug 2016 16:00–16:30`,
    );
    await page.getByLabel('Comment').fill('The first schedule.');
    await editor.press('Release the schedule');
    expect(await editor.flash.innerText()).toBe(
      // "Notify speakers" is ticked by default; the sample's speakers were imported, without accounts.
      'Version 1 is released, with 2 changes: public pages and exports show it now. No speaker is mailed: 2 speakers have no address to write to.',
    );

    // The public grid and the talk's page, once the agenda has the release.
    await expect.poll(() => lectern.agenda.event(EVENT)?.schedule?.version, { timeout: 10_000 }).toBe('1');
    const visitor = await browser.newContext({ viewport: DESKTOP });
    try {
      const publicPage = await visitor.newPage();
      await publicPage.goto(url(`/${EVENT}/schedule/2016-08-20`));
      const grid = publicPage.getByRole('table');
      expect(await grid.locator('thead th').allInnerTexts()).toEqual(['Time', 'Main Hall', 'Room 2']);
      expect(await grid.locator('tbody th').allInnerTexts()).toEqual(['14:00', '16:00']);
      expect(await grid.locator('.entry__title').allInnerTexts()).toEqual([PY103, FLASK]);
      expect(await axeViolationsInBothSchemes(publicPage), 'axe on the public grid').toEqual({});
      await navigatingBy(publicPage, () => grid.getByRole('link', { name: FLASK, exact: true }).click());
      const talk = new TalkPage(publicPage);
      expect(await talk.facts()).toMatchObject({ when: 'Saturday 20 August 2016, 16:00–16:30 PDT', room: 'Room 2' });
    } finally {
      await visitor.close();
    }
    expect(cspRefusals).toEqual([]);
  });

  it('works without JavaScript: a place posts, comes back to the day at the placed talk, and the panel still folds', async () => {
    const plain = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    try {
      const noScript = await plain.newPage();
      await noScript.goto(url('/login'));
      await new LoginPage(noScript).logIn(ORGANISER.email, TEST_PASSWORD);
      await noScript.goto(url(`/orga/${EVENT}/schedule?day=2016-08-21`));
      const editor = new ScheduleEditorPage(noScript);
      const title = 'Automating Your Browser and Desktop Apps';
      const code = await editor.unplaced(title).getAttribute('data-talk');
      await noScript.getByLabel(`Room for ${title}`).selectOption({ label: 'Room 2' });
      await noScript.getByLabel(`Start of ${title}`).fill('2016-08-21T10:00');
      await navigatingBy(noScript, () => editor.unplaced(title).getByRole('button', { name: 'Place' }).click());
      expect(noScript.url()).toBe(url(`/orga/${EVENT}/schedule?day=2016-08-21#talk-${code}`));
      expect(await editor.flash.innerText()).toBe(`“${title}” is placed in Room 2, Sun 21 Aug 2016 10:00–10:30.`);
      expect(await editor.placed(title).innerText()).toContain('10:00–10:30');
      expect(await editor.unplacedPanel.getAttribute('open')).toBe('');
      await noScript.locator('details.unplaced-panel > summary').click();
      expect(await editor.unplacedPanel.getAttribute('open')).toBeNull();
    } finally {
      await plain.close();
    }
  });
});
