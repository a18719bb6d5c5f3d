import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { scheduleReleases, scheduleSlots, speakerAvailability, talkSpeakers, talks } from '../../db/schema.js';
import type { Actor } from '../accounts/index.js';
import { talkDurationMinutes } from '../program/index.js';
import type { ScheduleEvent } from './days.js';
import { requireScheduleOrganiser } from './policy.js';
import { loadRooms } from './rooms.js';
import { loadTimeSlots, type TimeSlotItem } from './time-slots.js';

/**
 * What a proposal of a schedule is made from, read in one go: the talks on the program with
 * their speakers and lengths, the rooms, the time slots with their rooms' closures, what the
 * work-in-progress schedule holds (talks, breaks, blocks), the speakers' stated availability,
 * and whether a schedule was ever released. The schedule-proposals module turns it into the
 * solver's problem.
 */

export interface ProposalTalk {
  id: number;
  code: string;
  title: string;
  trackId: number | null;
  /** Its own length or the event's default. */
  durationMinutes: number;
  speakerIds: number[];
}

export interface ProposalRoom {
  id: number;
  name: string;
  /** Seats; null when unknown. */
  capacity: number | null;
}

/** A placed talk of the work-in-progress schedule. */
export interface WipPlacement {
  talkId: number;
  roomId: number;
  startsAt: Date;
  endsAt: Date;
}

/** A break or block: in one room, or (roomId null) in every room. */
export interface WipBlock {
  roomId: number | null;
  startsAt: Date;
  endsAt: Date;
}

export interface ProposalInputs {
  /** Talks on the program (confirmed), in program order. */
  talks: ProposalTalk[];
  /** Accepted talks whose speakers have not confirmed yet: not on the program, not proposed. */
  awaitingConfirmation: number;
  rooms: ProposalRoom[];
  timeSlots: TimeSlotItem[];
  /** Where the talks on the program are placed now. */
  placements: WipPlacement[];
  blocks: WipBlock[];
  /** Each speaker who stated availability: their windows. Others are available any time. */
  availability: Map<number, { startsAt: Date; endsAt: Date }[]>;
  /** A schedule was released: moving a placed talk then costs (the public has seen it). */
  released: boolean;
}

export async function loadProposalInputs(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
): Promise<ProposalInputs> {
  requireScheduleOrganiser(actor, event);
  const defaultMinutes = event.durations[0] ?? 30;
  const [talkRows, [waiting], rooms, timeSlots, slotRows, [release]] = await Promise.all([
    db
      .select({
        id: talks.id,
        code: talks.code,
        title: talks.title,
        trackId: talks.trackId,
        // The talk's own length, else its session type's (null: the event's default applies).
        durationMinutes: talkDurationMinutes,
      })
      .from(talks)
      .where(and(eq(talks.eventId, event.id), eq(talks.state, 'confirmed')))
      .orderBy(asc(talks.position), asc(talks.id)),
    db
      .select({ n: count() })
      .from(talks)
      .where(and(eq(talks.eventId, event.id), eq(talks.state, 'accepted'))),
    loadRooms(db, event.id),
    loadTimeSlots(db, event.id, event.timezone),
    db
      .select({
        talkId: scheduleSlots.talkId,
        roomId: scheduleSlots.roomId,
        startsAt: scheduleSlots.startsAt,
        endsAt: scheduleSlots.endsAt,
      })
      .from(scheduleSlots)
      .where(eq(scheduleSlots.eventId, event.id))
      .orderBy(asc(scheduleSlots.startsAt), asc(scheduleSlots.id)),
    db
      .select({ id: scheduleReleases.id })
      .from(scheduleReleases)
      .where(eq(scheduleReleases.eventId, event.id))
      .limit(1),
  ]);
  const talkIds = talkRows.map((talk) => talk.id);
  const links =
    talkIds.length === 0
      ? []
      : await db
          .select({ talkId: talkSpeakers.talkId, speakerId: talkSpeakers.speakerId })
          .from(talkSpeakers)
          .where(inArray(talkSpeakers.talkId, talkIds))
          .orderBy(asc(talkSpeakers.position));
  const speakersOf = new Map<number, number[]>();
  for (const link of links) speakersOf.set(link.talkId, [...(speakersOf.get(link.talkId) ?? []), link.speakerId]);
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
  const availability = new Map<number, { startsAt: Date; endsAt: Date }[]>();
  for (const w of windows) {
    availability.set(w.speakerId, [
      ...(availability.get(w.speakerId) ?? []),
      { startsAt: w.startsAt, endsAt: w.endsAt },
    ]);
  }
  const onProgram = new Set(talkIds);
  return {
    talks: talkRows.map((talk) => ({
      id: talk.id,
      code: talk.code,
      title: talk.title,
      trackId: talk.trackId,
      durationMinutes: talk.durationMinutes ?? defaultMinutes,
      speakerIds: speakersOf.get(talk.id) ?? [],
    })),
    awaitingConfirmation: waiting?.n ?? 0,
    rooms: rooms.map((room) => ({ id: room.id, name: room.name, capacity: room.capacity })),
    timeSlots,
    // A talk withdrawn since it was placed holds no room (as the editor's checks say).
    placements: slotRows
      .filter((slot) => slot.talkId !== null && slot.roomId !== null && onProgram.has(slot.talkId))
      .map((slot) => ({ talkId: slot.talkId!, roomId: slot.roomId!, startsAt: slot.startsAt, endsAt: slot.endsAt })),
    blocks: slotRows
      .filter((slot) => slot.talkId === null)
      .map((slot) => ({ roomId: slot.roomId, startsAt: slot.startsAt, endsAt: slot.endsAt })),
    availability,
    released: release !== undefined,
  };
}
