import { and, asc, eq, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../db/client.js';
import { eventDays, roomClosures, rooms, timeSlots } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { formatTime, loadDays, localInstant, lockEvent, type DayItem, type ScheduleEvent } from './days.js';
import { requireScheduleOrganiser } from './policy.js';

/**
 * Slot templates: each day's time slots (the start times and lengths talks are given; the gaps
 * between them are the breaks), typed once as local times and copied to other days, and the time
 * slots in which a room cannot be used. The solver places talks in them.
 */

/** One time slot as typed: local wall times, HH:MM (an end at or before the start is the next day). */
export interface TimeSlotInput {
  start: string;
  end: string;
}

export interface TimeSlotItem {
  id: number;
  dayId: number;
  /** The day's date, YYYY-MM-DD. */
  date: string;
  /** Its place in its day: 0, 1, … in time order. */
  index: number;
  startsAt: Date;
  endsAt: Date;
  /** HH:MM local. */
  start: string;
  end: string;
  durationMinutes: number;
  /** Rooms that cannot be used in it. */
  closedRoomIds: number[];
}

/** A day of 24 hours in 5-minute slots is 288; more is a typo. */
export const MAX_TIME_SLOTS_PER_DAY = 288;
const LINE = /^(\d{1,2}):(\d{2})\s*(?:[-–]\s*(\d{1,2}):(\d{2})|\s+(\d{1,3})\s*(?:min)?)$/;

/**
 * A slot template typed one time slot per line, "09:00-09:30" or "09:00 30" (a start and minutes);
 * empty lines and lines starting with # are skipped. A bad line is named by its number.
 */
export function parseSlotTemplate(text: string, field = 'slots'): TimeSlotInput[] {
  const slots: TimeSlotInput[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = LINE.exec(line);
    const fail = (problem: string): never => {
      throw new InvalidInputError(`line ${i + 1} ("${line.slice(0, 40)}"): ${problem}`, field);
    };
    if (!match) return fail('expected a start and an end, 09:00-09:30, or a start and minutes, 09:00 30');
    const [h1, m1] = [Number(match[1]), Number(match[2])];
    if (h1 > 23 || m1 > 59) return fail(`${match[1]}:${match[2]} is not a time of day`);
    const start = `${String(h1).padStart(2, '0')}:${match[2]}`;
    let end: string;
    if (match[5] !== undefined) {
      const minutes = Number(match[5]);
      if (minutes < 5 || minutes > 24 * 60) return fail('a time slot lasts from 5 minutes to a day');
      const total = (h1 * 60 + m1 + minutes) % (24 * 60);
      end = `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
    } else {
      const [h2, m2] = [Number(match[3]), Number(match[4])];
      if (h2 > 23 || m2 > 59) return fail(`${match[3]}:${match[4]} is not a time of day`);
      end = `${String(h2).padStart(2, '0')}:${match[4]}`;
    }
    if (end === start) return fail('the end must differ from the start');
    slots.push({ start, end });
  });
  return slots;
}

/** "09:00-09:30" per line: what `parseSlotTemplate` reads back. */
export function formatSlotTemplate(slots: readonly { start: string; end: string }[]): string {
  return slots.map((slot) => `${slot.start}-${slot.end}`).join('\n');
}

/**
 * The typed slots on a day as instants. A time before the day's start is on the next calendar
 * day (a day running past midnight); every slot must lie within the day's window and none may
 * overlap another.
 */
export function timeSlotWindows(
  day: DayItem,
  slots: readonly TimeSlotInput[],
  zone: string,
  field = 'slots',
): { startsAt: Date; endsAt: Date }[] {
  if (slots.length > MAX_TIME_SLOTS_PER_DAY) {
    throw new InvalidInputError(`a day has at most ${MAX_TIME_SLOTS_PER_DAY} time slots (this has ${slots.length})`, field);
  }
  const nextDate = DateTime.fromISO(day.date).plus({ days: 1 }).toISODate()!;
  const dayStart = formatTime(day.startsAt, zone).slice(0, 5);
  const at = (time: string, after?: Date): Date => {
    let instant = localInstant(`${time < dayStart ? nextDate : day.date}T${time}`, zone, field);
    if (after && instant <= after) instant = localInstant(`${nextDate}T${time}`, zone, field);
    return instant;
  };
  const windows = slots.map((slot) => {
    const startsAt = at(slot.start);
    const endsAt = at(slot.end, startsAt);
    if (startsAt < day.startsAt || endsAt > day.endsAt) {
      throw new InvalidInputError(
        `${slot.start}–${slot.end} is outside the day ${day.label} ${day.start}–${day.end}`,
        field,
      );
    }
    return { startsAt, endsAt, label: `${slot.start}–${slot.end}` };
  });
  const sorted = [...windows].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.startsAt < sorted[i - 1]!.endsAt) {
      throw new InvalidInputError(`${sorted[i]!.label} overlaps ${sorted[i - 1]!.label}`, field);
    }
  }
  return sorted.map(({ startsAt, endsAt }) => ({ startsAt, endsAt }));
}

/** The event's time slots in time order, with their rooms' closures (no policy check). */
export async function loadTimeSlots(db: Database, eventId: number, zone: string): Promise<TimeSlotItem[]> {
  const rows = await db
    .select({
      id: timeSlots.id,
      dayId: timeSlots.dayId,
      date: eventDays.date,
      startsAt: timeSlots.startsAt,
      endsAt: timeSlots.endsAt,
    })
    .from(timeSlots)
    .innerJoin(eventDays, eq(eventDays.id, timeSlots.dayId))
    .where(eq(timeSlots.eventId, eventId))
    .orderBy(asc(timeSlots.startsAt));
  const closures =
    rows.length === 0
      ? []
      : await db
          .select({ roomId: roomClosures.roomId, timeSlotId: roomClosures.timeSlotId })
          .from(roomClosures)
          .innerJoin(timeSlots, eq(timeSlots.id, roomClosures.timeSlotId))
          .where(eq(timeSlots.eventId, eventId))
          .orderBy(asc(roomClosures.roomId));
  const closed = new Map<number, number[]>();
  for (const closure of closures) {
    const list = closed.get(closure.timeSlotId) ?? [];
    list.push(closure.roomId);
    closed.set(closure.timeSlotId, list);
  }
  const indices = new Map<number, number>();
  return rows.map((row) => {
    const index = indices.get(row.dayId) ?? 0;
    indices.set(row.dayId, index + 1);
    return {
      ...row,
      index,
      start: formatTime(row.startsAt, zone),
      end: formatTime(row.endsAt, zone),
      durationMinutes: Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 60_000),
      closedRoomIds: closed.get(row.id) ?? [],
    };
  });
}

export async function listTimeSlots(db: Database, actor: Actor | undefined, event: ScheduleEvent): Promise<TimeSlotItem[]> {
  requireScheduleOrganiser(actor, event);
  return loadTimeSlots(db, event.id, event.timezone);
}

async function requireDay(db: Database, event: ScheduleEvent, dayId: number, field?: string): Promise<DayItem> {
  const day = (await loadDays(db, event.id, event.timezone)).find((item) => item.id === dayId);
  if (!day) {
    if (field) throw new InvalidInputError('names no day of this event', field);
    throw new NotFoundError(`${event.name} has no such day.`);
  }
  return day;
}

/**
 * Replaces a day's time slots with these. A time slot kept at the same start and end keeps its
 * identity and so its rooms' closures; the others go, with theirs.
 */
export async function setDayTimeSlots(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  dayId: number,
  slots: readonly TimeSlotInput[],
): Promise<TimeSlotItem[]> {
  requireScheduleOrganiser(actor, event);
  await db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const day = await requireDay(tx, event, dayId);
    await replaceDaySlots(tx, event, day, timeSlotWindows(day, slots, event.timezone));
  });
  return (await loadTimeSlots(db, event.id, event.timezone)).filter((slot) => slot.dayId === dayId);
}

async function replaceDaySlots(
  tx: Database,
  event: ScheduleEvent,
  day: DayItem,
  windows: { startsAt: Date; endsAt: Date }[],
): Promise<void> {
  const existing = await tx
    .select({ id: timeSlots.id, startsAt: timeSlots.startsAt, endsAt: timeSlots.endsAt })
    .from(timeSlots)
    .where(eq(timeSlots.dayId, day.id));
  const key = (w: { startsAt: Date; endsAt: Date }): string => `${w.startsAt.getTime()}/${w.endsAt.getTime()}`;
  const wanted = new Set(windows.map(key));
  const have = new Set(existing.map(key));
  const gone = existing.filter((slot) => !wanted.has(key(slot))).map((slot) => slot.id);
  if (gone.length > 0) await tx.delete(timeSlots).where(inArray(timeSlots.id, gone));
  const added = windows.filter((w) => !have.has(key(w)));
  if (added.length > 0) {
    await tx.insert(timeSlots).values(added.map((w) => ({ eventId: event.id, dayId: day.id, ...w })));
  }
}

/**
 * Copies a day's slot template to other days: the same local times on each (a day whose window
 * cannot hold them is named in the refusal, and no day changes). Rooms' closures are not copied.
 */
export async function copyDayTimeSlots(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  fromDayId: number,
  toDayIds: readonly number[],
): Promise<void> {
  requireScheduleOrganiser(actor, event);
  if (toDayIds.length === 0) throw new InvalidInputError('choose at least one day to copy to', 'to');
  await db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const from = await requireDay(tx, event, fromDayId);
    const template = (await loadTimeSlots(tx, event.id, event.timezone))
      .filter((slot) => slot.dayId === from.id)
      .map((slot) => ({ start: slot.start.slice(0, 5), end: slot.end.slice(0, 5) }));
    if (template.length === 0) throw new InvalidInputError(`${from.label} has no time slots to copy`, 'from');
    for (const toDayId of toDayIds) {
      if (toDayId === from.id) continue;
      const day = await requireDay(tx, event, toDayId, 'to');
      await replaceDaySlots(tx, event, day, timeSlotWindows(day, template, event.timezone, 'to'));
    }
  });
}

/** The time slots in which the room cannot be used, replacing those set before. */
export async function setRoomClosures(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  roomId: number,
  timeSlotIds: readonly number[],
): Promise<void> {
  requireScheduleOrganiser(actor, event);
  await db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const [room] = await tx
      .select({ id: rooms.id })
      .from(rooms)
      .where(and(eq(rooms.id, roomId), eq(rooms.eventId, event.id)));
    if (!room) throw new NotFoundError(`${event.name} has no such room.`);
    const unique = [...new Set(timeSlotIds)];
    if (unique.length > 0) {
      const known = await tx
        .select({ id: timeSlots.id })
        .from(timeSlots)
        .where(and(eq(timeSlots.eventId, event.id), inArray(timeSlots.id, unique)));
      if (known.length !== unique.length) {
        const ids = new Set(known.map((row) => row.id));
        const unknown = unique.find((id) => !ids.has(id));
        throw new InvalidInputError(`names no time slot of this event (${unknown})`, 'closed');
      }
    }
    await tx.delete(roomClosures).where(eq(roomClosures.roomId, room.id));
    if (unique.length > 0) {
      await tx.insert(roomClosures).values(unique.map((timeSlotId) => ({ roomId: room.id, timeSlotId })));
    }
  });
}
