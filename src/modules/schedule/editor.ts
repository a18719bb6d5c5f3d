import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../db/client.js';
import {
  rooms,
  scheduleReleases,
  scheduleSlots,
  speakers,
  talkSpeakers,
  talks,
  tracks,
  type SlotKind,
  type TalkState,
} from '../../db/schema.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { talkDurationMinutes } from '../program/index.js';
import { availabilityOf, type AvailabilityWindow } from './availability.js';
import { diffReleases } from './changelog.js';
import { scheduleWarnings, warningsByTalk, type ScheduleWarning } from './conflicts.js';
import { layOutGrid } from './grid.js';
import {
  formatRange,
  formatTime,
  isAmbiguousLocalTime,
  loadDays,
  localValue,
  type DayItem,
  type ScheduleEvent,
} from './days.js';
import { requireScheduleOrganiser } from './policy.js';
import type { ScheduleChange } from './release-snapshot.js';
import {
  countUnplacedTalks,
  latestRelease,
  listReleases,
  snapshotWorkInProgress,
  type ReleaseSummary,
} from './releases.js';
import { loadRooms, type RoomItem } from './rooms.js';
import { trackColours, type TrackColour } from './track-colours.js';

/**
 * The schedule editor's read model: one day of the work-in-progress schedule as a grid of
 * rooms × time, the talks still to place, and the warnings. Large events (38C3: 72 rooms,
 * 1007 talks) are paged: a page of rooms and a page of unplaced talks at a time, so that the
 * page stays small whatever the event's size. A fixed number of queries, whatever the counts.
 */

export const ROOMS_PER_PAGE = 12;
export const UNPLACED_PER_PAGE = 50;
/** Grid rows are this many minutes: the one asked for (15 by default), or a smaller one that every slot of the day fits. */
export const EDITOR_STEPS = [30, 15, 10, 5] as const;
export type EditorStep = (typeof EDITOR_STEPS)[number];
const DEFAULT_STEP: EditorStep = 15;

export interface EditorQuery {
  /** YYYY-MM-DD; the first day when absent or unknown. */
  day?: string | undefined;
  /** 1-based page of rooms. */
  roomPage?: number | undefined;
  /** 1-based page of unplaced talks. */
  unplacedPage?: number | undefined;
  /** Words of the title, to find an unplaced talk. */
  filter?: string | undefined;
  /** Minutes per row asked for (15 when absent); a day whose slots do not fit it gets a smaller step. */
  step?: EditorStep | undefined;
  /** Every day side by side, each with its rooms, instead of one day. */
  allDays?: boolean | undefined;
}

export interface EditorTalk {
  id: number;
  code: string;
  title: string;
  speakers: string[];
  /** With its colour: an index into TRACK_PALETTE. */
  track: { name: string; slug: string; colour: number } | undefined;
  /** Its own length, or the event's default. */
  durationMinutes: number;
  expectedAudience: number | null;
}

export interface EditorSlot {
  id: number;
  kind: SlotKind;
  /** For kind talk. */
  talk: EditorTalk | undefined;
  /** The talk's title, or the break's or block's. */
  title: string;
  roomId: number | null;
  startsAt: Date;
  endsAt: Date;
  /** "10:00–10:30" in the event's zone. */
  time: string;
  warnings: ScheduleWarning[];
}

export type GridCell =
  { kind: 'empty'; roomId: number } | { kind: 'slot'; slot: EditorSlot; rowspan: number; colspan: number };

export interface GridRow {
  start: Date;
  /** What a drop on this row places at: a datetime-local value, with the offset when the wall time is ambiguous. */
  value: string;
  /** "10:15", with the zone's abbreviation in the hour clocks go back. */
  label: string;
  /** Only the cells this row starts: cells under a slot spanning rows are left out, as in an HTML table. */
  cells: GridCell[];
}

/** One day's grid. */
export interface DayGrid {
  day: DayItem;
  step: number;
  rows: GridRow[];
  /** The day's slots in the shown rooms that do not fit the grid (overlapping ones, left from an import). */
  offGrid: EditorSlot[];
}

export interface ScheduleEditor {
  days: DayItem[];
  /** The day shown; with every day shown, the first. */
  day: DayItem | undefined;
  /** Every day shown side by side (with at most ROOMS_PER_PAGE columns in all: fewer rooms a page). */
  allDays: boolean;
  /** The grids shown: the day's, or every day's. */
  grids: DayGrid[];
  /** The event's tracks with their colours: the legend. */
  tracks: TrackColour[];
  /** Every room, for the forms' room choice. */
  rooms: RoomItem[];
  roomPage: { number: number; count: number; rooms: RoomItem[]; first: number; last: number; size: number };
  /** The step asked for (the grids may have smaller ones). */
  requestedStep: number;
  /** The shown day's grid, as in `grids`. */
  step: number;
  rows: GridRow[];
  offGrid: EditorSlot[];
  unplaced: { talks: EditorTalk[]; matching: number; page: number; pageCount: number; filter: string };
  /** Every warning of the schedule, and those of the shown day (or days). */
  warnings: ScheduleWarning[];
  dayWarnings: ScheduleWarning[];
  placedCount: number;
  unplacedCount: number;
  latestRelease: { version: string; releasedAt: Date } | undefined;
  /** The day's start as a datetime-local value: where a new placement's time starts from. */
  defaultStart: string;
}

function clampPage(page: number | undefined, count: number): number {
  if (page === undefined || !Number.isInteger(page) || page < 1) return 1;
  return Math.min(page, Math.max(count, 1));
}

function defaultMinutes(event: ScheduleEvent): number {
  return event.durations[0] ?? 30;
}

async function speakerNames(db: Database, talkIds: number[]): Promise<Map<number, string[]>> {
  const names = new Map<number, string[]>();
  if (talkIds.length === 0) return names;
  const rows = await db
    .select({ talkId: talkSpeakers.talkId, name: speakers.name })
    .from(talkSpeakers)
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .where(inArray(talkSpeakers.talkId, talkIds))
    .orderBy(asc(talkSpeakers.position), asc(talkSpeakers.speakerId));
  for (const row of rows) names.set(row.talkId, [...(names.get(row.talkId) ?? []), row.name]);
  return names;
}

const talkColumns = {
  id: talks.id,
  code: talks.code,
  title: talks.title,
  // The talk's own length, else its session type's (null: the event's default applies).
  durationMinutes: talkDurationMinutes,
  expectedAudience: talks.expectedAudience,
  trackName: tracks.name,
  trackSlug: tracks.slug,
};

type TalkRow = {
  id: number;
  code: string;
  title: string;
  durationMinutes: number | null;
  expectedAudience: number | null;
  trackName: string | null;
  trackSlug: string | null;
};

function toEditorTalk(
  row: TalkRow,
  names: Map<number, string[]>,
  event: ScheduleEvent,
  colours: Map<string, number>,
): EditorTalk {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    speakers: names.get(row.id) ?? [],
    track:
      row.trackName === null
        ? undefined
        : { name: row.trackName, slug: row.trackSlug!, colour: colours.get(row.trackSlug!) ?? 0 },
    durationMinutes: row.durationMinutes ?? defaultMinutes(event),
    expectedAudience: row.expectedAudience,
  };
}

/** The largest step up to the one asked for that every slot's start and end fall on, counted from the day's start. */
export function chooseStep(
  day: DayItem,
  slots: { startsAt: Date; endsAt: Date }[],
  preferred: EditorStep = DEFAULT_STEP,
): number {
  const offsets = slots.flatMap((slot) =>
    [slot.startsAt, slot.endsAt].map((at) => Math.round((+at - +day.startsAt) / 60_000)),
  );
  return (
    EDITOR_STEPS.find((step) => step <= preferred && offsets.every((offset) => offset % step === 0)) ??
    EDITOR_STEPS.at(-1)!
  );
}

async function loadTrackColours(db: Database, eventId: number): Promise<TrackColour[]> {
  const rows = await db
    .select({ slug: tracks.slug, name: tracks.name, color: tracks.color })
    .from(tracks)
    .where(eq(tracks.eventId, eventId))
    .orderBy(asc(tracks.position), asc(tracks.id));
  return trackColours(rows);
}

/**
 * Lays the day's slots out on rows of `step` minutes and the shown rooms' columns: the grid
 * model (layOutGrid) with the editor's options. A talk spans the rows of its time in its room's
 * column, a break or block without a room spans every column; an uncovered cell is an empty
 * one, a place to drop a talk. A slot that would cover another (data from an import may
 * overlap) is left for a list beside.
 */
export function layoutGrid(
  day: DayItem,
  shownRooms: { id: number }[],
  slots: EditorSlot[],
  step: number,
  zone: string,
): { rows: GridRow[]; offGrid: EditorSlot[] } {
  const model = layOutGrid(slots, (slot) => ({ start: slot.startsAt, end: slot.endsAt, roomId: slot.roomId }), {
    rooms: shownRooms,
    rows: { kind: 'steps', from: day.startsAt, to: day.endsAt, minutes: step },
    overlaps: 'set-aside',
  });
  const rows = model.times.map((start, r): GridRow => {
    const ambiguous = isAmbiguousLocalTime(start, zone);
    const local = DateTime.fromJSDate(start, { zone });
    const cells: GridCell[] = [];
    for (const [c, room] of shownRooms.entries()) {
      const anchor = model.cellsByRow[r]!.find((cell) => cell.column === c);
      if (anchor) cells.push({ kind: 'slot', slot: anchor.slots[0]!, rowspan: anchor.rows, colspan: anchor.columns });
      else if (!model.covered[r]![c]) cells.push({ kind: 'empty', roomId: room.id });
    }
    return {
      start,
      value: localValue(start, zone) + (ambiguous ? local.toFormat('ZZ') : ''),
      label: local.toFormat('HH:mm') + (ambiguous ? ` ${local.toFormat('ZZZZ')}` : ''),
      cells,
    };
  });
  return { rows, offGrid: model.setAside };
}

async function latestVersion(db: Database, eventId: number) {
  const [row] = await db
    .select({ version: scheduleReleases.version, releasedAt: scheduleReleases.releasedAt })
    .from(scheduleReleases)
    .where(eq(scheduleReleases.eventId, eventId))
    .orderBy(desc(scheduleReleases.id))
    .limit(1);
  return row;
}

/** Escapes LIKE's wildcards, so that "100%" finds "100%" and not everything. */
function likePattern(words: string): string {
  return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function loadScheduleEditor(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  query: EditorQuery = {},
): Promise<ScheduleEditor> {
  requireScheduleOrganiser(actor, event);
  const zone = event.timezone;
  const [days, allRooms, warnings, latest, trackList] = [
    await loadDays(db, event.id, zone),
    await loadRooms(db, event.id),
    await scheduleWarnings(db, event),
    await latestVersion(db, event.id),
    await loadTrackColours(db, event.id),
  ];
  const colours = new Map(trackList.map((track) => [track.slug, track.colour]));
  const allDays = query.allDays === true && days.length > 1;
  const day = allDays ? days[0] : (days.find((d) => d.date === query.day) ?? days[0]);
  const shownDays = allDays ? days : day ? [day] : [];
  // Every day side by side shares the page's columns: as many in all as one day's page has.
  const roomsPerPage = allDays ? Math.max(1, Math.floor(ROOMS_PER_PAGE / days.length)) : ROOMS_PER_PAGE;
  const roomPageCount = Math.max(1, Math.ceil(allRooms.length / roomsPerPage));
  const roomPageNumber = clampPage(query.roomPage, roomPageCount);
  const shownRooms = allRooms.slice((roomPageNumber - 1) * roomsPerPage, roomPageNumber * roomsPerPage);
  const byTalk = warningsByTalk(warnings);
  const requestedStep = query.step ?? DEFAULT_STEP;

  const grids: DayGrid[] = [];
  if (shownDays.length > 0 && shownRooms.length > 0) {
    const shownIds = shownRooms.map((room) => room.id);
    // One query for every day shown: the slots from the first day's start to the last one's end.
    const slotRows = await db
      .select({
        id: scheduleSlots.id,
        kind: scheduleSlots.kind,
        title: scheduleSlots.title,
        roomId: scheduleSlots.roomId,
        startsAt: scheduleSlots.startsAt,
        endsAt: scheduleSlots.endsAt,
        talk: talkColumns,
      })
      .from(scheduleSlots)
      .leftJoin(talks, eq(talks.id, scheduleSlots.talkId))
      .leftJoin(tracks, eq(tracks.id, talks.trackId))
      .where(
        and(
          eq(scheduleSlots.eventId, event.id),
          gte(scheduleSlots.startsAt, shownDays[0]!.startsAt),
          lt(scheduleSlots.startsAt, shownDays.at(-1)!.endsAt),
          or(isNull(scheduleSlots.roomId), inArray(scheduleSlots.roomId, shownIds)),
          or(ne(scheduleSlots.kind, 'talk'), eq(talks.state, 'confirmed')),
        ),
      )
      .orderBy(asc(scheduleSlots.startsAt));
    const names = await speakerNames(
      db,
      slotRows.flatMap((row) => (row.kind === 'talk' && row.talk?.id ? [row.talk.id] : [])),
    );
    const slots: EditorSlot[] = slotRows.map((row) => {
      const talk =
        row.kind === 'talk' && row.talk ? toEditorTalk(row.talk as TalkRow, names, event, colours) : undefined;
      return {
        id: row.id,
        kind: row.kind,
        talk,
        title: talk?.title ?? row.title,
        roomId: row.roomId,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        time: `${formatTime(row.startsAt, zone)}–${formatTime(row.endsAt, zone)}`,
        warnings: talk ? (byTalk.get(talk.id) ?? []) : [],
      };
    });
    for (const shown of shownDays) {
      const ofDay = slots.filter((slot) => shown.startsAt <= slot.startsAt && slot.startsAt < shown.endsAt);
      const step = chooseStep(shown, ofDay, requestedStep);
      grids.push({ day: shown, step, ...layoutGrid(shown, shownRooms, ofDay, step, zone) });
    }
  }

  const filter = (query.filter ?? '').trim().replace(/\s+/g, ' ').slice(0, 200);
  const unplacedWhere = and(
    eq(talks.eventId, event.id),
    eq(talks.state, 'confirmed'),
    isNull(scheduleSlots.id),
    filter === '' ? undefined : sql`${talks.title} ilike ${likePattern(filter)}`,
  );
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(talks)
    .leftJoin(scheduleSlots, eq(scheduleSlots.talkId, talks.id))
    .where(unplacedWhere);
  const matching = counted?.n ?? 0;
  const unplacedPageCount = Math.max(1, Math.ceil(matching / UNPLACED_PER_PAGE));
  const unplacedPage = clampPage(query.unplacedPage, unplacedPageCount);
  const unplacedRows = await db
    .select(talkColumns)
    .from(talks)
    .leftJoin(scheduleSlots, eq(scheduleSlots.talkId, talks.id))
    .leftJoin(tracks, eq(tracks.id, talks.trackId))
    .where(unplacedWhere)
    .orderBy(asc(talks.position), asc(talks.id))
    .limit(UNPLACED_PER_PAGE)
    .offset((unplacedPage - 1) * UNPLACED_PER_PAGE);
  const unplacedNames = await speakerNames(
    db,
    unplacedRows.map((row) => row.id),
  );
  const unplacedCount = filter === '' ? matching : await countUnplacedTalks(db, event.id);
  const [placed] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(scheduleSlots)
    .innerJoin(talks, eq(talks.id, scheduleSlots.talkId))
    .where(and(eq(scheduleSlots.eventId, event.id), eq(talks.state, 'confirmed')));

  const dayWarnings = warnings.filter((w) =>
    shownDays.some((shown) => shown.startsAt <= w.start && w.start < shown.endsAt),
  );
  const [shownGrid] = grids;
  return {
    days,
    day,
    allDays,
    grids,
    tracks: trackList,
    rooms: allRooms,
    roomPage: {
      number: roomPageNumber,
      count: roomPageCount,
      rooms: shownRooms,
      first: shownRooms.length === 0 ? 0 : (roomPageNumber - 1) * roomsPerPage + 1,
      last: (roomPageNumber - 1) * roomsPerPage + shownRooms.length,
      size: roomsPerPage,
    },
    requestedStep,
    step: shownGrid?.step ?? requestedStep,
    rows: shownGrid?.rows ?? [],
    offGrid: shownGrid?.offGrid ?? [],
    unplaced: {
      talks: unplacedRows.map((row) => toEditorTalk(row, unplacedNames, event, colours)),
      matching,
      page: unplacedPage,
      pageCount: unplacedPageCount,
      filter,
    },
    warnings,
    dayWarnings,
    placedCount: placed?.n ?? 0,
    unplacedCount,
    latestRelease: latest,
    defaultStart: day ? localValue(day.startsAt, zone) : '',
  };
}

// --- one talk's place

export interface TalkPlacement {
  talk: EditorTalk & { state: TalkState };
  /** Where and when it is placed now. */
  slot:
    { room: { id: number; name: string }; startsAt: Date; endsAt: Date; start: string; minutes: number } | undefined;
  speakers: { id: number; name: string; availability: AvailabilityWindow[] }[];
  warnings: ScheduleWarning[];
  rooms: RoomItem[];
  days: DayItem[];
  /** The other placed talks, by start then room: what a placed talk may swap with. */
  swapCandidates: { code: string; title: string; where: string }[];
}

/** A talk's place in the schedule, with what an organiser weighs when moving it. */
export async function loadTalkPlacement(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
  code: string,
): Promise<TalkPlacement> {
  requireScheduleOrganiser(actor, event);
  const zone = event.timezone;
  const [row] = await db
    .select({
      ...talkColumns,
      state: talks.state,
      slotStartsAt: scheduleSlots.startsAt,
      slotEndsAt: scheduleSlots.endsAt,
      roomId: rooms.id,
      roomName: rooms.name,
    })
    .from(talks)
    .leftJoin(tracks, eq(tracks.id, talks.trackId))
    .leftJoin(scheduleSlots, eq(scheduleSlots.talkId, talks.id))
    .leftJoin(rooms, eq(rooms.id, scheduleSlots.roomId))
    .where(and(eq(talks.eventId, event.id), eq(talks.code, code.trim().toUpperCase())));
  if (!row || row.state !== 'confirmed') throw new NotFoundError(`${event.name}'s program has no talk ${code}.`);
  const people = await db
    .select({ id: speakers.id, name: speakers.name })
    .from(talkSpeakers)
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .where(eq(talkSpeakers.talkId, row.id))
    .orderBy(asc(talkSpeakers.position), asc(talkSpeakers.speakerId));
  const windows = await availabilityOf(
    db,
    people.map((person) => person.id),
    zone,
  );
  const names = new Map([[row.id, people.map((person) => person.name)]]);
  const warnings = (await scheduleWarnings(db, event)).filter((warning) => warning.talkIds.includes(row.id));
  const colours = new Map((await loadTrackColours(db, event.id)).map((track) => [track.slug, track.colour]));
  const others =
    row.slotStartsAt === null
      ? []
      : await db
          .select({
            code: talks.code,
            title: talks.title,
            roomName: rooms.name,
            startsAt: scheduleSlots.startsAt,
            endsAt: scheduleSlots.endsAt,
          })
          .from(scheduleSlots)
          .innerJoin(talks, eq(talks.id, scheduleSlots.talkId))
          .innerJoin(rooms, eq(rooms.id, scheduleSlots.roomId))
          .where(and(eq(scheduleSlots.eventId, event.id), eq(talks.state, 'confirmed'), ne(talks.id, row.id)))
          .orderBy(asc(scheduleSlots.startsAt), asc(rooms.position));
  return {
    talk: { ...toEditorTalk(row, names, event, colours), state: row.state },
    slot:
      row.slotStartsAt && row.slotEndsAt && row.roomId !== null
        ? {
            room: { id: row.roomId, name: row.roomName! },
            startsAt: row.slotStartsAt,
            endsAt: row.slotEndsAt,
            start: localValue(row.slotStartsAt, zone),
            minutes: Math.round((+row.slotEndsAt - +row.slotStartsAt) / 60_000),
          }
        : undefined,
    speakers: people.map((person) => ({ ...person, availability: windows.get(person.id) ?? [] })),
    warnings,
    rooms: await loadRooms(db, event.id),
    days: await loadDays(db, event.id, zone),
    swapCandidates: others.map((other) => ({
      code: other.code,
      title: other.title,
      where: `${other.roomName}, ${formatRange(other.startsAt, other.endsAt, zone)}`,
    })),
  };
}

// --- the release page

export interface ReleasePreview {
  /** What releasing now would list in the changelog. */
  pending: ScheduleChange[];
  warnings: ScheduleWarning[];
  unplacedCount: number;
  /** The version an empty version field gives. */
  nextVersion: string;
  /** Newest first, with their changelogs. */
  releases: ReleaseSummary[];
}

/** What a release would be now, and the releases so far. */
export async function loadReleasePreview(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent,
): Promise<ReleasePreview> {
  requireScheduleOrganiser(actor, event);
  const previous = await latestRelease(db, event.id);
  const snapshot = await snapshotWorkInProgress(db, event.id, event.timezone);
  const confirmed = new Set(
    (
      await db
        .select({ id: talks.id })
        .from(talks)
        .where(and(eq(talks.eventId, event.id), eq(talks.state, 'confirmed')))
    ).map((row) => row.id),
  );
  const releases = await listReleases(db, event.id);
  // As releaseScheduleWithin names an unnamed release: the next number not taken.
  const taken = new Set(releases.map((release) => release.version));
  let next = taken.size + 1;
  while (taken.has(String(next))) next++;
  return {
    pending: diffReleases(previous?.snapshot, snapshot, (talkId) => confirmed.has(talkId)),
    warnings: await scheduleWarnings(db, event),
    unplacedCount: await countUnplacedTalks(db, event.id),
    nextVersion: String(next),
    releases,
  };
}
