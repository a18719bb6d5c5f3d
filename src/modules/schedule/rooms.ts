import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { rooms, scheduleSlots, talks } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { slugify, uniqueSlug } from '../../shared/slug.js';
import type { Actor } from '../accounts/index.js';
import { lockEvent, type ScheduleEvent } from './days.js';
import { requireScheduleOrganiser } from './policy.js';

/**
 * The rooms of an event, in the order the grid shows them. A room's slug is made from its first
 * name and kept through renames (exports and links name rooms by it).
 */

export interface RoomItem {
  id: number;
  slug: string;
  name: string;
  description: string;
  /** Seats; null when unknown. */
  capacity: number | null;
  position: number;
  /** Talks placed in it (breaks and blocks not counted). */
  talkCount: number;
  /** Breaks and blocks of this room alone. */
  blockCount: number;
}

export interface RoomInput {
  name: string;
  /** Empty for unknown. */
  capacity: string | number | null;
  description: string;
}

const MAX_NAME = 80;
const MAX_DESCRIPTION = 2_000;
const MAX_CAPACITY = 1_000_000;

function requireRoom(input: RoomInput): { name: string; capacity: number | null; description: string } {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name === '') throw new InvalidInputError('give the room a name', 'name');
  if (name.length > MAX_NAME) throw new InvalidInputError(`must be at most ${MAX_NAME} characters`, 'name');
  const description = input.description.trim();
  if (description.length > MAX_DESCRIPTION) {
    throw new InvalidInputError(
      `must be at most ${MAX_DESCRIPTION} characters (it has ${description.length})`,
      'description',
    );
  }
  let capacity: number | null = null;
  const typed = typeof input.capacity === 'number' ? String(input.capacity) : (input.capacity ?? '').trim();
  if (typed !== '') {
    capacity = /^\d{1,7}$/.test(typed) ? Number(typed) : Number.NaN;
    if (!Number.isInteger(capacity) || capacity > MAX_CAPACITY) {
      throw new InvalidInputError('must be a whole number of seats, or empty when unknown', 'capacity');
    }
  }
  return { name, capacity, description };
}

/** The event's rooms in grid order (no policy check: for the schedule's own functions). */
export async function loadRooms(db: Database, eventId: number): Promise<RoomItem[]> {
  const rows = await db
    .select({
      id: rooms.id,
      slug: rooms.slug,
      name: rooms.name,
      description: rooms.description,
      capacity: rooms.capacity,
      position: rooms.position,
      talkCount: sql<number>`count(${scheduleSlots.id}) filter (where ${scheduleSlots.kind} = 'talk')::int`,
      blockCount: sql<number>`count(${scheduleSlots.id}) filter (where ${scheduleSlots.kind} <> 'talk')::int`,
    })
    .from(rooms)
    .leftJoin(scheduleSlots, eq(scheduleSlots.roomId, rooms.id))
    .where(eq(rooms.eventId, eventId))
    .groupBy(rooms.id)
    .orderBy(asc(rooms.position), asc(rooms.id));
  return rows;
}

/** A room named by slug or by id, as forms and callers send it. */
export async function findRoom(db: Database, event: ScheduleEvent, room: string | number, field = 'room') {
  const key = String(room).trim();
  if (key === '') throw new InvalidInputError('choose a room', field);
  const byId = /^\d{1,9}$/.test(key);
  const [found] = await db
    .select()
    .from(rooms)
    .where(and(eq(rooms.eventId, event.id), byId ? eq(rooms.id, Number(key)) : eq(rooms.slug, key)));
  if (!found) throw new InvalidInputError(`${event.name} has no room "${key}"`, field);
  return found;
}

export async function listRooms(db: Database, actor: Actor | undefined, event: ScheduleEvent): Promise<RoomItem[]> {
  requireScheduleOrganiser(actor, event);
  return loadRooms(db, event.id);
}

export async function getRoom(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  roomId: number,
): Promise<RoomItem> {
  const room = (await listRooms(db, actor, event)).find((item) => item.id === roomId);
  if (!room) throw new NotFoundError(`${event.name} has no such room.`);
  return room;
}

async function requireUniqueName(tx: Database, eventId: number, name: string, exceptId?: number): Promise<void> {
  const [clash] = await tx
    .select({ id: rooms.id, name: rooms.name })
    .from(rooms)
    .where(and(eq(rooms.eventId, eventId), sql`lower(${rooms.name}) = lower(${name})`));
  if (clash && clash.id !== exceptId)
    throw new InvalidInputError(`there is already a room named "${clash.name}"`, 'name');
}

/** Adds a room after the others. */
export async function createRoom(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  input: RoomInput,
): Promise<RoomItem> {
  requireScheduleOrganiser(actor, event);
  const values = requireRoom(input);
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    await requireUniqueName(tx, event.id, values.name);
    const existing = await tx
      .select({ slug: rooms.slug, position: rooms.position })
      .from(rooms)
      .where(eq(rooms.eventId, event.id));
    const slug = uniqueSlug(slugify(values.name, 'room'), new Set(existing.map((row) => row.slug)));
    const position = Math.max(0, ...existing.map((row) => row.position)) + 1;
    const [created] = await tx
      .insert(rooms)
      .values({ eventId: event.id, slug, position, ...values })
      .returning();
    return { ...created!, talkCount: 0, blockCount: 0 };
  });
}

/** A new name, capacity or description; the slug stays. */
export async function updateRoom(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  roomId: number,
  input: RoomInput,
): Promise<RoomItem> {
  requireScheduleOrganiser(actor, event);
  const values = requireRoom(input);
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const room = (await loadRooms(tx, event.id)).find((item) => item.id === roomId);
    if (!room) throw new NotFoundError(`${event.name} has no such room.`);
    await requireUniqueName(tx, event.id, values.name, roomId);
    await tx.update(rooms).set(values).where(eq(rooms.id, roomId));
    return { ...room, ...values };
  });
}

/** Swaps a room with its neighbour in the grid; positions are renumbered 1, 2, 3, … */
export async function moveRoom(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  roomId: number,
  direction: 'up' | 'down',
): Promise<void> {
  requireScheduleOrganiser(actor, event);
  if (direction !== 'up' && direction !== 'down') throw new InvalidInputError('must be up or down', 'direction');
  await db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const order = await tx
      .select({ id: rooms.id, position: rooms.position })
      .from(rooms)
      .where(eq(rooms.eventId, event.id))
      .orderBy(asc(rooms.position), asc(rooms.id));
    const index = order.findIndex((room) => room.id === roomId);
    if (index < 0) throw new NotFoundError(`${event.name} has no such room.`);
    const other = direction === 'up' ? index - 1 : index + 1;
    if (other < 0 || other >= order.length) return;
    const ids = order.map((room) => room.id);
    [ids[index], ids[other]] = [ids[other]!, ids[index]!];
    for (const [i, id] of ids.entries()) {
      if (order.find((room) => room.id === id)!.position !== i + 1) {
        await tx
          .update(rooms)
          .set({ position: i + 1 })
          .where(eq(rooms.id, id));
      }
    }
  });
}

/**
 * Deletes a room. While talks are placed in it the deletion is refused, naming them: silently
 * unscheduling talks is a surprise an organiser would find only at release time. Breaks and
 * blocks of that room alone go with it (they mean nothing without it); the result says how many.
 */
export async function deleteRoom(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  roomId: number,
): Promise<RoomItem> {
  requireScheduleOrganiser(actor, event);
  return db.transaction(async (tx) => {
    await lockEvent(tx, event);
    const room = (await loadRooms(tx, event.id)).find((item) => item.id === roomId);
    if (!room) throw new NotFoundError(`${event.name} has no such room.`);
    if (room.talkCount > 0) {
      const placed = await tx
        .select({ title: talks.title })
        .from(scheduleSlots)
        .innerJoin(talks, eq(talks.id, scheduleSlots.talkId))
        .where(eq(scheduleSlots.roomId, roomId))
        .orderBy(asc(scheduleSlots.startsAt))
        .limit(3);
      const names = placed.map((talk) => `"${talk.title}"`).join(', ');
      const more = room.talkCount > placed.length ? ` and ${room.talkCount - placed.length} more` : '';
      throw new InvalidInputError(
        `${room.talkCount === 1 ? '1 talk is' : `${room.talkCount} talks are`} placed in ${room.name} (${names}${more}): move or unschedule ${room.talkCount === 1 ? 'it' : 'them'} first`,
      );
    }
    await tx.delete(rooms).where(eq(rooms.id, roomId));
    await tx.execute(sql`
      update ${rooms} set position = renumbered.n
      from (select id, row_number() over (order by position, id) as n from ${rooms} where event_id = ${event.id}) renumbered
      where ${rooms}.id = renumbered.id and ${rooms}.position <> renumbered.n`);
    return room;
  });
}
