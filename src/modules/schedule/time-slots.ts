import { and, asc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../db/client.js';
import { eventDays, roomClosures, rooms, scheduleSlots, timeSlots } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { requireFreeRoom } from './conflicts.js';
import { formatTime, loadDays, localInstant, lockEvent, type DayItem, type ScheduleEvent } from './days.js';
import { requireScheduleOrganiser } from './policy.js';

/**
 * Slot templates: each day's time slots (the start times and lengths talks are given; the gaps
 * between them are the breaks, and a gap may be a **named break**, a break across every room such
 * as lunch), typed once as local wall times and copied to other days, and the time slots in which
 * a room cannot be used. The solver places talks in the time slots.
 */

/**
 * One line of a slot template as typed: local wall times, HH:MM (an end at or before the start
 * is the next day). With a title it is a named break, not a time slot.
 */
export interface TimeSlotInput {
  start: string;
  end: string;
  title?: string;
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
  /** HH:MM local (in the hour clocks go back, which of the two: "01:30 PDT"). */
  start: string;
  end: string;
  durationMinutes: number;
  /** Rooms that cannot be used in it. */
  closedRoomIds: number[];
}

/** A break across every room on a day, which the day's slot template names. */
export interface NamedBreakItem {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** HH:MM local, as `TimeSlotItem`'s. */
  start: string;
  end: string;
}

/** A day with its slot template: its time slots, its named breaks and the template's text. */
export interface SlotTemplateDay {
  day: DayItem;
  timeSlots: TimeSlotItem[];
  breaks: NamedBreakItem[];
  /** The template as typed, one line per time slot or named break in time order (`formatSlotTemplate`). */
  text: string;
}

/** A day of 24 hours in 5-minute slots is 288; more is a typo. */
export const MAX_TIME_SLOTS_PER_DAY = 288;
/** A named break's title is a break's title: at most as long as `placements.ts` allows. */
const MAX_BREAK_TITLE = 200;
const LINE = /^(\d{1,2}):(\d{2})(?:\s*[-–]\s*(\d{1,2}):(\d{2})|\s+(\d{1,4})(?:\s*min\b)?)(?:\s+(\S.*))?$/;

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** One line of a template, read: the time slot or named break, or what is wrong with it. */
function readLine(line: string): TimeSlotInput | { problem: string } {
  const match = LINE.exec(line);
  if (!match) return { problem: 'expected a start and an end, 09:00-09:30, or a start and minutes, 09:00 30' };
  const [h1, m1] = [Number(match[1]), Number(match[2])];
  if (h1 > 23 || m1 > 59) return { problem: `${match[1]}:${match[2]} is not a time of day` };
  const start = hhmm(h1 * 60 + m1);
  let end: string;
  if (match[5] !== undefined) {
    const minutes = Number(match[5]);
    if (minutes < 5 || minutes >= 24 * 60) return { problem: 'a time slot lasts from 5 minutes to less than a day' };
    end = hhmm((h1 * 60 + m1 + minutes) % (24 * 60));
  } else {
    const [h2, m2] = [Number(match[3]), Number(match[4])];
    if (h2 > 23 || m2 > 59) return { problem: `${match[3]}:${match[4]} is not a time of day` };
    end = hhmm(h2 * 60 + m2);
  }
  if (end === start) return { problem: 'the end must differ from the start' };
  const title = match[6]?.trim().replace(/\s+/g, ' ');
  if (title !== undefined && title.length > MAX_BREAK_TITLE) {
    return { problem: `a break's title is at most ${MAX_BREAK_TITLE} characters` };
  }
  return title === undefined ? { start, end } : { start, end, title };
}

/**
 * A slot template typed one line each, "09:00-09:30" or "09:00 30" (a start and minutes) for a
 * time slot, the same followed by a title for a named break ("12:00-13:00 Lunch"); empty lines
 * and lines starting with # are skipped. A bad line is named by its number.
 */
export function parseSlotTemplate(text: string, field = 'slots'): TimeSlotInput[] {
  const lines: TimeSlotInput[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const read = readLine(line);
    if ('problem' in read)
      throw new InvalidInputError(`line ${i + 1} ("${line.slice(0, 40)}"): ${read.problem}`, field);
    lines.push(read);
  });
  return lines;
}

/**
 * Lines given as data (the API's JSON) checked as the text's are, each named by its place:
 * `slots/2`. Titles lose their extra spaces.
 */
export function checkSlotTemplateLines(lines: readonly TimeSlotInput[], field = 'slots'): TimeSlotInput[] {
  return lines.map((line, i) => {
    const read = readLine(`${line.start.trim()}-${line.end.trim()}${line.title === undefined ? '' : ` ${line.title}`}`);
    if ('problem' in read) throw new InvalidInputError(read.problem, `${field}/${i}`);
    if (line.title !== undefined && read.title === undefined) {
      throw new InvalidInputError('a named break needs a title', `${field}/${i}`);
    }
    return read;
  });
}

/** "09:00-09:30" per time slot, "12:00-13:00 Lunch" per named break: what `parseSlotTemplate` reads back. */
export function formatSlotTemplate(lines: readonly TimeSlotInput[]): string {
  return lines.map((line) => `${line.start}-${line.end}${line.title ? ` ${line.title}` : ''}`).join('\n');
}

/** What the page's generator is asked: time slots of `minutes` from `from` until `to`, `gap` minutes apart. */
export interface SlotGeneratorInput {
  from: string;
  to: string;
  minutes: string;
  gap: string;
}

function generatorTime(value: string, field: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    throw new InvalidInputError(
      value.trim() === '' ? 'give a time' : `"${value}" is not a time of day (expected HH:MM, 24-hour)`,
      field,
    );
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

function generatorMinutes(value: string, field: string, min: number, max: number): number {
  const trimmed = value.trim();
  if (!/^\d{1,4}$/.test(trimmed) || Number(trimmed) < min || Number(trimmed) > max) {
    throw new InvalidInputError(`must be a whole number of minutes from ${min} to ${max}`, field);
  }
  return Number(trimmed);
}

/**
 * Time slots of one length, one after the other with `gap` minutes between, from `from` for as
 * many as end by `to` (at or before `from` is the next day): the page's quick way to a template.
 */
export function generateSlotTemplate(input: SlotGeneratorInput): TimeSlotInput[] {
  const from = generatorTime(input.from, 'from');
  let to = generatorTime(input.to, 'to');
  const minutes = generatorMinutes(input.minutes, 'minutes', 5, 24 * 60 - 5);
  const gap = generatorMinutes(input.gap, 'gap', 0, 24 * 60 - 5);
  if (to <= from) to += 24 * 60;
  const slots: TimeSlotInput[] = [];
  for (let start = from; start + minutes <= to && slots.length < MAX_TIME_SLOTS_PER_DAY; start += minutes + gap) {
    slots.push({ start: hhmm(start % (24 * 60)), end: hhmm((start + minutes) % (24 * 60)) });
  }
  if (slots.length === 0) {
    throw new InvalidInputError(`leaves no room for a ${minutes}-minute time slot after ${hhmm(from)}`, 'to');
  }
  return slots;
}

/** HH:MM on the wall clock, without saying which of two in the hour clocks go back (a template's time). */
function wallTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}

interface TemplateWindow {
  startsAt: Date;
  endsAt: Date;
  title: string | undefined;
}

/**
 * The typed lines on a day as instants. A time before the day's start is on the next calendar
 * day (a day running past midnight); a wall time that happens twice is its first occurrence, as
 * everywhere (`localInstant`). Every line must lie within the day's window and none may overlap
 * another (a named break is a gap between time slots).
 */
export function timeSlotWindows(
  day: DayItem,
  lines: readonly TimeSlotInput[],
  zone: string,
  field = 'slots',
): TemplateWindow[] {
  const slotCount = lines.filter((line) => line.title === undefined).length;
  if (slotCount > MAX_TIME_SLOTS_PER_DAY) {
    throw new InvalidInputError(
      `a day has at most ${MAX_TIME_SLOTS_PER_DAY} time slots (this has ${slotCount})`,
      field,
    );
  }
  const nextDate = DateTime.fromISO(day.date).plus({ days: 1 }).toISODate()!;
  const dayStart = wallTime(day.startsAt, zone);
  const at = (time: string, after?: Date): Date => {
    let instant = localInstant(`${time < dayStart ? nextDate : day.date}T${time}`, zone, field);
    if (after && instant <= after) instant = localInstant(`${nextDate}T${time}`, zone, field);
    return instant;
  };
  const windows = lines.map((line) => {
    const startsAt = at(line.start);
    const endsAt = at(line.end, startsAt);
    const label = `${line.start}–${line.end}${line.title ? ` ${line.title}` : ''}`;
    if (startsAt < day.startsAt || endsAt > day.endsAt) {
      throw new InvalidInputError(
        `${label} is outside the day ${day.label} ${day.start}–${day.end}${day.endsNextDay ? ' (next day)' : ''}`,
        field,
      );
    }
    return { startsAt, endsAt, title: line.title, label };
  });
  const sorted = [...windows].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.startsAt < sorted[i - 1]!.endsAt) {
      throw new InvalidInputError(`${sorted[i]!.label} overlaps ${sorted[i - 1]!.label}`, field);
    }
  }
  return sorted.map(({ startsAt, endsAt, title }) => ({ startsAt, endsAt, title }));
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
          .innerJoin(rooms, eq(rooms.id, roomClosures.roomId))
          .where(eq(timeSlots.eventId, eventId))
          .orderBy(asc(rooms.position), asc(rooms.id));
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

export async function listTimeSlots(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
): Promise<TimeSlotItem[]> {
  requireScheduleOrganiser(actor, event);
  return loadTimeSlots(db, event.id, event.timezone);
}

/** The breaks across every room of the event, in time order (all days' named breaks, one query). */
async function loadEventBreaks(db: Database, event: ScheduleEvent, within?: DayItem): Promise<NamedBreakItem[]> {
  const conditions = [
    eq(scheduleSlots.eventId, event.id),
    eq(scheduleSlots.kind, 'break'),
    isNull(scheduleSlots.roomId),
  ];
  if (within) conditions.push(gte(scheduleSlots.startsAt, within.startsAt), lte(scheduleSlots.endsAt, within.endsAt));
  const rows = await db
    .select({
      id: scheduleSlots.id,
      title: scheduleSlots.title,
      startsAt: scheduleSlots.startsAt,
      endsAt: scheduleSlots.endsAt,
    })
    .from(scheduleSlots)
    .where(and(...conditions))
    .orderBy(asc(scheduleSlots.startsAt), asc(scheduleSlots.id));
  return rows.map((row) => ({
    ...row,
    start: formatTime(row.startsAt, event.timezone),
    end: formatTime(row.endsAt, event.timezone),
  }));
}

/** The breaks across every room that lie within the day: the day's named breaks. */
function loadNamedBreaks(db: Database, event: ScheduleEvent, day: DayItem): Promise<NamedBreakItem[]> {
  return loadEventBreaks(db, event, day);
}

/** The day's template lines in time order: its time slots and its named breaks. */
function templateLines(event: ScheduleEvent, slots: readonly TimeSlotItem[], breaks: readonly NamedBreakItem[]) {
  const zone = event.timezone;
  return [
    ...slots.map((slot) => ({
      at: slot.startsAt,
      line: { start: wallTime(slot.startsAt, zone), end: wallTime(slot.endsAt, zone) },
    })),
    ...breaks.map((item) => ({
      at: item.startsAt,
      line: { start: wallTime(item.startsAt, zone), end: wallTime(item.endsAt, zone), title: item.title },
    })),
  ]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((entry) => entry.line as TimeSlotInput);
}

/** Every day of the event with its slot template, in three queries whatever the number of days. */
export async function listSlotTemplates(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
): Promise<SlotTemplateDay[]> {
  requireScheduleOrganiser(actor, event);
  const [days, slots, breaks] = await Promise.all([
    loadDays(db, event.id, event.timezone),
    loadTimeSlots(db, event.id, event.timezone),
    loadEventBreaks(db, event),
  ]);
  return days.map((day) => {
    const daySlots = slots.filter((slot) => slot.dayId === day.id);
    const dayBreaks = breaks.filter((item) => day.startsAt <= item.startsAt && item.endsAt <= day.endsAt);
    return {
      day,
      timeSlots: daySlots,
      breaks: dayBreaks,
      text: formatSlotTemplate(templateLines(event, daySlots, dayBreaks)),
    };
  });
}

async function requireDay(db: Database, event: ScheduleEvent, dayId: number, field?: string): Promise<DayItem> {
  const day = (await loadDays(db, event.id, event.timezone)).find((item) => item.id === dayId);
  if (!day) {
    if (field) throw new InvalidInputError(`names no day of this event (${dayId})`, field);
    throw new NotFoundError(`${event.name} has no such day.`);
  }
  return day;
}

export interface SetDayTimeSlotsOptions {
  /** Leave the day's named breaks as they are (the lines must then be time slots only). */
  keepBreaks?: boolean;
}

/**
 * Replaces a day's slot template with these lines: its time slots and (unless `keepBreaks`) its
 * named breaks. A time slot kept at the same start and end keeps its identity and so its rooms'
 * closures; the others go, with theirs. A named break kept at the same times and title is kept
 * (its GUID too); the day's other breaks across every room go, and new ones are made, refused
 * when a talk or block is in the way. Breaks in one room and blocks are never touched.
 */
export async function setDayTimeSlots(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  dayId: number,
  lines: readonly TimeSlotInput[],
  options: SetDayTimeSlotsOptions = {},
): Promise<TimeSlotItem[]> {
  requireScheduleOrganiser(actor, event);
  if (options.keepBreaks && lines.some((line) => line.title !== undefined)) {
    throw new InvalidInputError('time slots have no title (a line with a title is a named break)', 'slots');
  }
  await db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const day = await requireDay(tx, event, dayId);
    let windows = timeSlotWindows(day, lines, event.timezone);
    if (options.keepBreaks) {
      // The kept breaks are part of the template: the time slots must keep clear of them.
      const kept = (await loadNamedBreaks(tx, event, day)).map((item) => ({
        start: wallTime(item.startsAt, event.timezone),
        end: wallTime(item.endsAt, event.timezone),
        title: item.title,
      }));
      windows = timeSlotWindows(day, [...lines, ...kept], event.timezone).filter((w) => w.title === undefined);
    }
    await replaceDayTemplate(tx, event, day, windows, !options.keepBreaks, 'slots');
  });
  return (await loadTimeSlots(db, event.id, event.timezone)).filter((slot) => slot.dayId === dayId);
}

async function replaceDayTemplate(
  tx: Database,
  event: ScheduleEvent,
  day: DayItem,
  windows: readonly TemplateWindow[],
  replaceBreaks: boolean,
  field: string,
): Promise<void> {
  const key = (w: { startsAt: Date; endsAt: Date; title?: string | undefined }): string =>
    `${w.startsAt.getTime()}/${w.endsAt.getTime()}/${w.title ?? ''}`;
  const slotWindows = windows.filter((w) => w.title === undefined);
  const existing = await tx
    .select({ id: timeSlots.id, startsAt: timeSlots.startsAt, endsAt: timeSlots.endsAt })
    .from(timeSlots)
    .where(eq(timeSlots.dayId, day.id));
  const wanted = new Set(slotWindows.map(key));
  const have = new Set(existing.map(key));
  const gone = existing.filter((slot) => !wanted.has(key(slot))).map((slot) => slot.id);
  if (gone.length > 0) await tx.delete(timeSlots).where(inArray(timeSlots.id, gone));
  const added = slotWindows.filter((w) => !have.has(key(w)));
  if (added.length > 0) {
    await tx
      .insert(timeSlots)
      .values(added.map((w) => ({ eventId: event.id, dayId: day.id, startsAt: w.startsAt, endsAt: w.endsAt })));
  }
  if (!replaceBreaks) return;

  const breakWindows = windows.filter((w) => w.title !== undefined);
  const existingBreaks = await loadNamedBreaks(tx, event, day);
  const wantedBreaks = new Set(breakWindows.map(key));
  const goneBreaks = existingBreaks.filter((item) => !wantedBreaks.has(key(item)));
  if (goneBreaks.length > 0) {
    await tx.delete(scheduleSlots).where(
      inArray(
        scheduleSlots.id,
        goneBreaks.map((item) => item.id),
      ),
    );
  }
  const haveBreaks = new Set(existingBreaks.map(key));
  for (const w of breakWindows.filter((item) => !haveBreaks.has(key(item)))) {
    try {
      await requireFreeRoom(tx, event, { roomId: null, start: w.startsAt, end: w.endsAt });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      const when = `${wallTime(w.startsAt, event.timezone)}–${wallTime(w.endsAt, event.timezone)}`;
      throw new InvalidInputError(`the break ${w.title} ${when} on ${day.label}: ${error.problem}`, field);
    }
    await tx.insert(scheduleSlots).values({
      eventId: event.id,
      kind: 'break',
      title: w.title!,
      roomId: null,
      startsAt: w.startsAt,
      endsAt: w.endsAt,
    });
  }
}

/**
 * Copies a day's slot template to other days: the same local times on each, time slots and
 * named breaks (a day whose window cannot hold them, or where a talk is in a break's way, is
 * named in the refusal, and no day changes). Rooms' closures are not copied.
 */
export async function copyDayTimeSlots(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  fromDayId: number,
  toDayIds: readonly number[],
): Promise<void> {
  requireScheduleOrganiser(actor, event);
  const targets = [...new Set(toDayIds)].filter((id) => id !== fromDayId);
  const malformed = targets.find((id) => !Number.isInteger(id) || id < 1);
  if (malformed !== undefined) throw new InvalidInputError(`names no day of this event (${malformed})`, 'to');
  if (targets.length === 0) throw new InvalidInputError('choose at least one other day to copy to', 'to');
  await db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const from = await requireDay(tx, event, fromDayId);
    const slots = (await loadTimeSlots(tx, event.id, event.timezone)).filter((slot) => slot.dayId === from.id);
    const template = templateLines(event, slots, await loadNamedBreaks(tx, event, from));
    if (template.length === 0) throw new InvalidInputError(`${from.label} has no time slots to copy`, 'from');
    for (const toDayId of targets) {
      const day = await requireDay(tx, event, toDayId, 'to');
      await replaceDayTemplate(tx, event, day, timeSlotWindows(day, template, event.timezone, 'to'), true, 'to');
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
    const malformed = unique.find((id) => !Number.isInteger(id) || id < 1 || id > 2_147_483_647);
    if (malformed !== undefined)
      throw new InvalidInputError(`names no time slot of this event (${malformed})`, 'closed');
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
