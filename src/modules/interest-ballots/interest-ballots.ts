import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { events, interestBallots, interestBallotTalks } from '../../db/schema.js';
import { requireOrganiser, type Actor } from '../accounts/index.js';
import { isInterestBallotOpen, type EventProgram, type TalkView } from '../agenda/index.js';
import { countStarredTalks, listStarredTalkIds } from '../attendee-agendas/index.js';
import { notifyProgramChanged, updateEventRecord } from '../program/index.js';
import { placedTalkRooms, type TalkRoom } from '../schedule/index.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { hashToken } from '../../shared/tokens.js';

/** More talks than anyone can mean to see at one event; beyond it a ballot is a mistake or an abuse. */
export const MAX_BALLOT_TALKS = 200;

/** Whether the event takes ballots now, and what the organisers said about its attendance. */
export interface InterestBallotState {
  open: boolean;
  /** When it closes on its own; null: when an organiser closes it. */
  closesAt: Date | null;
  expectedAttendance: number | null;
}

export interface InterestBallot {
  /** Slugs, in program order. */
  talks: string[];
}

type Event = Pick<EventProgram, 'id' | 'slug' | 'name'>;

export async function findInterestBallotState(db: Database, event: Event, now: Date): Promise<InterestBallotState> {
  const [row] = await db
    .select({
      open: events.interestBallotOpen,
      closesAt: events.interestBallotClosesAt,
      expectedAttendance: events.expectedAttendance,
    })
    .from(events)
    .where(eq(events.id, event.id));
  if (!row) throw new NotFoundError(`There is no event ${event.name}.`);
  // Read afresh, not from the in-memory program: a save must not slip in after the ballot closed.
  // Past its closing time the ballot is closed without anybody having to close it.
  const open = isInterestBallotOpen({ open: row.open, closesAt: row.closesAt }, now);
  return { open, closesAt: row.closesAt, expectedAttendance: row.expectedAttendance };
}

/** Opens the ballot, until `closesAt` when given (it must be ahead), else until it is closed. */
export async function openInterestBallot(
  db: Database,
  actor: Actor | undefined,
  event: Event,
  closesAt: Date | null,
  now: Date,
): Promise<void> {
  requireOrganiser(actor, event);
  if (closesAt && closesAt.getTime() <= now.getTime()) {
    throw new InvalidInputError('the closing time must be in the future', 'closesAt');
  }
  await db.transaction(async (tx) => {
    await updateEventRecord(tx, event.id, { interestBallotOpen: true, interestBallotClosesAt: closesAt });
    // The event's page links to the ballot while it is open.
    await notifyProgramChanged(tx, event.slug);
  });
}

export async function closeInterestBallot(db: Database, actor: Actor | undefined, event: Event): Promise<void> {
  requireOrganiser(actor, event);
  await db.transaction(async (tx) => {
    await updateEventRecord(tx, event.id, { interestBallotOpen: false, interestBallotClosesAt: null });
    await notifyProgramChanged(tx, event.slug);
  });
}

export async function setExpectedAttendance(
  db: Database,
  actor: Actor | undefined,
  event: Event,
  attendance: number | null,
): Promise<void> {
  requireOrganiser(actor, event);
  if (attendance !== null && (!Number.isInteger(attendance) || attendance < 1 || attendance > 1_000_000)) {
    throw new InvalidInputError('give a whole number of people from 1 to 1,000,000, or nothing', 'expectedAttendance');
  }
  await updateEventRecord(db, event.id, { expectedAttendance: attendance });
}

/**
 * The talks a ballot marks, in program order, each once. Only talks on the program count (a
 * withdrawn or unconfirmed talk is not there); an unknown one is refused with its position.
 */
export function checkBallotTalks(program: EventProgram, talks: readonly string[], field = 'talks'): TalkView[] {
  if (talks.length > MAX_BALLOT_TALKS) {
    throw new InvalidInputError(
      `a ballot marks at most ${MAX_BALLOT_TALKS} talks; this one has ${talks.length}`,
      field,
    );
  }
  const marked = new Set<TalkView>();
  talks.forEach((slug, i) => {
    const talk = program.talkBySlug.get(slug);
    if (!talk)
      throw new InvalidInputError(`there is no talk "${slug}" on the program of ${program.name}`, `${field}.${i}`);
    marked.add(talk);
  });
  return [...marked].sort((a, b) => a.position - b.position);
}

function unknownBallot(program: EventProgram): NotFoundError {
  return new NotFoundError(`There is no such interest ballot at ${program.name}.`);
}

async function requireOpen(db: Database, program: EventProgram, now: Date): Promise<void> {
  const state = await findInterestBallotState(db, program, now);
  if (!state.open)
    throw new ConflictError(`The interest ballot of ${program.name} is closed: ballots can no longer be changed.`);
}

/**
 * Creates the ballot kept under `token`, or replaces its talks; refused once the ballot has
 * closed. One transaction, so that two devices saving at once leave one list whole.
 */
export async function putInterestBallot(
  db: Database,
  program: EventProgram,
  token: string,
  talks: readonly string[],
  now: Date,
): Promise<InterestBallot & { created: boolean }> {
  const marked = checkBallotTalks(program, talks);
  await requireOpen(db, program, now);
  const tokenHash = hashToken(token);
  return db.transaction(async (tx) => {
    // Insert first: of two first saves under one token at once, one creates and one replaces.
    const [inserted] = await tx
      .insert(interestBallots)
      .values({ eventId: program.id, tokenHash, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: interestBallots.tokenHash })
      .returning({ id: interestBallots.id });
    let ballotId = inserted?.id;
    if (ballotId === undefined) {
      const [existing] = await tx
        .update(interestBallots)
        .set({ updatedAt: now })
        .where(and(eq(interestBallots.tokenHash, tokenHash), eq(interestBallots.eventId, program.id)))
        .returning({ id: interestBallots.id });
      // A token is one event's: the same one at another event is not a ballot there.
      if (!existing) throw unknownBallot(program);
      ballotId = existing.id;
      await tx.delete(interestBallotTalks).where(eq(interestBallotTalks.ballotId, ballotId));
    }
    const id = ballotId;
    if (marked.length > 0) {
      await tx.insert(interestBallotTalks).values(marked.map((talk) => ({ ballotId: id, talkId: talk.id })));
    }
    return { created: inserted !== undefined, talks: marked.map((talk) => talk.slug) };
  });
}

/** Whether a ballot is kept under `token` at this event: creating one costs a rate-limit credit. */
export async function interestBallotExists(db: Database, program: EventProgram, token: string): Promise<boolean> {
  const [row] = await db
    .select({ id: interestBallots.id })
    .from(interestBallots)
    .where(and(eq(interestBallots.eventId, program.id), eq(interestBallots.tokenHash, hashToken(token))));
  return row !== undefined;
}

/** The ballot kept under `token`: talks no longer on the program are left out. */
export async function findInterestBallot(db: Database, program: EventProgram, token: string): Promise<InterestBallot> {
  const rows = await db
    .select({ ballotId: interestBallots.id, talkId: interestBallotTalks.talkId })
    .from(interestBallots)
    .leftJoin(interestBallotTalks, eq(interestBallotTalks.ballotId, interestBallots.id))
    .where(and(eq(interestBallots.eventId, program.id), eq(interestBallots.tokenHash, hashToken(token))));
  if (rows.length === 0) throw unknownBallot(program);
  const talks = rows
    .map((row) => (row.talkId === null ? undefined : program.talkById.get(row.talkId)))
    .filter((talk): talk is TalkView => talk !== undefined)
    .sort((a, b) => a.position - b.position);
  return { talks: talks.map((talk) => talk.slug) };
}

/** One talk's interest: how many ballots (and, after the release, agendas) mark it, never whose. */
export interface TalkInterest {
  talk: TalkView;
  count: number;
  /** count ÷ (ballots + agendas counted), 0 when there are none. */
  share: number;
  /** share × the expected attendance, rounded; null when no attendance is entered. */
  expectedAudience: number | null;
  /** Where the work-in-progress schedule places the talk; undefined when it does not. */
  room: TalkRoom | undefined;
  /** Placed in a room with fewer seats than its expected audience. */
  roomTooSmall: boolean;
}

export interface InterestCounts {
  ballots: number;
  /**
   * Shared agendas counted as ballots: once the schedule is released, attendees star talks in
   * My agenda instead, and each agenda starring talks of the program counts as one more ballot.
   * 0 before the first release.
   */
  agendas: number;
  expectedAttendance: number | null;
  /** Every talk on the program, most marked first, then in program order. */
  talks: TalkInterest[];
}

/** A talk's expected audience: its share of the ballots of the attendance the organisers expect. */
export function expectedAudience(share: number, attendance: number | null): number | null {
  return attendance === null ? null : Math.round(share * attendance);
}

export async function countInterest(
  db: Database,
  actor: Actor | undefined,
  program: EventProgram,
  now: Date,
): Promise<InterestCounts> {
  requireOrganiser(actor, program);
  const state = await findInterestBallotState(db, program, now);
  const [total] = await db
    .select({ ballots: count() })
    .from(interestBallots)
    .where(eq(interestBallots.eventId, program.id));
  const perTalk = await db
    .select({ talkId: interestBallotTalks.talkId, count: count() })
    .from(interestBallotTalks)
    .innerJoin(interestBallots, eq(interestBallots.id, interestBallotTalks.ballotId))
    .where(eq(interestBallots.eventId, program.id))
    .groupBy(interestBallotTalks.talkId);
  const counts = new Map(perTalk.map((row) => [row.talkId, row.count]));
  const ballots = total?.ballots ?? 0;
  const stars = program.schedule
    ? await countStarredTalks(db, program)
    : { agendas: 0, bySlug: new Map<string, number>() };
  const voters = ballots + stars.agendas;
  const rooms = await placedTalkRooms(db, program);
  const talks = program.talks
    .map((talk): TalkInterest => {
      const marks = (counts.get(talk.id) ?? 0) + (stars.bySlug.get(talk.slug) ?? 0);
      const share = voters === 0 ? 0 : marks / voters;
      const audience = expectedAudience(share, state.expectedAttendance);
      const room = rooms.get(talk.id);
      const roomTooSmall = audience !== null && room?.capacity != null && room.capacity < audience;
      return { talk, count: marks, share, expectedAudience: audience, room, roomTooSmall };
    })
    .sort((a, b) => b.count - a.count || a.talk.position - b.talk.position);
  return { ballots, agendas: stars.agendas, expectedAttendance: state.expectedAttendance, talks };
}

/** What an import did; nothing is written when any id is unknown. */
export interface BallotImportReport {
  linesRead: number;
  ballotsWritten: number;
  unknown: { line: number; id: string }[];
}

/** Ids on a line: separated by commas and/or white space, each perhaps in double quotes. */
function idsOf(line: string): string[] {
  return line
    .split(/[\s,]+/)
    .map((id) => id.replace(/^"(.*)"$/, '$1'))
    .filter((id) => id !== '');
}

/**
 * Ballots collected elsewhere, one line per attendee naming talks by slug or GUID. All or
 * nothing: an unknown id anywhere writes nothing, and the report names each with its line.
 * The import replaces the ballots of the previous import (re-importing a corrected file must
 * not count anybody twice); ballots cast on the site stay.
 */
export async function importInterestBallots(
  db: Database,
  actor: Actor | undefined,
  program: EventProgram,
  text: string,
  now: Date,
): Promise<BallotImportReport> {
  requireOrganiser(actor, program);
  const byGuid = new Map(program.talks.map((talk) => [talk.guid.toLowerCase(), talk]));
  const ballots: TalkView[][] = [];
  const unknown: BallotImportReport['unknown'] = [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const ids = idsOf(line);
    if (ids.length === 0) return;
    if (ids.length > MAX_BALLOT_TALKS) {
      throw new InvalidInputError(
        `a ballot marks at most ${MAX_BALLOT_TALKS} talks; this line has ${ids.length}`,
        `line ${i + 1}`,
      );
    }
    const marked = new Set<TalkView>();
    for (const id of ids) {
      const talk = program.talkBySlug.get(id) ?? byGuid.get(id.toLowerCase());
      if (talk) marked.add(talk);
      else unknown.push({ line: i + 1, id });
    }
    ballots.push([...marked]);
  });
  if (unknown.length > 0) return { linesRead: lines.length, ballotsWritten: 0, unknown };
  await db.transaction(async (tx) => {
    await tx
      .delete(interestBallots)
      .where(and(eq(interestBallots.eventId, program.id), isNull(interestBallots.tokenHash)));
    if (ballots.length === 0) return;
    const ids = await tx
      .insert(interestBallots)
      .values(ballots.map(() => ({ eventId: program.id, tokenHash: null, createdAt: now, updatedAt: now })))
      .returning({ id: interestBallots.id });
    const rows = ballots.flatMap((talks, i) => talks.map((talk) => ({ ballotId: ids[i]!.id, talkId: talk.id })));
    // Chunks keep each statement well under PostgreSQL's 65535 parameters.
    for (let start = 0; start < rows.length; start += 10_000) {
      await tx.insert(interestBallotTalks).values(rows.slice(start, start + 10_000));
    }
  });
  return { linesRead: lines.length, ballotsWritten: ballots.length, unknown };
}

/** The talk ids of each ballot, anonymous: what the solver's ballots are made from. */
export async function listBallotTalkIds(db: Database, program: Pick<EventProgram, 'id'>): Promise<number[][]> {
  const rows = await db
    .select({
      ballotId: interestBallotTalks.ballotId,
      talkIds: sql<number[]>`array_agg(${interestBallotTalks.talkId})`,
    })
    .from(interestBallotTalks)
    .innerJoin(interestBallots, eq(interestBallots.id, interestBallotTalks.ballotId))
    .where(eq(interestBallots.eventId, program.id))
    .groupBy(interestBallotTalks.ballotId);
  return rows.map((row) => row.talkIds);
}

/**
 * The ballots the scheduler weighs, anonymous, as talk ids: every interest ballot and, once the
 * schedule is released (`program.schedule`), each shared agenda starring talks of the program,
 * as countInterest counts them. Without a published program, the ballots alone.
 */
export async function listSchedulingBallots(
  db: Database,
  event: { id: number },
  program: EventProgram | undefined,
): Promise<number[][]> {
  const ballots = await listBallotTalkIds(db, event);
  if (!program?.schedule) return ballots;
  return [...ballots, ...(await listStarredTalkIds(db, program))];
}

/**
 * What the organisers' page shows: the ballot's state and the counts per talk. `program` is the
 * published program the ballot lists; undefined while the event is unpublished (no counts).
 */
export async function interestBallotOverview(
  db: Database,
  actor: Actor | undefined,
  event: Event,
  program: EventProgram | undefined,
  now: Date,
): Promise<{ state: InterestBallotState; counts: InterestCounts | undefined }> {
  requireOrganiser(actor, event);
  const state = await findInterestBallotState(db, event, now);
  return { state, counts: program ? await countInterest(db, actor, program, now) : undefined };
}
