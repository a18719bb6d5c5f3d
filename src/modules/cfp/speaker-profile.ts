import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { speakers, talkSpeakers, talks } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { slugify, uniqueSlug } from '../../shared/slug.js';
import { requireActor, type Actor, type ActorUser } from '../accounts/index.js';
import {
  notifyProgramChanged,
  parseSpeakerPhotoUrl,
  refreshTalkSearch,
  speakerNameKey,
  type EventRecord,
} from '../program/index.js';

/**
 * A person's speaker profile at one event: the name, biography and photo the program shows with
 * their talks. Each co-speaker has their own. It is created with their first proposal (or when
 * they join one as co-speaker) and edited at /{event}/me/profile.
 */

export interface SpeakerProfile {
  id: number;
  slug: string;
  name: string;
  /** Markdown. */
  biography: string;
  /** An https:// address of their photo; null: none, and pages show their initials. */
  photoUrl: string | null;
}

const PROFILE_COLUMNS = {
  id: speakers.id,
  slug: speakers.slug,
  name: speakers.name,
  biography: speakers.biography,
  photoUrl: speakers.photoUrl,
};

export const MAX_SPEAKER_NAME = 120;
export const MAX_BIOGRAPHY = 10_000;

export async function findSpeakerProfile(
  db: Database,
  eventId: number,
  userId: number,
): Promise<SpeakerProfile | undefined> {
  const [profile] = await db
    .select(PROFILE_COLUMNS)
    .from(speakers)
    .where(and(eq(speakers.eventId, eventId), eq(speakers.userId, userId)));
  return profile;
}

export function parseSpeakerName(name: string, field = 'speakerName'): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new InvalidInputError('give the name to show with your talk', field);
  if (trimmed.length > MAX_SPEAKER_NAME)
    throw new InvalidInputError(`must be at most ${MAX_SPEAKER_NAME} characters`, field);
  return trimmed;
}

export function parseBiography(biography: string, required: boolean, field = 'biography'): string {
  const trimmed = biography.trim();
  if (required && trimmed === '') throw new InvalidInputError('tell the audience a little about yourself', field);
  if (trimmed.length > MAX_BIOGRAPHY) throw new InvalidInputError(`must be at most ${MAX_BIOGRAPHY} characters`, field);
  return trimmed;
}

/** The name a new profile starts with when the person has not typed one: their account's name. */
export function defaultSpeakerName(user: ActorUser): string {
  return user.name.trim() || user.email.split('@')[0]!;
}

/** Creates the person's profile at the event, or updates it; returns it. Call inside the caller's transaction. */
export async function saveProfileRow(
  tx: Database,
  eventId: number,
  userId: number,
  /** photoUrl: checked by the program's parseSpeakerPhotoUrl; undefined leaves the profile's as it is. */
  values: { name: string; biography: string; photoUrl?: string | null | undefined },
): Promise<SpeakerProfile> {
  const existing = await findSpeakerProfile(tx, eventId, userId);
  if (existing) {
    const [updated] = await tx
      .update(speakers)
      .set({
        name: values.name,
        nameKey: speakerNameKey(values.name),
        biography: values.biography,
        ...(values.photoUrl === undefined ? {} : { photoUrl: values.photoUrl }),
        updatedAt: new Date(),
      })
      .where(eq(speakers.id, existing.id))
      .returning(PROFILE_COLUMNS);
    return updated!;
  }
  const taken = new Set(
    (await tx.select({ slug: speakers.slug }).from(speakers).where(eq(speakers.eventId, eventId))).map(
      (row) => row.slug,
    ),
  );
  const [created] = await tx
    .insert(speakers)
    .values({
      eventId,
      slug: uniqueSlug(slugify(values.name, 'speaker'), taken),
      name: values.name,
      nameKey: speakerNameKey(values.name),
      biography: values.biography,
      photoUrl: values.photoUrl ?? null,
      userId,
    })
    .returning(PROFILE_COLUMNS);
  return created!;
}

/** Whether any of the speaker's talks is on the program, so that a change to them must reach it. */
export async function hasConfirmedTalks(db: Database, speakerId: number): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(talkSpeakers)
    .innerJoin(talks, eq(talks.id, talkSpeakers.talkId))
    .where(and(eq(talkSpeakers.speakerId, speakerId), eq(talks.state, 'confirmed')));
  return (row?.n ?? 0) > 0;
}

/** One's own speaker profile at the event; undefined before one's first proposal there. */
export async function loadSpeakerProfile(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
): Promise<SpeakerProfile | undefined> {
  const signedIn = requireActor(actor);
  return findSpeakerProfile(db, event.id, signedIn.user.id);
}

/**
 * Saves one's name, biography and photo address at the event; the program shows them at once if
 * a talk of theirs is on it. A form without the photo field (undefined) leaves the photo as it is.
 */
export async function saveSpeakerProfile(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  input: { name: string; biography: string; photoUrl?: string | undefined },
): Promise<SpeakerProfile> {
  const signedIn = requireActor(actor);
  const name = parseSpeakerName(input.name, 'name');
  const biography = parseBiography(input.biography, false);
  const photoUrl = input.photoUrl === undefined ? undefined : parseSpeakerPhotoUrl(input.photoUrl, 'photoUrl');
  return db.transaction(async (tx) => {
    const existing = await findSpeakerProfile(tx, event.id, signedIn.user.id);
    if (!existing) {
      throw new NotFoundError(
        `You have no speaker profile at ${event.name} yet: it is made with your first proposal there.`,
      );
    }
    const profile = await saveProfileRow(tx, event.id, signedIn.user.id, { name, biography, photoUrl });
    if (await hasConfirmedTalks(tx, profile.id)) {
      await refreshTalkSearch(tx, event.id);
      await notifyProgramChanged(tx, event.slug);
    }
    return profile;
  });
}
