import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SlotSets } from './bound.js';
import type { Assignment, ScheduleProblem } from './instance.js';
import { greedySchedule, makeRoomFor, placeCheapest } from './greedy.js';
import { compileProblem, type CompiledProblem } from './model.js';
import { weightedTotal, type ObjectiveTerms, type ObjectiveWeights } from './objective.js';
import { Prng } from './prng.js';
import { ScheduleState } from './state.js';

export interface SolveOptions {
  seed?: number;
  /** Stop after this long (default 10 s). */
  timeLimitMs?: number;
  /** Stop after this many moves tried: with it, a seed gives the same result on any machine. */
  maxIterations?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SolveProgress) => void;
  /** How often progress is reported (default every 250 ms). */
  progressEveryMs?: number;
  /** Schedules to start from instead of the greedy one when better (a previous run's, say). */
  startAssignments?: readonly (readonly Assignment[])[];
  /** Sets of talks per slot to start from (the bound's integer program), rooms chosen here. */
  startSlotSets?: readonly SlotSets[];
  /** The first run's starting temperature, in missed talks (default 2; lower keeps more of a good start). */
  startTemperature?: number;
}

export interface SolveProgress {
  elapsedMs: number;
  iterations: number;
  restarts: number;
  best: ObjectiveTerms;
  unplaced: number;
}

export interface UnplacedTalk {
  talk: string;
  reason: string;
}

export interface SolveResult {
  assignments: Assignment[];
  unplaced: UnplacedTalk[];
  terms: ObjectiveTerms;
  weights: ObjectiveWeights;
  /** Whether the weights make the sum strictly lexicographic (see objectiveWeights). */
  lexicographic: boolean;
  /** Σ weight × term. */
  total: number;
  greedy: ObjectiveTerms;
  iterations: number;
  restarts: number;
  elapsedMs: number;
  stoppedBy: 'time' | 'iterations' | 'signal';
}

/** (unplaced, cost) compared in that order: placing a talk matters more than any term. */
function better(unplacedA: number, costA: number, unplacedB: number, costB: number): boolean {
  return unplacedA < unplacedB || (unplacedA === unplacedB && costA < costB);
}

/**
 * Anytime local search: simulated annealing from the greedy schedule over two moves, a talk to
 * another place (when free) and a swap of two talks' places, each judged by its incremental delta
 * (see ScheduleState). The temperature falls geometrically over a run of a fixed number of moves;
 * each run restarts from the best schedule found, hotter or cooler in turn, so that the search
 * both digs and escapes. Moves are counted, never timed, for the schedule of temperatures: the
 * same seed gives the same sequence of schedules, and a time limit only says where it stops.
 * The best schedule so far is returned whenever it stops (time, moves or the signal).
 */
export async function solveSchedule(problem: ScheduleProblem, options: SolveOptions = {}): Promise<SolveResult> {
  const started = performance.now();
  const model = compileProblem(problem);
  const rng = new Prng(options.seed ?? 1);
  const timeLimit = options.timeLimitMs ?? 10_000;
  const maxIterations = options.maxIterations ?? Infinity;
  const progressEvery = options.progressEveryMs ?? 250;

  const state = greedySchedule(model);
  const greedy = state.terms();
  const starts = (options.startAssignments ?? []).map((assignments) => fromAssignments(model, assignments));
  if (options.startSlotSets) starts.push(fromSlotSets(model, options.startSlotSets));
  for (const start of starts) {
    if (better(start.unplaced, start.cost, state.unplaced, state.cost)) state.copyFrom(start);
  }
  const best = new Int32Array(state.place);
  let bestCost = state.cost;
  let bestUnplaced = state.unplaced;

  const movable = Array.from({ length: model.talkCount }, (_, t) => t).filter(
    (t) => !model.fixed[t] && model.placeStart[t]!.length > 1,
  );
  const unit = model.weights.missed;
  let iterations = 0;
  let restarts = 0;
  let stoppedBy: SolveResult['stoppedBy'] = 'time';
  let lastYield = performance.now();
  let lastProgress = lastYield;

  const report = (): void =>
    options.onProgress?.({
      elapsedMs: performance.now() - started,
      iterations,
      restarts,
      best: bestTerms(model, best),
      unplaced: bestUnplaced,
    });

  // The budget (moves when counted, else time) is cut into annealing runs: one long one, then
  // restarts from the best schedule at a lower temperature. Temperatures are in units of one missed
  // talk; the run's progress, not a fixed number of moves, cools it, so that a run fills its budget.
  const runs = [
    { share: 0.7, from: options.startTemperature ?? 2, to: 0.03 },
    { share: 0.15, from: 0.6, to: 0.03 },
    // The last run ends cold enough for the later terms (overflow, same-track pairs) to settle.
    { share: 0.15, from: 0.6, to: 0.0001 },
  ];
  const counted = Number.isFinite(maxIterations);
  const progressOf = (now: number): number => (counted ? iterations / maxIterations : (now - started) / timeLimit);
  let runEnd = 0;
  let temperature = runs[0]!.from * unit;
  const accept = (delta: number): boolean => delta <= 0 || rng.next() < Math.exp(-delta / temperature);

  search: while (movable.length > 0) {
    const run = runs[Math.min(restarts, runs.length - 1)]!;
    const runStart = runEnd;
    runEnd = restarts >= runs.length - 1 ? 1 : runEnd + run.share;
    const ratio = run.to / run.from;
    for (;;) {
      if ((iterations & 1023) === 0) {
        const now = performance.now();
        if (options.signal?.aborted) {
          stoppedBy = 'signal';
          break search;
        }
        if (now - started >= timeLimit) {
          stoppedBy = 'time';
          break search;
        }
        if (now - lastProgress >= progressEvery) {
          lastProgress = now;
          report();
        }
        if (now - lastYield >= 50) {
          // Lets an AbortSignal (or a worker's stop message) be heard.
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        const done = progressOf(now);
        if (done >= runEnd && runEnd < 1) break;
        temperature = run.from * unit * Math.pow(ratio, Math.min(1, (done - runStart) / (runEnd - runStart)));
      }
      if (iterations >= maxIterations) {
        stoppedBy = 'iterations';
        break search;
      }
      iterations++;
      if (state.unplaced > 0 && (iterations & 255) === 0) tryPlaceUnplaced(state);
      const delta = proposeMove(state, movable, rng, accept);
      if (delta === null) continue;
      if (better(state.unplaced, state.cost, bestUnplaced, bestCost)) {
        best.set(state.place);
        bestCost = state.cost;
        bestUnplaced = state.unplaced;
      }
    }
    restarts++;
    restore(state, best);
  }

  restore(state, best);
  report();
  const terms = state.terms();
  const unplaced: UnplacedTalk[] = [];
  for (let t = 0; t < model.talkCount; t++) {
    if (state.place[t]! >= 0) continue;
    unplaced.push({
      talk: problem.talks[t]!.id,
      reason:
        model.noPlaceReason[t] ?? 'every place where it could go is taken by another talk or its speakers are busy',
    });
  }
  return {
    assignments: state.assignments(),
    unplaced,
    terms,
    weights: model.weights,
    lexicographic: model.lexicographic,
    total: weightedTotal(terms, model.weights),
    greedy,
    iterations,
    restarts,
    elapsedMs: performance.now() - started,
    stoppedBy,
  };
}

/**
 * Moves a random talk to a random other place of its own: there when free, or swapped with the
 * talk that is there when each fits in the other's place, if `accept` takes the change of cost.
 * Talks of one slot are judged before anything changes (ScheduleState.moveDelta); longer ones by
 * doing the move and undoing it when refused. Returns the change made, or null when nothing changed.
 */
function proposeMove(
  state: ScheduleState,
  movable: readonly number[],
  rng: Prng,
  accept: (delta: number) => boolean,
): number | null {
  const m = state.model;
  const R = m.roomCount;
  const t = movable[rng.below(movable.length)]!;
  const from = state.place[t]!;
  if (from < 0) return null;
  const count = m.placeStart[t]!.length;
  let p = rng.below(count - 1);
  if (p >= from) p++;
  const start = m.placeStart[t]![p]!;
  const room = m.placeRoom[t]![p]!;
  const span = m.placeSpan[t]![p]!;
  let other = -1;
  for (let s = start; s < start + span; s++) {
    const occupant = state.cell[s * R + room]!;
    if (occupant === -1 || occupant === t) continue;
    if (other !== -1 && occupant !== other) return null;
    other = occupant;
  }
  if (other >= 0 && m.fixed[other]) return null;
  const otherFrom = other >= 0 ? state.place[other]! : -1;
  const q = other >= 0 ? m.placeIndex[other]![m.placeStart[t]![from]! * R + m.placeRoom[t]![from]!]! : -1;
  if (other >= 0 && q < 0) return null;
  const single =
    span === 1 &&
    m.placeSpan[t]![from] === 1 &&
    (other < 0 || (m.placeSpan[other]![otherFrom] === 1 && m.placeSpan[other]![q] === 1));
  if (single) {
    const delta = state.moveDelta(t, p, other);
    if (Number.isNaN(delta) || !accept(delta)) return null;
    state.remove(t);
    if (other >= 0) state.remove(other);
    state.add(t, p);
    if (other >= 0) state.add(other, q);
    return delta;
  }
  let delta = state.remove(t);
  if (other >= 0) delta += state.remove(other);
  if (state.fits(t, p)) {
    delta += state.add(t, p);
    if (other < 0 || state.fits(other, q)) {
      if (other >= 0) delta += state.add(other, q);
      if (accept(delta)) return delta;
      if (other >= 0) state.remove(other);
    }
    state.remove(t);
  }
  if (other >= 0) state.add(other, otherFrom);
  state.add(t, from);
  return null;
}

function tryPlaceUnplaced(state: ScheduleState): void {
  for (let t = 0; t < state.model.talkCount; t++) {
    if (state.place[t]! < 0 && state.model.placeStart[t]!.length > 0) placeCheapest(state, t);
  }
}

/** A schedule from assignments (those that fit, in order), the rest placed greedily. */
function fromAssignments(model: CompiledProblem, assignments: readonly Assignment[]): ScheduleState {
  const state = new ScheduleState(model);
  const talkIndex = new Map(model.problem.talks.map((talk, t) => [talk.id, t]));
  const slotIndex = new Map(model.slots.map((slot, s) => [slot.id, s]));
  const roomIndex = new Map(model.problem.rooms.map((room, r) => [room.id, r]));
  for (const assignment of assignments) {
    const t = talkIndex.get(assignment.talk);
    const s = slotIndex.get(assignment.slot);
    const r = roomIndex.get(assignment.room);
    if (t === undefined || s === undefined || r === undefined || state.place[t]! >= 0) continue;
    const p = model.placeIndex[t]![s * model.roomCount + r]!;
    if (p >= 0 && state.fits(t, p)) state.add(t, p);
  }
  placeRest(state);
  return state;
}

/**
 * A schedule from sets of talks per slot: in each slot the most popular talk gets the largest
 * room it may use, and so on down (which minimises the overflow of the slot's talks); a talk that
 * finds no room there, and talks in no set, are placed greedily.
 */
function fromSlotSets(model: CompiledProblem, slotSets: readonly SlotSets[]): ScheduleState {
  const state = new ScheduleState(model);
  const talkIndex = new Map(model.problem.talks.map((talk, t) => [talk.id, t]));
  const slotIndex = new Map(model.slots.map((slot, s) => [slot.id, s]));
  const roomsBySize = Array.from({ length: model.roomCount }, (_, r) => r).sort(
    (a, b) => model.capacity[b]! - model.capacity[a]! || a - b,
  );
  for (const { slot, talks } of slotSets) {
    const s = slotIndex.get(slot);
    if (s === undefined) continue;
    const members = talks
      .map((id) => talkIndex.get(id))
      .filter((t): t is number => t !== undefined && state.place[t]! < 0)
      .sort((a, b) => model.audience[b]! - model.audience[a]! || a - b);
    for (const t of members) {
      for (const r of roomsBySize) {
        const p = model.placeIndex[t]![s * model.roomCount + r]!;
        if (p >= 0 && state.fits(t, p)) {
          state.add(t, p);
          break;
        }
      }
    }
  }
  placeRest(state);
  return state;
}

function placeRest(state: ScheduleState): void {
  const m = state.model;
  const rest = Array.from({ length: m.talkCount }, (_, t) => t)
    .filter((t) => state.place[t]! < 0 && m.placeStart[t]!.length > 0)
    .sort((a, b) => m.fans[b]!.length - m.fans[a]!.length || a - b);
  for (const t of rest) if (!placeCheapest(state, t)) makeRoomFor(state, t);
}

/** Makes `state` the schedule `places` describes. */
function restore(state: ScheduleState, places: Int32Array): void {
  for (let t = 0; t < state.model.talkCount; t++) {
    if (state.place[t]! >= 0 && state.place[t] !== places[t]) state.remove(t);
  }
  for (let t = 0; t < state.model.talkCount; t++) {
    if (places[t]! >= 0 && state.place[t]! < 0) state.add(t, places[t]!);
  }
}

function bestTerms(model: CompiledProblem, places: Int32Array): ObjectiveTerms {
  const scratch = new ScheduleState(model);
  restore(scratch, places);
  return scratch.terms();
}
