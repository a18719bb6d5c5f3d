import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, tracks } from '../../src/db/schema.js';
import { decodeEntities } from './html.js';
import { browserAs, ORGANISER, programFixturePerFile, REVIEWER } from './orga-program-fixtures.js';

const programFixture = programFixturePerFile();
const DASHBOARD = '/orga/pybay-2016';

/** Text of the page as a visitor reads it, tags removed. */
function text(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** The checklist's items as "label: state → link". */
function checklist(html: string): string[] {
  return [
    ...html.matchAll(/<li class="checklist__item[^"]*"><a href="([^"]+)">([^<]+)<\/a><span>([^<]+)<\/span><\/li>/g),
  ].map(([, href, label, state]) => `${decodeEntities(label!)}${decodeEntities(state!)} → ${href}`);
}

describe('the event dashboard', () => {
  it('shows organisers a setup checklist with what is done, each step linking to its page', async () => {
    const test = await programFixture();
    const organiser = await browserAs(test.app, ORGANISER);
    const page = await organiser.get(DASHBOARD);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('Setting up 2 of 8 done.');
    expect(checklist(page.body)).toEqual([
      'Set the event’s dates — to do → /orga/pybay-2016/settings#startsOn',
      'Add tracks — done → /orga/pybay-2016/tracks',
      'Add session types — to do → /orga/pybay-2016/session-types',
      'Open the call for proposals — to do → /orga/pybay-2016/settings#cfpOpensAt',
      'Invite the team — done → /orga/pybay-2016/team',
      'Add rooms — to do → /orga/pybay-2016/schedule/rooms',
      'Place talks on the schedule — to do → /orga/pybay-2016/schedule',
      'Release the schedule — to do → /orga/pybay-2016/schedule/release',
    ]);
  });

  it('ticks the dates, session types, CFP and rooms off as they are set, and a track-less event has tracks to do', async () => {
    const test = await programFixture();
    const [event] = await test.db.select().from(events).where(eq(events.slug, 'pybay-2016'));
    await test.db
      .update(events)
      .set({ startsOn: '2016-08-20', endsOn: '2016-08-21', cfpClosesAt: new Date('2016-06-01T00:00:00Z') })
      .where(eq(events.id, event!.id));
    await test.db.delete(tracks).where(eq(tracks.eventId, event!.id));
    const organiser = await browserAs(test.app, ORGANISER);
    expect(
      (await organiser.post(`${DASHBOARD}/schedule/rooms`, { name: 'Main Hall', capacity: '', description: '' }))
        .statusCode,
    ).toBe(303);
    expect(
      (await organiser.post(`${DASHBOARD}/session-types`, { name: 'Talk', durationMinutes: '30', isPublic: 'on' }))
        .statusCode,
    ).toBe(303);
    const page = await organiser.get(DASHBOARD);
    expect(text(page.body)).toContain('Setting up 5 of 8 done.');
    expect(checklist(page.body).map((line) => line.split(' → ')[0])).toEqual([
      'Set the event’s dates — done',
      'Add tracks — to do',
      'Add session types — done',
      'Open the call for proposals — done',
      'Invite the team — done',
      'Add rooms — done',
      'Place talks on the schedule — to do',
      'Release the schedule — to do',
    ]);
  });

  it('shows reviewers no setup checklist', async () => {
    const test = await programFixture();
    const reviewer = await browserAs(test.app, REVIEWER);
    const page = await reviewer.get(DASHBOARD);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).not.toContain('Setting up');
    expect(checklist(page.body)).toEqual([]);
  });
});
