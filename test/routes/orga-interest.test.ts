import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, interestBallots } from '../../src/db/schema.js';
import { browserAs, ORGANISER, programFixturePerFile, REVIEWER } from './orga-program-fixtures.js';
import { PROGRAM } from './pybay-program.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { escapeHtml } from '../../src/shared/html.js';
import { newToken } from '../../src/shared/tokens.js';

const programFixture = programFixturePerFile();
const PAGE = '/orga/pybay-2016/interest';
const slug = (i: number) => PROGRAM[i]![0];
/** As the page has it, escaped. */
const title = (i: number) => escapeHtml(PROGRAM[i]![1]);

/** The counts table's rows: title, ballots, share, expected audience, room. */
function countRows(page: string): string[][] {
  const table = page.slice(page.indexOf('<h2 id="counts">'), page.indexOf('<h2 id="import">'));
  return [
    ...table.matchAll(
      /<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g,
    ),
  ].map((m) => m.slice(1));
}

async function ballotState(test: Awaited<ReturnType<typeof programFixture>>) {
  const [row] = await test.db
    .select({
      open: events.interestBallotOpen,
      closesAt: events.interestBallotClosesAt,
      attendance: events.expectedAttendance,
    })
    .from(events)
    .where(eq(events.slug, 'pybay-2016'));
  return row!;
}

describe('the organisers’ interest page', () => {
  it('opens the ballot with a closing time, takes the attendance, and closes it', async () => {
    const test = await programFixture();
    const orga = await browserAs(test.app, ORGANISER);
    const page = await orga.get(PAGE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/orga/pybay-2016/interest" aria-current="page">Interest</a>');
    expect(page.body).toContain('Closed: attendees cannot mark talks.');

    const opened = await orga.post(`${PAGE}/open`, { closesAt: '2030-08-01T18:00' });
    expect(opened.statusCode).toBe(303);
    expect(await ballotState(test)).toEqual({
      open: true,
      closesAt: new Date('2030-08-01T18:00:00Z'),
      attendance: null,
    });
    expect((await orga.get(PAGE)).body).toContain('Open until Thu 1 Aug 2030, 18:00 UTC.');

    const bad = await orga.post(`${PAGE}/attendance`, { expectedAttendance: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="expectedAttendance-error"');
    expect(bad.body).toContain('give a whole number of people, or nothing');
    expect((await orga.post(`${PAGE}/attendance`, { expectedAttendance: '400' })).statusCode).toBe(303);
    expect((await ballotState(test)).attendance).toBe(400);

    expect((await orga.post(`${PAGE}/close`, {})).statusCode).toBe(303);
    expect((await ballotState(test)).open).toBe(false);
  });

  it('refuses a closing time in the past under its field', async () => {
    const test = await programFixture();
    const orga = await browserAs(test.app, ORGANISER);
    const refused = await orga.post(`${PAGE}/open`, { closesAt: '2001-01-01T00:00' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="closesAt-error"');
    expect(refused.body).toContain('the closing time must be in the future');
    expect((await ballotState(test)).open).toBe(false);
  });

  it('shows counts per talk, most marked first, with share and expected audience', async () => {
    const test = await programFixture();
    await test.db
      .update(events)
      .set({ interestBallotOpen: true, expectedAttendance: 300 })
      .where(eq(events.slug, 'pybay-2016'));
    for (const talks of [[slug(1), slug(2)], [slug(2)], [slug(2), slug(3)]]) {
      const response = await test.app.inject({
        method: 'PUT',
        url: `/api/events/pybay-2016/interest/${newToken()}`,
        headers: { 'content-type': 'application/json' },
        payload: { talks },
      });
      expect(response.statusCode).toBe(201);
    }
    const orga = await browserAs(test.app, ORGANISER);
    const page = (await orga.get(PAGE)).body;
    expect(page).toContain('3 ballots, most marked talks first.');
    const rows = countRows(page);
    expect(rows.slice(0, 4)).toEqual([
      [title(2), '3', '100.0%', '300', '–'],
      [title(1), '1', '33.3%', '100', '–'],
      [title(3), '1', '33.3%', '100', '–'],
      [title(0), '0', '0.0%', '0', '–'],
    ]);
    expect(rows).toHaveLength(PROGRAM.length);
  });

  it('counts starred shared agendas as ballots once the schedule is released, and warns of a room too small', async () => {
    const test = await programFixture();
    const agenda = (talks: string[]) =>
      test.app.inject({
        method: 'POST',
        url: '/api/events/pybay-2016/agendas',
        headers: { 'content-type': 'application/json' },
        payload: { talks },
      });
    expect((await agenda([slug(0), slug(1), slug(13)])).statusCode).toBe(201);
    const orga = await browserAs(test.app, ORGANISER);
    await orga.post(`${PAGE}/import`, { csv: `${slug(1)}\n` });
    // Before the release an agenda is no ballot.
    expect((await orga.get(PAGE)).body).toContain('1 ballot, most marked talks first.');

    await scheduleAndRelease(test.db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], version: '1' });
    await test.agenda.reload('pybay-2016');
    // An agenda starring nothing is nobody's interest.
    expect((await agenda([])).statusCode).toBe(201);
    await orga.post(`${PAGE}/attendance`, { expectedAttendance: '200' });
    const page = (await orga.get(PAGE)).body;
    expect(page).toContain('1 ballot and 1 starred agenda, most marked talks first.');
    // The release places talks 0–12 in Main Hall (400 seats) and talk 13 in Room 2 (80 seats).
    expect(countRows(page).slice(0, 3)).toEqual([
      [title(1), '2', '100.0%', '200', 'Main Hall (400 seats)'],
      [title(0), '1', '50.0%', '100', 'Main Hall (400 seats)'],
      [title(13), '1', '50.0%', '100', 'Room 2 (80 seats): too small'],
    ]);
  });

  it('imports ballots from CSV and reports lines and ballots; with an unknown talk, it imports nothing and names it', async () => {
    const test = await programFixture();
    const orga = await browserAs(test.app, ORGANISER);
    const failed = await orga.post(`${PAGE}/import`, { csv: `${slug(0)}, ${slug(1)}\nno-such-talk ${slug(2)}\n` });
    expect(failed.statusCode).toBe(400);
    expect(failed.body).toContain('2 lines read, 0 ballots written.');
    expect(failed.body).toContain('Line 2: no talk &#34;no-such-talk&#34;');
    expect(await test.db.$count(interestBallots)).toBe(0);

    const imported = await orga.post(`${PAGE}/import`, { csv: `${slug(0)}, ${slug(1)}\n${slug(1)}\n` });
    expect(imported.statusCode).toBe(200);
    expect(imported.body).toContain('2 lines read, 2 ballots written.');
    expect(countRows(imported.body)[0]).toEqual([title(1), '2', '100.0%', '–', '–']);
    expect(await test.db.$count(interestBallots)).toBe(2);
  });

  it('is the organisers’ alone: a reviewer gets 403', async () => {
    const test = await programFixture();
    const reviewer = await browserAs(test.app, REVIEWER);
    expect((await reviewer.get(PAGE)).statusCode).toBe(403);
    expect((await reviewer.post(`${PAGE}/import`, { csv: slug(0) })).statusCode).toBe(403);
    expect(await test.db.$count(interestBallots)).toBe(0);
  });
});
