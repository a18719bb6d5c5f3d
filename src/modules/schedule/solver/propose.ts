import { computeLowerBound, preloadHighs, type BoundResult } from './bound.js';
import type { ScheduleProblem } from './instance.js';
import { solveSchedule, type SolveProgress, type SolveResult } from './search.js';

export interface ProposeOptions {
  /** The whole time budget: search, bound and search again (default 10 s). */
  timeLimitMs?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ProposeProgress) => void;
}

export interface ProposeProgress extends SolveProgress {
  phase: 'search' | 'bound' | 'polish';
  lowerBound: number | null;
}

export interface ProposeResult extends SolveResult {
  /** The fewest missed preferred talks any schedule placing every talk can have; null when talks stay unplaced. */
  lowerBound: number | null;
  /** Whether the bound is the linear relaxation's optimum (column generation finished). */
  boundExact: boolean;
  /** (missed − bound) / bound: 0.012 reads "within 1.2% of the best possible". */
  gap: number | null;
  bound: BoundResult;
}

/**
 * A schedule and how far it can be from the best possible, in one time budget:
 * 1. a fifth of it searching from the greedy schedule (annealing);
 * 2. the lower bound by column generation (until 70% of the budget at most), seeded with that
 *    schedule's slots, then its LP rounded and the integer program over the columns found (price
 *    and branch) until four fifths of the budget: their sets of talks per slot can be better than
 *    the search's, and the search starts again from the better of the two;
 * 3. the rest searching from there.
 * The bound's columns thus guide the search, and the search's schedule seeds the bound.
 */
export async function proposeSchedule(problem: ScheduleProblem, options: ProposeOptions = {}): Promise<ProposeResult> {
  const started = performance.now();
  preloadHighs();
  const budget = options.timeLimitMs ?? 10_000;
  const seed = options.seed ?? 1;
  let lowerBound: number | null = null;
  const progress =
    (phase: ProposeProgress['phase']) =>
    (p: SolveProgress): void =>
      options.onProgress?.({ ...p, elapsedMs: performance.now() - started, phase, lowerBound });

  const first = await solveSchedule(problem, {
    seed,
    timeLimitMs: budget * 0.2,
    signal: options.signal,
    onProgress: progress('search'),
  });
  // Column generation until 70% of the budget at most; the integer program until 80%, so that
  // it has whatever column generation left; the search the rest.
  const bound = await computeLowerBound(problem, {
    timeLimitMs: Math.max(0, budget * 0.7 - (performance.now() - started)),
    integerMs: options.signal?.aborted ? 0 : { untilMs: budget * 0.8, started },
    seedSchedules: [first.assignments],
    signal: options.signal,
  });
  lowerBound = first.unplaced.length === 0 ? bound.lowerBound : null;
  options.onProgress?.({
    ...progressOf(first),
    elapsedMs: performance.now() - started,
    phase: 'bound',
    lowerBound,
  });
  const second = await solveSchedule(problem, {
    seed: seed + 1,
    timeLimitMs: Math.max(0, budget - (performance.now() - started)),
    signal: options.signal,
    onProgress: progress('polish'),
    startAssignments: [first.assignments],
    // From a good schedule: hot enough to leave it, not so hot as to lose it.
    startTemperature: 1,
    ...(bound.slotSets ? { startSlotSets: bound.slotSets } : {}),
  });
  const best = second;
  lowerBound = best.unplaced.length === 0 ? bound.lowerBound : null;
  return {
    ...best,
    greedy: first.greedy,
    iterations: first.iterations + second.iterations,
    restarts: first.restarts + second.restarts,
    elapsedMs: performance.now() - started,
    lowerBound,
    boundExact: bound.exact,
    gap:
      lowerBound === null
        ? null
        : lowerBound === 0
          ? best.terms.missed === 0
            ? 0
            : null
          : (best.terms.missed - lowerBound) / lowerBound,
    bound,
  };
}

function progressOf(result: SolveResult): SolveProgress {
  return {
    elapsedMs: result.elapsedMs,
    iterations: result.iterations,
    restarts: result.restarts,
    best: result.terms,
    unplaced: result.unplaced.length,
  };
}
