import { and, desc, eq, ne } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { events, speakerPhotos, speakers, talkSpeakers, talks, type SpeakerLink } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { slugify, uniqueSlug } from '../../shared/slug.js';
import { requireActor, type Actor, type ActorUser } from '../accounts/index.js';
import {
  deleteUnusedSpeakerPhotos,
  insertSpeakerPhoto,
  notifyProgramChanged,
  parseSpeakerPhotoPath,
  parseSpeakerPhotoUrl,
  processSpeakerPhoto,
  refreshTalkSearch,
  speakerNameKey,
  type EventRecord,
} from '../program/index.js';

/**
 * A person's speaker profile at one event: the name, biography, photo and links the program shows
 * with their talks. Each co-speaker has their own. It is created with their first proposal (or
 * when they join one as co-speaker), starting with the photo and links of their latest profile at
 * another event, and edited at /{event}/me/profile, where they may also take the biography, photo
 * and links of one of their profiles at another event.
 */

export interface SpeakerProfile {
  id: number;
  slug: string;
  name: string;
  /** Markdown. */
  biography: string;
  /** An https:// address of their photo or one they uploaded (/media/…); null: none, and pages show their initials. */
  photoUrl: string | null;
  links: SpeakerLink[];
}

const PROFILE_COLUMNS = {
  id: speakers.id,
  slug: speakers.slug,
  name: speakers.name,
  biography: speakers.biography,
  photoUrl: speakers.photoUrl,
  links: speakers.links,
};

export const MAX_SPEAKER_NAME = 120;
export const MAX_BIOGRAPHY = 10_000;
export const MAX_SPEAKER_LINKS = 5;
export const MAX_LINK_TITLE = 100;
export const MAX_LINK_URL = 2_000;

/** A link as the profile form sends it: either part may be empty, and a row with both empty is no link. */
export interface SpeakerLinkInput {
  title: string;
  url: string;
}

/** The form field of a link's part: linkTitle1, linkUrl1, … (numbered from 1 as the form shows them). */
export function speakerLinkField(part: 'title' | 'url', index: number): string {
  return `${part === 'title' ? 'linkTitle' : 'linkUrl'}${index + 1}`;
}

/**
 * The links a speaker typed, as the profile keeps them: rows with neither part are dropped, each
 * address must be an absolute https:// one without credentials, and a link without a title is
 * named after its host ("github.com"). At most MAX_SPEAKER_LINKS. Errors name the row's field.
 */
export function parseSpeakerLinks(rows: SpeakerLinkInput[]): SpeakerLink[] {
  const links: SpeakerLink[] = [];
  rows.forEach((row, index) => {
    const title = row.title.trim().replace(/\s+/g, ' ');
    const typed = row.url.trim();
    if (title === '' && typed === '') return;
    const urlField = speakerLinkField('url', index);
    if (typed === '') throw new InvalidInputError("give the link's address, starting with https://", urlField);
    let url: URL | undefined;
    try {
      url = /[\s\u0000-\u001f\u007f]/.test(typed) ? undefined : new URL(typed);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.hostname === '')
      throw new InvalidInputError(`"${typed.slice(0, 80)}" is not an https:// address`, urlField);
    if (url.username !== '' || url.password !== '')
      throw new InvalidInputError('the address must not contain a user name or password', urlField);
    if (url.href.length > MAX_LINK_URL)
      throw new InvalidInputError(`the address must be at most ${MAX_LINK_URL} characters long`, urlField);
    if (title.length > MAX_LINK_TITLE)
      throw new InvalidInputError(`must be at most ${MAX_LINK_TITLE} characters`, speakerLinkField('title', index));
    links.push({ title: title || url.hostname.replace(/^www\./, ''), url: url.href });
  });
  if (links.length > MAX_SPEAKER_LINKS) throw new InvalidInputError(`give at most ${MAX_SPEAKER_LINKS} links`, 'links');
  return links;
}

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
  /**
   * photoUrl: checked by the program's parseSpeakerPhotoUrl; links: by parseSpeakerLinks. Undefined
   * leaves the profile's as it is, and a new profile takes them from the person's latest profile
   * at another event.
   */
  values: { name: string; biography: string; photoUrl?: string | null | undefined; links?: SpeakerLink[] | undefined },
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
        ...(values.links === undefined ? {} : { links: values.links }),
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
  const previous = (await listOtherProfiles(tx, eventId, userId))[0];
  const [created] = await tx
    .insert(speakers)
    .values({
      eventId,
      slug: uniqueSlug(slugify(values.name, 'speaker'), taken),
      name: values.name,
      nameKey: speakerNameKey(values.name),
      biography: values.biography,
      photoUrl: values.photoUrl === undefined ? (previous?.photoUrl ?? null) : values.photoUrl,
      links: values.links ?? previous?.links ?? [],
      userId,
    })
    .returning(PROFILE_COLUMNS);
  return created!;
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
 * Saves one's name, biography, photo address and links at the event; the program shows them at
 * once if a talk of theirs is on it. A form without the photo field (undefined) leaves the photo
 * as it is, and one without the links leaves the links. An uploaded photo's address is taken only
 * when the photo is the person's own.
 */
export async function saveSpeakerProfile(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  input: { name: string; biography: string; photoUrl?: string | undefined; links?: SpeakerLinkInput[] | undefined },
): Promise<SpeakerProfile> {
  const signedIn = requireActor(actor);
  const name = parseSpeakerName(input.name, 'name');
  const biography = parseBiography(input.biography, false);
  const photoUrl = input.photoUrl === undefined ? undefined : parseSpeakerPhotoUrl(input.photoUrl, 'photoUrl');
  const links = input.links === undefined ? undefined : parseSpeakerLinks(input.links);
  return db.transaction(async (tx) => {
    const existing = await requireOwnProfile(tx, event, signedIn.user.id);
    if (photoUrl && photoUrl !== existing.photoUrl) await requireOwnPhoto(tx, signedIn.user.id, photoUrl);
    const profile = await saveProfileRow(tx, event.id, signedIn.user.id, { name, biography, photoUrl, links });
    if (existing.photoUrl !== profile.photoUrl) await deleteUnusedSpeakerPhotos(tx, signedIn.user.id);
    await programSeesChange(tx, event, profile.id);
    return profile;
  });
}

async function requireOwnProfile(tx: Database, event: EventRecord, userId: number): Promise<SpeakerProfile> {
  const existing = await findSpeakerProfile(tx, event.id, userId);
  if (!existing) {
    throw new NotFoundError(
      `You have no speaker profile at ${event.name} yet: it is made with your first proposal there.`,
    );
  }
  return existing;
}

/** An uploaded photo's address names one of the person's own uploads, not someone else's. */
async function requireOwnPhoto(tx: Database, userId: number, photoUrl: string): Promise<void> {
  const uploaded = parseSpeakerPhotoPath(photoUrl);
  if (!uploaded) return;
  const [own] = await tx
    .select({ id: speakerPhotos.id })
    .from(speakerPhotos)
    .where(
      and(eq(speakerPhotos.id, uploaded.id), eq(speakerPhotos.hash, uploaded.hash), eq(speakerPhotos.userId, userId)),
    );
  if (!own)
    throw new InvalidInputError('that is not a photo you uploaded; upload it, or give an https:// address', 'photoUrl');
}

/** A change to a profile whose talks are on the program reaches the program (and its search) at once. */
async function programSeesChange(tx: Database, event: EventRecord, speakerId: number): Promise<void> {
  const onProgram = await tx
    .select({ talkId: talkSpeakers.talkId })
    .from(talkSpeakers)
    .innerJoin(talks, eq(talks.id, talkSpeakers.talkId))
    .where(and(eq(talkSpeakers.speakerId, speakerId), eq(talks.state, 'confirmed')));
  if (onProgram.length > 0) {
    // Only this speaker's talks: their documents carry the name and biography.
    await refreshTalkSearch(
      tx,
      event.id,
      onProgram.map((row) => row.talkId),
    );
    await notifyProgramChanged(tx, event.slug);
  }
}

/**
 * Makes an uploaded image one's photo at the event: processed by the program's
 * processSpeakerPhoto (a 400 naming `photo` for a file that is not a JPEG, PNG or WebP image, or
 * too large a one), stored, and named by the profile; the photo it replaces is deleted unless
 * another of one's profiles shows it.
 */
export async function uploadSpeakerPhoto(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  upload: Buffer,
): Promise<SpeakerProfile> {
  const signedIn = requireActor(actor);
  await requireOwnProfile(db, event, signedIn.user.id);
  const photo = await processSpeakerPhoto(upload, 'photo');
  return db.transaction(async (tx) => {
    const existing = await requireOwnProfile(tx, event, signedIn.user.id);
    const photoUrl = await insertSpeakerPhoto(tx, signedIn.user.id, photo);
    const [updated] = await tx
      .update(speakers)
      .set({ photoUrl, updatedAt: new Date() })
      .where(eq(speakers.id, existing.id))
      .returning(PROFILE_COLUMNS);
    await deleteUnusedSpeakerPhotos(tx, signedIn.user.id);
    await programSeesChange(tx, event, existing.id);
    return updated!;
  });
}

/** Takes one's photo off one's profile at the event (pages show one's initials); an uploaded one no other profile shows is deleted. */
export async function removeSpeakerPhoto(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
): Promise<SpeakerProfile> {
  const signedIn = requireActor(actor);
  return db.transaction(async (tx) => {
    const existing = await requireOwnProfile(tx, event, signedIn.user.id);
    const [updated] = await tx
      .update(speakers)
      .set({ photoUrl: null, updatedAt: new Date() })
      .where(eq(speakers.id, existing.id))
      .returning(PROFILE_COLUMNS);
    await deleteUnusedSpeakerPhotos(tx, signedIn.user.id);
    await programSeesChange(tx, event, existing.id);
    return updated!;
  });
}

/** One of a person's profiles at another event, which their profile here may take its biography, photo and links from. */
export interface OtherSpeakerProfile {
  speakerId: number;
  eventName: string;
  biography: string;
  photoUrl: string | null;
  links: SpeakerLink[];
}

/** The person's profiles at other events, the most recently changed first. */
async function listOtherProfiles(db: Database, eventId: number, userId: number): Promise<OtherSpeakerProfile[]> {
  return db
    .select({
      speakerId: speakers.id,
      eventName: events.name,
      biography: speakers.biography,
      photoUrl: speakers.photoUrl,
      links: speakers.links,
    })
    .from(speakers)
    .innerJoin(events, eq(events.id, speakers.eventId))
    .where(and(eq(speakers.userId, userId), ne(speakers.eventId, eventId)))
    .orderBy(desc(speakers.updatedAt), desc(speakers.id));
}

/** One's own profiles at other events, for "Use my profile from …" (only those with something to take). */
export async function listOwnOtherProfiles(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
): Promise<OtherSpeakerProfile[]> {
  const signedIn = requireActor(actor);
  return (await listOtherProfiles(db, event.id, signedIn.user.id)).filter(
    (profile) => profile.biography !== '' || profile.photoUrl !== null || profile.links.length > 0,
  );
}

/**
 * Takes the biography, photo and links of one of one's own profiles at another event into one's
 * profile here (the name stays: it may differ per event). Another person's profile, or one at
 * this event, is refused as if it did not exist.
 */
export async function copySpeakerProfile(
  db: Database,
  actor: Actor | undefined,
  event: EventRecord,
  fromSpeakerId: number,
): Promise<{ profile: SpeakerProfile; from: OtherSpeakerProfile }> {
  const signedIn = requireActor(actor);
  return db.transaction(async (tx) => {
    const existing = await requireOwnProfile(tx, event, signedIn.user.id);
    const from = (await listOtherProfiles(tx, event.id, signedIn.user.id)).find(
      (profile) => profile.speakerId === fromSpeakerId,
    );
    if (!from) throw new InvalidInputError('choose one of your profiles at another event', 'from');
    const [updated] = await tx
      .update(speakers)
      .set({ biography: from.biography, photoUrl: from.photoUrl, links: from.links, updatedAt: new Date() })
      .where(eq(speakers.id, existing.id))
      .returning(PROFILE_COLUMNS);
    await deleteUnusedSpeakerPhotos(tx, signedIn.user.id);
    await programSeesChange(tx, event, existing.id);
    return { profile: updated!, from };
  });
}
