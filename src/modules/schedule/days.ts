import { and, asc, eq, gt, lt, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../db/client.js';
import { eventDays, events, scheduleSlots, talks, timeSlots } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { parseIsoDateTime } from '../../shared/time.js';
import type { Actor } from '../accounts/index.js';
import { requireScheduleOrganiser } from './policy.js';

/**
 * The days of an event's schedule: each a date and the window, in the event's zone, that talks
 * may be placed in. Organisers type local times; the window is stored as UTC instants, so a day
 * may run past midnight (10:00 to 02:00) and a day across a change of clocks keeps its length.
 */

/** What the schedule's functions need of an event. */
export interface ScheduleEvent {
  id: number;
  slug: string;
  name: string;
  /** IANA zone: times are typed and shown in it. */
  timezone: string;
  /** Talk lengths in minutes; the first is the default. */
  durations: number[];
  startsOn: string | null;
  endsOn: string | null;
}

export interface DayItem {
  id: number;
  /** YYYY-MM-DD in the event's zone. */
  date: string;
  startsAt: Date;
  endsAt: Date;
  /** HH:MM local. */
  start: string;
  end: string;
  /** The window ends on the next calendar day (after midnight). */
  endsNextDay: boolean;
  /** "Sat 20 Aug 2016". */
  label: string;
}

export interface DayInput {
  date: string;
  /** HH:MM, local. */
  start: string;
  /** HH:MM, local; at or before `start` means the next day (a day running past midnight). */
  end: string;
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A longer event is a typo (or not a conference): creating its days one by one is still possible. */
const MAX_DAYS_FROM_DATES = 31;
const DEFAULT_DAY = { start: '09:00', end: '18:00' };

/**
 * "2026-11-01T01:30" typed in `zone` → the instant. A wall time that happens twice (clocks go
 * back) means its first occurrence, and one that never happens (clocks go forward) is read with
 * the offset before the gap: RFC 5545's rules, so that the editor and the iCalendar export agree.
 * An explicit offset ("…T01:30-08:00") picks the occurrence.
 */
export function localInstant(value: string, zone: string, field: string): Date {
  const trimmed = value.trim();
  const match = LOCAL_DATE_TIME.exec(trimmed);
  if (!match || Number(match[2]) > 23) {
    throw new InvalidInputError(
      trimmed === '' ? 'give a date and time' : `"${value}" is not a date and time (expected YYYY-MM-DDTHH:MM)`,
      field,
    );
  }
  const parsed = parseIsoDateTime(value, zone, field);
  if (match[4]) return parsed.toJSDate();
  const candidates = parsed.getPossibleOffsets();
  if (candidates.length === 0) return parsed.toJSDate();
  return new Date(Math.min(...candidates.map((candidate) => candidate.toMillis())));
}

/** The instant as a datetime-local value in the zone: "2016-08-20T09:00". */
export function localValue(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** Whether the wall time of the instant also names another instant (the hour clocks go back). */
export function isAmbiguousLocalTime(instant: Date, zone: string): boolean {
  return DateTime.fromJSDate(instant, { zone }).getPossibleOffsets().length > 1;
}

/** "10:15"; in the hour clocks go back, which of the two: "01:30 PDT". */
export function formatTime(instant: Date, zone: string): string {
  const local = DateTime.fromJSDate(instant, { zone });
  return local.getPossibleOffsets().length > 1 ? local.toFormat('HH:mm ZZZZ') : local.toFormat('HH:mm');
}

export function formatDay(instant: Date | string, zone: string): string {
  const at = typeof instant === 'string' ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  return at.toFormat('ccc d LLL yyyy');
}

/** "Sat 20 Aug 2016 10:00–10:30", or both dates when the range crosses midnight. */
export function formatRange(start: Date, end: Date, zone: string): string {
  const from = DateTime.fromJSDate(start, { zone });
  const to = DateTime.fromJSDate(end, { zone });
  const day = (at: DateTime) => at.toFormat('ccc d LLL yyyy');
  return from.toISODate() === to.toISODate()
    ? `${day(from)} ${formatTime(start, zone)}–${formatTime(end, zone)}`
    : `${day(from)} ${formatTime(start, zone)} – ${day(to)} ${formatTime(end, zone)}`;
}

function requireDate(value: string, field = 'date'): string {
  const trimmed = value.trim();
  if (!ISO_DATE.test(trimmed) || !DateTime.fromISO(trimmed).isValid) {
    throw new InvalidInputError(
      trimmed === '' ? 'give the date' : `"${value}" is not a date (expected YYYY-MM-DD)`,
      field,
    );
  }
  return trimmed;
}

function requireTime(value: string, field: string): string {
  const trimmed = value.trim();
  const match = LOCAL_TIME.exec(trimmed);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    throw new InvalidInputError(
      trimmed === '' ? 'give a time' : `"${value}" is not a time of day (expected HH:MM, 24-hour)`,
      field,
    );
  }
  return trimmed;
}

/** The day's window as instants: an end at or before the start is on the next day. */
export function dayWindow(input: DayInput, zone: string): { date: string; startsAt: Date; endsAt: Date } {
  const date = requireDate(input.date);
  const start = requireTime(input.start, 'start');
  const end = requireTime(input.end, 'end');
  if (start === end) throw new InvalidInputError('must differ from the start: a day needs some time', 'end');
  const startsAt = localInstant(`${date}T${start}`, zone, 'start');
  const endDate = end < start ? DateTime.fromISO(date).plus({ days: 1 }).toISODate()! : date;
  const endsAt = localInstant(`${endDate}T${end}`, zone, 'end');
  return { date, startsAt, endsAt };
}

export function toDayItem(row: { id: number; date: string; startsAt: Date; endsAt: Date }, zone: string): DayItem {
  const endDate = DateTime.fromJSDate(row.endsAt, { zone }).toISODate();
  return {
    id: row.id,
    date: row.date,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    start: formatTime(row.startsAt, zone),
    end: formatTime(row.endsAt, zone),
    endsNextDay: endDate !== null && endDate > row.date,
    label: formatDay(row.date, zone),
  };
}

/** "Sat 20 Aug 2016 09:00–18:00". */
export function dayLabel(day: DayItem): string {
  return `${day.label} ${day.start}–${day.end}${day.endsNextDay ? ' (next day)' : ''}`;
}

/** The event's days in time order (no policy check: for the schedule's own functions). */
export async function loadDays(db: Database, eventId: number, zone: string): Promise<DayItem[]> {
  const rows = await db
    .select({ id: eventDays.id, date: eventDays.date, startsAt: eventDays.startsAt, endsAt: eventDays.endsAt })
    .from(eventDays)
    .where(eq(eventDays.eventId, eventId))
    .orderBy(asc(eventDays.startsAt));
  return rows.map((row) => toDayItem(row, zone));
}

export async function listDays(db: Database, actor: Actor | undefined, event: ScheduleEvent): Promise<DayItem[]> {
  requireScheduleOrganiser(actor, event);
  return loadDays(db, event.id, event.timezone);
}

export async function getDay(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  dayId: number,
): Promise<DayItem> {
  const day = (await listDays(db, actor, event)).find((item) => item.id === dayId);
  if (!day) throw new NotFoundError(`${event.name} has no such day.`);
  return day;
}

/** One day of the schedule at a time per event: the same row lock as placing talks takes. */
export async function lockEvent(tx: Database, event: { id: number; slug: string }): Promise<void> {
  const [locked] = await tx.select({ id: events.id }).from(events).where(eq(events.id, event.id)).for('update');
  if (!locked) throw new NotFoundError(`There is no event "${event.slug}".`);
}

async function requireFreeWindow(
  tx: Database,
  event: ScheduleEvent,
  window: { date: string; startsAt: Date; endsAt: Date },
  exceptId?: number,
): Promise<void> {
  const others = (await loadDays(tx, event.id, event.timezone)).filter((day) => day.id !== exceptId);
  const sameDate = others.find((day) => day.date === window.date);
  if (sameDate) throw new InvalidInputError(`there is already a day on ${window.date}`, 'date');
  const overlap = others.find((day) => day.startsAt < window.endsAt && window.startsAt < day.endsAt);
  if (overlap) throw new InvalidInputError(`overlaps the day ${dayLabel(overlap)}`, 'start');
}

/**
 * Slots of the event that no day holds: a change of days that would leave any talk, break or
 * block outside the event is refused, naming what is in the way.
 */
async function requireEverySlotInsideDays(tx: Database, event: ScheduleEvent, what: string): Promise<void> {
  const days = await loadDays(tx, event.id, event.timezone);
  const slots = await tx
    .select({
      kind: scheduleSlots.kind,
      title: scheduleSlots.title,
      talkTitle: talks.title,
      startsAt: scheduleSlots.startsAt,
      endsAt: scheduleSlots.endsAt,
    })
    .from(scheduleSlots)
    .leftJoin(talks, eq(talks.id, scheduleSlots.talkId))
    .where(eq(scheduleSlots.eventId, event.id))
    .orderBy(asc(scheduleSlots.startsAt));
  const outside = slots.filter(
    (slot) => !days.some((day) => day.startsAt <= slot.startsAt && slot.endsAt <= day.endsAt),
  );
  if (outside.length === 0) return;
  const first = outside[0]!;
  const name = first.kind === 'talk' ? `"${first.talkTitle}"` : `the ${first.kind} "${first.title}"`;
  const more = outside.length > 1 ? ` and ${outside.length - 1} more` : '';
  throw new InvalidInputError(
    `${what} would leave ${name} (${formatRange(first.startsAt, first.endsAt, event.timezone)})${more} outside the event's days: move or unschedule ${outside.length > 1 ? 'them' : 'it'} first`,
  );
}

/**
 * A day's time slots stay where they are when its window changes: one the new window does not
 * hold is refused, naming it, so that the day's slot template is changed first.
 */
async function requireTimeSlotsInsideDay(tx: Database, event: ScheduleEvent, day: DayItem): Promise<void> {
  const outside = await tx
    .select({ startsAt: timeSlots.startsAt, endsAt: timeSlots.endsAt })
    .from(timeSlots)
    .where(and(eq(timeSlots.dayId, day.id), or(lt(timeSlots.startsAt, day.startsAt), gt(timeSlots.endsAt, day.endsAt))))
    .orderBy(asc(timeSlots.startsAt));
  if (outside.length === 0) return;
  const first = outside[0]!;
  const more = outside.length > 1 ? ` and ${outside.length - 1} more` : '';
  throw new InvalidInputError(
    `This change would leave the time slot ${formatRange(first.startsAt, first.endsAt, event.timezone)}${more} outside the day: change the day's time slots first`,
  );
}

export async function addDay(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  input: DayInput,
): Promise<DayItem> {
  requireScheduleOrganiser(actor, event);
  const window = dayWindow(input, event.timezone);
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    await requireFreeWindow(tx, event, window);
    const [row] = await tx
      .insert(eventDays)
      .values({ eventId: event.id, ...window })
      .returning({ id: eventDays.id, date: eventDays.date, startsAt: eventDays.startsAt, endsAt: eventDays.endsAt });
    return toDayItem(row!, event.timezone);
  });
}

/** A new date or window; refused while that would leave something placed outside every day. */
export async function updateDay(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  dayId: number,
  input: DayInput,
): Promise<DayItem> {
  requireScheduleOrganiser(actor, event);
  const window = dayWindow(input, event.timezone);
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const [existing] = await tx
      .select({ id: eventDays.id })
      .from(eventDays)
      .where(and(eq(eventDays.id, dayId), eq(eventDays.eventId, event.id)));
    if (!existing) throw new NotFoundError(`${event.name} has no such day.`);
    await requireFreeWindow(tx, event, window, dayId);
    const [row] = await tx
      .update(eventDays)
      .set(window)
      .where(eq(eventDays.id, dayId))
      .returning({ id: eventDays.id, date: eventDays.date, startsAt: eventDays.startsAt, endsAt: eventDays.endsAt });
    await requireEverySlotInsideDays(tx, event, 'This change');
    const day = toDayItem(row!, event.timezone);
    await requireTimeSlotsInsideDay(tx, event, day);
    return day;
  });
}

/** Removes a day; refused while talks, breaks or blocks are placed in it (say which, to move first). */
export async function removeDay(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  dayId: number,
): Promise<DayItem> {
  requireScheduleOrganiser(actor, event);
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const [row] = await tx
      .delete(eventDays)
      .where(and(eq(eventDays.id, dayId), eq(eventDays.eventId, event.id)))
      .returning({ id: eventDays.id, date: eventDays.date, startsAt: eventDays.startsAt, endsAt: eventDays.endsAt });
    if (!row) throw new NotFoundError(`${event.name} has no such day.`);
    await requireEverySlotInsideDays(tx, event, `Removing ${row.date}`);
    return toDayItem(row, event.timezone);
  });
}

/**
 * Creates a day (09:00–18:00) for each date from the event's first to its last day that has
 * none yet: the quick start when the settings already hold the dates.
 */
export async function createDaysFromEventDates(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
): Promise<DayItem[]> {
  requireScheduleOrganiser(actor, event);
  if (!event.startsOn || !event.endsOn) {
    throw new InvalidInputError(`set ${event.name}'s first and last days in its settings first`);
  }
  const first = DateTime.fromISO(event.startsOn);
  const count = DateTime.fromISO(event.endsOn).diff(first, 'days').days + 1;
  if (count < 1)
    throw new InvalidInputError(`the event's last day (${event.endsOn}) is before its first (${event.startsOn})`);
  if (count > MAX_DAYS_FROM_DATES) {
    throw new InvalidInputError(
      `the event runs ${count} days; add its days one by one (at most ${MAX_DAYS_FROM_DATES} are made at once)`,
    );
  }
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const existing = new Set((await loadDays(tx, event.id, event.timezone)).map((day) => day.date));
    const created: DayItem[] = [];
    for (let i = 0; i < count; i++) {
      const date = first.plus({ days: i }).toISODate()!;
      if (existing.has(date)) continue;
      const window = dayWindow({ date, ...DEFAULT_DAY }, event.timezone);
      await requireFreeWindow(tx, event, window);
      const [row] = await tx
        .insert(eventDays)
        .values({ eventId: event.id, ...window })
        .returning({ id: eventDays.id, date: eventDays.date, startsAt: eventDays.startsAt, endsAt: eventDays.endsAt });
      created.push(toDayItem(row!, event.timezone));
    }
    if (created.length === 0) {
      throw new InvalidInputError(`every date from ${event.startsOn} to ${event.endsOn} has its day already`);
    }
    return created;
  });
}

/** How many slots each day holds (talks, breaks, blocks), for the days' list. */
export async function countSlotsByDay(db: Database, event: ScheduleEvent): Promise<Map<number, number>> {
  const rows = await db
    .select({ dayId: eventDays.id, n: sql<number>`count(${scheduleSlots.id})::int` })
    .from(eventDays)
    .leftJoin(
      scheduleSlots,
      and(
        eq(scheduleSlots.eventId, eventDays.eventId),
        lt(scheduleSlots.startsAt, eventDays.endsAt),
        gt(scheduleSlots.endsAt, eventDays.startsAt),
      ),
    )
    .where(eq(eventDays.eventId, event.id))
    .groupBy(eventDays.id);
  return new Map(rows.map((row) => [row.dayId, row.n]));
}
