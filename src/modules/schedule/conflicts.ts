import { and, asc, eq, gt, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import {
  rooms,
  scheduleSlots,
  speakerAvailability,
  speakers,
  talkSpeakers,
  talks,
  type SlotKind,
} from '../../db/schema.js';
import { InvalidInputError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { formatRange, formatTime, formatDay, type DayItem, type ScheduleEvent } from './days.js';
import { requireScheduleOrganiser } from './policy.js';

/**
 * What makes a schedule wrong. Hard errors are refused before anything is written: two things
 * in one room at once (a break or block without a room takes every room), and anything outside
 * the event's days. Warnings are allowed but listed and marked on the grid: a speaker in two
 * places at once, a speaker outside the availability they stated (someone who stated none is
 * available any time), a room smaller than the audience a talk expects.
 */

export type WarningKind = 'speaker-double-booked' | 'speaker-unavailable' | 'room-too-small';

export interface ScheduleWarning {
  kind: WarningKind;
  /** The talks it is about: marked on the grid. */
  talkIds: number[];
  /** When the (first) talk starts, for ordering and for the day it belongs to. */
  start: Date;
  message: string;
}

/** A slot as the hard-error checks see it. */
interface Occupant {
  id: number;
  kind: SlotKind;
  title: string;
  talkTitle: string | null;
  roomId: number | null;
  roomName: string | null;
  startsAt: Date;
  endsAt: Date;
}

function occupantName(slot: Occupant): string {
  return slot.kind === 'talk' ? `"${slot.talkTitle}"` : `the ${slot.kind} "${slot.title}"`;
}

/**
 * Refuses a slot in `roomId` (null: every room) from `start` to `end` when something else is
 * there then: a talk on the program, a break or a block in that room, or one across every room.
 * Talks off the program (withdrawn since they were placed) are not released and hold no room.
 */
export async function requireFreeRoom(
  tx: Database,
  event: ScheduleEvent,
  slot: { roomId: number | null; start: Date; end: Date; exceptSlotId?: number | undefined },
): Promise<void> {
  const conditions = [
    eq(scheduleSlots.eventId, event.id),
    lt(scheduleSlots.startsAt, slot.end),
    gt(scheduleSlots.endsAt, slot.start),
    or(ne(scheduleSlots.kind, 'talk'), eq(talks.state, 'confirmed')),
  ];
  if (slot.roomId !== null) conditions.push(or(eq(scheduleSlots.roomId, slot.roomId), isNull(scheduleSlots.roomId)));
  if (slot.exceptSlotId !== undefined) conditions.push(ne(scheduleSlots.id, slot.exceptSlotId));
  const [other] = await tx
    .select({
      id: scheduleSlots.id,
      kind: scheduleSlots.kind,
      title: scheduleSlots.title,
      talkTitle: talks.title,
      roomId: scheduleSlots.roomId,
      roomName: rooms.name,
      startsAt: scheduleSlots.startsAt,
      endsAt: scheduleSlots.endsAt,
    })
    .from(scheduleSlots)
    .leftJoin(talks, eq(talks.id, scheduleSlots.talkId))
    .leftJoin(rooms, eq(rooms.id, scheduleSlots.roomId))
    .where(and(...conditions))
    .orderBy(asc(scheduleSlots.startsAt))
    .limit(1);
  if (!other) return;
  const where = other.roomName === null ? 'takes every room' : `is in ${other.roomName}`;
  const when = `from ${formatTime(other.startsAt, event.timezone)} to ${formatTime(other.endsAt, event.timezone)} on ${formatDay(other.startsAt, event.timezone)}`;
  throw new InvalidInputError(`${occupantName(other)} ${where} ${when}: a room holds one thing at a time`, 'start');
}

/** Refuses a slot that no day of the event holds whole; with no days at all, says to add them. */
export function requireWithinDays(event: ScheduleEvent, days: DayItem[], start: Date, end: Date): void {
  if (days.length === 0) {
    throw new InvalidInputError(`${event.name} has no days yet: add the event's days first, then place talks`, 'start');
  }
  if (days.some((day) => day.startsAt <= start && end <= day.endsAt)) return;
  const zone = event.timezone;
  const startsIn = days.find((day) => day.startsAt <= start && start < day.endsAt);
  if (startsIn) {
    throw new InvalidInputError(
      `${formatRange(start, end, zone)} runs past the end of the day: ${startsIn.label} ends at ${startsIn.end}`,
      'start',
    );
  }
  const windows = days.slice(0, 6).map((day) => `${day.label} ${day.start}–${day.end}`);
  const more = days.length > 6 ? ` and ${days.length - 6} more` : '';
  throw new InvalidInputError(
    `${formatRange(start, end, zone)} is outside the event's days (${windows.join(', ')}${more})`,
    'start',
  );
}

interface PlacedTalk {
  talkId: number;
  title: string;
  expectedAudience: number | null;
  roomName: string;
  capacity: number | null;
  startsAt: Date;
  endsAt: Date;
}

/** Every warning of the event's work-in-progress schedule, by time (no policy check). */
export async function scheduleWarnings(db: Database, event: ScheduleEvent): Promise<ScheduleWarning[]> {
  const zone = event.timezone;
  const placed: PlacedTalk[] = await db
    .select({
      talkId: talks.id,
      title: talks.title,
      expectedAudience: talks.expectedAudience,
      roomName: rooms.name,
      capacity: rooms.capacity,
      startsAt: scheduleSlots.startsAt,
      endsAt: scheduleSlots.endsAt,
    })
    .from(scheduleSlots)
    .innerJoin(talks, eq(talks.id, scheduleSlots.talkId))
    .innerJoin(rooms, eq(rooms.id, scheduleSlots.roomId))
    .where(and(eq(scheduleSlots.eventId, event.id), eq(talks.state, 'confirmed')))
    .orderBy(asc(scheduleSlots.startsAt), asc(rooms.position));
  if (placed.length === 0) return [];
  const byTalk = new Map(placed.map((talk) => [talk.talkId, talk]));
  const links = await db
    .select({ talkId: talkSpeakers.talkId, speakerId: speakers.id, name: speakers.name })
    .from(talkSpeakers)
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .innerJoin(scheduleSlots, eq(scheduleSlots.talkId, talkSpeakers.talkId))
    .where(eq(scheduleSlots.eventId, event.id))
    .orderBy(asc(talkSpeakers.position));
  const speakerIds = [...new Set(links.map((link) => link.speakerId))];
  const windows =
    speakerIds.length === 0
      ? []
      : await db
          .select({
            speakerId: speakerAvailability.speakerId,
            startsAt: speakerAvailability.startsAt,
            endsAt: speakerAvailability.endsAt,
          })
          .from(speakerAvailability)
          .where(inArray(speakerAvailability.speakerId, speakerIds))
          .orderBy(asc(speakerAvailability.startsAt));

  const where = (talk: PlacedTalk) =>
    `"${talk.title}" (${talk.roomName}, ${formatRange(talk.startsAt, talk.endsAt, zone)})`;
  const warnings: ScheduleWarning[] = [];

  const talksOf = new Map<number, { name: string; talks: PlacedTalk[] }>();
  for (const link of links) {
    const talk = byTalk.get(link.talkId);
    if (!talk) continue;
    const entry = talksOf.get(link.speakerId) ?? { name: link.name, talks: [] };
    entry.talks.push(talk);
    talksOf.set(link.speakerId, entry);
  }
  for (const [speakerId, { name, talks: theirs }] of talksOf) {
    theirs.sort((a, b) => +a.startsAt - +b.startsAt);
    for (let i = 0; i < theirs.length; i++) {
      for (let j = i + 1; j < theirs.length && theirs[j]!.startsAt < theirs[i]!.endsAt; j++) {
        warnings.push({
          kind: 'speaker-double-booked',
          talkIds: [theirs[i]!.talkId, theirs[j]!.talkId],
          start: theirs[i]!.startsAt,
          message: `${name} is in two places at once: ${where(theirs[i]!)} and ${where(theirs[j]!)}`,
        });
      }
    }
    const stated = windows.filter((window) => window.speakerId === speakerId);
    if (stated.length === 0) continue;
    for (const talk of theirs) {
      if (stated.some((window) => window.startsAt <= talk.startsAt && talk.endsAt <= window.endsAt)) continue;
      const listed = stated.slice(0, 4).map((window) => formatRange(window.startsAt, window.endsAt, zone));
      const more = stated.length > 4 ? ` and ${stated.length - 4} more` : '';
      warnings.push({
        kind: 'speaker-unavailable',
        talkIds: [talk.talkId],
        start: talk.startsAt,
        message: `${name} is not available for ${where(talk)}: they are available ${listed.join(', ')}${more}`,
      });
    }
  }

  for (const talk of placed) {
    if (talk.expectedAudience === null || talk.capacity === null || talk.capacity >= talk.expectedAudience) continue;
    warnings.push({
      kind: 'room-too-small',
      talkIds: [talk.talkId],
      start: talk.startsAt,
      message: `"${talk.title}" expects ${talk.expectedAudience} people, but ${talk.roomName} seats ${talk.capacity}`,
    });
  }

  const order: WarningKind[] = ['speaker-double-booked', 'speaker-unavailable', 'room-too-small'];
  return warnings.sort(
    (a, b) =>
      +a.start - +b.start || order.indexOf(a.kind) - order.indexOf(b.kind) || a.message.localeCompare(b.message),
  );
}

/** Where the work-in-progress schedule places a talk: its room and the room's seats (null: not said). */
export interface TalkRoom {
  roomName: string;
  capacity: number | null;
}

/**
 * The room of each placed talk of the work-in-progress schedule, by talk id: what the interest
 * counts compare a talk's expected audience with. One query; no policy check (its caller has one).
 */
export async function placedTalkRooms(db: Database, event: { id: number }): Promise<Map<number, TalkRoom>> {
  const rows = await db
    .select({ talkId: scheduleSlots.talkId, roomName: rooms.name, capacity: rooms.capacity })
    .from(scheduleSlots)
    .innerJoin(rooms, eq(rooms.id, scheduleSlots.roomId))
    .where(eq(scheduleSlots.eventId, event.id));
  const placed = new Map<number, TalkRoom>();
  for (const row of rows) {
    if (row.talkId !== null) placed.set(row.talkId, { roomName: row.roomName, capacity: row.capacity });
  }
  return placed;
}

/** The warnings of the event's work-in-progress schedule, for its organisers. */
export async function listScheduleWarnings(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
): Promise<ScheduleWarning[]> {
  requireScheduleOrganiser(actor, event);
  return scheduleWarnings(db, event);
}

/** How many warnings mention each talk: the grid's marks. */
export function warningsByTalk(warnings: ScheduleWarning[]): Map<number, ScheduleWarning[]> {
  const byTalk = new Map<number, ScheduleWarning[]>();
  for (const warning of warnings) {
    for (const talkId of warning.talkIds) byTalk.set(talkId, [...(byTalk.get(talkId) ?? []), warning]);
  }
  return byTalk;
}
