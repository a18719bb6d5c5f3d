import type { Database } from '../../db/client.js';
import type { Actor } from '../accounts/index.js';
import { loadEventProgram } from '../agenda/index.js';
import { findInterestBallotState, listSchedulingBallots } from '../interest-ballots/index.js';
import { loadProposalInputs, type ScheduleEvent } from '../schedule/index.js';

/**
 * "Why here" for a placed talk: how many ballots mark it (its fans), how many of those fans
 * have another talk they marked running at the same time (they must miss one: a clash), and
 * how full its room is (expected audience ÷ seats). The same figures for a proposal and for the
 * work-in-progress schedule.
 */
export interface WhyHere {
  fans: number;
  /** Fans with another preferred talk at the same time. */
  clashes: number;
  /** Its share of the ballots times the expected attendance (the number of ballots when none is entered), rounded. */
  audience: number;
  /** Seats; null when unknown. */
  capacity: number | null;
  /** audience ÷ capacity; null when the room's seats are unknown (or none). */
  fill: number | null;
}

export interface PlacedForWhy {
  talkId: number;
  capacity: number | null;
  startsAt: Date;
  endsAt: Date;
}

export function computeWhyHere(
  placed: readonly PlacedForWhy[],
  ballots: readonly (readonly number[])[],
  expectedAttendance: number | null,
): Map<number, WhyHere> {
  const at = new Map(placed.map((p) => [p.talkId, p]));
  const fans = new Map<number, number>();
  const clashes = new Map<number, number>();
  for (const ballot of ballots) {
    const marked = [...new Set(ballot)].filter((id) => at.has(id));
    for (const id of marked) fans.set(id, (fans.get(id) ?? 0) + 1);
    for (const id of marked) {
      const mine = at.get(id)!;
      const clash = marked.some((other) => {
        if (other === id) return false;
        const theirs = at.get(other)!;
        return mine.startsAt < theirs.endsAt && theirs.startsAt < mine.endsAt;
      });
      if (clash) clashes.set(id, (clashes.get(id) ?? 0) + 1);
    }
  }
  const attendance = expectedAttendance ?? ballots.length;
  const result = new Map<number, WhyHere>();
  for (const p of placed) {
    const n = fans.get(p.talkId) ?? 0;
    const audience = ballots.length === 0 ? 0 : Math.round((n * attendance) / ballots.length);
    result.set(p.talkId, {
      fans: n,
      clashes: clashes.get(p.talkId) ?? 0,
      audience,
      capacity: p.capacity,
      fill: p.capacity === null || p.capacity === 0 ? null : audience / p.capacity,
    });
  }
  return result;
}

/** The ballots the scheduler weighs and the attendance the organisers expect. */
export async function loadInterest(
  db: Database,
  event: ScheduleEvent & { published: boolean },
  now: Date,
): Promise<{ ballots: number[][]; expectedAttendance: number | null }> {
  const program = event.published ? await loadEventProgram(db, event.slug) : undefined;
  const [ballots, state] = await Promise.all([
    listSchedulingBallots(db, event, program),
    findInterestBallotState(db, event, now),
  ]);
  return { ballots, expectedAttendance: state.expectedAttendance };
}

/** "Why here" for every talk the work-in-progress schedule places, by talk id (for the editor). */
export async function whyHere(
  db: Database,
  actor: Actor | undefined,
  event: ScheduleEvent & { published: boolean },
  now = new Date(),
): Promise<Map<number, WhyHere>> {
  const inputs = await loadProposalInputs(db, actor, event);
  const { ballots, expectedAttendance } = await loadInterest(db, event, now);
  const capacity = new Map(inputs.rooms.map((room) => [room.id, room.capacity]));
  return computeWhyHere(
    inputs.placements.map((p) => ({ ...p, capacity: capacity.get(p.roomId) ?? null })),
    ballots,
    expectedAttendance,
  );
}
