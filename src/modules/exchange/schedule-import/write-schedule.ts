import { isDeepStrictEqual } from 'node:util';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { chunks, updateRows } from '../../../db/bulk.js';
import type { Database } from '../../../db/client.js';
import {
  eventDays,
  type events,
  rooms,
  scheduleReleases,
  scheduleSlots,
  speakers,
  talks,
  tracks,
} from '../../../db/schema.js';
import { DomainError } from '../../../shared/errors.js';
import { slugify, uniqueSlug } from '../../../shared/slug.js';
import {
  eventNameFromSlug,
  matchTracks,
  newTrackSlug,
  notifyProgramChanged,
  requireEventName,
  requireEventSlug,
  syncImportedEvent,
  syncImportedProgram,
  trackNameKey,
  type ImportedProgram,
} from '../../program/index.js';
import { latestRelease, releaseScheduleWithin, snapshotWorkInProgress } from '../../schedule/index.js';
import { isExportAcronym, uuidV5 } from '../exporters/schedule-parts.js';
import type { EntityChanges, ScheduleImportReport } from './import-report.js';
import {
  personKey,
  SCHEDULE_IMPORT_NAMESPACE,
  type ImportedPerson,
  type ImportedSchedule,
  type ImportedTalk,
  type ImportProblem,
  type ScheduleFormat,
} from './imported-schedule.js';
import { warning } from '../../../shared/warnings.js';

/** The talks.source of imported talks; talks.source_key is their guid in the file. */
export const SCHEDULE_SOURCES: readonly ScheduleFormat[] = ['frab', 'schedule-json'];

/** The command line's names for the event's slug, name and time zone, which errors name. */
const EVENT_FIELDS = { slug: '--event', name: '--name', timezone: '--timezone' };

export type ImportProgress = (done: number, total: number, phase: string) => void;

export interface WriteScheduleOptions {
  eventSlug: string;
  /** The event's name; an existing event keeps its own when omitted, a new one takes the conference's title. */
  eventName?: string | undefined;
  /** The file's name, for the release's public comment "Imported from FILE". */
  fileName: string;
  onProgress?: ImportProgress | undefined;
}

const MAX_VERSION_LENGTH = 60;
const MAX_COMMENT_LENGTH = 2000;
type EventRow = typeof events.$inferSelect;

/** What every phase of the import works with. */
interface Writing {
  tx: Database;
  schedule: ImportedSchedule;
  eventId: number;
  eventSlug: string;
  warnings: ImportProblem[];
  progress: Progress;
}

/**
 * Writes a parsed schedule into an event, in one transaction: creates the event (published,
 * with the three usual levels) or updates it; its days, rooms and tracks; the speakers (found
 * by GUID, code, then name) and talks (found by the file's guid, confirmed, in file order),
 * through the program module's syncImportedProgram (see importedProgram); the work-in-progress
 * schedule, replaced by the file's slots; then releases it, when it differs from the latest
 * release, under the file's version. Importing the same file again writes nothing. Talks an
 * earlier import brought in and the file no longer lists are withdrawn, keeping their guids.
 * About 45 queries whatever the file's size (43 for 38C3's 1007 talks, four of them for its session types).
 */
export async function writeSchedule(
  db: Database,
  schedule: ImportedSchedule,
  options: WriteScheduleOptions,
): Promise<ScheduleImportReport> {
  const started = performance.now();
  const eventSlug = requireEventSlug(options.eventSlug, EVENT_FIELDS.slug);
  const eventName =
    options.eventName === undefined ? undefined : requireEventName(options.eventName, EVENT_FIELDS.name);
  const people = collectPeople(schedule.talks);
  const progress = new Progress(
    options.onProgress,
    schedule.days.length + schedule.rooms.length + schedule.tracks.length + people.size + 3 * schedule.talks.length + 2,
  );

  const report = await db
    .transaction(async (tx) => {
      const warnings = [...schedule.warnings];
      const { event, created, changed: eventChanged } = await writeEvent(tx, schedule, eventSlug, eventName, warnings);
      const writing: Writing = {
        tx,
        schedule,
        eventId: event.id,
        eventSlug,
        warnings,
        progress,
      };
      const days = await writeDays(writing);
      const room = await writeRooms(writing);
      const track = await writeTracks(writing);
      const program = await syncImportedProgram(
        tx,
        event,
        importedProgram(schedule, eventSlug, people, track.ids),
        progress,
      );
      warnings.push(...program.warnings);
      const slots = await writeSlots(writing, program.talkIds, room.ids);
      const changes = {
        days,
        rooms: { ...room.changes, removed: await removeRooms(writing, room.stale) },
        tracks: { ...track.changes, removed: await removeUnusedTracks(writing, track.stale) },
        talks: program.talks,
        speakers: program.speakers,
        slots,
      };

      const changed =
        eventChanged ||
        program.searchDocumentsUpdated > 0 ||
        Object.values(changes).some((c) => c.created + c.updated + c.removed > 0);

      progress.phase('release');
      const release = await releaseIfChanged(writing, event, options.fileName);
      // A release tells every app instance itself.
      if (changed && !release.created) await notifyProgramChanged(tx, eventSlug);
      progress.advance(1);

      return {
        format: schedule.format,
        event: { slug: eventSlug, name: event.name, created },
        timezone: event.timezone,
        counts: await countEvent(tx, event.id),
        changes,
        sessionTypesCreated: program.sessionTypesCreated,
        release,
        needsAttention: schedule.talks
          .filter((t) => t.attention.length > 0)
          .map((t) => ({ title: t.title, where: t.where, reasons: t.attention })),
        warnings: writing.warnings,
        notes: schedule.notes,
        changed: changed || release.created,
        timings: { parseMs: 0, writeMs: 0 },
      } satisfies ScheduleImportReport;
    })
    .catch((error: unknown) => {
      if (error instanceof DomainError) throw error;
      // The transaction rolled back. The failed query's text (every row's values) says less than its cause.
      throw new DomainError(`the database refused the import, so nothing was written: ${rootCause(error).message}`);
    });
  report.timings.writeMs = performance.now() - started;
  return report;
}

/** The event, created (published, with the usual levels) or brought up to date: name, zone, first and last day, acronym. */
async function writeEvent(
  tx: Database,
  schedule: ImportedSchedule,
  slug: string,
  name: string | undefined,
  warnings: ImportProblem[],
): Promise<{ event: EventRow; created: boolean; changed: boolean }> {
  const dates = schedule.days.map((d) => d.date).sort();
  const given = schedule.conference.acronym.trim();
  const acronym = given !== '' && isExportAcronym(given) ? given : undefined;
  if (given !== '' && acronym === undefined) {
    warnings.push({
      where: 'conference acronym',
      ...warning`"${given.slice(0, 60)}" is not an acronym frab and c3voc accept (lower-case letters, digits and underscores, 4 or more); exports derive one from the event's slug`,
    });
  }
  return syncImportedEvent(
    tx,
    slug,
    { name, timezone: schedule.conference.timezone, startsOn: dates[0], endsOn: dates.at(-1), acronym },
    { name: safeEventName(schedule.conference.title) ?? eventNameFromSlug(slug), timezone: 'UTC' },
    EVENT_FIELDS,
  );
}

/** The event's days: the file's, by date. */
async function writeDays({ tx, schedule, eventId, progress }: Writing): Promise<EntityChanges> {
  progress.phase('days');
  const existing = await tx.select().from(eventDays).where(eq(eventDays.eventId, eventId));
  const fresh = schedule.days.filter((day) => !existing.some((d) => d.date === day.date));
  const updates = schedule.days.flatMap((day) => {
    const found = existing.find((d) => d.date === day.date);
    const moved =
      found && (found.startsAt.getTime() !== day.start.getTime() || found.endsAt.getTime() !== day.end.getTime());
    return moved ? [{ id: found.id, starts_at: day.start.toISOString(), ends_at: day.end.toISOString() }] : [];
  });
  const stale = existing.filter((d) => !schedule.days.some((day) => day.date === d.date)).map((d) => d.id);
  if (stale.length > 0) await tx.delete(eventDays).where(inArray(eventDays.id, stale));
  await updateRows(tx, 'event_days', { id: 'integer', starts_at: 'timestamptz', ends_at: 'timestamptz' }, updates);
  if (fresh.length > 0) {
    await tx
      .insert(eventDays)
      .values(fresh.map((day) => ({ eventId, date: day.date, startsAt: day.start, endsAt: day.end })));
  }
  progress.advance(schedule.days.length);
  return { created: fresh.length, updated: updates.length, removed: stale.length };
}

/**
 * The file's rooms, in its order: found by name (a renamed one by its guid); each takes the
 * file's guid unless another room already holds it. Rooms the file no longer has are `stale`.
 */
async function writeRooms({ tx, schedule, eventId, warnings, progress }: Writing) {
  progress.phase('rooms');
  const existing = await tx.select().from(rooms).where(eq(rooms.eventId, eventId));
  const fileGuids = schedule.rooms.flatMap((room) => (room.guid ? [room.guid] : []));
  const guidsElsewhere = new Set(
    fileGuids.length === 0
      ? []
      : (
          await tx
            .select({ guid: rooms.guid })
            .from(rooms)
            .where(and(inArray(rooms.guid, fileGuids), ne(rooms.eventId, eventId)))
        ).map((r) => r.guid),
  );
  const matched = new Map<string, (typeof existing)[number]>();
  const claimed = new Set<number>();
  const claim = (name: string, found: (typeof existing)[number] | undefined) => {
    if (!found) return;
    matched.set(name, found);
    claimed.add(found.id);
  };
  for (const room of schedule.rooms) {
    claim(
      room.name,
      existing.find((r) => !claimed.has(r.id) && trackNameKey(r.name) === trackNameKey(room.name)),
    );
  }
  for (const room of schedule.rooms) {
    if (!matched.has(room.name) && room.guid)
      claim(
        room.name,
        existing.find((r) => !claimed.has(r.id) && r.guid === room.guid),
      );
  }

  const slugs = new Set(existing.map((r) => r.slug));
  const ids = new Map<string, number>();
  const updates: Record<string, unknown>[] = [];
  const fresh: (typeof rooms.$inferInsert)[] = [];
  for (const [i, room] of schedule.rooms.entries()) {
    const found = matched.get(room.name);
    const guidFree =
      room.guid !== undefined &&
      !guidsElsewhere.has(room.guid) &&
      !existing.some((r) => r.guid === room.guid && r.id !== found?.id);
    if (room.guid !== undefined && !guidFree) {
      warnings.push({
        where: room.where,
        ...warning`room "${room.name}": its guid ${room.guid} belongs to another room in Lectern; the room keeps a guid of its own`,
      });
    }
    if (found) {
      ids.set(room.name, found.id);
      const wanted = {
        name: room.name,
        guid: guidFree ? room.guid! : found.guid,
        capacity: room.capacity === undefined ? found.capacity : room.capacity,
        description: room.description ?? found.description,
        position: i + 1,
      };
      const same =
        wanted.name === found.name &&
        wanted.guid === found.guid &&
        wanted.capacity === found.capacity &&
        wanted.description === found.description &&
        wanted.position === found.position;
      if (!same) updates.push({ id: found.id, ...wanted });
      continue;
    }
    const slug = uniqueSlug(slugify(room.name, 'room'), slugs);
    slugs.add(slug);
    fresh.push({
      eventId,
      slug,
      name: room.name,
      ...(guidFree ? { guid: room.guid } : {}),
      capacity: room.capacity ?? null,
      description: room.description ?? '',
      position: i + 1,
    });
  }
  await updateRows(
    tx,
    'rooms',
    { id: 'integer', name: 'text', guid: 'uuid', capacity: 'integer', description: 'text', position: 'integer' },
    updates,
  );
  for (const chunk of chunks(fresh)) {
    const created = await tx.insert(rooms).values(chunk).returning({ id: rooms.id, name: rooms.name });
    for (const row of created) ids.set(row.name, row.id);
  }
  progress.advance(schedule.rooms.length);
  return {
    ids,
    changes: { created: fresh.length, updated: updates.length },
    stale: existing.filter((r) => !claimed.has(r.id)).map((r) => r.id),
  };
}

/** The file's tracks, in its order: found by name (a respelt one by its slug), by name key in `ids`. */
async function writeTracks({ tx, schedule, eventId, progress }: Writing) {
  progress.phase('tracks');
  const existing = await tx.select().from(tracks).where(eq(tracks.eventId, eventId));
  const matched = matchTracks(existing, schedule.tracks);
  const slugs = new Set(existing.map((t) => t.slug));
  const ids = new Map<string, number>();
  const updates: Record<string, unknown>[] = [];
  const fresh: (typeof tracks.$inferInsert)[] = [];
  for (const [i, name] of schedule.tracks.entries()) {
    const found = matched.get(name);
    // A file without a colour keeps the track's.
    const color = schedule.trackColors.get(name);
    if (found) {
      ids.set(trackNameKey(name), found.id);
      const wantedColor = color ?? found.color;
      if (found.name !== name || found.position !== i + 1 || found.color !== wantedColor)
        updates.push({ id: found.id, name, position: i + 1, color: wantedColor });
      continue;
    }
    fresh.push({ eventId, slug: newTrackSlug(name, slugs), name, position: i + 1, color: color ?? null });
  }
  await updateRows(tx, 'tracks', { id: 'integer', name: 'text', position: 'integer', color: 'text' }, updates);
  if (fresh.length > 0) {
    const created = await tx.insert(tracks).values(fresh).returning({ id: tracks.id, name: tracks.name });
    for (const row of created) ids.set(trackNameKey(row.name), row.id);
  }
  progress.advance(schedule.tracks.length);
  const kept = new Set(ids.values());
  return {
    ids,
    changes: { created: fresh.length, updated: updates.length },
    stale: existing.filter((t) => !kept.has(t.id)).map((t) => t.id),
  };
}

/**
 * The work-in-progress schedule becomes exactly the file's: a slot per talk, moved where the
 * file moved it; every other slot (breaks, talks the file does not place) goes.
 */
async function writeSlots(
  { tx, schedule, eventId, progress }: Writing,
  talkIds: number[],
  roomIds: Map<string, number>,
): Promise<EntityChanges> {
  progress.phase('slots');
  const existing = await tx
    .select({
      id: scheduleSlots.id,
      kind: scheduleSlots.kind,
      talkId: scheduleSlots.talkId,
      roomId: scheduleSlots.roomId,
      startsAt: scheduleSlots.startsAt,
      endsAt: scheduleSlots.endsAt,
    })
    .from(scheduleSlots)
    .where(eq(scheduleSlots.eventId, eventId));
  const wanted = new Map(
    schedule.talks.map((talk, i) => [
      talkIds[i]!,
      {
        roomId: roomIds.get(talk.room)!,
        start: talk.start,
        end: new Date(talk.start.getTime() + talk.durationMinutes * 60_000),
      },
    ]),
  );
  const updates: Record<string, unknown>[] = [];
  const stale: number[] = [];
  const placed = new Set<number>();
  for (const slot of existing) {
    const place = slot.kind === 'talk' && slot.talkId !== null ? wanted.get(slot.talkId) : undefined;
    if (!place) {
      stale.push(slot.id);
      continue;
    }
    placed.add(slot.talkId!);
    const same =
      slot.roomId === place.roomId &&
      slot.startsAt.getTime() === place.start.getTime() &&
      slot.endsAt.getTime() === place.end.getTime();
    if (!same) {
      updates.push({
        id: slot.id,
        room_id: place.roomId,
        starts_at: place.start.toISOString(),
        ends_at: place.end.toISOString(),
      });
    }
  }
  for (const chunk of chunks(stale)) await tx.delete(scheduleSlots).where(inArray(scheduleSlots.id, chunk));
  await updateRows(
    tx,
    'schedule_slots',
    { id: 'integer', room_id: 'integer', starts_at: 'timestamptz', ends_at: 'timestamptz' },
    updates,
  );
  const fresh = [...wanted]
    .filter(([talkId]) => !placed.has(talkId))
    .map(([talkId, place]) => ({
      eventId,
      kind: 'talk' as const,
      talkId,
      roomId: place.roomId,
      startsAt: place.start,
      endsAt: place.end,
    }));
  progress.advance(schedule.talks.length - fresh.length);
  for (const chunk of chunks(fresh)) {
    await tx.insert(scheduleSlots).values(chunk);
    progress.advance(chunk.length);
  }
  return { created: fresh.length, updated: updates.length, removed: stale.length };
}

/** Rooms the file no longer has; their slots went with the file's schedule. */
async function removeRooms({ tx }: Writing, stale: number[]): Promise<number> {
  if (stale.length > 0) await tx.delete(rooms).where(inArray(rooms.id, stale));
  return stale.length;
}

/** Tracks the file no longer has and no talk of the event uses. */
async function removeUnusedTracks({ tx }: Writing, stale: number[]): Promise<number> {
  if (stale.length === 0) return 0;
  const used = await tx.selectDistinct({ trackId: talks.trackId }).from(talks).where(inArray(talks.trackId, stale));
  const unused = stale.filter((id) => !used.some((u) => u.trackId === id));
  if (unused.length > 0) await tx.delete(tracks).where(inArray(tracks.id, unused));
  return unused.length;
}

/**
 * Releases the work-in-progress schedule unless the latest release already shows it, under the
 * file's version (the next free number when that was released before).
 */
async function releaseIfChanged(
  { tx, schedule, eventId, eventSlug }: Writing,
  event: EventRow,
  fileName: string,
): Promise<NonNullable<ScheduleImportReport['release']>> {
  const latest = await latestRelease(tx, eventId);
  const snapshot = await snapshotWorkInProgress(tx, eventId, event.timezone);
  if (latest && isDeepStrictEqual(latest.snapshot, snapshot)) {
    return { version: latest.version, created: false, versionTaken: undefined };
  }
  const taken = await tx
    .select({ version: scheduleReleases.version })
    .from(scheduleReleases)
    .where(eq(scheduleReleases.eventId, eventId));
  const fileVersion = usableVersion(schedule.conference.version);
  const free = fileVersion !== undefined && !taken.some((r) => r.version === fileVersion);
  const released = await releaseScheduleWithin(
    tx,
    { id: eventId, slug: eventSlug, name: event.name },
    { version: free ? fileVersion : undefined, comment: `Imported from ${fileName}`.slice(0, MAX_COMMENT_LENGTH) },
    null,
  );
  return { version: released.version, created: true, versionTaken: free ? undefined : fileVersion };
}

async function countEvent(tx: Database, eventId: number): Promise<ScheduleImportReport['counts']> {
  const result = await tx.execute(sql`
    select
      (select count(*) from ${eventDays} where ${eventDays.eventId} = ${eventId})::int as days,
      (select count(*) from ${rooms} where ${rooms.eventId} = ${eventId})::int as rooms,
      (select count(*) from ${tracks} where ${tracks.eventId} = ${eventId})::int as tracks,
      (select count(*) from ${talks} where ${talks.eventId} = ${eventId} and ${talks.state} = 'confirmed')::int as talks,
      (select count(*) from ${speakers} where ${speakers.eventId} = ${eventId})::int as speakers,
      (select count(*) from ${scheduleSlots} where ${scheduleSlots.eventId} = ${eventId})::int as slots
  `);
  return (result as unknown as { rows: ScheduleImportReport['counts'][] }).rows[0]!;
}

/** The file's persons by personKey: who they are, their first spelling and the first biography the file gives. */
type People = Map<string, ImportedPerson>;

/**
 * The program the file gives, for the program module's sync: talks found by the file's guid
 * (their source key), confirmed, in file order; persons by their key; talks an earlier import
 * of either schedule format brought in and the file no longer lists are withdrawn. A talk
 * whose guid another talk holds takes one derived from the event and the file's.
 */
function importedProgram(
  schedule: ImportedSchedule,
  eventSlug: string,
  people: People,
  trackIds: Map<string, number>,
): ImportedProgram {
  return {
    source: schedule.format,
    relatedSources: SCHEDULE_SOURCES.filter((source) => source !== schedule.format),
    speakers: [...people].map(([key, person]) => ({
      key,
      name: person.name,
      biography: person.biography,
      photoUrl: person.photoUrl,
      guid: person.guid,
      code: person.code,
    })),
    talks: schedule.talks.map((talk) => ({
      where: talk.where,
      sourceKey: talk.guid,
      guid: talk.guid,
      guidIfTaken: uuidV5(`${eventSlug}/${talk.guid}`, SCHEDULE_IMPORT_NAMESPACE),
      slug: talk.slug,
      title: talk.title,
      description: talk.description,
      abstract: talk.abstract,
      attention: talk.attention,
      trackId: talk.track === undefined ? null : (trackIds.get(trackNameKey(talk.track)) ?? null),
      levelId: undefined,
      speakerKeys: talk.persons.map(personKey),
      details: {
        durationMinutes: talk.durationMinutes,
        language: talk.language ?? null,
        sessionType: talk.sessionType ?? null,
        externalId: talk.externalId ?? null,
        links: talk.links,
        attachments: talk.attachments,
        feedbackUrl: talk.feedbackUrl ?? null,
        recordingLicence: talk.recordingLicence,
        doNotStream: talk.doNotStream,
        doNotRecord: talk.doNotRecord,
      },
    })),
    unlisted: 'withdraw',
  };
}

/** One entry per person (by personKey): the first spelling, and the first biography and code the file gives. */
function collectPeople(list: ImportedTalk[]): People {
  const people: People = new Map();
  for (const talk of list) {
    for (const person of talk.persons) {
      const key = personKey(person);
      const known = people.get(key);
      if (!known) people.set(key, { ...person });
      else {
        known.biography ??= person.biography;
        if (known.photoUrl === undefined) known.photoUrl = person.photoUrl;
        known.code ??= person.code;
      }
    }
  }
  return people;
}

function rootCause(error: unknown): Error {
  let current = error instanceof Error ? error : new Error(String(error));
  while (current.cause instanceof Error) current = current.cause;
  return current;
}

/** The conference's title as an event name, when it can be one. */
function safeEventName(title: string): string | undefined {
  try {
    return requireEventName(title.replace(/\s+/g, ' '), 'title');
  } catch {
    return undefined;
  }
}

/** The file's version as a release name, when it can be one (else the release is numbered). */
function usableVersion(version: string | undefined): string | undefined {
  const trimmed = version?.trim() ?? '';
  if (trimmed === '' || trimmed.length > MAX_VERSION_LENGTH || /[\u0000-\u001f\u007f]/.test(trimmed)) return undefined;
  return trimmed;
}

/** Reports progress in rows handled, phase by phase, never going back. */
class Progress {
  private done = 0;
  private current = 'event';
  constructor(
    private readonly report: ImportProgress | undefined,
    private readonly total: number,
  ) {}

  phase(name: string): void {
    this.current = name;
    this.report?.(Math.round(this.done), this.total, name);
  }

  /** Rows may come in fractions (a chunk of links is part of a number of talks). */
  advance(rows: number): void {
    this.done = Math.min(this.total, this.done + rows);
    this.report?.(Math.round(this.done), this.total, this.current);
  }
}
