import { and, asc, count, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { levels, sessionTypes, speakers, talkSpeakers, talks, tracks, type TalkState } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { slugify, uniqueSlug } from '../../shared/slug.js';
import type { Actor } from '../accounts/index.js';
import { speakerNameKey } from './names.js';
import { requireProgramOrganiser } from './policy.js';
import { notifyProgramChanged } from './program-changes.js';
import { changeTalkState } from './talk-lifecycle.js';
import { refreshTalkSearch } from './talk-search.queries.js';
import { enqueueWebhook, talkWebhookData } from '../webhooks/index.js';
import type { Direction, EventRef } from './tracks.js';

/**
 * The organisers' hand on the program itself: its talks (confirmed ones, imported or not) and
 * the speaker profiles behind them. Every change is one transaction that also refreshes the
 * search document and tells the public program. A talk's slug is fixed when it is created and
 * never changes, so its public address stays.
 */

/** Why an import flagged a talk; cleared as the organiser fixes what it names. */
export const MISSING_TITLE = 'missing title';
export const MISSING_SPEAKERS = 'missing speakers';

const LIMITS = { title: 200, description: 5_000, abstract: 20_000, speakerName: 120, biography: 10_000 };

export interface TalkFields {
  title: string;
  description: string;
  abstract: string;
  trackId: number | null;
  levelId: number | null;
  /** Minutes; null for the event's default length. */
  durationMinutes: number | null;
  /** How many people are expected; null when unknown. Left as it is when absent. */
  expectedAudience?: number | null | undefined;
  /** ISO 639-1 codes ("en", or "de, en" for a talk in two); null for the event's language. Left as it is when absent. */
  language?: string | null | undefined;
  /** The session type in words ("Workshop"); null when unknown. Left as it is when absent. */
  sessionType?: string | null | undefined;
  /** One of the event's session types; null for none. Left as it is when absent. */
  sessionTypeId?: number | null | undefined;
  /**
   * The speakers' recording choice: true, do not record; false, they agreed; null, not asked.
   * Left as it is when absent.
   */
  doNotRecord?: boolean | null | undefined;
}

export interface NewSpeakerInput {
  name: string;
  biography: string;
}

export interface ProgramTalkRow {
  id: number;
  code: string;
  slug: string;
  title: string;
  track: { id: number; name: string } | undefined;
  level: { id: number; name: string } | undefined;
  durationMinutes: number | null;
  attention: string[];
  speakers: { id: number; name: string }[];
}

export interface ProgramTalk extends TalkFields {
  expectedAudience: number | null;
  language: string | null;
  sessionType: string | null;
  sessionTypeId: number | null;
  doNotRecord: boolean | null;
  id: number;
  code: string;
  slug: string;
  state: TalkState;
  attention: string[];
  /** Where it came from ("talks-page" for the import), or null when made here. */
  source: string | null;
  speakers: { id: number; slug: string; name: string; hasAccount: boolean }[];
}

export interface SpeakerProfileRow {
  id: number;
  slug: string;
  name: string;
  hasAccount: boolean;
  talkCount: number;
}

export interface SpeakerProfileDetail extends SpeakerProfileRow {
  biography: string;
  talks: { code: string; title: string; state: TalkState }[];
}

// --- validation

function requireText(value: string, field: keyof typeof LIMITS, label: string, required: boolean): string {
  const trimmed = field === 'title' || field === 'speakerName' ? value.trim().replace(/\s+/g, ' ') : value.trim();
  if (required && trimmed === '')
    throw new InvalidInputError(`give the ${label}`, field === 'speakerName' ? 'name' : field);
  if (trimmed.length > LIMITS[field]) {
    throw new InvalidInputError(
      `must be at most ${LIMITS[field]} characters (it has ${trimmed.length})`,
      field === 'speakerName' ? 'name' : field,
    );
  }
  return trimmed;
}

const CHOICE_WORDS = { trackId: 'track', levelId: 'level', sessionTypeId: 'session type' } as const;

async function requireTalkFields(db: Database, eventId: number, input: TalkFields): Promise<TalkFields> {
  const title = requireText(input.title, 'title', 'talk a title', true);
  const description = requireText(input.description, 'description', 'description', false);
  const abstract = requireText(input.abstract, 'abstract', 'abstract', false);
  const { durationMinutes } = input;
  if (
    durationMinutes !== null &&
    (!Number.isInteger(durationMinutes) || durationMinutes < 5 || durationMinutes > 600)
  ) {
    throw new InvalidInputError(
      'must be a whole number of minutes from 5 to 600, or empty for the usual length',
      'durationMinutes',
    );
  }
  for (const [field, table, id] of [
    ['trackId', tracks, input.trackId],
    ['levelId', levels, input.levelId],
    ['sessionTypeId', sessionTypes, input.sessionTypeId ?? null],
  ] as const) {
    if (id === null) continue;
    const [found] = Number.isInteger(id)
      ? await db
          .select({ id: table.id })
          .from(table)
          .where(and(eq(table.id, id), eq(table.eventId, eventId)))
      : [];
    if (!found) throw new InvalidInputError(`choose a ${CHOICE_WORDS[field]} from the list`, field);
  }
  const fields: TalkFields = {
    title,
    description,
    abstract,
    durationMinutes,
    trackId: input.trackId,
    levelId: input.levelId,
  };
  if (input.expectedAudience !== undefined) fields.expectedAudience = requireAudience(input.expectedAudience);
  if (input.language !== undefined) fields.language = requireLanguage(input.language);
  if (input.sessionType !== undefined) fields.sessionType = requireSessionType(input.sessionType);
  if (input.sessionTypeId !== undefined) fields.sessionTypeId = input.sessionTypeId;
  if (input.doNotRecord !== undefined) {
    if (input.doNotRecord !== null && typeof input.doNotRecord !== 'boolean') {
      throw new InvalidInputError('choose whether the talk may be recorded from the list', 'doNotRecord');
    }
    fields.doNotRecord = input.doNotRecord;
  }
  return fields;
}

const MAX_AUDIENCE = 1_000_000;

function requireAudience(value: number | null): number | null {
  if (value !== null && (!Number.isInteger(value) || value < 1 || value > MAX_AUDIENCE)) {
    throw new InvalidInputError('must be a whole number of people, or empty when unknown', 'expectedAudience');
  }
  return value;
}

/**
 * Exports (frab, c3voc) carry a talk's language as ISO 639-1 codes: two letters, or several
 * separated by commas for a talk given in more than one ("de, en", as 38C3's schedule has them).
 */
function requireLanguage(value: string | null): string | null {
  const codes = (value ?? '').trim().toLowerCase();
  if (codes === '') return null;
  if (!/^[a-z]{2}(?:\s*,\s*[a-z]{2})*$/.test(codes)) {
    throw new InvalidInputError(
      `"${value}" is not a language code: use the two letters of ISO 639-1, such as "en" or "de" (or several, such as "de, en"), or leave it empty`,
      'language',
    );
  }
  return codes.split(/\s*,\s*/).join(', ');
}

const MAX_SESSION_TYPE = 200;

/** A session type is one line of text, kept as written; empty is unknown. */
function requireSessionType(value: string | null): string | null {
  const type = (value ?? '').trim().replace(/\s+/g, ' ');
  if (type === '') return null;
  if (type.length > MAX_SESSION_TYPE || /[\u0000-\u001f\u007f]/.test(type)) {
    throw new InvalidInputError(`must be one line of at most ${MAX_SESSION_TYPE} characters, or empty`, 'sessionType');
  }
  return type;
}

function requireNewSpeaker(input: NewSpeakerInput, field: string): NewSpeakerInput {
  const name = input.name.trim().replace(/\s+/g, ' ');
  const biography = input.biography.trim();
  if (name === '') throw new InvalidInputError('give the new speaker a name', field);
  if (name.length > LIMITS.speakerName)
    throw new InvalidInputError(`must be at most ${LIMITS.speakerName} characters`, field);
  if (biography.length > LIMITS.biography) {
    throw new InvalidInputError(
      `must be at most ${LIMITS.biography} characters (it has ${biography.length})`,
      `${field.replace(/Name$/, '')}Biography`,
    );
  }
  return { name, biography };
}

/** A profile without an account is found by name on import: two such profiles may not share a name. */
async function requireFreeSpeakerName(
  db: Database,
  eventId: number,
  name: string,
  field: string,
  exceptId?: number,
): Promise<void> {
  const [clash] = await db
    .select({ id: speakers.id, name: speakers.name })
    .from(speakers)
    .where(and(eq(speakers.eventId, eventId), eq(speakers.nameKey, speakerNameKey(name)), isNull(speakers.userId)));
  if (clash && clash.id !== exceptId) {
    throw new InvalidInputError(
      `there is already a speaker named "${clash.name}" at this event: choose them from the list`,
      field,
    );
  }
}

async function insertSpeaker(db: Database, eventId: number, input: NewSpeakerInput, field: string): Promise<number> {
  await requireFreeSpeakerName(db, eventId, input.name, field);
  const taken = await db.select({ slug: speakers.slug }).from(speakers).where(eq(speakers.eventId, eventId));
  const slug = uniqueSlug(slugify(input.name, 'speaker'), new Set(taken.map((row) => row.slug)));
  const [created] = await db
    .insert(speakers)
    .values({ eventId, slug, name: input.name, nameKey: speakerNameKey(input.name), biography: input.biography })
    .returning({ id: speakers.id });
  return created!.id;
}

async function requireEventSpeakers(db: Database, eventId: number, ids: number[], field: string): Promise<void> {
  if (ids.length === 0) return;
  if (ids.some((id) => !Number.isInteger(id))) throw new InvalidInputError('choose speakers from the list', field);
  const found = await db
    .select({ id: speakers.id })
    .from(speakers)
    .where(and(eq(speakers.eventId, eventId), inArray(speakers.id, ids)));
  if (found.length !== ids.length) throw new InvalidInputError('choose speakers from the list', field);
}

/**
 * After a change of these talks: their search documents, and the public program (sent when the
 * transaction commits). Only the talks changed are written: at 20,000 talks the whole event's
 * documents are seconds of work.
 */
async function programChanged(tx: Database, event: EventRef, talkIds: readonly number[]): Promise<void> {
  await refreshTalkSearch(tx, event.id, talkIds);
  await notifyProgramChanged(tx, event.slug);
}

/** An organiser changed a talk on the program: its `talk.updated` webhook, in the same transaction. */
async function announceTalkUpdated(
  tx: Database,
  event: EventRef,
  talk: { code: string; guid: string; slug: string; title: string; state: TalkState },
): Promise<void> {
  await enqueueWebhook(tx, { eventId: event.id, type: 'talk.updated', data: talkWebhookData(event.slug, talk) });
}

// --- talks

async function findProgramTalk(db: Database, event: EventRef, code: string) {
  const [talk] = await db
    .select()
    .from(talks)
    .where(and(eq(talks.eventId, event.id), eq(talks.code, code.trim().toUpperCase()), eq(talks.state, 'confirmed')));
  if (!talk) throw new NotFoundError(`${event.name}'s program has no talk ${code}.`);
  return talk;
}

async function speakerLinks(db: Database, talkId: number) {
  return db
    .select({ speakerId: talkSpeakers.speakerId, position: talkSpeakers.position })
    .from(talkSpeakers)
    .where(eq(talkSpeakers.talkId, talkId))
    .orderBy(asc(talkSpeakers.position), asc(talkSpeakers.speakerId));
}

/** Rewrites a talk's speakers in this order, and its "missing speakers" flag to match. */
async function setSpeakerOrder(
  db: Database,
  talk: { id: number; attention: string[] },
  speakerIds: number[],
): Promise<void> {
  await db.delete(talkSpeakers).where(eq(talkSpeakers.talkId, talk.id));
  if (speakerIds.length > 0) {
    await db
      .insert(talkSpeakers)
      .values(speakerIds.map((speakerId, i) => ({ talkId: talk.id, speakerId, position: i + 1 })));
  }
  const others = talk.attention.filter((reason) => reason !== MISSING_SPEAKERS);
  const attention = speakerIds.length === 0 ? [...others, MISSING_SPEAKERS] : others;
  await db.update(talks).set({ attention, updatedAt: new Date() }).where(eq(talks.id, talk.id));
}

/** The program's talks in program order, with their speakers (three queries, whatever the count). */
export async function listProgramTalks(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  filter: { needsAttention?: boolean; trackId?: number | undefined } = {},
): Promise<{ talks: ProgramTalkRow[]; total: number; needingAttention: number }> {
  requireProgramOrganiser(actor, event);
  const rows = await db
    .select({
      id: talks.id,
      code: talks.code,
      slug: talks.slug,
      title: talks.title,
      durationMinutes: talks.durationMinutes,
      attention: talks.attention,
      trackId: tracks.id,
      trackName: tracks.name,
      levelId: levels.id,
      levelName: levels.name,
    })
    .from(talks)
    .leftJoin(tracks, eq(tracks.id, talks.trackId))
    .leftJoin(levels, eq(levels.id, talks.levelId))
    .where(and(eq(talks.eventId, event.id), eq(talks.state, 'confirmed')))
    .orderBy(asc(talks.position), asc(talks.id));
  const links = rows.length
    ? await db
        .select({ talkId: talkSpeakers.talkId, id: speakers.id, name: speakers.name })
        .from(talkSpeakers)
        .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
        .innerJoin(talks, eq(talks.id, talkSpeakers.talkId))
        .where(and(eq(talks.eventId, event.id), eq(talks.state, 'confirmed')))
        .orderBy(asc(talkSpeakers.position))
    : [];
  const all: ProgramTalkRow[] = rows.map((row) => ({
    id: row.id,
    code: row.code,
    slug: row.slug,
    title: row.title,
    durationMinutes: row.durationMinutes,
    attention: row.attention,
    track: row.trackId === null ? undefined : { id: row.trackId, name: row.trackName! },
    level: row.levelId === null ? undefined : { id: row.levelId, name: row.levelName! },
    speakers: links.filter((link) => link.talkId === row.id).map(({ id, name }) => ({ id, name })),
  }));
  const shown = all.filter(
    (talk) =>
      (!filter.needsAttention || talk.attention.length > 0) &&
      (filter.trackId === undefined || talk.track?.id === filter.trackId),
  );
  return { talks: shown, total: all.length, needingAttention: all.filter((talk) => talk.attention.length > 0).length };
}

export async function getProgramTalk(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  code: string,
): Promise<ProgramTalk> {
  requireProgramOrganiser(actor, event);
  const talk = await findProgramTalk(db, event, code);
  const people = await db
    .select({ id: speakers.id, slug: speakers.slug, name: speakers.name, userId: speakers.userId })
    .from(talkSpeakers)
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .where(eq(talkSpeakers.talkId, talk.id))
    .orderBy(asc(talkSpeakers.position), asc(talkSpeakers.speakerId));
  return {
    id: talk.id,
    code: talk.code,
    slug: talk.slug,
    state: talk.state,
    title: talk.title,
    description: talk.description,
    abstract: talk.abstract,
    trackId: talk.trackId,
    levelId: talk.levelId,
    durationMinutes: talk.durationMinutes,
    expectedAudience: talk.expectedAudience,
    language: talk.language,
    sessionType: talk.sessionType,
    sessionTypeId: talk.sessionTypeId,
    doNotRecord: talk.doNotRecord,
    attention: talk.attention,
    source: talk.source,
    speakers: people.map(({ userId, ...person }) => ({ ...person, hasAccount: userId !== null })),
  };
}

/**
 * Puts a talk straight on the program (confirmed), with existing speaker profiles and/or a new
 * one. It goes last in program order; its slug comes from its title and never changes.
 */
export async function createProgramTalk(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  input: TalkFields & { speakerIds: number[]; newSpeaker?: NewSpeakerInput | undefined },
): Promise<{ code: string; slug: string }> {
  requireProgramOrganiser(actor, event);
  const speakerIds = [...new Set(input.speakerIds)];
  const wantsNew =
    input.newSpeaker !== undefined && (input.newSpeaker.name.trim() !== '' || input.newSpeaker.biography.trim() !== '');
  const newSpeaker = wantsNew ? requireNewSpeaker(input.newSpeaker!, 'newSpeakerName') : undefined;
  return db.transaction(async (tx) => {
    const fields = await requireTalkFields(tx, event.id, input);
    await requireEventSpeakers(tx, event.id, speakerIds, 'speakerIds');
    if (speakerIds.length === 0 && !newSpeaker) {
      throw new InvalidInputError(
        'a talk on the program needs a speaker: choose one from the list or add a new one',
        'speakerIds',
      );
    }
    if (newSpeaker) speakerIds.push(await insertSpeaker(tx, event.id, newSpeaker, 'newSpeakerName'));
    const taken = await tx.select({ slug: talks.slug }).from(talks).where(eq(talks.eventId, event.id));
    const slug = uniqueSlug(slugify(fields.title, 'talk'), new Set(taken.map((row) => row.slug)));
    const [last] = await tx
      .select({ position: max(talks.position) })
      .from(talks)
      .where(eq(talks.eventId, event.id));
    const now = new Date();
    const [created] = await tx
      .insert(talks)
      .values({
        ...fields,
        eventId: event.id,
        slug,
        state: 'confirmed',
        position: (last?.position ?? 0) + 1,
        stateChangedAt: now,
      })
      .returning({ id: talks.id, code: talks.code, slug: talks.slug });
    await tx
      .insert(talkSpeakers)
      .values(speakerIds.map((speakerId, i) => ({ talkId: created!.id, speakerId, position: i + 1 })));
    await programChanged(tx, event, [created!.id]);
    return { code: created!.code, slug: created!.slug };
  });
}

/** Saves a talk's text, track, level and length. A changed title clears the import's "missing title". */
export async function updateProgramTalk(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  code: string,
  input: TalkFields,
): Promise<void> {
  requireProgramOrganiser(actor, event);
  await db.transaction(async (tx) => {
    const talk = await findProgramTalk(tx, event, code);
    const fields = await requireTalkFields(tx, event.id, input);
    const attention =
      fields.title !== talk.title ? talk.attention.filter((reason) => reason !== MISSING_TITLE) : talk.attention;
    await tx
      .update(talks)
      .set({ ...fields, attention, updatedAt: new Date() })
      .where(eq(talks.id, talk.id));
    await programChanged(tx, event, [talk.id]);
    await announceTalkUpdated(tx, event, { ...talk, title: fields.title });
  });
}

/** Adds a speaker (an existing profile, or a new one) at the end of a talk's speakers. */
export async function addTalkSpeaker(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  code: string,
  input: { speakerId?: number | undefined; newSpeaker?: NewSpeakerInput | undefined },
): Promise<void> {
  requireProgramOrganiser(actor, event);
  const wantsNew =
    input.newSpeaker !== undefined && (input.newSpeaker.name.trim() !== '' || input.newSpeaker.biography.trim() !== '');
  if (wantsNew && input.speakerId !== undefined) {
    throw new InvalidInputError('either choose a speaker from the list or add a new one, not both', 'speakerId');
  }
  if (!wantsNew && input.speakerId === undefined)
    throw new InvalidInputError('choose a speaker from the list, or add a new one', 'speakerId');
  const newSpeaker = wantsNew ? requireNewSpeaker(input.newSpeaker!, 'newSpeakerName') : undefined;
  await db.transaction(async (tx) => {
    const talk = await findProgramTalk(tx, event, code);
    const current = (await speakerLinks(tx, talk.id)).map((link) => link.speakerId);
    let speakerId: number;
    if (newSpeaker) {
      speakerId = await insertSpeaker(tx, event.id, newSpeaker, 'newSpeakerName');
    } else {
      speakerId = input.speakerId!;
      await requireEventSpeakers(tx, event.id, [speakerId], 'speakerId');
      if (current.includes(speakerId)) throw new InvalidInputError('is already a speaker of this talk', 'speakerId');
    }
    await setSpeakerOrder(tx, talk, [...current, speakerId]);
    await programChanged(tx, event, [talk.id]);
    await announceTalkUpdated(tx, event, talk);
  });
}

export async function removeTalkSpeaker(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  code: string,
  speakerId: number,
): Promise<void> {
  requireProgramOrganiser(actor, event);
  await db.transaction(async (tx) => {
    const talk = await findProgramTalk(tx, event, code);
    const current = (await speakerLinks(tx, talk.id)).map((link) => link.speakerId);
    if (!current.includes(speakerId)) throw new NotFoundError('This speaker is not on this talk.');
    await setSpeakerOrder(
      tx,
      talk,
      current.filter((id) => id !== speakerId),
    );
    await programChanged(tx, event, [talk.id]);
    await announceTalkUpdated(tx, event, talk);
  });
}

export async function moveTalkSpeaker(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  code: string,
  speakerId: number,
  direction: Direction,
): Promise<void> {
  requireProgramOrganiser(actor, event);
  if (direction !== 'up' && direction !== 'down') throw new InvalidInputError('must be up or down', 'direction');
  await db.transaction(async (tx) => {
    const talk = await findProgramTalk(tx, event, code);
    const order = (await speakerLinks(tx, talk.id)).map((link) => link.speakerId);
    const index = order.indexOf(speakerId);
    if (index < 0) throw new NotFoundError('This speaker is not on this talk.');
    const other = direction === 'up' ? index - 1 : index + 1;
    if (other < 0 || other >= order.length) return;
    [order[index], order[other]] = [order[other]!, order[index]!];
    await setSpeakerOrder(tx, talk, order);
    await programChanged(tx, event, [talk.id]);
    await announceTalkUpdated(tx, event, talk);
  });
}

/** The organiser has looked at the talk and finds it right as it is. */
export async function clearTalkAttention(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  code: string,
): Promise<void> {
  requireProgramOrganiser(actor, event);
  await db.transaction(async (tx) => {
    const talk = await findProgramTalk(tx, event, code);
    if (talk.attention.length === 0) return;
    await tx.update(talks).set({ attention: [], updatedAt: new Date() }).where(eq(talks.id, talk.id));
    await notifyProgramChanged(tx, event.slug);
  });
}

/**
 * Takes a talk off the program without losing it: it becomes withdrawn, and stays among the
 * proposals with its reviews and answers. Its slug is never given to another talk.
 */
export async function cancelProgramTalk(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  code: string,
): Promise<{ title: string }> {
  const organiser = requireProgramOrganiser(actor, event);
  return db.transaction(async (tx) => {
    const talk = await findProgramTalk(tx, event, code);
    await changeTalkState(tx, talk, 'withdrawn', { role: 'organiser', userId: organiser.user.id });
    await notifyProgramChanged(tx, event.slug);
    return { title: talk.title };
  });
}

/** Deletes a talk for good, with its reviews and answers. Its speakers' profiles stay. */
export async function deleteProgramTalk(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  code: string,
): Promise<{ title: string }> {
  requireProgramOrganiser(actor, event);
  return db.transaction(async (tx) => {
    const talk = await findProgramTalk(tx, event, code);
    await tx.delete(talks).where(eq(talks.id, talk.id));
    await notifyProgramChanged(tx, event.slug);
    return { title: talk.title };
  });
}

// --- speaker profiles

export async function listSpeakerProfiles(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
): Promise<SpeakerProfileRow[]> {
  requireProgramOrganiser(actor, event);
  const rows = await db
    .select({
      id: speakers.id,
      slug: speakers.slug,
      name: speakers.name,
      userId: speakers.userId,
      talkCount: count(talkSpeakers.talkId),
    })
    .from(speakers)
    .leftJoin(talkSpeakers, eq(talkSpeakers.speakerId, speakers.id))
    .where(eq(speakers.eventId, event.id))
    .groupBy(speakers.id)
    .orderBy(sql`lower(${speakers.name})`, asc(speakers.id));
  return rows.map(({ userId, talkCount, ...row }) => ({
    ...row,
    hasAccount: userId !== null,
    talkCount: Number(talkCount),
  }));
}

export async function getSpeakerProfile(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  speakerId: number,
): Promise<SpeakerProfileDetail> {
  requireProgramOrganiser(actor, event);
  const [speaker] = await db
    .select()
    .from(speakers)
    .where(and(eq(speakers.id, speakerId), eq(speakers.eventId, event.id)));
  if (!speaker) throw new NotFoundError(`${event.name} has no such speaker.`);
  const theirTalks = await db
    .select({ code: talks.code, title: talks.title, state: talks.state })
    .from(talkSpeakers)
    .innerJoin(talks, eq(talks.id, talkSpeakers.talkId))
    .where(eq(talkSpeakers.speakerId, speaker.id))
    .orderBy(asc(talks.position), asc(talks.id));
  return {
    id: speaker.id,
    slug: speaker.slug,
    name: speaker.name,
    biography: speaker.biography,
    hasAccount: speaker.userId !== null,
    talkCount: theirTalks.length,
    talks: theirTalks,
  };
}

/** A speaker's name and bio. The slug (their public address) stays. */
export async function updateSpeakerProfile(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  speakerId: number,
  input: { name: string; biography: string },
): Promise<void> {
  requireProgramOrganiser(actor, event);
  const name = requireText(input.name, 'speakerName', "speaker's name", true);
  const biography = requireText(input.biography, 'biography', 'biography', false);
  await db.transaction(async (tx) => {
    const [speaker] = await tx
      .select()
      .from(speakers)
      .where(and(eq(speakers.id, speakerId), eq(speakers.eventId, event.id)));
    if (!speaker) throw new NotFoundError(`${event.name} has no such speaker.`);
    if (speaker.userId === null) await requireFreeSpeakerName(tx, event.id, name, 'name', speaker.id);
    await tx
      .update(speakers)
      .set({ name, nameKey: speakerNameKey(name), biography, updatedAt: new Date() })
      .where(eq(speakers.id, speaker.id));
    const spoken = await tx
      .select({ talkId: talkSpeakers.talkId })
      .from(talkSpeakers)
      .where(eq(talkSpeakers.speakerId, speaker.id));
    await programChanged(
      tx,
      event,
      spoken.map((link) => link.talkId),
    );
  });
}
