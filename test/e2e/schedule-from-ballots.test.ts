import { asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventDays, events, rooms, scheduleSlots, talks, timeSlots } from '../../src/db/schema.js';
import { createDays, createRooms, localTime } from '../helpers/schedule.js';
import { createOrganiserUser, TEST_PASSWORD } from '../helpers/site.js';
import { chromiumAvailable, DESKTOP, launchChromium, startLectern, type RunningLectern } from './helpers.js';
import { LoginPage, SitePage } from './site-pages.js';

/**
 * The schedule built from what attendees want, end to end in Chromium (issue 10): attendees in
 * three browsers of their own mark talks on the interest ballot; the organiser proposes a schedule,
 * accepts it and releases it; the public grid then shows each talk where the proposal put it, and
 * no attendee finds two of their talks at one time.
 *
 * Six talks, two rooms, three time slots: the six places are exactly enough, and the ballots ask
 * for talks 0, 1 and 2 to be apart (one attendee wants all three) and for 2 and 3 to be apart, so
 * a schedule that misses no preferred talk exists, and the solver must find it (the bound proves it).
 */

const EVENT = 'pybay-2016';
const ORGANISER = 'olga@example.com';
const ZONE = 'America/Los_Angeles';
const DATE = '2016-08-20';
const SLOT_STARTS = ['10:00', '10:30', '11:00'];
/** Each attendee's marks, by index into the six talks. */
const BALLOTS = [
  [0, 1, 2],
  [0, 1],
  [2, 3],
];

describe.skipIf(!chromiumAvailable())('a schedule from interest ballots, in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  let organiser: Page;
  let program: { id: number; title: string }[];

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
    program = all.slice(0, 6);
    const ids = program.map((talk) => talk.id);
    // The other talks leave the program (rejected), so the ballot lists these six.
    await db.update(talks).set({ state: 'rejected' }).where(notInArray(talks.id, ids));
    await db.update(talks).set({ durationMinutes: 30 }).where(inArray(talks.id, ids));
    await lectern.agenda.reload(EVENT);
    await createDays(db, event!.id, ZONE, [DATE]);
    await createRooms(db, event!.id, [
      { name: 'Main Hall', capacity: 400 },
      { name: 'Room 2', capacity: 80 },
    ]);
    const [day] = await db.select().from(eventDays).where(eq(eventDays.eventId, event!.id));
    await db.insert(timeSlots).values(
      SLOT_STARTS.map((start) => {
        const startsAt = localTime(DATE, start, ZONE);
        return { eventId: event!.id, dayId: day!.id, startsAt, endsAt: new Date(+startsAt + 30 * 60_000) };
      }),
    );
    await createOrganiserUser(db, EVENT, ORGANISER);
    browser = await launchChromium();
    organiser = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await lectern?.close();
  });

  const url = (path: string) => `${lectern.baseUrl}${path}`;

  it('opens the ballot, counts three browsers’ marks, proposes, accepts and releases, and the public grid shows it', async () => {
    // The organiser opens the ballot.
    await organiser.goto(url('/login'));
    await new LoginPage(organiser).logIn(ORGANISER, TEST_PASSWORD);
    await organiser.goto(url(`/orga/${EVENT}/interest`));
    const orga = new SitePage(organiser);
    await orga.press('Open the ballot');

    // Three attendees, each in a browser context of their own (cookies and all), mark their talks.
    for (const marks of BALLOTS) {
      const context = await browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        await page.goto(url(`/${EVENT}/interest`));
        for (const i of marks) await page.getByLabel(`Want to see: ${program[i]!.title}`, { exact: true }).check();
        await new SitePage(page).press('Save my choices');
        // Back on the ballot, the marks are kept for this browser.
        for (const [i, talk] of program.entries()) {
          expect(await page.getByLabel(`Want to see: ${talk.title}`, { exact: true }).isChecked(), talk.title).toBe(
            marks.includes(i),
          );
        }
      } finally {
        await context.close();
      }
    }

    // The organiser sees the counts per talk, never who.
    await organiser.goto(url(`/orga/${EVENT}/interest`));
    const main = await organiser.locator('main').innerText();
    expect(main).toContain('3 ballots');

    // Propose: the result misses no preferred talk, and the bound proves that is the best possible.
    await organiser.goto(url(`/orga/${EVENT}/schedule/proposal`));
    await organiser.getByLabel('Time budget').selectOption('5');
    await orga.press('Propose a schedule');
    await organiser.locator('#result').waitFor({ timeout: 30_000 });
    const result = await organiser
      .getByRole('region', { name: await organiser.locator('#result').innerText() })
      .innerText();
    expect(result).toContain('The best possible: no attendee misses a preferred talk.');
    const rows = organiser.locator('table.proposal-changes tbody tr');
    expect(await rows.count()).toBe(6);
    const proposed = new Map<string, string>();
    for (const row of await rows.all()) {
      const cells = await row.locator('td').allInnerTexts();
      expect(cells[1]).toBe('Placed');
      proposed.set(cells[2]!, cells[4]!);
    }
    expect([...proposed.keys()].sort()).toEqual(program.map((talk) => talk.title).sort());

    await orga.press('Accept all (6)');
    expect(await orga.flash.innerText()).toBe('The proposal is accepted: 6 placed, 0 moved. Nothing is released yet.');

    // Release it.
    await organiser.goto(url(`/orga/${EVENT}/schedule/release`));
    await organiser.getByLabel('Comment').fill('Built from your interest ballots.');
    await orga.press('Release the schedule');

    // The public grid: every talk in the room and at the time the proposal gave it.
    const visitor = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    await visitor.goto(url(`/${EVENT}/schedule`));
    const grid = await visitor.evaluate(`(() => {
      const table = document.querySelector('table');
      const roomNames = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      const out = [];
      for (const tr of table.querySelectorAll('tbody tr')) {
        const time = tr.querySelector('th') ? tr.querySelector('th').textContent.trim() : '';
        [...tr.querySelectorAll('td')].forEach((td, i) => {
          const title = td.querySelector('.entry__title');
          if (title) out.push({ title: title.textContent.trim(), time, room: roomNames[i + 1] });
        });
      }
      return out;
    })()`);
    const shown = grid as { title: string; time: string; room: string }[];
    expect(shown.map((entry) => entry.title).sort()).toEqual(program.map((talk) => talk.title).sort());
    for (const entry of shown) {
      const [room, when] = proposed.get(entry.title)!.split(', ');
      expect({ title: entry.title, room: entry.room }).toEqual({ title: entry.title, room });
      expect(when, entry.title).toContain(entry.time.slice(0, 5));
    }
    // No attendee finds two of their talks at one time.
    const timeOf = new Map(shown.map((entry) => [entry.title, entry.time]));
    for (const marks of BALLOTS) {
      const times = marks.map((i) => timeOf.get(program[i]!.title));
      expect(new Set(times).size, `ballot ${marks.join(',')}`).toBe(marks.length);
    }

    // What the page shows is what was stored: the work-in-progress schedule holds the six talks.
    const placed = await lectern.db
      .select({ talkId: scheduleSlots.talkId, room: rooms.name })
      .from(scheduleSlots)
      .innerJoin(rooms, eq(rooms.id, scheduleSlots.roomId));
    expect(placed).toHaveLength(6);
  });
});
