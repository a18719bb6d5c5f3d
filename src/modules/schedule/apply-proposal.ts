import { and, eq, inArray, ne, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { rooms, scheduleSlots, talks } from '../../db/schema.js';
import { ConflictError } from '../../shared/errors.js';
import { formatRange, loadDays, lockEvent, type ScheduleEvent } from './days.js';
import type { WipPlacement } from './proposal-inputs.js';

/**
 * Many placements written at once (an accepted proposal): inside the caller's transaction and
 * the event's lock, every talk is moved or placed, then the hard errors are checked over the
 * result as a whole, since a partial selection may collide with a talk left where it was. Any
 * hard error refuses the lot, naming the talks, and the caller's transaction writes nothing.
 * Nothing is released.
 */

export interface AppliedPlacements {
  placed: number;
  moved: number;
}

interface Occupant {
  talkId: number | null;
  kind: string;
  title: string;
  roomId: number | null;
  startsAt: Date;
  endsAt: Date;
}

export async function applyPlacementsWithin(
  tx: Database,
  event: ScheduleEvent,
  placements: readonly WipPlacement[],
): Promise<AppliedPlacements> {
  await lockEvent(tx, event);
  if (placements.length === 0) return { placed: 0, moved: 0 };
  const talkIds = placements.map((p) => p.talkId);
  const found = await tx
    .select({ id: talks.id, title: talks.title, state: talks.state })
    .from(talks)
    .where(and(eq(talks.eventId, event.id), inArray(talks.id, talkIds)));
  const byId = new Map(found.map((talk) => [talk.id, talk]));
  const gone = placements.filter((p) => byId.get(p.talkId)?.state !== 'confirmed');
  if (gone.length > 0) {
    const names = gone.map((p) => (byId.has(p.talkId) ? `"${byId.get(p.talkId)!.title}"` : `talk ${p.talkId}`));
    throw new ConflictError(
      `${names.join(', ')} ${gone.length === 1 ? 'is' : 'are'} no longer on the program: nothing was changed`,
    );
  }
  const roomIds = [...new Set(placements.map((p) => p.roomId))];
  const roomRows = await tx
    .select({ id: rooms.id, name: rooms.name })
    .from(rooms)
    .where(and(eq(rooms.eventId, event.id), inArray(rooms.id, roomIds)));
  const roomName = new Map(roomRows.map((room) => [room.id, room.name]));
  const noRoom = placements.find((p) => !roomName.has(p.roomId));
  if (noRoom) {
    throw new ConflictError(
      `A room of the proposal no longer exists ("${byId.get(noRoom.talkId)!.title}"): nothing was changed`,
    );
  }
  const days = await loadDays(tx, event.id, event.timezone);
  const outside = placements.filter((p) => !days.some((day) => day.startsAt <= p.startsAt && p.endsAt <= day.endsAt));
  if (outside.length > 0) {
    const names = outside.map((p) => `"${byId.get(p.talkId)!.title}"`);
    throw new ConflictError(`${names.join(', ')} would be outside the event's days: nothing was changed`);
  }

  const existing = await tx
    .select({ id: scheduleSlots.id, talkId: scheduleSlots.talkId })
    .from(scheduleSlots)
    .where(inArray(scheduleSlots.talkId, talkIds));
  const slotOf = new Map(existing.map((slot) => [slot.talkId!, slot.id]));
  let moved = 0;
  const fresh: (typeof scheduleSlots.$inferInsert)[] = [];
  for (const p of placements) {
    const slotId = slotOf.get(p.talkId);
    if (slotId === undefined) {
      fresh.push({
        eventId: event.id,
        kind: 'talk',
        talkId: p.talkId,
        roomId: p.roomId,
        startsAt: p.startsAt,
        endsAt: p.endsAt,
      });
      continue;
    }
    moved++;
    await tx
      .update(scheduleSlots)
      .set({ roomId: p.roomId, startsAt: p.startsAt, endsAt: p.endsAt })
      .where(eq(scheduleSlots.id, slotId));
  }
  if (fresh.length > 0) await tx.insert(scheduleSlots).values(fresh);

  // The hard errors over the result: the written talks against everything in their rooms.
  const occupants: Occupant[] = await tx
    .select({
      talkId: scheduleSlots.talkId,
      kind: scheduleSlots.kind,
      title: scheduleSlots.title,
      talkTitle: talks.title,
      roomId: scheduleSlots.roomId,
      startsAt: scheduleSlots.startsAt,
      endsAt: scheduleSlots.endsAt,
    })
    .from(scheduleSlots)
    .leftJoin(talks, eq(talks.id, scheduleSlots.talkId))
    .where(and(eq(scheduleSlots.eventId, event.id), or(ne(scheduleSlots.kind, 'talk'), eq(talks.state, 'confirmed'))))
    .then((rows) =>
      rows.map((row) => ({
        talkId: row.talkId,
        kind: row.kind,
        title: row.kind === 'talk' ? (row.talkTitle ?? '') : row.title,
        roomId: row.roomId,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
      })),
    );
  const zone = event.timezone;
  const collisions: string[] = [];
  const seen = new Set<string>();
  for (const p of placements) {
    for (const other of occupants) {
      if (other.talkId === p.talkId) continue;
      if (other.roomId !== null && other.roomId !== p.roomId) continue;
      if (!(other.startsAt < p.endsAt && p.startsAt < other.endsAt)) continue;
      const pair = other.talkId === null ? `${p.talkId}/${other.title}` : [p.talkId, other.talkId].sort().join('/');
      if (seen.has(pair)) continue;
      seen.add(pair);
      const otherName = other.kind === 'talk' ? `"${other.title}"` : `the ${other.kind} "${other.title}"`;
      collisions.push(
        `"${byId.get(p.talkId)!.title}" and ${otherName} in ${roomName.get(p.roomId)}, ${formatRange(p.startsAt, p.endsAt, zone)}`,
      );
    }
  }
  if (collisions.length > 0) {
    const shown = collisions.slice(0, 5).join('; ');
    const more = collisions.length > 5 ? `; and ${collisions.length - 5} more` : '';
    throw new ConflictError(`A room would hold two things at once: ${shown}${more}. Nothing was changed.`);
  }
  return { placed: fresh.length, moved };
}
