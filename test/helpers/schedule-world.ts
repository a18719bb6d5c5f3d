import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import {
  eventDays,
  events,
  scheduleSlots,
  speakerAvailability,
  speakers,
  type TalkState,
} from '../../src/db/schema.js';
import { loadActor, type Actor } from '../../src/modules/accounts/index.js';
import { dayWindow, localInstant, type ScheduleEvent } from '../../src/modules/schedule/days.js';
import { testDatabase } from './database.js';
import { createProposal } from './proposals.js';
import { createRooms } from './schedule.js';
import { addToTeam, createUser } from './site.js';

/**
 * The schedule module's test world (used by its *.test.ts files only): an event in
 * America/Los_Angeles with two days, two rooms, its organiser, a reviewer, and talks on the
 * program whose speakers the tests arrange to clash.
 */

export const ZONE = 'America/Los_Angeles';

export interface ScheduleWorld {
  db: Database;
  event: ScheduleEvent & { id: number };
  organiser: Actor;
  reviewer: Actor;
  /** Organiser of another event only. */
  stranger: Actor;
  rooms: { hall: number; small: number };
  /** Codes of confirmed talks: Engines (Ada), Compilers (Grace), Looms (Ada and Grace); Drafts is only submitted. */
  talks: { engines: string; compilers: string; looms: string; drafts: string };
  speakers: { ada: number; grace: number };
}

export async function scheduleWorld(options: { days?: string[]; durations?: number[] } = {}): Promise<ScheduleWorld> {
  const { db } = await testDatabase();
  const [row] = await db
    .insert(events)
    .values({
      slug: 'conf',
      name: 'Conf 2026',
      timezone: ZONE,
      startsOn: '2026-10-31',
      endsOn: '2026-11-01',
      durations: options.durations ?? [30, 45],
    })
    .returning();
  const event = row!;
  await db.insert(events).values({ slug: 'other', name: 'Other 2026', timezone: ZONE });
  const organiser = await createUser(db, { email: 'orga@example.com', name: 'Olga Organiser' });
  const reviewer = await createUser(db, { email: 'rita@example.com', name: 'Rita Reviewer' });
  const stranger = await createUser(db, { email: 'otto@example.com', name: 'Otto Other' });
  await addToTeam(db, 'conf', organiser.id, 'organiser');
  await addToTeam(db, 'conf', reviewer.id, 'reviewer');
  await addToTeam(db, 'other', stranger.id, 'organiser');
  const [hall, small] = await createRooms(db, event.id, [
    { name: 'Main Hall', capacity: 400 },
    { name: 'Room 2', capacity: 80 },
  ]);
  // Not test/helpers/schedule.ts's createDays: it counts hours from midnight, which on the day
  // clocks go back lands an hour early.
  const dates = options.days ?? ['2026-10-31', '2026-11-01'];
  if (dates.length > 0) {
    await db
      .insert(eventDays)
      .values(dates.map((date) => ({ eventId: event.id, ...dayWindow({ date, start: '09:00', end: '18:00' }, ZONE) })));
  }
  const talk = async (title: string, names: string[], state: TalkState = 'confirmed') =>
    (await createProposal(db, { eventSlug: 'conf', title, state, speakers: names.map((name) => ({ name })) })).code;
  const engines = await talk('Engines', ['Ada Lovelace']);
  const compilers = await talk('Compilers', ['Grace Hopper']);
  const looms = await talk('Looms', ['Ada Lovelace', 'Grace Hopper']);
  const drafts = await talk('Drafts', ['Ada Lovelace'], 'submitted');
  const [ada] = await db.select().from(speakers).where(eq(speakers.name, 'Ada Lovelace'));
  const [grace] = await db.select().from(speakers).where(eq(speakers.name, 'Grace Hopper'));
  return {
    db,
    event,
    organiser: (await loadActor(db, organiser.id))!,
    reviewer: (await loadActor(db, reviewer.id))!,
    stranger: (await loadActor(db, stranger.id))!,
    rooms: { hall: hall!, small: small! },
    talks: { engines, compilers, looms, drafts },
    speakers: { ada: ada!.id, grace: grace!.id },
  };
}

/** Every slot of the event, in a form that shows what changed. */
export async function slotRows(db: Database, eventId: number): Promise<string[]> {
  const rows = await db.select().from(scheduleSlots).where(eq(scheduleSlots.eventId, eventId));
  return rows
    .map(
      (slot) =>
        `${slot.kind} ${slot.talkId ?? slot.title} room=${slot.roomId} ${slot.startsAt.toISOString()}–${slot.endsAt.toISOString()}`,
    )
    .sort();
}

export async function stateAvailability(db: Database, speakerId: number, windows: [Date, Date][]): Promise<void> {
  await db.insert(speakerAvailability).values(windows.map(([startsAt, endsAt]) => ({ speakerId, startsAt, endsAt })));
}

/** "2026-11-01", "09:00" in the world's zone → the instant. */
export function at(date: string, time: string): Date {
  return localInstant(`${date}T${time}`, ZONE, 'test');
}
