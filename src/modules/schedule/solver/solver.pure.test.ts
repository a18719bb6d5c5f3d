import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeLowerBound } from './bound.js';
import { evaluateAssignments } from './evaluate.js';
import { BENCH_SIZES, generateInstance } from './generate.js';
import { greedySchedule } from './greedy.js';
import { orderSlots, slotsOccupied, type ScheduleProblem, type SolverTalk } from './instance.js';
import { compileProblem } from './model.js';
import { Prng } from './prng.js';
import { solveSchedule } from './search.js';

/**
 * The solver on small random problems (fast-check): whatever it returns keeps every hard
 * constraint and every pin, places or explains every talk, and reports the objective an
 * independent evaluation finds; the bound never exceeds the optimum found by brute force.
 */

const settings = { numRuns: 40, seed: Number(process.env.FUZZ_SEED ?? 20_261_207) };

/** Problems of two days of 1–3 slots, 1–3 rooms, up to 6 talks (some of two slots, some pinned), up to 8 ballots. */
const problems: fc.Arbitrary<ScheduleProblem> = fc
  .record({
    perDay: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }),
    rooms: fc.array(
      fc.record({ capacity: fc.integer({ min: 0, max: 6 }), off: fc.array(fc.nat(5), { maxLength: 2 }) }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    talks: fc.array(
      fc.record({
        slots: fc.constantFrom(1, 1, 1, 2),
        speakers: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 2 }),
        track: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
        off: fc.array(fc.nat(5), { maxLength: 2 }),
        pinRoom: fc.option(fc.nat(2), { nil: undefined, freq: 4 }),
        pinSlot: fc.option(fc.nat(5), { nil: undefined, freq: 4 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    ballots: fc.array(fc.uniqueArray(fc.nat(5), { maxLength: 4 }), { maxLength: 8 }),
    attendance: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    // Re-optimising: where some talks were (anywhere, even where they could not be now).
    previous: fc.option(fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.nat(2)), { maxLength: 4 }), { nil: undefined }),
  })
  .map(({ perDay, rooms, talks, ballots, attendance, previous }) => {
    const slots = perDay.flatMap((count, d) =>
      Array.from({ length: count }, (_, i) => ({
        id: `d${d}s${i}`,
        day: `day${d}`,
        index: i,
        start: `${9 + i}:00`,
        durationMin: 30,
      })),
    );
    const slotId = (n: number): string => slots[n % slots.length]!.id;
    const problem: ScheduleProblem = {
      slots,
      rooms: rooms.map((room, r) => ({
        id: `r${r}`,
        capacity: room.capacity,
        unavailable: [...new Set(room.off.map(slotId))],
      })),
      talks: talks.map((talk, t) => {
        const result: SolverTalk = {
          id: `t${t}`,
          track: talk.track,
          speakers: talk.speakers.map((s) => `p${s}`),
          durationMin: talk.slots * 30,
          unavailable: [...new Set(talk.off.map(slotId))],
        };
        if (talk.pinRoom !== undefined) result.pinnedRoom = `r${talk.pinRoom % rooms.length}`;
        if (talk.pinSlot !== undefined) result.pinnedSlot = slotId(talk.pinSlot);
        return result;
      }),
      ballots: ballots
        .map((marks, a) => ({ attendee: `a${a}`, talks: [...new Set(marks.map((m) => `t${m % talks.length}`))] }))
        .filter((ballot) => ballot.talks.length > 0),
    };
    if (attendance !== undefined) problem.expectedAttendance = attendance;
    if (previous !== undefined) {
      const seen = new Set<string>();
      problem.previous = previous
        .map(([t, s, r]) => ({ talk: `t${t % talks.length}`, slot: slotId(s), room: `r${r % rooms.length}` }))
        .filter((a) => !seen.has(a.talk) && seen.add(a.talk));
    }
    return problem;
  });

/** The fewest missed preferred talks of any schedule placing every talk, by trying them all; null when none places all. */
function bruteForceMissed(problem: ScheduleProblem): number | null {
  const ordered = orderSlots(problem.slots);
  let best: number | null = null;
  const chosen: { talk: string; slot: string; room: string }[] = [];
  const visit = (i: number): void => {
    if (i === problem.talks.length) {
      const { terms, violations } = evaluateAssignments(problem, chosen);
      if (violations.length === 0 && (best === null || terms.missed < best)) best = terms.missed;
      return;
    }
    const talk = problem.talks[i]!;
    for (let s = 0; s < ordered.length; s++) {
      if (!slotsOccupied(ordered, s, talk.durationMin)) continue;
      for (const room of problem.rooms) {
        chosen.push({ talk: talk.id, slot: ordered[s]!.id, room: room.id });
        // Prune as soon as the partial schedule breaks a hard constraint.
        if (evaluateAssignments(problem, chosen).violations.length === 0) visit(i + 1);
        chosen.pop();
      }
    }
  };
  visit(0);
  return best;
}

describe('solveSchedule', () => {
  it(`keeps every hard constraint and pin, and reports the objective evaluated independently (${settings.numRuns} runs, seed ${settings.seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(problems, fc.nat(1000), async (problem, seed) => {
        const result = await solveSchedule(problem, { seed, maxIterations: 3_000, timeLimitMs: 60_000 });
        const evaluation = evaluateAssignments(problem, result.assignments);
        expect(evaluation.violations).toEqual([]);
        expect(result.terms).toEqual(evaluation.terms);
        expect(result.total).toBe(
          evaluation.terms.missed * result.weights.missed +
            evaluation.terms.overflow * result.weights.overflow +
            evaluation.terms.parallel * result.weights.parallel +
            evaluation.terms.moved * result.weights.moved,
        );
        for (const talk of problem.talks) {
          const placed = result.assignments.find((a) => a.talk === talk.id);
          if (talk.pinnedRoom !== undefined && placed) expect(placed.room).toBe(talk.pinnedRoom);
          if (talk.pinnedSlot !== undefined && placed) expect(placed.slot).toBe(talk.pinnedSlot);
        }
        // Every talk is placed once or reported with its reason, never dropped.
        const reported = [...result.assignments.map((a) => a.talk), ...result.unplaced.map((u) => u.talk)].sort();
        expect(reported).toEqual(problem.talks.map((talk) => talk.id).sort());
        for (const unplaced of result.unplaced) expect(unplaced.reason).not.toBe('');
      }),
      settings,
    );
  });

  it(`never finds a bound above the optimum found by brute force (${settings.numRuns} runs, seed ${settings.seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(problems, async (problem) => {
        const optimum = bruteForceMissed(problem);
        const bound = await computeLowerBound(problem, { timeLimitMs: 5_000 });
        if (optimum !== null) expect(bound.lowerBound).toBeLessThanOrEqual(optimum);
        const result = await solveSchedule(problem, { seed: 1, maxIterations: 3_000, timeLimitMs: 60_000 });
        if (result.unplaced.length === 0) expect(result.terms.missed).toBeGreaterThanOrEqual(bound.lowerBound);
      }),
      settings,
    );
  });

  it('explains a talk that cannot be placed anywhere', async () => {
    const problem: ScheduleProblem = {
      slots: [
        { id: 'a', day: 'd1', index: 0, start: '09:00', durationMin: 30 },
        { id: 'b', day: 'd2', index: 0, start: '09:00', durationMin: 30 },
      ],
      rooms: [{ id: 'r', capacity: 10 }],
      talks: [
        { id: 'workshop', track: null, speakers: ['x'], durationMin: 60 },
        { id: 'busy', track: null, speakers: ['y'], durationMin: 30, unavailable: ['a', 'b'] },
        { id: 'fine', track: null, speakers: ['z'], durationMin: 30 },
      ],
      ballots: [],
    };
    const result = await solveSchedule(problem, { seed: 1, maxIterations: 100 });
    expect(result.assignments.map((a) => a.talk)).toEqual(['fine']);
    expect(result.unplaced).toEqual([
      { talk: 'workshop', reason: 'its 60 minutes do not fit in consecutive slots of any one day' },
      { talk: 'busy', reason: 'its speakers are unavailable wherever it would fit' },
    ]);
  });

  it('gives the same schedule for the same seed and number of moves', async () => {
    const problem = generateInstance(BENCH_SIZES.S, 7);
    const first = await solveSchedule(problem, { seed: 42, maxIterations: 30_000, timeLimitMs: 60_000 });
    const second = await solveSchedule(problem, { seed: 42, maxIterations: 30_000, timeLimitMs: 60_000 });
    expect(second.assignments).toEqual(first.assignments);
    expect(second.terms).toEqual(first.terms);
    expect(first.stoppedBy).toBe('iterations');
  });

  it('stops when its signal is aborted and returns the best schedule found so far', async () => {
    const problem = generateInstance(BENCH_SIZES.S, 7);
    const controller = new AbortController();
    const progress: number[] = [];
    const result = await solveSchedule(problem, {
      seed: 3,
      timeLimitMs: 60_000,
      progressEveryMs: 0,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.best.missed);
        if (p.iterations > 5_000) controller.abort();
      },
    });
    expect(result.stoppedBy).toBe('signal');
    expect(result.elapsedMs).toBeLessThan(30_000);
    expect(evaluateAssignments(problem, result.assignments)).toEqual({ terms: result.terms, violations: [] });
    // The best so far: never worse than the greedy start, nor than any best reported on the way.
    expect(result.terms.missed).toBeLessThanOrEqual(result.greedy.missed);
    expect(result.terms.missed).toBe(Math.min(...progress));
  });
});

describe('ScheduleState.moveDelta', () => {
  it('predicts exactly the change of cost that doing the move makes', () => {
    const problem = generateInstance(BENCH_SIZES['60'], 3);
    problem.previous = problem.talks
      .slice(0, 20)
      .map((talk, i) => ({ talk: talk.id, slot: problem.slots[i % 15]!.id, room: 'room1' }));
    const model = compileProblem(problem);
    const state = greedySchedule(model);
    const rng = new Prng(9);
    const R = model.roomCount;
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const t = rng.below(model.talkCount);
      const from = state.place[t]!;
      const p = rng.below(model.placeStart[t]!.length);
      if (p === from) continue;
      const other = state.cell[model.placeStart[t]![p]! * R + model.placeRoom[t]![p]!]!;
      const q =
        other >= 0 ? model.placeIndex[other]![model.placeStart[t]![from]! * R + model.placeRoom[t]![from]!]! : -1;
      if (other >= 0 && q < 0) continue;
      const predicted = state.moveDelta(t, p, other);
      const before = state.cost;
      const otherFrom = other >= 0 ? state.place[other]! : -1;
      state.remove(t);
      if (other >= 0) state.remove(other);
      const feasible = state.fits(t, p) && (other < 0 || (state.add(t, p), state.fits(other, q)));
      if (other >= 0 && state.place[t]! >= 0) state.remove(t);
      expect(Number.isNaN(predicted)).toBe(!feasible);
      if (feasible) {
        state.add(t, p);
        if (other >= 0) state.add(other, q);
        expect(state.cost - before).toBe(predicted);
        checked++;
        // Keep the move half of the time, so that the counts wander.
        if (rng.next() < 0.5) continue;
        state.remove(t);
        if (other >= 0) state.remove(other);
      }
      if (other >= 0) state.add(other, otherFrom);
      state.add(t, from);
    }
    expect(checked).toBeGreaterThan(1_000);
  });
});
