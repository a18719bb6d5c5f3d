import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { attendeeAgendas } from '../../db/schema.js';
import type { EventProgram } from '../agenda/index.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { hashToken, newToken } from '../../shared/tokens.js';

/** More talks than any attendee can see; beyond it a list is a mistake or an abuse. */
export const MAX_AGENDA_TALKS = 500;

/** A shared agenda as its owner sees it: the token is the credential, given once at creation. */
export interface AttendeeAgenda {
  shareId: string;
  talks: string[];
}

export interface CreatedAttendeeAgenda extends AttendeeAgenda {
  token: string;
}

/**
 * The talk slugs as kept: each a talk of the event's program, each once, in the order given.
 * An unknown slug is refused with its position, so a client knows which one to drop.
 */
export function checkAgendaTalks(program: EventProgram, talks: string[]): string[] {
  if (talks.length > MAX_AGENDA_TALKS) {
    throw new InvalidInputError(
      `an agenda holds at most ${MAX_AGENDA_TALKS} talks; this one has ${talks.length}`,
      'talks',
    );
  }
  const seen = new Set<string>();
  talks.forEach((slug, i) => {
    if (!program.talkBySlug.has(slug)) {
      throw new InvalidInputError(`there is no talk "${slug}" in ${program.name}`, `talks.${i}`);
    }
    seen.add(slug);
  });
  return [...seen];
}

export async function createAttendeeAgenda(
  db: Database,
  program: EventProgram,
  talks: string[],
): Promise<CreatedAttendeeAgenda> {
  const slugs = checkAgendaTalks(program, talks);
  // 256 random bits for the credential, of which only the hash is kept; 128 for the read-only name.
  const token = newToken();
  const shareId = newToken('', 16);
  await db
    .insert(attendeeAgendas)
    .values({ eventId: program.id, tokenHash: hashToken(token), shareId, talkSlugs: slugs });
  return { token, shareId, talks: slugs };
}

function unknownAgenda(program: EventProgram): NotFoundError {
  return new NotFoundError(`There is no such agenda at ${program.name}.`);
}

export async function findAttendeeAgendaByToken(
  db: Database,
  program: EventProgram,
  token: string,
): Promise<AttendeeAgenda> {
  const [row] = await db
    .select({ shareId: attendeeAgendas.shareId, talks: attendeeAgendas.talkSlugs })
    .from(attendeeAgendas)
    .where(and(eq(attendeeAgendas.eventId, program.id), eq(attendeeAgendas.tokenHash, hashToken(token))));
  if (!row) throw unknownAgenda(program);
  return row;
}

/** Replaces the agenda's talks: one statement, so two devices saving at once leave one list whole. */
export async function replaceAttendeeAgendaTalks(
  db: Database,
  program: EventProgram,
  token: string,
  talks: string[],
): Promise<AttendeeAgenda> {
  const slugs = checkAgendaTalks(program, talks);
  const [row] = await db
    .update(attendeeAgendas)
    .set({ talkSlugs: slugs, updatedAt: new Date() })
    .where(and(eq(attendeeAgendas.eventId, program.id), eq(attendeeAgendas.tokenHash, hashToken(token))))
    .returning({ shareId: attendeeAgendas.shareId, talks: attendeeAgendas.talkSlugs });
  if (!row) throw unknownAgenda(program);
  return row;
}

/** The talks of a shared agenda, by its read-only share id. */
export async function findSharedAgenda(db: Database, program: EventProgram, shareId: string): Promise<string[]> {
  const [row] = await db
    .select({ talks: attendeeAgendas.talkSlugs })
    .from(attendeeAgendas)
    .where(and(eq(attendeeAgendas.eventId, program.id), eq(attendeeAgendas.shareId, shareId)));
  if (!row) throw unknownAgenda(program);
  return row.talks;
}

/**
 * Each shared agenda's starred talks on the program, by id, anonymous: after the release they
 * count as interest ballots for the scheduler. Agendas starring none of the program are left out.
 */
export async function listStarredTalkIds(db: Database, program: EventProgram): Promise<number[][]> {
  const rows = await db
    .select({ talkSlugs: attendeeAgendas.talkSlugs })
    .from(attendeeAgendas)
    .where(eq(attendeeAgendas.eventId, program.id));
  const lists: number[][] = [];
  for (const row of rows) {
    const ids = new Set<number>();
    for (const slug of row.talkSlugs) {
      const talk = program.talkBySlug.get(slug);
      if (talk) ids.add(talk.id);
    }
    if (ids.size > 0) lists.push([...ids]);
  }
  return lists;
}

/** How many shared agendas star each talk, and how many agendas star any talk of the program. */
export interface StarCounts {
  agendas: number;
  bySlug: Map<string, number>;
}

/**
 * Stars per talk across the event's shared agendas, counts only: the interest ballot's counts
 * take them in once the schedule is released. Slugs no longer on the program are left out, and
 * an agenda that stars none of the program's talks is not counted.
 */
export async function countStarredTalks(db: Database, program: EventProgram): Promise<StarCounts> {
  const rows = await db
    .select({ talkSlugs: attendeeAgendas.talkSlugs })
    .from(attendeeAgendas)
    .where(eq(attendeeAgendas.eventId, program.id));
  const bySlug = new Map<string, number>();
  let agendas = 0;
  for (const row of rows) {
    const starred = new Set(row.talkSlugs.filter((slug) => program.talkBySlug.has(slug)));
    if (starred.size === 0) continue;
    agendas++;
    for (const slug of starred) bySlug.set(slug, (bySlug.get(slug) ?? 0) + 1);
  }
  return { agendas, bySlug };
}
