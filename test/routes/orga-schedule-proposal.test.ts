import { asc, eq, inArray, notInArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import {
  eventDays,
  events,
  rooms,
  scheduleProposals,
  scheduleReleases,
  scheduleSlots,
  talks,
  timeSlots,
} from '../../src/db/schema.js';
import { escapeHtml } from '../../src/shared/html.js';
import type { Browser } from '../helpers/site.js';
import { createDays, createRooms, localTime } from '../helpers/schedule.js';
import { browserAs, ORGANISER, programFixturePerFile, REVIEWER } from './orga-program-fixtures.js';

const programFixture = programFixturePerFile();

const ZONE = 'America/Los_Angeles';
const PAGE = '/orga/pybay-2016/schedule/proposal';

/**
 * PyBay 2016 with four talks on the program (the others accepted, awaiting confirmation), two
 * rooms, two days, and, unless asked not to, two time slots a day (10:00–10:30, 10:30–11:00).
 */
async function proposalFixture(options: { timeSlots?: boolean } = {}) {
  const test = await programFixture();
  await test.db.update(events).set({ timezone: ZONE }).where(eq(events.slug, 'pybay-2016'));
  const [event] = await test.db.select().from(events).where(eq(events.slug, 'pybay-2016'));
  const eventId = event!.id;
  const program = await test.db
    .select({ id: talks.id, title: talks.title })
    .from(talks)
    .where(eq(talks.eventId, eventId))
    .orderBy(asc(talks.position));
  const kept = program.slice(0, 4);
  await test.db
    .update(talks)
    .set({ state: 'accepted' })
    .where(
      notInArray(
        talks.id,
        kept.map((talk) => talk.id),
      ),
    );
  await test.db
    .update(talks)
    .set({ durationMinutes: 30 })
    .where(
      inArray(
        talks.id,
        kept.map((talk) => talk.id),
      ),
    );
  const dates = ['2016-08-20', '2016-08-21'];
  await createDays(test.db, eventId, ZONE, dates);
  const [hall, small] = await createRooms(test.db, eventId, [
    { name: 'Main Hall', capacity: 400 },
    { name: 'Room 2', capacity: 80 },
  ]);
  if (options.timeSlots !== false) {
    const days = await test.db
      .select()
      .from(eventDays)
      .where(eq(eventDays.eventId, eventId))
      .orderBy(asc(eventDays.date));
    await test.db.insert(timeSlots).values(
      days.flatMap((day) =>
        [
          ['10:00', '10:30'],
          ['10:30', '11:00'],
        ].map(([start, end]) => ({
          eventId,
          dayId: day.id,
          startsAt: localTime(day.date, start!, ZONE),
          endsAt: localTime(day.date, end!, ZONE),
        })),
      ),
    );
  }
  const browser = await browserAs(test.app, ORGANISER);
  return { ...test, eventId, kept, hall: hall!, small: small!, browser, awaiting: program.length - 4 };
}

async function progress(browser: Browser): Promise<{ id: number | null; status: string | null; progress: unknown }> {
  const response = await browser.get(`${PAGE}/progress`);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return response.json();
}

async function untilOver(browser: Browser): Promise<string> {
  const started = Date.now();
  for (;;) {
    const state = await progress(browser);
    if (state.status !== 'running') return state.status!;
    if (Date.now() - started > 20_000) throw new Error('the proposal did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function placed(db: Database): Promise<string[]> {
  const rows = await db
    .select({ title: talks.title, room: rooms.name, start: scheduleSlots.startsAt })
    .from(scheduleSlots)
    .innerJoin(talks, eq(talks.id, scheduleSlots.talkId))
    .innerJoin(rooms, eq(rooms.id, scheduleSlots.roomId))
    .orderBy(asc(talks.title));
  return rows.map((row) => `${row.title} @ ${row.room} ${row.start.toISOString()}`);
}

describe('Propose a schedule', () => {
  it('says to define time slots first, and refuses to start without them (409), writing nothing', async () => {
    const test = await proposalFixture({ timeSlots: false });
    const page = await test.browser.get(PAGE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      'define the time slots first, on <a href="/orga/pybay-2016/schedule/time-slots">Time slots</a>',
    );
    expect(page.body).not.toContain(`action="${PAGE}"`);
    const refused = await test.browser.post(PAGE, { seconds: '5', seed: '1', keepPlaced: 'on' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(
      'PyBay 2016 has no time slots yet: define the time slots first, then propose a schedule.',
    );
    expect(await test.db.select().from(scheduleProposals)).toEqual([]);
  });

  it('names a bad field with a 400', async () => {
    const test = await proposalFixture();
    const form = await test.browser.get(PAGE);
    expect(form.body).toContain(`4 talks on the program (confirmed) in 4 time slots and 2 rooms`);
    expect(form.body).toContain(
      `${test.awaiting} accepted talks still await their speakers&#39; confirmation and are not included.`,
    );
    const bad = await test.browser.post(PAGE, { seconds: '500', seed: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="seconds-error"');
    expect(bad.body).toContain('give a time budget from 1 to 120 seconds');
    expect(await test.db.select().from(scheduleProposals)).toEqual([]);
  });

  it('runs the solver and shows the result as changes to accept; accepting all places them and releases nothing', async () => {
    const test = await proposalFixture();
    const started = await test.browser.post(PAGE, { seconds: '1', seed: '3', keepPlaced: 'on' });
    expect([started.statusCode, started.headers.location]).toEqual([303, PAGE]);
    expect(await untilOver(test.browser)).toBe('done');

    const result = await test.browser.get(PAGE);
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('<caption>The objective, most important first</caption>');
    expect(result.body).toMatch(/<th scope="row">Missed preferred talks<\/th><td>\d+<\/td><td>0<\/td><td>0<\/td>/);
    expect(result.body).toContain('The best possible: no attendee misses a preferred talk.');
    const boxes = [...result.body.matchAll(/<input type="checkbox" name="talk" value="(\d+)" checked/g)].map((m) =>
      Number(m[1]),
    );
    expect(boxes.sort()).toEqual(test.kept.map((talk) => talk.id).sort());
    expect(result.body).toContain('Accept all (4)');
    // What someone typed is escaped in attributes too: PyBay's "Memory Model & Best Practices".
    expect(result.body).toContain('aria-label="Accept: Placed Python 103: Memory Model &amp; Best Practices"');
    expect(result.body).toMatch(/0 fans, 0 of them with a clash; 0% full \(0 expected, (400|80) seats\)/);

    const applied = await test.browser.post(`${PAGE}/${(await progress(test.browser)).id}/apply`, { action: 'all' });
    expect([applied.statusCode, applied.headers.location]).toEqual([303, '/orga/pybay-2016/schedule']);
    expect(await placed(test.db)).toHaveLength(4);
    expect(await test.db.select().from(scheduleReleases)).toEqual([]);
    const after = await test.browser.get(PAGE);
    expect(after.body).not.toContain('Accept all');
    expect(after.body).toContain('Last proposal: done');
    expect(after.body).toContain(', accepted.');
  });

  it('shows the progress of a running proposal and stops it from the page, keeping the best schedule so far', async () => {
    const test = await proposalFixture();
    await test.browser.post(PAGE, { seconds: '120', seed: '1' });
    const { id } = await progress(test.browser);
    const running = await test.browser.get(PAGE);
    expect(running.body).toContain('<noscript><meta http-equiv="refresh" content="2"/></noscript>');
    expect(running.body).toContain('<h2 id="progress">The solver is running</h2>');
    expect(running.body).toContain(`action="${PAGE}/${id}/stop"`);
    expect(running.body).toMatch(/<script src="\/assets\/schedule-proposal\.[0-9a-f]{12}\.js" defer>/);
    expect(running.body).not.toContain(`action="${PAGE}"`);
    const stop = await test.browser.post(`${PAGE}/${id}/stop`, {}, { formUrl: PAGE });
    expect([stop.statusCode, stop.headers.location]).toEqual([303, PAGE]);
    expect(await untilOver(test.browser)).toBe('stopped');
    const page = await test.browser.get(PAGE);
    expect(page.body).toContain('The proposal (stopped: the best found so far)');
    const discard = await test.browser.post(`${PAGE}/${id}/discard`, {});
    expect(discard.statusCode).toBe(303);
    expect(await placed(test.db)).toEqual([]);
    expect((await test.browser.get(PAGE)).body).toContain(', discarded.');
  });

  it('refuses a selection that collides with a talk left in place (409, naming both), and a bad talk (400)', async () => {
    const test = await proposalFixture();
    const [first, second] = test.kept;
    const ten = localTime('2016-08-20', '10:00', ZONE);
    const half = localTime('2016-08-20', '10:30', ZONE);
    await test.db.insert(scheduleSlots).values({
      eventId: test.eventId,
      kind: 'talk',
      talkId: first!.id,
      roomId: test.hall,
      startsAt: ten,
      endsAt: half,
    });
    const at = (talkId: number, roomId: number) => ({
      talkId,
      roomId,
      startsAt: ten.toISOString(),
      endsAt: half.toISOString(),
    });
    const [row] = await test.db
      .insert(scheduleProposals)
      .values({
        eventId: test.eventId,
        status: 'done',
        options: { seconds: 5, seed: 1, keepPlaced: false },
        result: {
          outcome: {
            placements: [at(first!.id, test.small), at(second!.id, test.hall)],
            unplaced: [],
            terms: { missed: 0, overflow: 0, parallel: 0, moved: 0 },
            weights: { missed: 8, overflow: 4, parallel: 2, moved: 1 },
            lexicographic: true,
            lowerBound: 0,
            boundExact: true,
            gap: 0,
            stoppedBy: 'time',
            elapsedMs: 5000,
            iterations: 100,
            whyHere: {},
          },
        },
      })
      .returning({ id: scheduleProposals.id });
    const before = await placed(test.db);
    const collide = await test.browser.post(
      `${PAGE}/${row!.id}/apply`,
      { action: 'selected', talk: [String(second!.id)] },
      { formUrl: PAGE },
    );
    expect(collide.statusCode).toBe(409);
    expect(collide.body).toContain(
      escapeHtml(`A room would hold two things at once: "${second!.title}" and "${first!.title}" in Main Hall`),
    );
    expect(await placed(test.db)).toEqual(before);
    const bad = await test.browser.post(`${PAGE}/${row!.id}/apply`, { action: 'selected', talk: ['x1'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('names no talk');
    const none = await test.browser.post(`${PAGE}/${row!.id}/apply`, { action: 'selected' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('tick at least one change to accept');
    const some = await test.browser.post(`${PAGE}/${row!.id}/apply`, {
      action: 'selected',
      talk: [String(first!.id)],
    });
    expect(some.statusCode).toBe(303);
    expect(await placed(test.db)).toEqual([`${first!.title} @ Room 2 ${ten.toISOString()}`]);
  });

  it('is the organisers’ alone', async () => {
    const test = await proposalFixture();
    const reviewer = await browserAs(test.app, REVIEWER);
    expect((await reviewer.get(PAGE)).statusCode).toBe(403);
    expect((await reviewer.get(`${PAGE}/progress`)).statusCode).toBe(403);
  });

  it('says on a placed talk’s page why it is there: its fans, how many of them clash, its room’s fill', async () => {
    const test = await proposalFixture();
    const [a, b, c] = test.kept;
    const rows = await test.db
      .select({ id: talks.id, code: talks.code, slug: talks.slug })
      .from(talks)
      .where(inArray(talks.id, [a!.id, b!.id, c!.id]));
    const of = (id: number) => rows.find((row) => row.id === id)!;
    const ten = localTime('2016-08-20', '10:00', ZONE);
    const half = localTime('2016-08-20', '10:30', ZONE);
    await test.db.insert(scheduleSlots).values([
      { eventId: test.eventId, kind: 'talk', talkId: a!.id, roomId: test.hall, startsAt: ten, endsAt: half },
      { eventId: test.eventId, kind: 'talk', talkId: b!.id, roomId: test.small, startsAt: ten, endsAt: half },
    ]);
    // Three ballots: a and b (who must miss one), a alone, b alone; 300 people expected.
    const interest = '/orga/pybay-2016/interest';
    expect((await test.browser.post(`${interest}/attendance`, { expectedAttendance: '300' })).statusCode).toBe(303);
    const csv = `${of(a!.id).slug} ${of(b!.id).slug}\n${of(a!.id).slug}\n${of(b!.id).slug}\n`;
    expect((await test.browser.post(`${interest}/import`, { csv })).statusCode).toBe(200);

    const page = async (code: string) => (await test.browser.get(`/orga/pybay-2016/schedule/talks/${code}`)).body;
    expect(await page(of(a!.id).code)).toContain(
      '<h2 id="why-here">Why here</h2><p>2 fans, 1 of them with a clash; 50% full (200 expected, 400 seats)</p>',
    );
    expect(await page(of(b!.id).code)).toContain(
      '<p>2 fans, 1 of them with a clash; 250% full (200 expected, 80 seats)</p>',
    );
    // A talk not placed has no "why here".
    expect(await page(of(c!.id).code)).not.toContain('Why here');
  });
});
