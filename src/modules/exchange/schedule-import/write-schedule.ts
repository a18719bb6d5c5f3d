import { isDeepStrictEqual } from 'node:util';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import {
  eventDays,
  type events,
  rooms,
  scheduleReleases,
  scheduleSlots,
  speakers,
  talkSpeakers,
  talks,
  tracks,
  type TalkState,
} from '../../../db/schema.js';
import { DomainError } from '../../../shared/errors.js';
import { slugify, uniqueSlug } from '../../../shared/slug.js';
import {
  changeTalkStates,
  eventNameFromSlug,
  IMPORT_ACTOR,
  matchTracks,
  newTrackSlug,
  notifyProgramChanged,
  refreshTalkSearch,
  requireEventName,
  requireEventSlug,
  speakerNameKey,
  syncImportedEvent,
  trackNameKey,
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
/**
 * Rows per INSERT or UPDATE: few statements for a big schedule (38C3's 1007 talks take two),
 * each well below PostgreSQL's 65535 parameters (a talk row has about 20).
 */
const CHUNK = 1000;

type ColumnType = 'integer' | 'text' | 'text[]' | 'uuid' | 'timestamptz' | 'boolean' | 'jsonb';
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
 * by name) and talks (found by the file's guid, confirmed, in file order); the work-in-progress
 * schedule, replaced by the file's slots; then releases it, when it differs from the latest
 * release, under the file's version. Importing the same file again writes nothing. Talks an
 * earlier import brought in and the file no longer lists are withdrawn, keeping their guids.
 * About 40 queries whatever the file's size (38 for 38C3's 1007 talks).
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
      const speaker = await writeSpeakers(writing, people);
      const talk = await writeTalks(writing, track.ids);
      const relinked = await writeTalkSpeakers(writing, talk.ids, talk.matched, speaker.ids);
      const slots = await writeSlots(writing, talk.ids, room.ids);
      const changes = {
        days,
        rooms: { ...room.changes, removed: await removeRooms(writing, room.stale) },
        tracks: { ...track.changes, removed: await removeUnusedTracks(writing, track.stale) },
        // A talk whose speakers changed was updated, even when nothing else of it was.
        talks: { ...talk.changes, updated: new Set([...talk.updated, ...relinked]).size },
        speakers: { ...speaker.changes, removed: await removeSpeakersWithoutTalks(writing, speaker.stale) },
        slots,
      };

      progress.phase('search');
      const searchUpdates = await refreshTalkSearch(tx, event.id);
      progress.advance(1);
      const changed =
        eventChanged || searchUpdates > 0 || Object.values(changes).some((c) => c.created + c.updated + c.removed > 0);

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
      message: `"${given.slice(0, 60)}" is not an acronym frab and c3voc accept (lower-case letters, digits and underscores, 4 or more); exports derive one from the event's slug`,
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
        message: `room "${room.name}": its guid ${room.guid} belongs to another room in Lectern; the room keeps a guid of its own`,
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

/** The file's persons by personKey: who they are, their first spelling and the first biography the file gives. */
type People = Map<string, ImportedPerson>;

/**
 * One speaker per person, found among the event's profiles without an account (a profile
 * someone signed up for is theirs, never an import's): by the file's GUID, then its pretalx
 * code, then by exact name (spacing aside, never case) among profiles without ids of their
 * own, so that "Anna" and "anna", or two people of one name with two GUIDs, stay two. A
 * biography the file gives replaces the profile's; none keeps it.
 */
async function writeSpeakers({ tx, eventId, warnings, progress }: Writing, people: People) {
  progress.phase('speakers');
  const eventSpeakers = await tx.select().from(speakers).where(eq(speakers.eventId, eventId));
  const existing = eventSpeakers.filter((s) => s.userId === null);
  const claimed = new Set<number>();
  const unclaimed = (found: (typeof existing)[number] | undefined) =>
    found && !claimed.has(found.id) ? found : undefined;
  const byGuid = new Map(existing.flatMap((s) => (s.guid ? [[s.guid, s] as const] : [])));
  const byCode = new Map(existing.flatMap((s) => (s.code ? [[s.code, s] as const] : [])));
  // Guids and codes a profile with an account holds: an import's person cannot take them.
  const held = (column: 'guid' | 'code', value: string | undefined) =>
    value !== undefined && eventSpeakers.some((s) => s[column] === value && s.userId !== null);
  const byName = new Map<string, (typeof existing)[number][]>();
  for (const s of existing) byName.set(s.nameKey, [...(byName.get(s.nameKey) ?? []), s]);
  const slugs = new Set(eventSpeakers.map((s) => s.slug));
  const ids = new Map<string, number>();
  const updates: Record<string, unknown>[] = [];
  const fresh: { key: string; values: typeof speakers.$inferInsert }[] = [];
  // Found by ids first, for every person, so that a name match never takes a profile an id names.
  const found = new Map<string, (typeof existing)[number]>();
  for (const [key, person] of people) {
    const match =
      (person.guid ? unclaimed(byGuid.get(person.guid)) : undefined) ??
      (person.code ? unclaimed(byCode.get(person.code)) : undefined);
    if (match) {
      found.set(key, match);
      claimed.add(match.id);
    }
  }
  for (const [key, person] of people) {
    if (found.has(key)) continue;
    // A person with ids may take a profile of their name that has none (an earlier import without ids).
    const match = (byName.get(speakerNameKey(person.name)) ?? []).find(
      (s) =>
        !claimed.has(s.id) &&
        (person.guid === undefined && person.code === undefined ? true : s.guid === null && s.code === null),
    );
    if (match) {
      found.set(key, match);
      claimed.add(match.id);
    }
  }
  const now = new Date().toISOString();
  for (const [key, person] of people) {
    const guid = held('guid', person.guid) ? undefined : person.guid;
    const code = held('code', person.code) ? undefined : person.code;
    if (guid !== person.guid || code !== person.code) {
      warnings.push({
        where: `person ${person.name}`,
        message: `${person.name}: the ${guid !== person.guid ? `guid ${person.guid}` : `code ${person.code}`} belongs to a speaker with an account; this speaker is imported without it`,
      });
    }
    const match = found.get(key);
    if (match) {
      ids.set(key, match.id);
      const biography = person.biography ?? match.biography;
      const wanted = { guid: guid ?? match.guid, code: code ?? match.code };
      if (
        match.name !== person.name ||
        match.biography !== biography ||
        match.guid !== wanted.guid ||
        match.code !== wanted.code
      ) {
        updates.push({
          id: match.id,
          name: person.name,
          name_key: speakerNameKey(person.name),
          biography,
          guid: wanted.guid,
          code: wanted.code,
          updated_at: now,
        });
      }
      continue;
    }
    const slug = uniqueSlug(slugify(person.name, 'speaker'), slugs);
    slugs.add(slug);
    fresh.push({
      key,
      values: {
        eventId,
        slug,
        name: person.name,
        nameKey: speakerNameKey(person.name),
        guid: guid ?? null,
        code: code ?? null,
        biography: person.biography ?? '',
      },
    });
  }
  await updateRows(
    tx,
    'speakers',
    {
      id: 'integer',
      name: 'text',
      name_key: 'text',
      biography: 'text',
      guid: 'uuid',
      code: 'text',
      updated_at: 'timestamptz',
    },
    updates,
  );
  progress.advance(people.size - fresh.length);
  for (const chunk of chunks(fresh)) {
    const created = await tx
      .insert(speakers)
      .values(chunk.map((c) => c.values))
      .returning({ id: speakers.id });
    created.forEach((row, j) => ids.set(chunk[j]!.key, row.id));
    progress.advance(chunk.length);
  }
  const kept = new Set(ids.values());
  return {
    ids,
    changes: { created: fresh.length, updated: updates.length },
    stale: existing.filter((s) => !kept.has(s.id)).map((s) => s.id),
  };
}

/**
 * The talks, confirmed and in the file's order, found by the file's guid (as source key, or
 * as the talk's guid). A guid another event's talk holds cannot be this one's: a copy of a
 * file in a second event gets guids of its own there, derived from the event and the file's.
 * Talks an earlier import brought in that the file no longer lists are withdrawn.
 */
async function writeTalks(
  { tx, schedule, eventId, eventSlug, warnings, progress }: Writing,
  trackIds: Map<string, number>,
) {
  progress.phase('talks');
  const source = schedule.format;
  const existing = await tx
    .select({
      id: talks.id,
      guid: talks.guid,
      slug: talks.slug,
      state: talks.state,
      title: talks.title,
      trackId: talks.trackId,
      description: talks.description,
      abstract: talks.abstract,
      durationMinutes: talks.durationMinutes,
      language: talks.language,
      sessionType: talks.sessionType,
      externalId: talks.externalId,
      links: talks.links,
      attachments: talks.attachments,
      feedbackUrl: talks.feedbackUrl,
      recordingLicence: talks.recordingLicence,
      doNotStream: talks.doNotStream,
      doNotRecord: talks.doNotRecord,
      position: talks.position,
      attention: talks.attention,
      source: talks.source,
      sourceKey: talks.sourceKey,
      stateChangedAt: talks.stateChangedAt,
    })
    .from(talks)
    .where(eq(talks.eventId, eventId));
  const imported = existing.filter((t) => t.source !== null && SCHEDULE_SOURCES.includes(t.source as ScheduleFormat));
  const bySourceKey = new Map<string, (typeof existing)[number]>();
  // The other format's talks first, so that this format's win: frab then JSON of one conference is one program.
  for (const talk of [...imported].sort((a, b) => Number(a.source === source) - Number(b.source === source))) {
    bySourceKey.set(talk.sourceKey!, talk);
  }
  const byGuid = new Map(existing.map((t) => [t.guid, t]));
  const guidsElsewhere = new Set<string>();
  for (const chunk of chunks(
    schedule.talks.map((t) => t.guid),
    10_000,
  )) {
    const rows = await tx
      .select({ guid: talks.guid })
      .from(talks)
      .where(and(inArray(talks.guid, chunk), ne(talks.eventId, eventId)));
    for (const row of rows) guidsElsewhere.add(row.guid);
  }

  const slugs = new Set(existing.map((t) => t.slug));
  const matched = new Set<number>();
  const ids: number[] = [];
  const reconfirmed: { id: number; state: TalkState }[] = [];
  const updates: Record<string, unknown>[] = [];
  const fresh: { index: number; values: typeof talks.$inferInsert }[] = [];
  const now = new Date();
  for (const [i, talk] of schedule.talks.entries()) {
    const values = {
      title: talk.title,
      trackId: talk.track === undefined ? null : (trackIds.get(trackNameKey(talk.track)) ?? null),
      description: talk.description,
      abstract: talk.abstract,
      durationMinutes: talk.durationMinutes,
      language: talk.language ?? null,
      sessionType: talk.sessionType ?? null,
      externalId: talk.externalId ?? null,
      links: talk.links,
      attachments: talk.attachments,
      feedbackUrl: talk.feedbackUrl ?? null,
      position: i + 1,
      attention: talk.attention,
      state: 'confirmed' as const,
      source,
      sourceKey: talk.guid,
    };
    let found = bySourceKey.get(talk.guid) ?? byGuid.get(talk.guid);
    if (found && matched.has(found.id)) found = undefined;
    if (found) {
      matched.add(found.id);
      ids[i] = found.id;
      // A file that does not say keeps what Lectern knows (an organiser may have asked the speakers).
      const doNotRecord = talk.doNotRecord ?? found.doNotRecord;
      const doNotStream = talk.doNotStream ?? found.doNotStream;
      const recordingLicence = talk.recordingLicence ?? found.recordingLicence;
      const same =
        found.doNotRecord === doNotRecord &&
        found.doNotStream === doNotStream &&
        found.recordingLicence === recordingLicence &&
        found.sessionType === values.sessionType &&
        found.externalId === values.externalId &&
        isDeepStrictEqual(found.links, values.links) &&
        isDeepStrictEqual(found.attachments, values.attachments) &&
        found.feedbackUrl === values.feedbackUrl &&
        found.title === values.title &&
        found.trackId === values.trackId &&
        found.description === values.description &&
        found.abstract === values.abstract &&
        found.durationMinutes === values.durationMinutes &&
        found.language === values.language &&
        found.position === values.position &&
        sameList(found.attention, values.attention) &&
        found.state === values.state &&
        found.source === values.source &&
        found.sourceKey === values.sourceKey;
      if (same) continue;
      // The state changes through the talk lifecycle, below, which records it.
      if (found.state !== values.state) reconfirmed.push(found);
      updates.push({
        id: found.id,
        title: values.title,
        track_id: values.trackId,
        description: values.description,
        abstract: values.abstract,
        duration_minutes: values.durationMinutes,
        language: values.language,
        session_type: values.sessionType,
        external_id: values.externalId,
        links: values.links,
        attachments: values.attachments,
        feedback_url: values.feedbackUrl,
        recording_licence: recordingLicence,
        do_not_stream: doNotStream,
        do_not_record: doNotRecord,
        position: values.position,
        attention: values.attention,
        source: values.source,
        source_key: values.sourceKey,
        updated_at: now.toISOString(),
      });
      continue;
    }
    let guid = talk.guid;
    if (guidsElsewhere.has(guid) || byGuid.has(guid)) {
      guid = uuidV5(`${eventSlug}/${talk.guid}`, SCHEDULE_IMPORT_NAMESPACE);
      const owner = guidsElsewhere.has(talk.guid) ? 'a talk of another event' : 'another talk of this event';
      warnings.push({
        where: talk.where,
        message: `"${talk.title}": its guid ${talk.guid} belongs to ${owner}; here it is ${guid}`,
      });
    }
    // The file's slug when it is free in the event; else one made from the title, and the report says so.
    const slug =
      talk.slug !== undefined && !slugs.has(talk.slug) ? talk.slug : uniqueSlug(slugify(talk.title, 'talk'), slugs);
    if (talk.slug !== undefined && slug !== talk.slug) {
      warnings.push({
        where: talk.where,
        message: `"${talk.title}": its slug "${talk.slug}" belongs to another talk of this event; here it is "${slug}"`,
      });
    }
    slugs.add(slug);
    fresh.push({
      index: i,
      values: {
        ...values,
        eventId,
        guid,
        slug,
        doNotRecord: talk.doNotRecord ?? null,
        doNotStream: talk.doNotStream ?? null,
        recordingLicence: talk.recordingLicence ?? null,
        stateChangedAt: now,
      },
    });
  }
  await updateRows(
    tx,
    'talks',
    {
      id: 'integer',
      title: 'text',
      track_id: 'integer',
      description: 'text',
      abstract: 'text',
      duration_minutes: 'integer',
      language: 'text',
      session_type: 'text',
      external_id: 'integer',
      links: 'jsonb',
      attachments: 'jsonb',
      feedback_url: 'text',
      recording_licence: 'text',
      do_not_stream: 'boolean',
      do_not_record: 'boolean',
      position: 'integer',
      attention: 'text[]',
      source: 'text',
      source_key: 'text',
      updated_at: 'timestamptz',
    },
    updates,
  );
  progress.advance(schedule.talks.length - fresh.length);
  for (const chunk of chunks(fresh)) {
    const created = await tx
      .insert(talks)
      .values(chunk.map((t) => t.values))
      .returning({ id: talks.id });
    created.forEach((row, j) => (ids[chunk[j]!.index] = row.id));
    progress.advance(chunk.length);
  }
  await changeTalkStates(tx, reconfirmed, 'confirmed', IMPORT_ACTOR, { now, reason: 'listed by the file again' });
  const withdrawn = imported.filter((t) => !matched.has(t.id) && t.state === 'confirmed');
  await changeTalkStates(tx, withdrawn, 'withdrawn', IMPORT_ACTOR, { now, reason: 'no longer in the file' });
  return {
    /** Talk ids in the file's order. */
    ids,
    matched,
    updated: updates.map((u) => u.id as number),
    changes: { created: fresh.length, removed: withdrawn.length },
  };
}

/** Each talk's speakers in the file's order; returns the talks found again whose speakers changed. */
async function writeTalkSpeakers(
  { tx, schedule, eventId, progress }: Writing,
  talkIds: number[],
  matched: Set<number>,
  speakerIds: Map<string, number>,
): Promise<number[]> {
  progress.phase('speakers of talks');
  const existing = await tx
    .select({ talkId: talkSpeakers.talkId, speakerId: talkSpeakers.speakerId, position: talkSpeakers.position })
    .from(talkSpeakers)
    .innerJoin(talks, eq(talks.id, talkSpeakers.talkId))
    .where(eq(talks.eventId, eventId));
  const linksOf = new Map<number, { speakerId: number; position: number }[]>();
  for (const link of existing) {
    const list = linksOf.get(link.talkId) ?? [];
    list.push(link);
    linksOf.set(link.talkId, list);
  }
  const unlink: number[] = [];
  const relinked: number[] = [];
  const fresh: (typeof talkSpeakers.$inferInsert)[] = [];
  let talksToLink = 0;
  for (const [i, talk] of schedule.talks.entries()) {
    const talkId = talkIds[i]!;
    const wanted = talk.persons.map((p) => speakerIds.get(personKey(p))!);
    const current = (linksOf.get(talkId) ?? []).sort((a, b) => a.position - b.position).map((l) => l.speakerId);
    if (sameList(current, wanted)) continue;
    talksToLink++;
    if (current.length > 0) unlink.push(talkId);
    if (matched.has(talkId)) relinked.push(talkId);
    fresh.push(...wanted.map((speakerId, p) => ({ talkId, speakerId, position: p + 1 })));
  }
  for (const chunk of chunks(unlink)) await tx.delete(talkSpeakers).where(inArray(talkSpeakers.talkId, chunk));
  // Progress counts talks here, though links are written in chunks of links.
  progress.advance(schedule.talks.length - talksToLink);
  for (const chunk of chunks(fresh)) {
    await tx.insert(talkSpeakers).values(chunk);
    progress.advance((talksToLink * chunk.length) / fresh.length);
  }
  if (fresh.length === 0) progress.advance(talksToLink);
  return relinked;
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

/** Imported speakers the file no longer names and no talk of the event has. */
async function removeSpeakersWithoutTalks({ tx }: Writing, stale: number[]): Promise<number> {
  if (stale.length === 0) return 0;
  const linked = await tx
    .selectDistinct({ speakerId: talkSpeakers.speakerId })
    .from(talkSpeakers)
    .where(inArray(talkSpeakers.speakerId, stale));
  const unlinked = stale.filter((id) => !linked.some((l) => l.speakerId === id));
  if (unlinked.length > 0) await tx.delete(speakers).where(inArray(speakers.id, unlinked));
  return unlinked.length;
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
        known.code ??= person.code;
      }
    }
  }
  return people;
}

/**
 * Updates many rows in one statement: the new values travel as one JSON parameter, typed by
 * jsonb_to_recordset. `columns` maps column names (as in SQL) to their types; `id` finds the row.
 */
async function updateRows(
  tx: Database,
  table: string,
  columns: Record<string, ColumnType>,
  rows: Record<string, unknown>[],
): Promise<void> {
  const names = Object.keys(columns).filter((name) => name !== 'id');
  const assignments = names.map((name) => `"${name}" = v."${name}"`).join(', ');
  const types = Object.entries(columns)
    .map(([name, type]) => `"${name}" ${type}`)
    .join(', ');
  for (const chunk of chunks(rows)) {
    await tx.execute(
      sql`update ${sql.raw(`"${table}"`)} as t set ${sql.raw(assignments)} from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as v(${sql.raw(types)}) where t.id = v.id`,
    );
  }
}

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < list.length; i += size) result.push(list.slice(i, i + size));
  return result;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
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
