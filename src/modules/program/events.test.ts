import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { eventMembers, events, levels } from '../../db/schema.js';
import { ForbiddenError, InvalidInputError, UnauthenticatedError } from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { addToTeam, createUser } from '../../../test/helpers/site.js';
import { apiTokenActor, loadActor } from '../accounts/index.js';
import {
  createEvent,
  createEventFromCommandLine,
  getEventSettings,
  syncImportedEvent,
  updateEventSettings,
  type EventSettingsInput,
} from './events.js';

async function setUp() {
  const { db } = await testDatabase();
  const [home] = await db
    .insert(events)
    .values({ slug: 'home-2026', name: 'Home 2026', timezone: 'Europe/Berlin' })
    .returning();
  const organiser = await createUser(db, { email: 'orga@example.com' });
  await addToTeam(db, 'home-2026', organiser.id, 'organiser');
  const reviewer = await createUser(db, { email: 'reviewer@example.com' });
  await addToTeam(db, 'home-2026', reviewer.id, 'reviewer');
  return {
    db,
    home: home!,
    organiser: (await loadActor(db, organiser.id))!,
    reviewer: (await loadActor(db, reviewer.id))!,
  };
}

function settingsOf(input: Partial<EventSettingsInput>): EventSettingsInput {
  return {
    name: 'Home 2026',
    slug: 'home-2026',
    timezone: 'Europe/Berlin',
    startsOn: '',
    endsOn: '',
    cfpOpensAt: '',
    cfpClosesAt: '',
    published: true,
    anonymisedReview: false,
    reviewScoreMin: 0,
    reviewScoreMax: 3,
    venueName: '',
    venueAddress: '',
    venueMapUrl: '',
    description: '',
    logoUrl: '',
    brandColor: '',
    ...input,
  };
}

describe('events', () => {
  it('lets an organiser of one event create another, unpublished, with them as organiser and the three levels', async () => {
    const { db, organiser } = await setUp();
    const event = await createEvent(db, organiser, {
      slug: ' next-2027 ',
      name: ' Next   2027 ',
      timezone: 'Asia/Tokyo',
    });
    expect(event).toMatchObject({ slug: 'next-2027', name: 'Next 2027', timezone: 'Asia/Tokyo', published: false });
    const members = await db.select().from(eventMembers).where(eq(eventMembers.eventId, event.id));
    expect(members.map((m) => [m.userId, m.role])).toEqual([[organiser.user.id, 'organiser']]);
    const names = await db
      .select({ name: levels.name })
      .from(levels)
      .where(eq(levels.eventId, event.id))
      .orderBy(asc(levels.position));
    expect(names.map((l) => l.name)).toEqual(['Beginner', 'Intermediate', 'Advanced']);
  });

  it('refuses creating events to reviewers, API tokens and anonymous visitors', async () => {
    const { db, reviewer, organiser, home } = await setUp();
    const input = { slug: 'next-2027', name: 'Next', timezone: 'UTC' };
    await expect(createEvent(db, reviewer, input)).rejects.toThrow(ForbiddenError);
    await expect(createEvent(db, apiTokenActor(organiser.user, home.id), input)).rejects.toThrow(ForbiddenError);
    await expect(createEvent(db, undefined, input)).rejects.toThrow(UnauthenticatedError);
    expect(await db.$count(events)).toBe(1);
  });

  it('creates an event from the command line with errors naming its arguments', async () => {
    const { db } = await setUp();
    const event = await createEventFromCommandLine(db, { slug: 'cli-2027', name: 'CLI 2027', timezone: 'UTC' });
    expect(event).toMatchObject({ slug: 'cli-2027', published: false });
    expect(await db.$count(eventMembers, eq(eventMembers.eventId, event.id))).toBe(0);
    await expect(createEventFromCommandLine(db, { slug: 'home-2026', name: 'X', timezone: 'UTC' })).rejects.toThrow(
      new InvalidInputError('there is already an event "home-2026"', 'SLUG'),
    );
    await expect(createEventFromCommandLine(db, { slug: 'api', name: 'X', timezone: 'UTC' })).rejects.toThrow(
      new InvalidInputError('"api" is reserved by Lectern; choose another slug', 'SLUG'),
    );
  });

  it('syncs an import into its event: created published with the defaults, then only what the file gives changes', async () => {
    const { db } = await setUp();
    const fields = { slug: '--event', name: '--name', timezone: '--timezone' };
    const defaults = { name: 'From Title', timezone: 'UTC' };
    const first = await syncImportedEvent(db, 'imported', { startsOn: '2026-05-01' }, defaults, fields);
    expect([first.created, first.changed]).toEqual([true, true]);
    expect(first.event).toMatchObject({ name: 'From Title', timezone: 'UTC', startsOn: '2026-05-01', published: true });
    expect(await db.$count(levels, eq(levels.eventId, first.event.id))).toBe(3);
    const same = await syncImportedEvent(db, 'imported', { name: undefined, startsOn: '2026-05-01' }, defaults, fields);
    expect([same.created, same.changed, same.event.name]).toEqual([false, false, 'From Title']);
    const renamed = await syncImportedEvent(db, 'imported', { name: 'Imported 2026' }, defaults, fields);
    expect([renamed.created, renamed.changed]).toEqual([false, true]);
    expect(renamed.event).toMatchObject({ name: 'Imported 2026', startsOn: '2026-05-01', timezone: 'UTC' });
    await expect(syncImportedEvent(db, 'orga', {}, defaults, fields)).rejects.toThrow(
      new InvalidInputError('"orga" is reserved by Lectern; choose another slug', '--event'),
    );
  });

  it('reads CFP times in the time zone being saved, so a changed zone moves the instants', async () => {
    const { db, organiser, home } = await setUp();
    const berlin = await updateEventSettings(db, organiser, home, settingsOf({ cfpClosesAt: '2026-03-01T12:00' }));
    expect(berlin.cfpClosesAt!.toISOString()).toBe('2026-03-01T11:00:00.000Z');
    const tokyo = await updateEventSettings(
      db,
      organiser,
      berlin,
      settingsOf({ timezone: 'Asia/Tokyo', cfpClosesAt: '2026-03-01T12:00' }),
    );
    expect(tokyo.cfpClosesAt!.toISOString()).toBe('2026-03-01T03:00:00.000Z');
    expect(getEventSettings(organiser, tokyo)).toMatchObject({
      timezone: 'Asia/Tokyo',
      cfpOpensAt: '',
      cfpClosesAt: '2026-03-01T12:00',
    });
  });

  it('refuses settings to a reviewer of the event and to the organiser of another', async () => {
    const { db, reviewer, home } = await setUp();
    const [other] = await db.insert(events).values({ slug: 'other', name: 'Other' }).returning();
    const stranger = await createUser(db, { email: 'stranger@example.com' });
    await addToTeam(db, 'other', stranger.id, 'organiser');
    const strangerActor = (await loadActor(db, stranger.id))!;
    await expect(updateEventSettings(db, reviewer, home, settingsOf({ name: 'Mine' }))).rejects.toThrow(ForbiddenError);
    await expect(updateEventSettings(db, strangerActor, home, settingsOf({ name: 'Mine' }))).rejects.toThrow(
      ForbiddenError,
    );
    expect(() => getEventSettings(strangerActor, home)).toThrow(ForbiddenError);
    expect(getEventSettings(strangerActor, other!).slug).toBe('other');
    const [unchanged] = await db.select().from(events).where(eq(events.id, home.id));
    expect(unchanged!.name).toBe('Home 2026');
  });

  it('wants a first day when a last day is given', async () => {
    const { db, organiser, home } = await setUp();
    await expect(updateEventSettings(db, organiser, home, settingsOf({ endsOn: '2026-09-01' }))).rejects.toThrow(
      new InvalidInputError('set the first day too, or clear the last day', 'startsOn'),
    );
  });
});
