import { asc, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../src/db/client.js';
import { eventDays, events, rooms, scheduleSlots, talks } from '../../src/db/schema.js';
import { releaseScheduleWithin, type ReleaseSummary } from '../../src/modules/schedule/index.js';

/**
 * Schedules written straight to the database, for tests that need a released schedule
 * without going through the editor. Times are local to the event's zone.
 */

export interface RoomTraits {
  name: string;
  capacity?: number | null;
}

export async function createRooms(db: Database, eventId: number, list: RoomTraits[]): Promise<number[]> {
  const rows = await db
    .insert(rooms)
    .values(
      list.map((room, i) => ({
        eventId,
        slug:
          room.name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, '') || `room-${i + 1}`,
        name: room.name,
        capacity: room.capacity ?? null,
        position: i + 1,
      })),
    )
    .returning({ id: rooms.id });
  return rows.map((r) => r.id);
}

/** Days from `from` local time to `to` local time (to may be after midnight: "26:00" is 2 am next day). */
export async function createDays(
  db: Database,
  eventId: number,
  zone: string,
  dates: string[],
  from = '09:00',
  to = '18:00',
): Promise<void> {
  await db.insert(eventDays).values(
    dates.map((date) => ({
      eventId,
      date,
      startsAt: localTime(date, from, zone),
      endsAt: localTime(date, to, zone),
    })),
  );
}

/**
 * "2026-11-01" + "26:30" in zone → the UTC instant of that wall-clock time (hours past 24 run
 * into the next day). Wall-clock, not hours since midnight: on a day the clocks change, "09:00"
 * is still nine in the morning.
 */
export function localTime(date: string, time: string, zone: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return DateTime.fromISO(date, { zone })
    .plus({ days: Math.floor(hours / 24) })
    .set({ hour: hours % 24, minute: minutes })
    .toJSDate();
}

export interface ScheduleOptions {
  eventSlug: string;
  /** Defaults to the event's zone. */
  zone?: string;
  dates: string[];
  rooms?: RoomTraits[];
  /** Minutes per talk and gap between talks. */
  talkMinutes?: number;
  gapMinutes?: number;
  /** Also a lunch break across every room on each day at 12:00–13:00. */
  lunch?: boolean;
  version?: string;
  comment?: string;
}

/**
 * Places every confirmed talk of the event, in program order, room by room from 09:00 on each
 * date, skipping the lunch hour when asked, then releases the schedule.
 */
export async function scheduleAndRelease(db: Database, options: ScheduleOptions): Promise<ReleaseSummary> {
  const [event] = await db.select().from(events).where(eq(events.slug, options.eventSlug));
  if (!event) throw new Error(`no event ${options.eventSlug}`);
  const zone = options.zone ?? event.timezone;
  const roomIds = await createRooms(
    db,
    event.id,
    options.rooms ?? [
      { name: 'Main Hall', capacity: 400 },
      { name: 'Room 2', capacity: 80 },
    ],
  );
  await createDays(db, event.id, zone, options.dates);
  const talkMinutes = options.talkMinutes ?? 30;
  const gap = options.gapMinutes ?? 10;
  const program = await db
    .select({ id: talks.id })
    .from(talks)
    .where(eq(talks.eventId, event.id))
    .orderBy(asc(talks.position), asc(talks.id));
  const confirmed = (
    await db.select({ id: talks.id, state: talks.state }).from(talks).where(eq(talks.eventId, event.id))
  )
    .filter((t) => t.state === 'confirmed')
    .map((t) => t.id);
  const placeable = program.filter((t) => confirmed.includes(t.id));
  let index = 0;
  for (const date of options.dates) {
    if (options.lunch) {
      await db.insert(scheduleSlots).values({
        eventId: event.id,
        kind: 'break',
        title: 'Lunch',
        roomId: null,
        startsAt: localTime(date, '12:00', zone),
        endsAt: localTime(date, '13:00', zone),
      });
    }
    for (const roomId of roomIds) {
      let minute = 9 * 60;
      while (index < placeable.length && minute + talkMinutes <= 18 * 60) {
        if (options.lunch && minute < 13 * 60 && minute + talkMinutes > 12 * 60) {
          minute = 13 * 60;
          continue;
        }
        const start = localTime(date, `${Math.floor(minute / 60)}:${minute % 60}`, zone);
        await db.insert(scheduleSlots).values({
          eventId: event.id,
          kind: 'talk',
          talkId: placeable[index]!.id,
          roomId,
          startsAt: start,
          endsAt: new Date(start.getTime() + talkMinutes * 60_000),
        });
        index++;
        minute += talkMinutes + gap;
      }
    }
  }
  if (index < placeable.length) throw new Error(`only ${index} of ${placeable.length} talks fit the given days`);
  return db.transaction((tx) =>
    releaseScheduleWithin(tx, event, { version: options.version, comment: options.comment }, null),
  );
}
