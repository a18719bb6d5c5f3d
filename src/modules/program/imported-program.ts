import { isDeepStrictEqual } from 'node:util';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import { chunks, updateRows } from '../../db/bulk.js';
import type { Database } from '../../db/client.js';
import { speakers, talkSpeakers, talks, type TalkAttachment, type TalkLink, type TalkState } from '../../db/schema.js';
import { slugify, uniqueSlug } from '../../shared/slug.js';
import { speakerNameKey } from './names.js';
import { syncImportedSessionTypes } from './session-types.js';
import { integerArray, refreshSearchWords, talkSearchDocument, writeTalkSearch } from './talk-search.queries.js';
import { resolveSpeakerPhotoUrl } from './speaker-photo.js';
import { changeTalkStates, IMPORT_ACTOR } from './talk-lifecycle.js';
import { warning, type Warning } from '../../shared/warnings.js';

/** A person an imported file names, once however many talks they give. */
export interface ImportedSpeaker {
  /** The importer's key for the person, which its talks' `speakerKeys` name. */
  key: string;
  name: string;
  /** Undefined when the file gives none: a speaker found again keeps theirs. */
  biography: string | undefined;
  /** The person's GUID (frab, c3voc), when the file gives one. */
  guid: string | undefined;
  /** The person's pretalx code, when the file gives one. */
  code: string | undefined;
  /**
   * An absolute address of the person's photo; null: the file says they have none; undefined:
   * the file does not say, and a speaker found again keeps theirs. Checked again here with
   * parseSpeakerPhotoUrl: one the check refuses is left out and named in the warnings.
   */
  photoUrl?: string | null | undefined;
}

/** What a schedule file says of a talk beyond its text: written as given, null meaning none. */
export interface ImportedTalkDetails {
  durationMinutes: number;
  language: string | null;
  sessionType: string | null;
  externalId: number | null;
  links: TalkLink[];
  attachments: TalkAttachment[];
  feedbackUrl: string | null;
  /** These three: undefined when the file does not say, and a talk found again keeps Lectern's. */
  recordingLicence: string | undefined;
  doNotStream: boolean | undefined;
  doNotRecord: boolean | undefined;
}

/** A talk of an imported program, as its importer mapped it. */
export interface ImportedProgramTalk {
  /** Where the file has it (`line 12`, `event 1234`), for warnings. */
  where: string;
  /** The key that finds the talk again on the next import of the file (talks.source_key). */
  sourceKey: string;
  /** The file's guid for the talk; undefined for a file without ids (a talks page). */
  guid: string | undefined;
  /** The guid the talk takes in this event when another talk holds the file's (derived from it, stable). */
  guidIfTaken: string | undefined;
  /** The file's slug, taken when it is free in the event. */
  slug: string | undefined;
  title: string;
  description: string;
  abstract: string;
  /** Reasons an organiser should look at the talk (see "needs attention"). */
  attention: string[];
  trackId: number | null;
  /** Undefined: the file says nothing of levels, and a talk found again keeps its own. */
  levelId: number | null | undefined;
  /** Its speakers in order, by ImportedSpeaker.key. */
  speakerKeys: string[];
  /** Undefined for a file that has none (a talks page): the talk keeps what it has. */
  details: ImportedTalkDetails | undefined;
}

/** The program a file gives: its speakers and talks, in the file's order. */
export interface ImportedProgram {
  /** talks.source of the talks it brings in. */
  source: string;
  /**
   * Other sources whose talks are this program's too (frab then schedule.json of one conference
   * is one program): found again by source key, this source's winning a tie.
   */
  relatedSources: readonly string[];
  speakers: ImportedSpeaker[];
  talks: ImportedProgramTalk[];
  /**
   * What becomes of the talks an earlier import of these sources brought in and the file no
   * longer lists. `withdraw`: the file has the say on states (a schedule): the lifecycle
   * withdraws them and confirms again every talk it lists. `delete`: the file says nothing of
   * states (a talks page): they are deleted, and a listed talk keeps the state it has.
   */
  unlisted: 'withdraw' | 'delete';
}

export interface ImportedEntityChanges {
  created: number;
  updated: number;
  removed: number;
}

export interface ImportedProgramResult {
  /** The talks' ids, in the file's order. */
  talkIds: number[];
  talks: ImportedEntityChanges;
  /** The session types the import created from its talks' types, by name. */
  sessionTypesCreated: string[];
  speakers: ImportedEntityChanges;
  /** Ids the file gave that Lectern could not keep, and why. */
  warnings: (Warning & { where: string })[];
  /**
   * Talks whose search document alone was written: their speakers (or a speaker's name or bio)
   * changed and nothing else of them. Every other talk's document is written with the talk.
   */
  searchDocumentsUpdated: number;
}

/** Progress in rows handled, phase by phase (the schedule import shows it on the command line). */
export interface ImportProgressSink {
  phase(name: string): void;
  advance(rows: number): void;
}

const NO_PROGRESS: ImportProgressSink = { phase: () => {}, advance: () => {} };

type SpeakerRow = typeof speakers.$inferSelect;

/**
 * Writes an imported program's speakers, talks and their speakers into an event, inside the
 * import's transaction (its event, tracks and levels written before): the one sync both
 * importers use. A talk is found again by its source key, then by its guid; in a file without
 * guids, a talk whose key changed (a new title) by its track and speakers, when exactly one
 * talk fits. A speaker is found among the event's profiles without an account by GUID, code,
 * then exact name (see findSpeakers). Talks and speakers that match already are not written,
 * so importing one file twice writes nothing. Speakers left with no talk are removed.
 * A few statements per phase, whatever the file's size.
 */
export async function syncImportedProgram(
  tx: Database,
  event: { id: number; slug: string },
  program: ImportedProgram,
  progress: ImportProgressSink = NO_PROGRESS,
): Promise<ImportedProgramResult> {
  const warnings: ImportedProgramResult['warnings'] = [];
  const speaker = await writeSpeakers(tx, event.id, program.speakers, warnings, progress);
  const links = await currentLinks(tx, event.id);
  const talk = await writeTalks(tx, event, program, speaker, links, warnings, progress);
  const relinked = await writeTalkSpeakers(tx, program, talk.ids, talk.matched, speaker.ids, links, progress);
  const removedSpeakers = await removeSpeakersWithoutTalks(tx, speaker.stale);
  progress.phase('search');
  // The talks written above have their search documents; those left are talks not written whose
  // speakers changed (the file's and any other talk of such a speaker), with their links now in place.
  const written = new Set([...talk.updated, ...talk.created]);
  const stale = [...links]
    .filter(([talkId, speakerIds]) => !written.has(talkId) && speakerIds.some((id) => speaker.searchChanged.has(id)))
    .map(([talkId]) => talkId);
  const searchDocumentsUpdated = await writeTalkSearch(tx, event.id, [
    ...new Set([...stale, ...relinked.filter((id) => !written.has(id))]),
  ]);
  const speakersChanged = speaker.changes.created + speaker.changes.updated + removedSpeakers > 0;
  if (written.size + talk.changes.removed + searchDocumentsUpdated > 0 || speakersChanged) {
    await refreshSearchWords(tx, event.id);
  }
  progress.advance(1);
  return {
    sessionTypesCreated: talk.sessionTypesCreated,
    talkIds: talk.ids,
    // A talk whose speakers changed was updated, even when nothing else of it was.
    talks: { ...talk.changes, updated: new Set([...talk.updated, ...relinked]).size },
    speakers: { ...speaker.changes, removed: removedSpeakers },
    warnings,
    searchDocumentsUpdated,
  };
}

/**
 * One speaker per person, found among the event's profiles without an account (a profile
 * someone signed up for is theirs, never an import's): by the file's GUID, then its pretalx
 * code, then by exact name (spacing aside, never case) among profiles without ids of their
 * own, so that "Anna" and "anna", or two people of one name with two GUIDs, stay two. A
 * biography the file gives replaces the profile's; none keeps it.
 */
async function writeSpeakers(
  tx: Database,
  eventId: number,
  people: ImportedSpeaker[],
  warnings: ImportedProgramResult['warnings'],
  progress: ImportProgressSink,
) {
  progress.phase('speakers');
  const eventSpeakers = await tx.select().from(speakers).where(eq(speakers.eventId, eventId));
  const existing = eventSpeakers.filter((s) => s.userId === null);
  const found = findSpeakers(existing, people);
  // Guids and codes a profile with an account holds: an import's person cannot take them.
  // (Sets, not a search of the profiles per person: 12,000 persons made that 20 seconds.)
  const withAccount = eventSpeakers.filter((s) => s.userId !== null);
  const heldValues = {
    guid: new Set(withAccount.flatMap((s) => (s.guid === null ? [] : [s.guid]))),
    code: new Set(withAccount.flatMap((s) => (s.code === null ? [] : [s.code]))),
  };
  const held = (column: 'guid' | 'code', value: string | undefined) =>
    value !== undefined && heldValues[column].has(value);
  const slugs = new Set(eventSpeakers.map((s) => s.slug));
  const ids = new Map<string, number>();
  const updates: Record<string, unknown>[] = [];
  // Speakers whose name or biography changed: their talks' search documents change too.
  const searchChanged = new Set<number>();
  const fresh: { key: string; values: typeof speakers.$inferInsert }[] = [];
  const now = new Date().toISOString();
  for (const person of people) {
    const guid = held('guid', person.guid) ? undefined : person.guid;
    const code = held('code', person.code) ? undefined : person.code;
    if (guid !== person.guid || code !== person.code) {
      warnings.push({
        where: `person ${person.name}`,
        ...warning`${person.name}: the ${guid !== person.guid ? `guid ${person.guid}` : `code ${person.code}`} belongs to a speaker with an account; this speaker is imported without it`,
      });
    }
    const photo = importedPhoto(person, warnings);
    const match = found.get(person.key);
    if (match) {
      ids.set(person.key, match.id);
      const biography = person.biography ?? match.biography;
      const photoUrl = photo === undefined ? match.photoUrl : photo;
      const wanted = { guid: guid ?? match.guid, code: code ?? match.code };
      if (match.name !== person.name || match.biography !== biography) searchChanged.add(match.id);
      if (
        match.name !== person.name ||
        match.biography !== biography ||
        match.photoUrl !== photoUrl ||
        match.guid !== wanted.guid ||
        match.code !== wanted.code
      ) {
        updates.push({
          id: match.id,
          name: person.name,
          name_key: speakerNameKey(person.name),
          biography,
          photo_url: photoUrl,
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
      key: person.key,
      values: {
        eventId,
        slug,
        name: person.name,
        nameKey: speakerNameKey(person.name),
        guid: guid ?? null,
        code: code ?? null,
        biography: person.biography ?? '',
        photoUrl: photo ?? null,
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
      photo_url: 'text',
      guid: 'uuid',
      code: 'text',
      updated_at: 'timestamptz',
    },
    updates,
  );
  progress.advance(people.length - fresh.length);
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
    searchChanged,
    changes: { created: fresh.length, updated: updates.length },
    stale: existing.filter((s) => !kept.has(s.id)).map((s) => s.id),
  };
}

/** The person's photo as the program keeps it (undefined: the file does not say); one the check refuses is left out, with a warning. */
function importedPhoto(
  person: ImportedSpeaker,
  warnings: ImportedProgramResult['warnings'],
): string | null | undefined {
  if (person.photoUrl === undefined || person.photoUrl === null) return person.photoUrl;
  const photo = resolveSpeakerPhotoUrl(person.photoUrl, undefined);
  if (photo.ok) return photo.url;
  warnings.push({ where: `person ${person.name}`, ...warning`${person.name}'s photo: ${photo.problem}; left out` });
  return undefined;
}

/** The profile each person is, by their key: ids first, for every person, so that a name match never takes a profile an id names. */
function findSpeakers(existing: SpeakerRow[], people: ImportedSpeaker[]): Map<string, SpeakerRow> {
  const claimed = new Set<number>();
  const unclaimed = (row: SpeakerRow | undefined) => (row && !claimed.has(row.id) ? row : undefined);
  const byGuid = new Map(existing.flatMap((s) => (s.guid ? [[s.guid, s] as const] : [])));
  const byCode = new Map(existing.flatMap((s) => (s.code ? [[s.code, s] as const] : [])));
  const byName = new Map<string, SpeakerRow[]>();
  for (const s of existing) byName.set(s.nameKey, [...(byName.get(s.nameKey) ?? []), s]);
  const found = new Map<string, SpeakerRow>();
  const take = (key: string, row: SpeakerRow | undefined) => {
    if (!row) return;
    found.set(key, row);
    claimed.add(row.id);
  };
  for (const person of people) {
    take(
      person.key,
      (person.guid ? unclaimed(byGuid.get(person.guid)) : undefined) ??
        (person.code ? unclaimed(byCode.get(person.code)) : undefined),
    );
  }
  for (const person of people) {
    if (found.has(person.key)) continue;
    // A person with ids may take a profile of their name that has none (an earlier import without ids).
    const withoutIds = person.guid === undefined && person.code === undefined;
    take(
      person.key,
      (byName.get(speakerNameKey(person.name)) ?? []).find(
        (s) => !claimed.has(s.id) && (withoutIds || (s.guid === null && s.code === null)),
      ),
    );
  }
  return found;
}

/** Each talk's speakers in order, for every talk of the event. */
async function currentLinks(tx: Database, eventId: number): Promise<Map<number, number[]>> {
  const rows = await tx
    .select({ talkId: talkSpeakers.talkId, speakerId: talkSpeakers.speakerId, position: talkSpeakers.position })
    .from(talkSpeakers)
    .innerJoin(talks, eq(talks.id, talkSpeakers.talkId))
    .where(eq(talks.eventId, eventId));
  const linksOf = new Map<number, { speakerId: number; position: number }[]>();
  for (const link of rows) linksOf.set(link.talkId, [...(linksOf.get(link.talkId) ?? []), link]);
  return new Map(
    [...linksOf].map(([talkId, list]) => [
      talkId,
      list.sort((a, b) => a.position - b.position).map((l) => l.speakerId),
    ]),
  );
}

/** The columns of a talk an import writes, as the talks table names them in SQL, and their types. */
const TALK_COLUMNS = {
  id: 'integer',
  title: 'text',
  track_id: 'integer',
  level_id: 'integer',
  description: 'text',
  abstract: 'text',
  duration_minutes: 'integer',
  language: 'text',
  session_type: 'text',
  session_type_id: 'integer',
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
} as const;

/** The same columns by their names in code, which a found talk is compared on. */
const COMPARED = [
  'title',
  'trackId',
  'levelId',
  'description',
  'abstract',
  'durationMinutes',
  'language',
  'sessionType',
  'sessionTypeId',
  'externalId',
  'links',
  'attachments',
  'feedbackUrl',
  'recordingLicence',
  'doNotStream',
  'doNotRecord',
  'position',
  'attention',
  'source',
  'sourceKey',
  'state',
] as const;

type TalkRow = Pick<typeof talks.$inferSelect, 'id' | 'guid' | 'slug' | (typeof COMPARED)[number]>;

/** The search document of a talk written from a row of the import's values (`v`, see updateRows). */
const SEARCH_FROM_ROW = talkSearchDocument({
  title: sql`v.title`,
  description: sql`v.description`,
  abstract: sql`v.abstract`,
  speakerIds: sql`v.speaker_ids`,
});

/**
 * The talks, in the file's order, found by the file's key (as source key, or as the talk's
 * guid). A guid another event's talk holds cannot be this one's: the talk takes the one its
 * importer derived. Talks an earlier import brought in that the file no longer lists are
 * withdrawn or deleted, as the program says. Each talk written is written once: its session
 * type (made first from the talks' types) and its search document (from its speakers, written
 * before) go in the same INSERT or UPDATE as the rest of it.
 */
async function writeTalks(
  tx: Database,
  event: { id: number; slug: string },
  program: ImportedProgram,
  speaker: { ids: Map<string, number> },
  links: Map<number, number[]>,
  warnings: ImportedProgramResult['warnings'],
  progress: ImportProgressSink,
) {
  progress.phase('talks');
  const eventId = event.id;
  const { source } = program;
  const withStates = program.unlisted === 'withdraw';
  const existing: TalkRow[] = await tx
    .select({
      id: talks.id,
      guid: talks.guid,
      slug: talks.slug,
      state: talks.state,
      title: talks.title,
      trackId: talks.trackId,
      levelId: talks.levelId,
      description: talks.description,
      abstract: talks.abstract,
      durationMinutes: talks.durationMinutes,
      language: talks.language,
      sessionType: talks.sessionType,
      sessionTypeId: talks.sessionTypeId,
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
    })
    .from(talks)
    .where(eq(talks.eventId, eventId));
  const sources = [...program.relatedSources, source];
  const imported = existing.filter((t) => t.source !== null && sources.includes(t.source));
  const bySourceKey = new Map<string, TalkRow>();
  // The related sources' talks first, so that this source's win.
  for (const talk of [...imported].sort((a, b) => Number(a.source === source) - Number(b.source === source))) {
    bySourceKey.set(talk.sourceKey!, talk);
  }
  const byGuid = new Map(existing.map((t) => [t.guid, t]));
  const guidsElsewhere = new Set<string>();
  const fileGuids = program.talks.flatMap((t) => (t.guid === undefined ? [] : [t.guid]));
  for (const chunk of chunks(fileGuids, 10_000)) {
    const rows = await tx
      .select({ guid: talks.guid })
      .from(talks)
      .where(and(inArray(talks.guid, chunk), ne(talks.eventId, eventId)));
    for (const row of rows) guidsElsewhere.add(row.guid);
  }
  // Talks the file's keys no longer name: one of them may be a talk of a file without ids whose key changed.
  const fileKeys = new Set(program.talks.map((t) => t.sourceKey));
  const unnamed = imported.filter((t) => !fileKeys.has(t.sourceKey!));

  // First what each talk of the file becomes (found again or new), without its session type.
  const matched = new Set<number>();
  const planned = program.talks.map((talk, i) => {
    const speakerIds = talk.speakerKeys.map((key) => speaker.ids.get(key)!);
    let found = bySourceKey.get(talk.sourceKey) ?? (talk.guid === undefined ? undefined : byGuid.get(talk.guid));
    if (found && matched.has(found.id)) found = undefined;
    if (!found && talk.guid === undefined) {
      const renamed = unnamed.filter(
        (t) => !matched.has(t.id) && t.trackId === talk.trackId && isDeepStrictEqual(links.get(t.id) ?? [], speakerIds),
      );
      if (renamed.length === 1) found = renamed[0]!;
    }
    if (found) matched.add(found.id);
    const details = talk.details;
    // A file that does not say keeps what Lectern knows (an organiser may have asked the speakers).
    const wanted: Omit<TalkRow, 'id' | 'guid' | 'slug' | 'sessionTypeId'> = {
      title: talk.title,
      trackId: talk.trackId,
      levelId: talk.levelId === undefined ? (found?.levelId ?? null) : talk.levelId,
      description: talk.description,
      abstract: talk.abstract,
      durationMinutes: details ? details.durationMinutes : (found?.durationMinutes ?? null),
      language: details ? details.language : (found?.language ?? null),
      sessionType: details ? details.sessionType : (found?.sessionType ?? null),
      externalId: details ? details.externalId : (found?.externalId ?? null),
      links: details ? details.links : (found?.links ?? []),
      attachments: details ? details.attachments : (found?.attachments ?? []),
      feedbackUrl: details ? details.feedbackUrl : (found?.feedbackUrl ?? null),
      recordingLicence: details?.recordingLicence ?? found?.recordingLicence ?? null,
      doNotStream: details?.doNotStream ?? found?.doNotStream ?? null,
      doNotRecord: details?.doNotRecord ?? found?.doNotRecord ?? null,
      position: i + 1,
      attention: talk.attention,
      source,
      sourceKey: talk.sourceKey,
      state: withStates || !found ? 'confirmed' : found.state,
    };
    return { talk, index: i, found, wanted, speakerIds };
  });

  // The session types the talks' types make, so that each talk is written with its link.
  const sessionTypes = await syncImportedSessionTypes(
    tx,
    event,
    planned.map((p) => ({ sessionType: p.wanted.sessionType, durationMinutes: p.wanted.durationMinutes })),
  );
  const sessionTypeOf = (sessionType: string | null, kept: number | null): number | null => {
    const id = sessionType === null ? undefined : sessionTypes.sessionTypeIds.get(sessionType);
    return id === undefined ? kept : id;
  };

  const slugs = new Set(existing.map((t) => t.slug));
  const ids: number[] = [];
  const reconfirmed: { id: number; state: TalkState }[] = [];
  const updates: Record<string, unknown>[] = [];
  const fresh: { index: number; values: PgInsertValue<typeof talks> }[] = [];
  const now = new Date();
  for (const { talk, index: i, found, wanted: partial, speakerIds } of planned) {
    const details = talk.details;
    if (found) {
      ids[i] = found.id;
      const wanted = { ...partial, sessionTypeId: sessionTypeOf(partial.sessionType, found.sessionTypeId) };
      if (COMPARED.every((key) => isDeepStrictEqual(found[key], wanted[key]))) continue;
      // The state changes through the talk lifecycle, below, which records it.
      if (found.state !== wanted.state) reconfirmed.push(found);
      updates.push({
        id: found.id,
        title: wanted.title,
        track_id: wanted.trackId,
        level_id: wanted.levelId,
        description: wanted.description,
        abstract: wanted.abstract,
        duration_minutes: wanted.durationMinutes,
        language: wanted.language,
        session_type: wanted.sessionType,
        session_type_id: wanted.sessionTypeId,
        external_id: wanted.externalId,
        links: wanted.links,
        attachments: wanted.attachments,
        feedback_url: wanted.feedbackUrl,
        recording_licence: wanted.recordingLicence,
        do_not_stream: wanted.doNotStream,
        do_not_record: wanted.doNotRecord,
        position: wanted.position,
        attention: wanted.attention,
        source: wanted.source,
        source_key: wanted.sourceKey,
        updated_at: now.toISOString(),
        speaker_ids: speakerIds,
      });
      continue;
    }
    let guid = talk.guid;
    if (guid !== undefined && (guidsElsewhere.has(guid) || byGuid.has(guid))) {
      guid = talk.guidIfTaken;
      const owner = guidsElsewhere.has(talk.guid!) ? 'a talk of another event' : 'another talk of this event';
      warnings.push({
        where: talk.where,
        ...warning`"${talk.title}": its guid ${talk.guid} belongs to ${owner}; here it is ${guid}`,
      });
    }
    // The file's slug when it is free in the event; else one made from the title, and the report says so.
    const slug =
      talk.slug !== undefined && !slugs.has(talk.slug) ? talk.slug : uniqueSlug(slugify(talk.title, 'talk'), slugs);
    if (talk.slug !== undefined && slug !== talk.slug) {
      warnings.push({
        where: talk.where,
        ...warning`"${talk.title}": its slug "${talk.slug}" belongs to another talk of this event; here it is "${slug}"`,
      });
    }
    slugs.add(slug);
    fresh.push({
      index: i,
      values: {
        eventId,
        ...(guid === undefined ? {} : { guid }),
        slug,
        title: talk.title,
        trackId: talk.trackId,
        levelId: talk.levelId ?? null,
        description: talk.description,
        abstract: talk.abstract,
        ...(details
          ? {
              durationMinutes: details.durationMinutes,
              language: details.language,
              sessionType: details.sessionType,
              sessionTypeId: sessionTypeOf(details.sessionType, null),
              externalId: details.externalId,
              links: details.links,
              attachments: details.attachments,
              feedbackUrl: details.feedbackUrl,
              recordingLicence: details.recordingLicence ?? null,
              doNotStream: details.doNotStream ?? null,
              doNotRecord: details.doNotRecord ?? null,
            }
          : {}),
        position: i + 1,
        attention: talk.attention,
        source,
        sourceKey: talk.sourceKey,
        // A talks page says nothing of states: its talks take the table's (confirmed, unstamped).
        ...(withStates ? { state: 'confirmed' as const, stateChangedAt: now } : {}),
        search: talkSearchDocument({
          title: sql`${talk.title}`,
          description: sql`${talk.description}`,
          abstract: sql`${talk.abstract}`,
          speakerIds: integerArray(speakerIds),
        }),
      },
    });
  }
  await updateRows(tx, 'talks', TALK_COLUMNS, updates, {
    inputs: { speaker_ids: 'integer[]' },
    set: { search: SEARCH_FROM_ROW },
  });
  progress.advance(program.talks.length - fresh.length);
  const created: number[] = [];
  for (const chunk of chunks(fresh)) {
    const rows = await tx
      .insert(talks)
      .values(chunk.map((t) => t.values))
      .returning({ id: talks.id });
    rows.forEach((row, j) => {
      ids[chunk[j]!.index] = row.id;
      created.push(row.id);
    });
    progress.advance(chunk.length);
  }
  const unlisted = imported.filter((t) => !matched.has(t.id));
  let removed: number;
  if (withStates) {
    await changeTalkStates(tx, reconfirmed, 'confirmed', IMPORT_ACTOR, { now, reason: 'listed by the file again' });
    const withdrawn = unlisted.filter((t) => t.state === 'confirmed');
    await changeTalkStates(tx, withdrawn, 'withdrawn', IMPORT_ACTOR, { now, reason: 'no longer in the file' });
    removed = withdrawn.length;
  } else {
    for (const chunk of chunks(unlisted.map((t) => t.id))) await tx.delete(talks).where(inArray(talks.id, chunk));
    removed = unlisted.length;
  }
  return {
    ids,
    matched,
    created,
    updated: updates.map((u) => u.id as number),
    changes: { created: fresh.length, removed },
    sessionTypesCreated: sessionTypes.created,
  };
}

/** Each talk's speakers in the file's order; returns the talks found again whose speakers changed. */
async function writeTalkSpeakers(
  tx: Database,
  program: ImportedProgram,
  talkIds: number[],
  matched: Set<number>,
  speakerIds: Map<string, number>,
  links: Map<number, number[]>,
  progress: ImportProgressSink,
): Promise<number[]> {
  progress.phase('speakers of talks');
  const unlink: number[] = [];
  const relinked: number[] = [];
  const fresh: (typeof talkSpeakers.$inferInsert)[] = [];
  let talksToLink = 0;
  for (const [i, talk] of program.talks.entries()) {
    const talkId = talkIds[i]!;
    const wanted = talk.speakerKeys.map((key) => speakerIds.get(key)!);
    const current = links.get(talkId) ?? [];
    if (isDeepStrictEqual(current, wanted)) continue;
    talksToLink++;
    if (current.length > 0) unlink.push(talkId);
    if (matched.has(talkId)) relinked.push(talkId);
    fresh.push(...wanted.map((speakerId, p) => ({ talkId, speakerId, position: p + 1 })));
  }
  for (const chunk of chunks(unlink)) await tx.delete(talkSpeakers).where(inArray(talkSpeakers.talkId, chunk));
  // Progress counts talks here, though links are written in chunks of links.
  progress.advance(program.talks.length - talksToLink);
  for (const chunk of chunks(fresh)) {
    await tx.insert(talkSpeakers).values(chunk);
    progress.advance((talksToLink * chunk.length) / fresh.length);
  }
  if (fresh.length === 0) progress.advance(talksToLink);
  return relinked;
}

/** Speakers no longer named by the file (of those an import may take) whom no talk of the event has. */
async function removeSpeakersWithoutTalks(tx: Database, stale: number[]): Promise<number> {
  if (stale.length === 0) return 0;
  const linked = await tx
    .selectDistinct({ speakerId: talkSpeakers.speakerId })
    .from(talkSpeakers)
    .where(inArray(talkSpeakers.speakerId, stale));
  const unlinked = stale.filter((id) => !linked.some((l) => l.speakerId === id));
  if (unlinked.length > 0) await tx.delete(speakers).where(inArray(speakers.id, unlinked));
  return unlinked.length;
}
