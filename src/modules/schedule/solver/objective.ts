import type { ScheduleProblem } from './instance.js';

/**
 * The objective's terms, in the order they matter (issue 10):
 * 1. `missed`: for each attendee and each slot, their preferred talks running in it minus one (a
 *    talk of two slots runs in both);
 * 2. `overflow`: over all talks, how many of its expected audience its room cannot seat;
 * 3. `parallel`: in each slot, the pairs of talks of one track running in it;
 * 4. `moved`: talks whose slot or room differs from the previous assignment (when given).
 */
export interface ObjectiveTerms {
  missed: number;
  overflow: number;
  parallel: number;
  moved: number;
}

export type ObjectiveWeights = ObjectiveTerms;

export const TERM_NAMES = ['missed', 'overflow', 'parallel', 'moved'] as const;

/**
 * A talk's expected audience: its share of the ballots times the expected attendance, rounded to
 * whole people, so that every term is a whole number and sums of them are exact.
 */
export function expectedAudience(fans: number, ballots: number, attendance: number): number {
  return ballots === 0 ? 0 : Math.round((fans * attendance) / ballots);
}

/**
 * Weights that make the sum lexicographic: each term's weight exceeds the most all later terms can
 * add up to on this problem, so one missed preferred talk always outweighs any overflow, and so on.
 * Their bounds: moved ≤ talks; parallel ≤ per slot the pairs its rooms allow; overflow ≤ the
 * audiences summed. When the weights would leave exact integer arithmetic (beyond 2^53), the later
 * terms are compressed (`lexicographic` false), which the result says.
 */
export function objectiveWeights(problem: ScheduleProblem): { weights: ObjectiveWeights; lexicographic: boolean } {
  const talks = problem.talks.length;
  const rooms = problem.rooms.length;
  const ballots = problem.ballots.length;
  const attendance = problem.expectedAttendance ?? ballots;
  const fans = new Map<string, number>();
  let marks = 0;
  for (const ballot of problem.ballots) {
    for (const talk of ballot.talks) fans.set(talk, (fans.get(talk) ?? 0) + 1);
    marks += ballot.talks.length;
  }
  let audiences = 0;
  for (const talk of problem.talks) audiences += expectedAudience(fans.get(talk.id) ?? 0, ballots, attendance);
  const maxMoved = problem.previous ? talks : 0;
  const maxParallel = problem.slots.length * ((rooms * (rooms - 1)) / 2);
  const moved = 1;
  const parallel = maxMoved + 1;
  const overflow = parallel * (maxParallel + 1);
  const missed = overflow * (audiences + 1);
  if (missed * (marks + 1) <= Number.MAX_SAFE_INTEGER) {
    return { weights: { missed, overflow, parallel, moved }, lexicographic: true };
  }
  // Very large problems: keep the order of importance but not strict dominance.
  return { weights: { missed: 1_000_000, overflow: 1_000, parallel: 10, moved: 1 }, lexicographic: false };
}

export function weightedTotal(terms: ObjectiveTerms, weights: ObjectiveWeights): number {
  return (
    terms.missed * weights.missed +
    terms.overflow * weights.overflow +
    terms.parallel * weights.parallel +
    terms.moved * weights.moved
  );
}
