import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../db/client.js';
import { rooms, scheduleSlots, talks, type SlotKind } from '../../db/schema.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { talkDurationMinutes } from '../program/index.js';
import { requireFreeRoom, requireWithinDays, scheduleWarnings, type ScheduleWarning } from './conflicts.js';
import { formatRange, loadDays, localInstant, lockEvent, type ScheduleEvent } from './days.js';
import { requireScheduleOrganiser } from './policy.js';
import { findRoom } from './rooms.js';

/**
 * Placing talks in rooms at times, and the breaks and blocks between them: the work-in-progress
 * schedule. Every change takes the event's row lock first, so that two organisers placing at
 * once are served one after the other and cannot both win the same room; each change checks
 * the hard errors (conflicts.ts) inside that lock and writes nothing when one is found.
 */

export interface PlaceTalkInput {
  /** The talk's code. */
  talk: string;
  /** A room's slug or id. */
  room: string | number;
  /** YYYY-MM-DDTHH:MM in the event's zone (an explicit offset may follow). */
  start: string;
  /**
   * Minutes. Without it a talk keeps the length of its current slot when moved, and otherwise
   * takes its own length or the event's default (the first of its durations).
   */
  durationMinutes?: number | null | undefined;
}

export interface Placement {
  talk: { id: number; code: string; title: string };
  room: { id: number; slug: string; name: string };
  start: Date;
  end: Date;
  /** It was placed before (elsewhere or at another time). */
  moved: boolean;
  /** The date of the event day it is placed in. */
  day: string;
  /** The warnings about this talk once placed ("placed, but …"). */
  warnings: ScheduleWarning[];
}

const MIN_MINUTES = 5;
const MAX_MINUTES = 24 * 60;
const MAX_TITLE = 200;

export const BLOCK_KINDS = ['break', 'block'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

function requireMinutes(value: number, field: string): number {
  if (!Number.isInteger(value) || value < MIN_MINUTES || value > MAX_MINUTES) {
    throw new InvalidInputError(`must be a whole number of minutes from ${MIN_MINUTES} to ${MAX_MINUTES}`, field);
  }
  return value;
}

async function findTalk(tx: Database, event: ScheduleEvent, code: string) {
  const key = code.trim().toUpperCase();
  if (key === '') throw new InvalidInputError('choose a talk', 'talk');
  const [talk] = await tx
    .select({
      id: talks.id,
      code: talks.code,
      title: talks.title,
      state: talks.state,
      // The talk's own length, else its session type's (null: the event's default applies).
      durationMinutes: talkDurationMinutes,
    })
    .from(talks)
    .where(and(eq(talks.eventId, event.id), eq(talks.code, key)));
  if (!talk) throw new InvalidInputError(`${event.name} has no talk ${key}`, 'talk');
  return talk;
}

/** Places a talk in a room at a time, or moves it there: the same thing for the editor. */
export async function placeTalk(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  input: PlaceTalkInput,
): Promise<Placement> {
  requireScheduleOrganiser(actor, event);
  const start = localInstant(input.start, event.timezone, 'start');
  if (input.durationMinutes !== undefined && input.durationMinutes !== null) {
    requireMinutes(input.durationMinutes, 'durationMinutes');
  }
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const talk = await findTalk(tx, event, input.talk);
    if (talk.state !== 'confirmed') {
      throw new InvalidInputError(
        `"${talk.title}" is ${talk.state}, not confirmed: only talks on the program can be placed`,
        'talk',
      );
    }
    const room = await findRoom(tx, event, input.room);
    const [current] = await tx
      .select({ id: scheduleSlots.id, startsAt: scheduleSlots.startsAt, endsAt: scheduleSlots.endsAt })
      .from(scheduleSlots)
      .where(eq(scheduleSlots.talkId, talk.id));
    const minutes =
      input.durationMinutes ??
      (current
        ? Math.round((+current.endsAt - +current.startsAt) / 60_000)
        : (talk.durationMinutes ?? event.durations[0] ?? 30));
    const end = new Date(+start + minutes * 60_000);
    const days = await loadDays(tx, event.id, event.timezone);
    requireWithinDays(event, days, start, end);
    await requireFreeRoom(tx, event, { roomId: room.id, start, end, exceptSlotId: current?.id });
    if (current) {
      await tx
        .update(scheduleSlots)
        .set({ roomId: room.id, startsAt: start, endsAt: end })
        .where(eq(scheduleSlots.id, current.id));
    } else {
      await tx
        .insert(scheduleSlots)
        .values({ eventId: event.id, kind: 'talk', talkId: talk.id, roomId: room.id, startsAt: start, endsAt: end });
    }
    const warnings = (await scheduleWarnings(tx, event)).filter((warning) => warning.talkIds.includes(talk.id));
    return {
      talk: { id: talk.id, code: talk.code, title: talk.title },
      room: { id: room.id, slug: room.slug, name: room.name },
      start,
      end,
      moved: current !== undefined,
      day: days.find((day) => day.startsAt <= start && end <= day.endsAt)!.date,
      warnings,
    };
  });
}

/** Takes a talk off the work-in-progress schedule; it stays on the program, unplaced. */
export async function unscheduleTalk(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  code: string,
): Promise<{ id: number; code: string; title: string }> {
  requireScheduleOrganiser(actor, event);
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const talk = await findTalk(tx, event, code);
    const removed = await tx
      .delete(scheduleSlots)
      .where(eq(scheduleSlots.talkId, talk.id))
      .returning({ id: scheduleSlots.id });
    if (removed.length === 0) throw new InvalidInputError(`"${talk.title}" is not placed`, 'talk');
    return { id: talk.id, code: talk.code, title: talk.title };
  });
}

export interface SwapTalksInput {
  /** The two talks' codes. */
  first: string;
  second: string;
}

export interface Swap {
  /** Each talk where it is now: in the other's room, from the other's start, for its own length. */
  placements: [Placement, Placement];
  /** The date of the event day the first talk is placed in now. */
  day: string;
  /** The warnings about either talk once swapped: they do not stop a swap. */
  warnings: ScheduleWarning[];
}

/**
 * Swaps two placed talks in one step: each takes the other's room and start and keeps its own
 * length. Both move or neither: the hard errors are checked once both have moved (so that two
 * talks of different lengths in one room cannot end up over each other), and a swap that puts
 * either over something else, or past its day, is refused as a conflict naming it. Warnings
 * (a speaker double-booked or unavailable, a room too small) do not stop it.
 */
export async function swapTalks(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  input: SwapTalksInput,
): Promise<Swap> {
  requireScheduleOrganiser(actor, event);
  const codes = [input.first, input.second].map((code) => code.trim().toUpperCase());
  if (codes[0] === '') throw new InvalidInputError('choose a talk', 'first');
  if (codes[1] === '') throw new InvalidInputError('choose the talk to swap with', 'second');
  if (codes[0] === codes[1])
    throw new InvalidInputError('choose another talk: a talk cannot swap with itself', 'second');
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const rows = await tx
      .select({
        talkId: talks.id,
        code: talks.code,
        title: talks.title,
        state: talks.state,
        slotId: scheduleSlots.id,
        roomId: rooms.id,
        roomSlug: rooms.slug,
        roomName: rooms.name,
        startsAt: scheduleSlots.startsAt,
        endsAt: scheduleSlots.endsAt,
      })
      .from(talks)
      .leftJoin(scheduleSlots, eq(scheduleSlots.talkId, talks.id))
      .leftJoin(rooms, eq(rooms.id, scheduleSlots.roomId))
      .where(and(eq(talks.eventId, event.id), inArray(talks.code, codes)));
    const [a, b] = codes.map((code, i): SwapSide => {
      const row = rows.find((candidate) => candidate.code === code);
      if (!row || row.state !== 'confirmed') throw new NotFoundError(`${event.name}'s program has no talk ${code}.`);
      if (row.slotId === null || row.roomId === null || !row.startsAt || !row.endsAt) {
        throw new InvalidInputError(
          `"${row.title}" is not placed: only placed talks swap`,
          i === 0 ? 'first' : 'second',
        );
      }
      return { ...row, slotId: row.slotId, roomId: row.roomId, startsAt: row.startsAt, endsAt: row.endsAt };
    }) as [SwapSide, SwapSide];
    const moves = [
      { talk: a, room: b, start: b.startsAt, end: new Date(+b.startsAt + (+a.endsAt - +a.startsAt)) },
      { talk: b, room: a, start: a.startsAt, end: new Date(+a.startsAt + (+b.endsAt - +b.startsAt)) },
    ];
    for (const move of moves) {
      await tx
        .update(scheduleSlots)
        .set({ roomId: move.room.roomId, startsAt: move.start, endsAt: move.end })
        .where(eq(scheduleSlots.id, move.talk.slotId));
    }
    const days = await loadDays(tx, event.id, event.timezone);
    for (const move of moves) {
      const where = `"${move.talk.title}" in ${move.room.roomName!}, ${formatRange(move.start, move.end, event.timezone)}`;
      try {
        requireWithinDays(event, days, move.start, move.end);
        await requireFreeRoom(tx, event, {
          roomId: move.room.roomId,
          start: move.start,
          end: move.end,
          exceptSlotId: move.talk.slotId,
        });
      } catch (error) {
        // Thrown inside the transaction: neither talk moves.
        if (error instanceof InvalidInputError)
          throw new ConflictError(`Swapping would put ${where}, but ${error.problem}.`);
        throw error;
      }
    }
    const all = await scheduleWarnings(tx, event);
    const placements = moves.map((move): Placement => ({
      talk: { id: move.talk.talkId, code: move.talk.code, title: move.talk.title },
      room: { id: move.room.roomId, slug: move.room.roomSlug!, name: move.room.roomName! },
      start: move.start,
      end: move.end,
      moved: true,
      day: days.find((day) => day.startsAt <= move.start && move.end <= day.endsAt)!.date,
      warnings: all.filter((warning) => warning.talkIds.includes(move.talk.talkId)),
    })) as [Placement, Placement];
    return {
      placements,
      day: placements[0].day,
      warnings: all.filter((warning) => warning.talkIds.some((id) => id === a.talkId || id === b.talkId)),
    };
  });
}

interface SwapSide {
  talkId: number;
  code: string;
  title: string;
  slotId: number;
  roomId: number;
  roomSlug: string | null;
  roomName: string | null;
  startsAt: Date;
  endsAt: Date;
}

// --- breaks and blocks

export interface BlockInput {
  title: string;
  kind: string;
  /** A room's slug or id; empty for every room. */
  room: string;
  /** YYYY-MM-DDTHH:MM local. */
  start: string;
  /** YYYY-MM-DDTHH:MM local, or HH:MM on the start's day (the next day when not after the start). */
  end: string;
}

export interface BlockItem {
  id: number;
  guid: string;
  kind: BlockKind;
  title: string;
  room: { id: number; slug: string; name: string } | undefined;
  startsAt: Date;
  endsAt: Date;
}

function requireKind(kind: string): BlockKind {
  if (!(BLOCK_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidInputError('choose break (no talks then) or block (a keynote, an opening, a party)', 'kind');
  }
  return kind as BlockKind;
}

function blockTimes(input: BlockInput, zone: string): { start: Date; end: Date } {
  const start = localInstant(input.start, zone, 'start');
  const typedEnd = input.end.trim();
  let end: Date;
  if (/^\d{2}:\d{2}$/.test(typedEnd)) {
    const day = DateTime.fromJSDate(start, { zone });
    end = localInstant(`${day.toISODate()}T${typedEnd}`, zone, 'end');
    if (end <= start) end = localInstant(`${day.plus({ days: 1 }).toISODate()}T${typedEnd}`, zone, 'end');
  } else {
    end = localInstant(typedEnd, zone, 'end');
  }
  if (end <= start) throw new InvalidInputError('must be after the start', 'end');
  if (+end - +start > MAX_MINUTES * 60_000)
    throw new InvalidInputError('a break or block lasts at most 24 hours', 'end');
  return { start, end };
}

async function loadBlocks(db: Database, eventId: number): Promise<BlockItem[]> {
  const rows = await db
    .select({
      id: scheduleSlots.id,
      guid: scheduleSlots.guid,
      kind: scheduleSlots.kind,
      title: scheduleSlots.title,
      roomId: rooms.id,
      roomSlug: rooms.slug,
      roomName: rooms.name,
      startsAt: scheduleSlots.startsAt,
      endsAt: scheduleSlots.endsAt,
    })
    .from(scheduleSlots)
    .leftJoin(rooms, eq(rooms.id, scheduleSlots.roomId))
    .where(and(eq(scheduleSlots.eventId, eventId), ne(scheduleSlots.kind, 'talk')))
    .orderBy(asc(scheduleSlots.startsAt), asc(rooms.position));
  return rows.map((row) => ({
    id: row.id,
    guid: row.guid,
    kind: row.kind as BlockKind,
    title: row.title,
    room: row.roomId === null ? undefined : { id: row.roomId, slug: row.roomSlug!, name: row.roomName! },
    startsAt: row.startsAt,
    endsAt: row.endsAt,
  }));
}

export async function listBlocks(db: Database, actor: Actor | undefined, event: ScheduleEvent): Promise<BlockItem[]> {
  requireScheduleOrganiser(actor, event);
  return loadBlocks(db, event.id);
}

export async function getBlock(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  blockId: number,
): Promise<BlockItem> {
  const block = (await listBlocks(db, actor, event)).find((item) => item.id === blockId);
  if (!block) throw new NotFoundError(`${event.name} has no such break or block.`);
  return block;
}

async function saveBlock(
  db: Database,
  event: ScheduleEvent,
  input: BlockInput,
  blockId: number | undefined,
): Promise<BlockItem> {
  const title = input.title.trim().replace(/\s+/g, ' ');
  if (title === '') throw new InvalidInputError('give the break or block a title, such as "Lunch"', 'title');
  if (title.length > MAX_TITLE) throw new InvalidInputError(`must be at most ${MAX_TITLE} characters`, 'title');
  const kind = requireKind(input.kind);
  const { start, end } = blockTimes(input, event.timezone);
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    if (blockId !== undefined) {
      const [existing] = await tx
        .select({ id: scheduleSlots.id })
        .from(scheduleSlots)
        .where(and(eq(scheduleSlots.id, blockId), eq(scheduleSlots.eventId, event.id), ne(scheduleSlots.kind, 'talk')));
      if (!existing) throw new NotFoundError(`${event.name} has no such break or block.`);
    }
    const room = input.room.trim() === '' ? undefined : await findRoom(tx, event, input.room);
    requireWithinDays(event, await loadDays(tx, event.id, event.timezone), start, end);
    await requireFreeRoom(tx, event, { roomId: room?.id ?? null, start, end, exceptSlotId: blockId });
    const values = { kind: kind as SlotKind, title, roomId: room?.id ?? null, startsAt: start, endsAt: end };
    const [row] =
      blockId === undefined
        ? await tx
            .insert(scheduleSlots)
            .values({ eventId: event.id, ...values })
            .returning({ id: scheduleSlots.id, guid: scheduleSlots.guid })
        : await tx
            .update(scheduleSlots)
            .set(values)
            .where(eq(scheduleSlots.id, blockId))
            .returning({ id: scheduleSlots.id, guid: scheduleSlots.guid });
    return {
      id: row!.id,
      guid: row!.guid,
      kind,
      title,
      room: room ? { id: room.id, slug: room.slug, name: room.name } : undefined,
      startsAt: start,
      endsAt: end,
    };
  });
}

/** Adds a break (no talks then) or a block (a keynote slot, the opening, a party); no room means every room. */
export async function addBlock(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  input: BlockInput,
): Promise<BlockItem> {
  requireScheduleOrganiser(actor, event);
  return saveBlock(db, event, input, undefined);
}

export async function updateBlock(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  blockId: number,
  input: BlockInput,
): Promise<BlockItem> {
  requireScheduleOrganiser(actor, event);
  return saveBlock(db, event, input, blockId);
}

export async function removeBlock(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  blockId: number,
): Promise<{ title: string; kind: BlockKind }> {
  requireScheduleOrganiser(actor, event);
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const [removed] = await tx
      .delete(scheduleSlots)
      .where(and(eq(scheduleSlots.id, blockId), eq(scheduleSlots.eventId, event.id), ne(scheduleSlots.kind, 'talk')))
      .returning({ title: scheduleSlots.title, kind: scheduleSlots.kind });
    if (!removed) throw new NotFoundError(`${event.name} has no such break or block.`);
    return { title: removed.title, kind: removed.kind as BlockKind };
  });
}
