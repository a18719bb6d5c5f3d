import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { eventMembers, talks, tracks, users, type levels, type sessionTypes } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { slugify, uniqueSlug } from '../../shared/slug.js';
import type { Actor } from '../accounts/index.js';
import { requireBrandColour } from './event-landing.js';
import { requireProgramOrganiser } from './policy.js';
import { notifyProgramChanged } from './program-changes.js';

/**
 * Tracks, and the machinery levels share with them: an event's named, ordered categories of
 * talks. Names may change; slugs never do, since public addresses (/{event}/tracks/{slug},
 * ?track=, ?level=) carry them. Every change tells the public program (notifyProgramChanged).
 */

export interface EventRef {
  id: number;
  slug: string;
  name: string;
}

export type Direction = 'up' | 'down';

/** A track or level as the back office lists it, with what refers to it. */
export interface CategoryItem {
  id: number;
  slug: string;
  name: string;
  position: number;
  /** Talks and proposals in any state. */
  talkCount: number;
}

export interface TrackItem extends CategoryItem {
  /** Reviewers limited to tracks, this one among them. */
  reviewerCount: number;
  /** Markdown, shown where the public program lists tracks; empty for none. */
  description: string;
  /** `#rrggbb`, or null for none (the schedule's palette then picks one). */
  color: string | null;
  /** Offered on the proposal form. */
  isPublic: boolean;
}

/** A track's form as typed. */
export interface TrackInput {
  name: string;
  description: string;
  /** `#rrggbb`, empty for none. */
  color: string;
  isPublic: boolean;
}

export const MAX_TRACK_DESCRIPTION = 5_000;

/** What tells tracks and levels apart for the functions they share. */
export interface CategoryKind {
  table: typeof tracks | typeof levels | typeof sessionTypes;
  /** The talk's column that refers to it. */
  talkField: 'trackId' | 'levelId' | 'sessionTypeId';
  /** "track", "level" or "session type", for messages. */
  word: string;
}

export const TRACK_KIND: CategoryKind = { table: tracks, talkField: 'trackId', word: 'track' };

const MAX_NAME = 80;

function requireCategoryName(name: string, kind: CategoryKind): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new InvalidInputError(`give the ${kind.word} a name`, 'name');
  if (trimmed.length > MAX_NAME) throw new InvalidInputError(`must be at most ${MAX_NAME} characters`, 'name');
  return trimmed;
}

export async function listCategories(db: Database, kind: CategoryKind, eventId: number): Promise<CategoryItem[]> {
  const { table } = kind;
  const rows = await db
    .select({ id: table.id, slug: table.slug, name: table.name, position: table.position, talkCount: count(talks.id) })
    .from(table)
    .leftJoin(talks, eq(talks[kind.talkField], table.id))
    .where(eq(table.eventId, eventId))
    .groupBy(table.id)
    .orderBy(asc(table.position), asc(table.id));
  return rows.map((row) => ({ ...row, talkCount: Number(row.talkCount) }));
}

export async function findCategory(
  db: Database,
  kind: CategoryKind,
  event: EventRef,
  id: number,
): Promise<CategoryItem> {
  const [found] = (await listCategories(db, kind, event.id)).filter((item) => item.id === id);
  if (!found) throw new NotFoundError(`${event.name} has no such ${kind.word}.`);
  return found;
}

async function requireUniqueName(
  db: Database,
  kind: CategoryKind,
  eventId: number,
  name: string,
  exceptId?: number,
): Promise<void> {
  const { table } = kind;
  const [clash] = await db
    .select({ id: table.id, name: table.name })
    .from(table)
    .where(and(eq(table.eventId, eventId), sql`lower(${table.name}) = lower(${name})`));
  if (clash && clash.id !== exceptId)
    throw new InvalidInputError(`there is already a ${kind.word} named "${clash.name}"`, 'name');
}

export async function createCategory(
  db: Database,
  kind: CategoryKind,
  event: EventRef,
  input: { name: string },
): Promise<CategoryItem> {
  const name = requireCategoryName(input.name, kind);
  const { table } = kind;
  return db.transaction(async (tx) => {
    await requireUniqueName(tx, kind, event.id, name);
    const existing = await tx
      .select({ slug: table.slug, position: table.position })
      .from(table)
      .where(eq(table.eventId, event.id));
    const slug = uniqueSlug(slugify(name, kind.word), new Set(existing.map((row) => row.slug)));
    const position = Math.max(0, ...existing.map((row) => row.position)) + 1;
    const [created] = await tx.insert(table).values({ eventId: event.id, slug, name, position }).returning();
    await notifyProgramChanged(tx, event.slug);
    return { id: created!.id, slug, name, position, talkCount: 0 };
  });
}

/** A new name; the slug stays, so that links to the track or level keep working. */
export async function renameCategory(
  db: Database,
  kind: CategoryKind,
  event: EventRef,
  id: number,
  input: { name: string },
): Promise<CategoryItem> {
  const name = requireCategoryName(input.name, kind);
  const { table } = kind;
  return db.transaction(async (tx) => {
    const item = await findCategory(tx, kind, event, id);
    await requireUniqueName(tx, kind, event.id, name, id);
    if (name === item.name) return item;
    await tx.update(table).set({ name }).where(eq(table.id, id));
    await notifyProgramChanged(tx, event.slug);
    return { ...item, name };
  });
}

/** Swaps an item with its neighbour; positions are renumbered 1, 2, 3, … on the way. */
export async function moveCategory(
  db: Database,
  kind: CategoryKind,
  event: EventRef,
  id: number,
  direction: Direction,
): Promise<void> {
  if (direction !== 'up' && direction !== 'down') throw new InvalidInputError('must be up or down', 'direction');
  const { table } = kind;
  await db.transaction(async (tx) => {
    const items = await tx
      .select({ id: table.id, position: table.position })
      .from(table)
      .where(eq(table.eventId, event.id))
      .orderBy(asc(table.position), asc(table.id));
    const index = items.findIndex((item) => item.id === id);
    if (index < 0) throw new NotFoundError(`${event.name} has no such ${kind.word}.`);
    const other = direction === 'up' ? index - 1 : index + 1;
    if (other < 0 || other >= items.length) return;
    const order = items.map((item) => item.id);
    [order[index], order[other]] = [order[other]!, order[index]!];
    for (const [i, itemId] of order.entries()) {
      if (items.find((item) => item.id === itemId)!.position !== i + 1) {
        await tx
          .update(table)
          .set({ position: i + 1 })
          .where(eq(table.id, itemId));
      }
    }
    await notifyProgramChanged(tx, event.slug);
  });
}

/**
 * Deletes a track or level. Talks still in it are not silently left without one: unless
 * `moveTo` names another of the event's tracks (levels) to move them to, the deletion is
 * refused with their count.
 */
export async function deleteCategory(
  db: Database,
  kind: CategoryKind,
  event: EventRef,
  id: number,
  moveTo: number | undefined,
  beforeDelete?: (tx: Database, target: CategoryItem | undefined) => Promise<void>,
): Promise<{ deleted: CategoryItem; movedTo: CategoryItem | undefined }> {
  const { table } = kind;
  return db.transaction(async (tx) => {
    const item = await findCategory(tx, kind, event, id);
    let target: CategoryItem | undefined;
    if (moveTo !== undefined) {
      if (moveTo === id)
        throw new InvalidInputError(`choose another ${kind.word} than the one being deleted`, 'moveTo');
      target = (await listCategories(tx, kind, event.id)).find((other) => other.id === moveTo);
      if (!target) throw new InvalidInputError(`${event.name} has no such ${kind.word}`, 'moveTo');
    }
    if (item.talkCount > 0) {
      if (!target) {
        throw new InvalidInputError(
          `${item.talkCount} ${item.talkCount === 1 ? 'talk or proposal is' : 'talks and proposals are'} in the ${kind.word} "${item.name}": choose a ${kind.word} to move ${item.talkCount === 1 ? 'it' : 'them'} to`,
          'moveTo',
        );
      }
      await tx
        .update(talks)
        .set({ [kind.talkField]: target.id, updatedAt: new Date() })
        .where(and(eq(talks.eventId, event.id), eq(talks[kind.talkField], id)));
    }
    await beforeDelete?.(tx, target);
    await tx.delete(table).where(eq(table.id, id));
    // Positions stay 1, 2, 3, …
    await tx.execute(sql`
      update ${table} set position = renumbered.n
      from (select id, row_number() over (order by position, id) as n from ${table} where event_id = ${event.id}) renumbered
      where ${table}.id = renumbered.id and ${table}.position <> renumbered.n`);
    await notifyProgramChanged(tx, event.slug);
    return { deleted: item, movedTo: target };
  });
}

// --- tracks

export async function listTracks(db: Database, actor: Actor | undefined, event: EventRef): Promise<TrackItem[]> {
  requireProgramOrganiser(actor, event);
  return loadTrackItems(db, event.id);
}

async function loadTrackItems(db: Database, eventId: number): Promise<TrackItem[]> {
  const [items, own, limits] = await Promise.all([
    listCategories(db, TRACK_KIND, eventId),
    db
      .select({ id: tracks.id, description: tracks.description, color: tracks.color, isPublic: tracks.isPublic })
      .from(tracks)
      .where(eq(tracks.eventId, eventId)),
    db
      .select({ trackIds: eventMembers.trackIds })
      .from(eventMembers)
      .where(and(eq(eventMembers.eventId, eventId), eq(eventMembers.role, 'reviewer'))),
  ]);
  return items.map((item) => {
    const row = own.find((track) => track.id === item.id)!;
    return {
      ...item,
      description: row.description,
      color: row.color,
      isPublic: row.isPublic,
      reviewerCount: limits.filter((l) => l.trackIds.includes(item.id)).length,
    };
  });
}

/**
 * Saves a track's name, description, colour and whether the proposal form offers it. Its
 * colour is shown behind white text (the schedule's cards, the public filter), so it must
 * read as the event's brand colour must: a contrast of 4.5:1 with white, else refused naming
 * the field. The slug stays.
 */
export async function updateTrack(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  trackId: number,
  input: TrackInput,
): Promise<TrackItem> {
  requireProgramOrganiser(actor, event);
  const name = requireCategoryName(input.name, TRACK_KIND);
  const description = input.description.replace(/\r\n?/g, '\n').trim();
  if (description.length > MAX_TRACK_DESCRIPTION) {
    throw new InvalidInputError(
      `must be at most ${MAX_TRACK_DESCRIPTION} characters (it has ${description.length})`,
      'description',
    );
  }
  const color = requireBrandColour(input.color, 'color');
  return db.transaction(async (tx) => {
    const item = (await loadTrackItems(tx, event.id)).find((track) => track.id === trackId);
    if (!item) throw new NotFoundError(`${event.name} has no such track.`);
    await requireUniqueName(tx, TRACK_KIND, event.id, name, trackId);
    const values = { name, description, color, isPublic: input.isPublic };
    await tx.update(tracks).set(values).where(eq(tracks.id, trackId));
    await notifyProgramChanged(tx, event.slug);
    return { ...item, ...values };
  });
}

export async function getTrack(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  trackId: number,
): Promise<TrackItem> {
  const all = await listTracks(db, actor, event);
  const found = all.find((track) => track.id === trackId);
  if (!found) throw new NotFoundError(`${event.name} has no such track.`);
  return found;
}

export async function createTrack(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  input: { name: string },
): Promise<CategoryItem> {
  requireProgramOrganiser(actor, event);
  return createCategory(db, TRACK_KIND, event, input);
}

export async function renameTrack(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  trackId: number,
  input: { name: string },
): Promise<CategoryItem> {
  requireProgramOrganiser(actor, event);
  return renameCategory(db, TRACK_KIND, event, trackId, input);
}

export async function moveTrack(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  trackId: number,
  direction: Direction,
): Promise<void> {
  requireProgramOrganiser(actor, event);
  await moveCategory(db, TRACK_KIND, event, trackId, direction);
}

/**
 * Deletes a track; its talks move to `moveTo` (required when it has any). Reviewers limited to
 * it review `moveTo` instead; without one, the track leaves their list, unless it was their
 * only track: an empty list means every track, so that is refused rather than widening
 * what they see.
 */
export async function deleteTrack(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  trackId: number,
  input: { moveTo?: number | undefined },
): Promise<{ deleted: CategoryItem; movedTo: CategoryItem | undefined }> {
  requireProgramOrganiser(actor, event);
  return deleteCategory(db, TRACK_KIND, event, trackId, input.moveTo, async (tx, target) => {
    const limited = await tx
      .select({ id: eventMembers.id, trackIds: eventMembers.trackIds, email: users.email })
      .from(eventMembers)
      .innerJoin(users, eq(users.id, eventMembers.userId))
      .where(
        and(
          eq(eventMembers.eventId, event.id),
          eq(eventMembers.role, 'reviewer'),
          sql`${trackId} = any(${eventMembers.trackIds})`,
        ),
      );
    for (const member of limited) {
      const rest = member.trackIds.filter((id) => id !== trackId);
      const next = target ? [...new Set([...rest, target.id])] : rest;
      if (next.length === 0) {
        throw new InvalidInputError(
          `${member.email} reviews only this track: choose a track to move to, or change their tracks on the team page first`,
          'moveTo',
        );
      }
      await tx.update(eventMembers).set({ trackIds: next }).where(eq(eventMembers.id, member.id));
    }
  });
}

/** Limits a reviewer to some tracks; none means every track. */
export async function setReviewerTracks(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  memberId: number,
  trackIds: number[],
): Promise<void> {
  requireProgramOrganiser(actor, event);
  const wanted = [...new Set(trackIds)];
  if (wanted.some((id) => !Number.isInteger(id)))
    throw new InvalidInputError('choose tracks from the list', 'trackIds');
  await db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: eventMembers.id, role: eventMembers.role })
      .from(eventMembers)
      .where(and(eq(eventMembers.id, memberId), eq(eventMembers.eventId, event.id)));
    if (!member) throw new NotFoundError('There is no such team member.');
    if (member.role !== 'reviewer')
      throw new InvalidInputError('only reviewers are limited to tracks; organisers see every track', 'trackIds');
    const known = await tx.select({ id: tracks.id }).from(tracks).where(eq(tracks.eventId, event.id));
    const unknown = wanted.filter((id) => !known.some((track) => track.id === id));
    if (unknown.length > 0) throw new InvalidInputError(`${event.name} has no track ${unknown.join(', ')}`, 'trackIds');
    await tx.update(eventMembers).set({ trackIds: wanted }).where(eq(eventMembers.id, memberId));
  });
}
