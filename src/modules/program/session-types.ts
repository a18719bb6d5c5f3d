import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { events, sessionTypes, talks } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { slugify, uniqueSlug } from '../../shared/slug.js';
import { parseLocalDateTime, toLocalInputValue } from '../../shared/time.js';
import type { Actor } from '../accounts/index.js';
import { requireProgramOrganiser } from './policy.js';
import { notifyProgramChanged } from './program-changes.js';
import {
  deleteCategory,
  moveCategory,
  type CategoryItem,
  type CategoryKind,
  type Direction,
  type EventRef,
} from './tracks.js';

/**
 * Session types (pretalx's "submission types"): the kinds of session an event takes proposals
 * for, each with its length. Named and ordered like tracks, with slugs that never change (the
 * public program filters by ?type=slug). An event has none until its organisers add one, and
 * then behaves exactly as before: no choice on the proposal form, no filter, no column.
 *
 * Deleting a type that talks or proposals are of is refused unless they move to another type
 * (as with tracks), so no talk silently loses its length; the foreign key's `set null` is only
 * the database's safety net.
 */

export const SESSION_TYPE_KIND: CategoryKind = {
  table: sessionTypes,
  talkField: 'sessionTypeId',
  word: 'session type',
};

const MAX_NAME = 80;
/** A day: longer sessions are not sessions. */
export const MAX_SESSION_MINUTES = 1440;
export const MAX_SPEAKER_LIMIT = 50;

/** What exports, the public API and the talk page say of a talk's session type. */
export interface SessionTypeRef {
  slug: string;
  name: string;
  durationMinutes: number;
}

export interface SessionTypeItem extends CategoryItem {
  durationMinutes: number;
  /** No new proposals of this type after it; null: the CFP's closing time applies. */
  deadline: Date | null;
  /** Speakers a proposal of this type may have, its submitter included; null: no limit. */
  maxSpeakers: number | null;
  /** Offered on the proposal form. */
  isPublic: boolean;
}

/** A session type's form as typed: numbers and the deadline (datetime-local, event time) as text. */
export interface SessionTypeInput {
  name: string;
  durationMinutes: string;
  deadline: string;
  maxSpeakers: string;
  isPublic: boolean;
}

interface SessionTypeValues {
  name: string;
  durationMinutes: number;
  deadline: Date | null;
  maxSpeakers: number | null;
  isPublic: boolean;
}

function requireWholeNumber(value: string, field: string, min: number, max: number, what: string): number {
  const trimmed = value.trim();
  if (!/^\d{1,6}$/.test(trimmed) || Number(trimmed) < min || Number(trimmed) > max) {
    throw new InvalidInputError(`must be a whole number of ${what} from ${min} to ${max}`, field);
  }
  return Number(trimmed);
}

function parseSessionTypeInput(input: SessionTypeInput, timezone: string): SessionTypeValues {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name === '') throw new InvalidInputError('give the session type a name', 'name');
  if (name.length > MAX_NAME) throw new InvalidInputError(`must be at most ${MAX_NAME} characters`, 'name');
  const durationMinutes = requireWholeNumber(
    input.durationMinutes,
    'durationMinutes',
    1,
    MAX_SESSION_MINUTES,
    'minutes',
  );
  const deadline = parseLocalDateTime(input.deadline, timezone, 'deadline');
  const maxSpeakers =
    input.maxSpeakers.trim() === ''
      ? null
      : requireWholeNumber(input.maxSpeakers, 'maxSpeakers', 1, MAX_SPEAKER_LIMIT, 'speakers');
  return { name, durationMinutes, deadline, maxSpeakers, isPublic: input.isPublic };
}

/** Every session type of the event, in order, with how many talks and proposals are of each. No actor check. */
export async function loadSessionTypes(db: Database, eventId: number): Promise<SessionTypeItem[]> {
  const rows = await db
    .select({
      id: sessionTypes.id,
      slug: sessionTypes.slug,
      name: sessionTypes.name,
      position: sessionTypes.position,
      durationMinutes: sessionTypes.durationMinutes,
      deadline: sessionTypes.deadline,
      maxSpeakers: sessionTypes.maxSpeakers,
      isPublic: sessionTypes.isPublic,
      talkCount: count(talks.id),
    })
    .from(sessionTypes)
    .leftJoin(talks, eq(talks.sessionTypeId, sessionTypes.id))
    .where(eq(sessionTypes.eventId, eventId))
    .groupBy(sessionTypes.id)
    .orderBy(asc(sessionTypes.position), asc(sessionTypes.id));
  return rows.map((row) => ({ ...row, talkCount: Number(row.talkCount) }));
}

export async function listSessionTypes(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
): Promise<SessionTypeItem[]> {
  requireProgramOrganiser(actor, event);
  return loadSessionTypes(db, event.id);
}

export async function getSessionType(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  id: number,
): Promise<SessionTypeItem> {
  const found = (await listSessionTypes(db, actor, event)).find((item) => item.id === id);
  if (!found) throw new NotFoundError(`${event.name} has no such session type.`);
  return found;
}

/** The form's values for a session type: its deadline as a datetime-local value in the event's zone. */
export function sessionTypeFormValues(item: SessionTypeItem, timezone: string): SessionTypeInput {
  return {
    name: item.name,
    durationMinutes: String(item.durationMinutes),
    deadline: toLocalInputValue(item.deadline, timezone),
    maxSpeakers: item.maxSpeakers === null ? '' : String(item.maxSpeakers),
    isPublic: item.isPublic,
  };
}

async function requireUniqueName(tx: Database, eventId: number, name: string, exceptId?: number): Promise<void> {
  const [clash] = await tx
    .select({ id: sessionTypes.id, name: sessionTypes.name })
    .from(sessionTypes)
    .where(and(eq(sessionTypes.eventId, eventId), sql`lower(${sessionTypes.name}) = lower(${name})`));
  if (clash && clash.id !== exceptId)
    throw new InvalidInputError(`there is already a session type named "${clash.name}"`, 'name');
}

export async function createSessionType(
  db: Database,
  actor: Actor | undefined,
  event: EventRef & { timezone: string },
  input: SessionTypeInput,
): Promise<SessionTypeItem> {
  requireProgramOrganiser(actor, event);
  const values = parseSessionTypeInput(input, event.timezone);
  return db.transaction(async (tx) => {
    await requireUniqueName(tx, event.id, values.name);
    const existing = await tx
      .select({ slug: sessionTypes.slug, position: sessionTypes.position })
      .from(sessionTypes)
      .where(eq(sessionTypes.eventId, event.id));
    const slug = uniqueSlug(slugify(values.name, 'session'), new Set(existing.map((row) => row.slug)));
    const position = Math.max(0, ...existing.map((row) => row.position)) + 1;
    const [created] = await tx
      .insert(sessionTypes)
      .values({ eventId: event.id, slug, position, ...values })
      .returning({ id: sessionTypes.id });
    await notifyProgramChanged(tx, event.slug);
    return { id: created!.id, slug, position, talkCount: 0, ...values };
  });
}

/** Saves a session type's settings; the slug stays, so links filtering by it keep working. */
export async function updateSessionType(
  db: Database,
  actor: Actor | undefined,
  event: EventRef & { timezone: string },
  id: number,
  input: SessionTypeInput,
): Promise<SessionTypeItem> {
  requireProgramOrganiser(actor, event);
  const values = parseSessionTypeInput(input, event.timezone);
  return db.transaction(async (tx) => {
    const item = (await loadSessionTypes(tx, event.id)).find((type) => type.id === id);
    if (!item) throw new NotFoundError(`${event.name} has no such session type.`);
    await requireUniqueName(tx, event.id, values.name, id);
    await tx.update(sessionTypes).set(values).where(eq(sessionTypes.id, id));
    await notifyProgramChanged(tx, event.slug);
    return { ...item, ...values };
  });
}

export async function moveSessionType(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  id: number,
  direction: Direction,
): Promise<void> {
  requireProgramOrganiser(actor, event);
  await moveCategory(db, SESSION_TYPE_KIND, event, id, direction);
}

/** Deletes a session type; its talks and proposals move to `moveTo`, required when it has any. */
export async function deleteSessionType(
  db: Database,
  actor: Actor | undefined,
  event: EventRef,
  id: number,
  input: { moveTo?: number | undefined },
): Promise<{ deleted: CategoryItem; movedTo: CategoryItem | undefined }> {
  requireProgramOrganiser(actor, event);
  return deleteCategory(db, SESSION_TYPE_KIND, event, id, input.moveTo);
}

/**
 * A talk's length when it has none of its own: its session type's duration. The one place the
 * default length is resolved in SQL; callers add the event's default (its first duration) for
 * talks with neither. Select it as a column: `durationMinutes: talkDurationMinutes`.
 */
export const talkDurationMinutes = sql<
  number | null
>`coalesce(${talks.durationMinutes}, (select ${sessionTypes.durationMinutes} from ${sessionTypes} where ${sessionTypes.id} = ${talks.sessionTypeId}))`;

/** A talk of an import as its session type is made from it: its type's name as the file gives it, and its length. */
export interface ImportedSessionTypeUse {
  sessionType: string | null;
  durationMinutes: number | null;
}

/**
 * Session types from an imported schedule's types (38C3's `Talk`, `Workshop`, `DJ Set`): each
 * distinct type of the given talks (in the file's order) that the event has no session type of
 * (by name, case aside) becomes one, slug from its name, lasting as most of its talks do. Returns
 * the session type each type name links a talk to (`sessionTypeIds`, by the name as given; null
 * when none fits, as for a blank name), so that the import writes the link with the talk. A talk
 * whose file gives no type (or a name the map lacks: every name was blank) keeps whatever type it has. Part of the import's transaction
 * (syncImportedProgram calls it, before it writes the talks).
 */
export async function syncImportedSessionTypes(
  tx: Database,
  event: { id: number },
  uses: readonly ImportedSessionTypeUse[],
): Promise<{ created: string[]; sessionTypeIds: Map<string, number | null> }> {
  const names = [...new Set(uses.flatMap((use) => (use.sessionType === null ? [] : [use.sessionType])))];
  if (names.length === 0) return { created: [], sessionTypeIds: new Map() };
  const given = new Map<string, { name: string; minutes: Map<number, number> }>();
  for (const use of uses) {
    if (use.sessionType === null) continue;
    const full = use.sessionType.trim().replace(/\s+/g, ' ');
    if (full === '') continue;
    const key = full.toLowerCase();
    const entry = given.get(key) ?? { name: full.slice(0, MAX_NAME), minutes: new Map<number, number>() };
    const minutes = use.durationMinutes;
    if (minutes !== null && minutes >= 1 && minutes <= MAX_SESSION_MINUTES)
      entry.minutes.set(minutes, (entry.minutes.get(minutes) ?? 0) + 1);
    given.set(key, entry);
  }
  // Only blank names: nothing to create or link (a talk keeps its type).
  if (given.size === 0) return { created: [], sessionTypeIds: new Map() };
  const existing = await tx
    .select({ id: sessionTypes.id, slug: sessionTypes.slug, name: sessionTypes.name, position: sessionTypes.position })
    .from(sessionTypes)
    .where(eq(sessionTypes.eventId, event.id));
  const [eventRow] = await tx.select({ durations: events.durations }).from(events).where(eq(events.id, event.id));
  const fallback = eventRow?.durations[0] ?? 30;
  const known = new Set(existing.map((type) => type.name.toLowerCase()));
  const slugs = new Set(existing.map((type) => type.slug));
  let position = Math.max(0, ...existing.map((type) => type.position));
  const fresh: (typeof sessionTypes.$inferInsert)[] = [];
  for (const [key, entry] of given) {
    if (known.has(key)) continue;
    // The most common length among its talks; a tie goes to the shorter.
    const [minutes] = [...entry.minutes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [fallback];
    const slug = uniqueSlug(slugify(entry.name, 'session'), slugs);
    slugs.add(slug);
    position += 1;
    fresh.push({ eventId: event.id, slug, name: entry.name, durationMinutes: minutes, position });
  }
  if (fresh.length > 0) await tx.insert(sessionTypes).values(fresh);
  // Each name to the session type of its name, spacing and case aside, as PostgreSQL compares them.
  const result = await tx.execute(sql`
    select n.name, (select st.id from ${sessionTypes} st where st.event_id = ${event.id}
      and lower(st.name) = lower(regexp_replace(btrim(n.name), '\\s+', ' ', 'g')) limit 1) as id
    from jsonb_array_elements_text(${JSON.stringify(names)}::jsonb) as n(name)
  `);
  const rows = (result as unknown as { rows: { name: string; id: number | null }[] }).rows;
  return {
    created: fresh.map((type) => type.name),
    sessionTypeIds: new Map(rows.map((row) => [row.name, row.id === null ? null : Number(row.id)])),
  };
}
