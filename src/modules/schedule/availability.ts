import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { speakerAvailability, speakers } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { requireActor, type Actor } from '../accounts/index.js';
import { formatRange, localInstant, localValue, type ScheduleEvent } from './days.js';
import { requireScheduleOrganiser } from './policy.js';

/**
 * When a speaker can give their talk, stated in their speaker profile as windows of local
 * date and time in the event's zone. A speaker who states none is available any time and is
 * never warned about; one who states some is warned about (in the schedule editor) for every
 * placed talk that no window holds whole.
 */

export interface AvailabilityWindow {
  id: number;
  startsAt: Date;
  endsAt: Date;
  /** "Sat 20 Aug 2016 09:00–12:00", in the event's zone. */
  label: string;
  /** datetime-local values, for forms. */
  start: string;
  end: string;
}

export interface AvailabilityInput {
  /** YYYY-MM-DDTHH:MM local. */
  start: string;
  end: string;
}

/** Plenty for a conference; a list longer than this is a mistake or an attack. */
const MAX_WINDOWS = 50;
const MAX_WINDOW_DAYS = 31;

function toWindow(row: { id: number; startsAt: Date; endsAt: Date }, zone: string): AvailabilityWindow {
  return {
    id: row.id,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    label: formatRange(row.startsAt, row.endsAt, zone),
    start: localValue(row.startsAt, zone),
    end: localValue(row.endsAt, zone),
  };
}

async function windowsOf(db: Database, speakerId: number, zone: string): Promise<AvailabilityWindow[]> {
  const rows = await db
    .select({ id: speakerAvailability.id, startsAt: speakerAvailability.startsAt, endsAt: speakerAvailability.endsAt })
    .from(speakerAvailability)
    .where(eq(speakerAvailability.speakerId, speakerId))
    .orderBy(asc(speakerAvailability.startsAt), asc(speakerAvailability.id));
  return rows.map((row) => toWindow(row, zone));
}

/** The stated windows of several speakers at once (no policy check), by speaker. */
export async function availabilityOf(
  db: Database,
  speakerIds: number[],
  zone: string,
): Promise<Map<number, AvailabilityWindow[]>> {
  const found = new Map<number, AvailabilityWindow[]>();
  if (speakerIds.length === 0) return found;
  const rows = await db
    .select({
      id: speakerAvailability.id,
      speakerId: speakerAvailability.speakerId,
      startsAt: speakerAvailability.startsAt,
      endsAt: speakerAvailability.endsAt,
    })
    .from(speakerAvailability)
    .where(inArray(speakerAvailability.speakerId, speakerIds))
    .orderBy(asc(speakerAvailability.startsAt), asc(speakerAvailability.id));
  for (const row of rows) found.set(row.speakerId, [...(found.get(row.speakerId) ?? []), toWindow(row, zone)]);
  return found;
}

/** The person's speaker profile at the event (cfp/speaker-profile.ts makes it). */
async function findProfile(db: Database, eventId: number, userId: number): Promise<{ id: number } | undefined> {
  const [profile] = await db
    .select({ id: speakers.id })
    .from(speakers)
    .where(and(eq(speakers.eventId, eventId), eq(speakers.userId, userId)));
  return profile;
}

async function ownProfile(db: Database, actor: Actor | undefined, event: ScheduleEvent) {
  const signedIn = requireActor(actor);
  const profile = await findProfile(db, event.id, signedIn.user.id);
  if (!profile) {
    throw new NotFoundError(
      `You have no speaker profile at ${event.name} yet: it is made with your first proposal there.`,
    );
  }
  return profile;
}

/** One's own stated windows at the event; empty before one's first proposal there. */
export async function listOwnAvailability(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
): Promise<AvailabilityWindow[]> {
  const signedIn = requireActor(actor);
  const profile = await findProfile(db, event.id, signedIn.user.id);
  return profile ? windowsOf(db, profile.id, event.timezone) : [];
}

/** Adds a window to one's own availability; windows may not overlap (join them instead). */
export async function addOwnAvailability(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  input: AvailabilityInput,
): Promise<AvailabilityWindow> {
  const profile = await ownProfile(db, actor, event);
  const startsAt = localInstant(input.start, event.timezone, 'availableFrom');
  const endsAt = localInstant(input.end, event.timezone, 'availableUntil');
  if (endsAt <= startsAt) throw new InvalidInputError('must be after the start', 'availableUntil');
  if (+endsAt - +startsAt > MAX_WINDOW_DAYS * 86_400_000) {
    throw new InvalidInputError(`a window lasts at most ${MAX_WINDOW_DAYS} days`, 'availableUntil');
  }
  return db.transaction(async (tx) => {
    // The profile row orders concurrent additions: the overlap check sees what the other wrote.
    await tx.select({ id: speakers.id }).from(speakers).where(eq(speakers.id, profile.id)).for('update');
    const existing = await windowsOf(tx, profile.id, event.timezone);
    if (existing.length >= MAX_WINDOWS) {
      throw new InvalidInputError(`you have stated ${MAX_WINDOWS} windows already; remove some first`, 'availableFrom');
    }
    const overlap = existing.find((window) => window.startsAt < endsAt && startsAt < window.endsAt);
    if (overlap) {
      throw new InvalidInputError(
        `overlaps your window ${overlap.label}: remove that one first and state the whole time at once`,
        'availableFrom',
      );
    }
    const [row] = await tx.insert(speakerAvailability).values({ speakerId: profile.id, startsAt, endsAt }).returning({
      id: speakerAvailability.id,
      startsAt: speakerAvailability.startsAt,
      endsAt: speakerAvailability.endsAt,
    });
    return toWindow(row!, event.timezone);
  });
}

export async function removeOwnAvailability(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  windowId: number,
): Promise<AvailabilityWindow> {
  const profile = await ownProfile(db, actor, event);
  const [row] = await db
    .delete(speakerAvailability)
    .where(and(eq(speakerAvailability.id, windowId), eq(speakerAvailability.speakerId, profile.id)))
    .returning({
      id: speakerAvailability.id,
      startsAt: speakerAvailability.startsAt,
      endsAt: speakerAvailability.endsAt,
    });
  if (!row) throw new NotFoundError('You stated no such window.');
  return toWindow(row, event.timezone);
}

/** A speaker's stated windows, for the event's organisers. */
export async function listSpeakerAvailability(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  speakerId: number,
): Promise<AvailabilityWindow[]> {
  requireScheduleOrganiser(actor, event);
  const [speaker] = await db
    .select({ id: speakers.id })
    .from(speakers)
    .where(and(eq(speakers.id, speakerId), eq(speakers.eventId, event.id)));
  if (!speaker) throw new NotFoundError(`${event.name} has no such speaker.`);
  return windowsOf(db, speakerId, event.timezone);
}
