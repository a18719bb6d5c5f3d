import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import {
  answers,
  events,
  levels,
  questions,
  sessionTypes,
  speakers,
  talkSpeakers,
  talks,
  tracks,
} from '../../db/schema.js';
import { renderMarkdown } from '../../shared/markdown.js';
import { talkDurationMinutes } from '../program/index.js';
import { latestRelease, listReleases, type ReleaseSummary, type StoredRelease } from '../schedule/index.js';
import type {
  LevelView,
  PublishedSchedule,
  SessionTypeView,
  SpeakerView,
  TalkView,
  TrackView,
} from './program-views.js';
import { buildPublishedSchedule } from './published-schedule.js';

/**
 * The read model of one event's published program: everything a public page or the public
 * API shows, loaded in a fixed number of queries and kept in memory until the program changes.
 */

export interface EventProgram {
  /** Set by the agenda: differs between any two loads of the event (cached answers key on it). */
  version: number;
  /** The event's program version in the database when loaded (see events.program_version). */
  programVersion: number;
  /** Roughly the memory the program takes, in bytes: what the agenda's budget counts. */
  estimatedBytes: number;
  id: number;
  slug: string;
  name: string;
  timezone: string;
  /** ISO 639-1. */
  language: string;
  /** The conference acronym an imported file gave; null: exports derive one from the slug. */
  acronym: string | null;
  updatedAt: Date;
  /** The event's first and last days (YYYY-MM-DD): as set, else the latest release's days; null when neither says. */
  startDate: string | null;
  endDate: string | null;
  /** Where it happens; null when nothing is said. */
  venue: VenueView | null;
  /** Markdown, and the same rendered to safe HTML. */
  description: string;
  descriptionHtml: string;
  logoUrl: string | null;
  /** `#rrggbb`, dark enough for white text; null: Lectern's own colours. */
  brandColor: string | null;
  /** The call for proposals' window; whether it is open is judged when asked (cfpView). */
  cfpOpensAt: Date | null;
  cfpClosesAt: Date | null;
  /** The interest ballot: taken while open, until closesAt when set (judged when asked: isInterestBallotOpen). */
  interestBallot: { open: boolean; closesAt: Date | null };
  /** The latest schedule release as the public sees it; undefined before the first release. */
  schedule: PublishedSchedule | undefined;
  /** Every release, newest first, with its changelog. */
  releases: ReleaseSummary[];
  tracks: TrackView[];
  levels: LevelView[];
  /** In the event's order; none for an event without session types. */
  sessionTypes: SessionTypeView[];
  /** Program order. */
  talks: TalkView[];
  /** Alphabetical by name. */
  speakers: SpeakerView[];
  talkBySlug: Map<string, TalkView>;
  speakerBySlug: Map<string, SpeakerView>;
  trackBySlug: Map<string, TrackView>;
  levelBySlug: Map<string, LevelView>;
  sessionTypeBySlug: Map<string, SessionTypeView>;
  talkById: Map<number, TalkView>;
}

export interface VenueView {
  name: string;
  address: string;
  mapUrl: string | null;
}

/** An event as the list of events shows it. */
export type EventSummary = Pick<
  EventProgram,
  | 'slug'
  | 'name'
  | 'timezone'
  | 'startDate'
  | 'endDate'
  | 'venue'
  | 'description'
  | 'descriptionHtml'
  | 'logoUrl'
  | 'cfpOpensAt'
  | 'cfpClosesAt'
> & { talkCount: number };

/**
 * Loads one event's program in ten queries, whatever its size: the event, then its tracks,
 * levels, session types, talks, speakers, talk-speaker links, public answers, the latest schedule release and
 * the list of releases side by side.
 */
export async function loadEventProgram(db: Database, slug: string): Promise<EventProgram | undefined> {
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.slug, slug), eq(events.published, true)));
  if (!event) return undefined;
  const [trackRows, levelRows, typeRows, talkRows, speakerRows, links, publicAnswers, release, releases] =
    await Promise.all([
      db.select().from(tracks).where(eq(tracks.eventId, event.id)).orderBy(asc(tracks.position), asc(tracks.id)),
      db.select().from(levels).where(eq(levels.eventId, event.id)).orderBy(asc(levels.position), asc(levels.id)),
      db
        .select()
        .from(sessionTypes)
        .where(eq(sessionTypes.eventId, event.id))
        .orderBy(asc(sessionTypes.position), asc(sessionTypes.id)),
      // A page of rows at a time (keyset on id), the event loop free in between: mapping 20,000
      // rows in one go is a long stretch of synchronous work. Put in program order below.
      inPages((after) =>
        db
          .select({
            id: talks.id,
            guid: talks.guid,
            slug: talks.slug,
            title: talks.title,
            trackId: talks.trackId,
            levelId: talks.levelId,
            sessionTypeId: talks.sessionTypeId,
            description: talks.description,
            abstract: talks.abstract,
            attention: talks.attention,
            position: talks.position,
            durationMinutes: talkDurationMinutes,
            language: talks.language,
            sessionType: talks.sessionType,
            externalId: talks.externalId,
            links: talks.links,
            attachments: talks.attachments,
            feedbackUrl: talks.feedbackUrl,
            recordingLicence: talks.recordingLicence,
            doNotStream: talks.doNotStream,
            doNotRecord: talks.doNotRecord,
            source: talks.source,
          })
          .from(talks)
          // The program is the confirmed talks; proposals in any other state are not public.
          .where(and(eq(talks.eventId, event.id), eq(talks.state, 'confirmed'), gt(talks.id, after)))
          .orderBy(asc(talks.id))
          .limit(PAGE_ROWS),
      ).then((rows) => rows.sort((a, b) => a.position - b.position || a.id - b.id)),
      inPages((after) =>
        db
          .select()
          .from(speakers)
          .where(and(eq(speakers.eventId, event.id), gt(speakers.id, after)))
          .orderBy(asc(speakers.id))
          .limit(PAGE_ROWS),
      ),
      // Joined on the event rather than listing talk ids, so it need not wait for the talks.
      inPages(
        (after) =>
          db
            .select({ id: talkSpeakers.talkId, speakerId: talkSpeakers.speakerId })
            .from(talkSpeakers)
            .innerJoin(talks, eq(talks.id, talkSpeakers.talkId))
            .where(and(eq(talks.eventId, event.id), gt(talkSpeakers.talkId, after)))
            .orderBy(asc(talkSpeakers.talkId), asc(talkSpeakers.position))
            .limit(PAGE_ROWS),
        // A talk's links are never split between two pages: a page ends after a whole talk.
        true,
      ).then((rows) => rows.map((row) => ({ talkId: row.id, speakerId: row.speakerId }))),
      // Public answers only: the join on is_public keeps private answers out of the snapshot altogether.
      db
        .select({ talkId: answers.talkId, question: questions.label, kind: questions.kind, value: answers.value })
        .from(answers)
        .innerJoin(questions, and(eq(questions.id, answers.questionId), eq(questions.isPublic, true)))
        .where(eq(questions.eventId, event.id))
        .orderBy(asc(questions.position), asc(questions.id)),
      latestRelease(db, event.id) as Promise<StoredRelease | undefined>,
      listReleases(db, event.id),
    ]);

  const trackList: TrackView[] = trackRows.map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    position: t.position,
    talkCount: 0,
    color: t.color,
    description: t.description,
    descriptionHtml: renderMarkdown(t.description),
  }));
  const levelList: LevelView[] = levelRows.map((l) => ({
    id: l.id,
    slug: l.slug,
    name: l.name,
    position: l.position,
    talkCount: 0,
  }));
  const typeList: SessionTypeView[] = typeRows.map((type) => ({
    id: type.id,
    slug: type.slug,
    name: type.name,
    position: type.position,
    durationMinutes: type.durationMinutes,
    talkCount: 0,
  }));
  const typeById = new Map(typeList.map((type) => [type.id, type]));
  const trackById = new Map(trackList.map((t) => [t.id, t]));
  const levelById = new Map(levelList.map((l) => [l.id, l]));
  const speakerById = new Map<number, SpeakerView>();
  for (const s of speakerRows) {
    if (speakerById.size % YIELD_EVERY === YIELD_EVERY - 1) await yieldToLoop();
    speakerById.set(s.id, {
      id: s.id,
      slug: s.slug,
      name: s.name,
      guid: s.guid,
      code: s.code,
      biography: s.biography,
      biographyHtml: renderMarkdown(s.biography),
      photoUrl: s.photoUrl,
      links: s.links,
      talks: [],
    });
  }
  const talkList: TalkView[] = [];
  for (const t of talkRows) {
    // Rendering thousands of talks' Markdown is seconds of work: let other requests in between.
    if (talkList.length % YIELD_EVERY === YIELD_EVERY - 1) await yieldToLoop();
    const track = t.trackId === null ? undefined : trackById.get(t.trackId);
    const level = t.levelId === null ? undefined : levelById.get(t.levelId);
    const type = t.sessionTypeId === null ? undefined : typeById.get(t.sessionTypeId);
    if (track) track.talkCount++;
    if (level) level.talkCount++;
    if (type) type.talkCount++;
    talkList.push({
      id: t.id,
      guid: t.guid,
      slug: t.slug,
      title: t.title,
      track,
      level,
      description: t.description,
      descriptionHtml: renderMarkdown(t.description),
      abstract: t.abstract,
      abstractHtml: renderMarkdown(t.abstract),
      speakers: [],
      needsAttention: t.attention.length > 0,
      attention: t.attention,
      position: t.position,
      answers: [],
      durationMinutes: t.durationMinutes ?? event.durations[0] ?? 30,
      type,
      // A schedule file's talk has the file's language: one the file does not give is unknown, not the event's.
      language: t.language ?? (t.source === 'frab' || t.source === 'schedule-json' ? null : event.language),
      sessionType: type?.name ?? t.sessionType,
      externalId: t.externalId,
      links: t.links,
      attachments: t.attachments,
      feedbackUrl: t.feedbackUrl,
      recordingLicence: t.recordingLicence,
      doNotStream: t.doNotStream,
      doNotRecord: t.doNotRecord,
      slot: undefined,
    });
  }
  const talkById = new Map(talkList.map((t) => [t.id, t]));
  for (const link of links) {
    const talk = talkById.get(link.talkId);
    const speaker = speakerById.get(link.speakerId);
    if (!talk || !speaker) continue;
    talk.speakers.push(speaker);
    speaker.talks.push(talk);
  }
  for (const row of publicAnswers) {
    talkById.get(row.talkId)?.answers.push({
      question: row.question,
      answer: row.kind === 'boolean' ? (row.value === 'yes' ? 'Yes' : 'No') : row.value,
    });
  }
  for (const speaker of speakerById.values()) speaker.talks.sort((a, b) => a.position - b.position);
  const speakerList = [...speakerById.values()]
    .filter((s) => s.talks.length > 0)
    .sort((a, b) => speakerOrder.compare(a.name, b.name) || a.id - b.id);

  const schedule = release ? buildPublishedSchedule(release, talkById) : undefined;
  for (const slot of schedule?.slots ?? []) if (slot.talk) slot.talk.slot = slot;

  const startDate = event.startsOn ?? schedule?.days[0]?.date ?? null;
  const endDate = event.startsOn ? (event.endsOn ?? event.startsOn) : (schedule?.days.at(-1)?.date ?? null);
  const venue =
    event.venueName || event.venueAddress || event.venueMapUrl
      ? { name: event.venueName, address: event.venueAddress, mapUrl: event.venueMapUrl }
      : null;

  await yieldToLoop();
  const program: EventProgram = {
    version: 0,
    programVersion: event.programVersion,
    estimatedBytes: 0,
    id: event.id,
    slug: event.slug,
    name: event.name,
    timezone: event.timezone,
    language: event.language,
    acronym: event.acronym,
    updatedAt: event.updatedAt,
    startDate,
    endDate,
    venue,
    description: event.description,
    descriptionHtml: renderMarkdown(event.description),
    logoUrl: event.logoUrl,
    brandColor: event.brandColor,
    cfpOpensAt: event.cfpOpensAt,
    cfpClosesAt: event.cfpClosesAt,
    interestBallot: { open: event.interestBallotOpen, closesAt: event.interestBallotClosesAt },
    schedule,
    releases,
    tracks: trackList,
    levels: levelList,
    sessionTypes: typeList,
    talks: talkList,
    speakers: speakerList,
    talkBySlug: new Map(talkList.map((t) => [t.slug, t])),
    speakerBySlug: new Map(speakerList.map((s) => [s.slug, s])),
    trackBySlug: new Map(trackList.map((t) => [t.slug, t])),
    levelBySlug: new Map(levelList.map((l) => [l.slug, l])),
    sessionTypeBySlug: new Map(typeList.map((type) => [type.slug, type])),
    talkById,
  };
  program.estimatedBytes = estimateBytes(program);
  return program;
}

/** Rows one query of a big table reads: mapping them is a few milliseconds. */
const PAGE_ROWS = 2000;

/**
 * Every row, a page of PAGE_ROWS at a time by ascending id (`read(after)` reads those after the
 * id `after`), yielding to the event loop between pages. With `wholeIds`, rows come several to
 * an id (a talk's speaker links): a full page's last id is read again whole with the next page.
 */
async function inPages<T extends { id: number }>(
  read: (after: number) => Promise<T[]>,
  wholeIds = false,
): Promise<T[]> {
  const all: T[] = [];
  let after = 0;
  for (;;) {
    const page = await read(after);
    if (page.length < PAGE_ROWS) {
      all.push(...page);
      return all;
    }
    let keep = page;
    if (wholeIds) {
      // The last id may go on in the next page: leave it out of this one, read it next.
      const last = page.at(-1)!.id;
      keep = page.filter((row) => row.id !== last);
      // A single id with more rows than a page: take the page as it is (never happens with links).
      if (keep.length === 0) keep = page;
    }
    all.push(...keep);
    after = keep.at(-1)!.id;
    await yieldToLoop();
  }
}

/** Talks (or speakers) built between two yields to the event loop: ~10 ms of Markdown. */
const YIELD_EVERY = 100;

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const speakerOrder = new Intl.Collator('en', { sensitivity: 'base' });

/**
 * The memory a program takes, estimated from what it holds: its text (strings of one byte per
 * character mostly, the source and its rendering both kept) and a fixed cost per object: rough,
 * but proportional to what loading the program costs, which is what a budget needs.
 */
function estimateBytes(program: EventProgram): number {
  const PER_TALK = 1200;
  const PER_SPEAKER = 500;
  const PER_SLOT = 400;
  let bytes = 20_000 + program.description.length + program.descriptionHtml.length;
  for (const talk of program.talks) {
    bytes +=
      PER_TALK +
      talk.title.length * 2 +
      talk.description.length +
      talk.descriptionHtml.length +
      talk.abstract.length +
      talk.abstractHtml.length;
  }
  for (const speaker of program.speakers) {
    bytes += PER_SPEAKER + speaker.name.length + speaker.biography.length + speaker.biographyHtml.length;
  }
  bytes += (program.schedule?.slots.length ?? 0) * PER_SLOT;
  return bytes;
}
