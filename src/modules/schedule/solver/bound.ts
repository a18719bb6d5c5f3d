import highsPackage, { type Highs } from 'highs';
import type { Assignment, ScheduleProblem } from './instance.js';
import { orderSlots } from './instance.js';

/**
 * A lower bound on the missed preferred talks of any schedule that places every talk: the linear
 * relaxation of a set-partitioning model, solved by column generation with HiGHS.
 *
 * A column is a set of talks that may share one slot: at most as many as the slot has rooms, no
 * speaker in two of them, all available in that slot; its cost is the missed talks they cause
 * together, Σ over attendees (their preferred talks in the set − 1)+. Slots in which the same
 * talks are available and the same number of rooms is open form a class; the model picks columns
 * of each class at most as often as the class has slots, and covers each talk exactly once.
 *
 * Relaxed, so still a valid lower bound: a talk of several slots is counted in one slot only (it
 * misses its fans fewer talks than it really does), and rooms' capacities, which rooms are open
 * beyond their number, and pins are ignored. A relaxation's optimum can only be lower.
 *
 * Stopping column generation early still gives a valid bound (Farley; Lasdon): with z the
 * restricted LP's value and duals, every column of class k has reduced cost ≥ r_k, and a class
 * holds at most n_k columns, so z + Σ_k n_k · min(0, r_k) ≤ the full LP's optimum. r_k comes from
 * an exact branch and bound over the class's sets; stopped by its budget, r_k is the least bound of
 * the branches it left unexplored, still a valid lower bound on the least reduced cost.
 */

export interface BoundOptions {
  timeLimitMs?: number;
  /** Schedules whose slots start the model with good columns (the solver's best, say). */
  seedSchedules?: readonly (readonly Assignment[])[];
  /** Branch-and-bound nodes each pricing may visit before it settles for a bound. */
  pricingNodes?: number;
  signal?: AbortSignal;
  /**
   * After the bound, solve the integer program over the columns found, for this long (price and
   * branch): a schedule's sets of talks per slot, which the search can start from.
   */
  integerMs?: number | { untilMs: number; started: number };
}

/** Which talks share each slot, from the integer program over the bound's columns. */
export interface SlotSets {
  slot: string;
  talks: string[];
}

export interface BoundResult {
  /** The bound, rounded up to a whole number of missed talks (valid: missed is whole). */
  lowerBound: number;
  /** The best Lagrangian bound before rounding. */
  value: number;
  /** The restricted LP's last value (the bound when pricing proved no column is missing). */
  lpValue: number;
  /** Whether column generation finished: the bound is the LP relaxation's optimum. */
  exact: boolean;
  columns: number;
  rounds: number;
  elapsedMs: number;
  /** With `integerMs`: the integer program's sets per slot (talks it could not cover are left out). */
  slotSets?: SlotSets[];
}

/**
 * The package's types.d.ts is read as CommonJS (its package.json says so), where the loader is
 * `.default`; Node imports build/highs.mjs, whose default export is the loader itself.
 */
const loadHighs = highsPackage as unknown as typeof highsPackage.default;
let highsPromise: Promise<Highs> | undefined;

function highs(): Promise<Highs> {
  return (highsPromise ??= loadHighs());
}

/** Starts loading HiGHS (compiling its WebAssembly) now, so that a bound later does not wait for it. */
export function preloadHighs(): void {
  void highs().catch(() => {
    // The bound's own call reports the failure.
    highsPromise = undefined;
  });
}

const EPS = 1e-7;

interface SlotClass {
  /** How many slots: the most columns of this class a schedule uses. */
  count: number;
  rooms: number;
  /** Talks available in these slots. */
  talks: number[];
  available: Uint8Array;
}

export async function computeLowerBound(problem: ScheduleProblem, options: BoundOptions = {}): Promise<BoundResult> {
  const started = performance.now();
  const timeLimit = options.timeLimitMs ?? 10_000;
  const pricingNodes = options.pricingNodes ?? 200_000;
  const quickNodes = Math.min(pricingNodes, 2_000);
  const T = problem.talks.length;
  const A = problem.ballots.length;
  const slots = orderSlots(problem.slots);
  const talkIndex = new Map(problem.talks.map((talk, i) => [talk.id, i]));

  const speakerIds = new Map<string, number>();
  const speakers = problem.talks.map((talk) =>
    talk.speakers.map((id) => {
      if (!speakerIds.has(id)) speakerIds.set(id, speakerIds.size);
      return speakerIds.get(id)!;
    }),
  );
  const fans: number[][] = problem.talks.map(() => []);
  const wanted: number[][] = problem.ballots.map((ballot, a) =>
    ballot.talks.map((id) => {
      const t = talkIndex.get(id)!;
      fans[t]!.push(a);
      return t;
    }),
  );

  // Slot classes: the same available talks and the same number of open rooms.
  const classes = new Map<string, SlotClass>();
  const classOfSlot = new Map<string, SlotClass>();
  for (const slot of slots) {
    const rooms = problem.rooms.filter((room) => !(room.unavailable ?? []).includes(slot.id)).length;
    const available = new Uint8Array(T);
    const talks: number[] = [];
    problem.talks.forEach((talk, t) => {
      if (!(talk.unavailable ?? []).includes(slot.id)) {
        available[t] = 1;
        talks.push(t);
      }
    });
    const key = `${rooms}:${talks.join(',')}`;
    let slotClass = classes.get(key);
    if (!slotClass) {
      slotClass = { count: 0, rooms, talks, available };
      classes.set(key, slotClass);
    }
    slotClass.count++;
    classOfSlot.set(slot.id, slotClass);
  }
  const classList = [...classes.values()].filter((c) => c.rooms > 0);

  const cost = (set: readonly number[]): number => {
    const seen = new Map<number, number>();
    let missed = 0;
    for (const t of set) {
      for (const a of fans[t]!) {
        const n = seen.get(a) ?? 0;
        if (n > 0) missed++;
        seen.set(a, n + 1);
      }
    }
    return missed;
  };

  const solver = await highs();
  const model = solver.createModel();
  try {
    model.options.set({ output_flag: false });
    for (let t = 0; t < T; t++) model.addRow(1, 1, { indices: [], values: [] });
    classList.forEach((slotClass) => model.addRow(-solver.infinity, slotClass.count, { indices: [], values: [] }));
    const known = new Set<string>();
    /** Per column of the model: its class and talks (k = -1: an artificial column). */
    const columnSets: { k: number; set: number[] }[] = [];
    let columns = 0;
    const addColumn = (k: number, set: number[]): void => {
      const sorted = [...set].sort((a, b) => a - b);
      const key = `${k}|${sorted.join(',')}`;
      if (known.has(key)) return;
      known.add(key);
      model.addCol(cost(sorted), 0, solver.infinity, {
        indices: [...sorted, T + k],
        values: sorted.map(() => 1).concat(1),
      });
      columnSets.push({ k, set: sorted });
      columns++;
    };
    // Artificial columns keep the restricted model feasible; their cost (more than any talk can
    // add to a slot) only lowers a bound that stays valid, since columns only ever lower a minimum.
    const artificial = Math.max(1, ...fans.map((list) => list.length)) + 1;
    for (let t = 0; t < T; t++) {
      model.addCol(artificial, 0, solver.infinity, { indices: [t], values: [1] });
      columnSets.push({ k: -1, set: [t] });
    }
    for (const schedule of options.seedSchedules ?? []) {
      const bySlot = new Map<string, number[]>();
      for (const assignment of schedule) {
        const t = talkIndex.get(assignment.talk);
        if (t === undefined) continue;
        bySlot.set(assignment.slot, [...(bySlot.get(assignment.slot) ?? []), t]);
      }
      for (const [slotId, set] of bySlot) {
        const slotClass = classOfSlot.get(slotId);
        const k = slotClass ? classList.indexOf(slotClass) : -1;
        if (k >= 0 && set.length <= slotClass!.rooms && set.every((t) => slotClass!.available[t])) addColumn(k, set);
      }
    }

    let best = 0;
    let lpValue = 0;
    let exact = false;
    let rounds = 0;
    /** The restricted LP's last primal solution (adding columns afterwards leaves the model unsolved). */
    let lastPrimal: Float64Array = new Float64Array(0);
    const pricing = new Pricing(T, A, fans, wanted, speakers, speakerIds.size);
    const excluded = new Uint8Array(T);
    for (;;) {
      rounds++;
      model.run();
      if (model.getModelStatus() !== solver.constants.modelStatus.optimal) {
        throw new Error(`the bound's linear program did not solve (HiGHS status ${model.getModelStatus()})`);
      }
      const solution = model.getSolution();
      lastPrimal = solution.colValue;
      lpValue = model.getObjectiveValue();
      const duals = solution.rowDual;
      let lagrangian = lpValue;
      let added = 0;
      let out = false;
      const late = performance.now() - started >= timeLimit || options.signal?.aborted;
      // A quick pricing with few nodes usually finds the columns; only when it finds none does a
      // thorough one run, to prove that none is missing (or to tighten the bound).
      for (const budget of late ? [2_000] : [quickNodes, pricingNodes]) {
        lagrangian = lpValue;
        out = false;
        for (let k = 0; k < classList.length; k++) {
          const slotClass = classList[k]!;
          const mu = Math.min(0, duals[T + k]!);
          const priced = pricing.price(slotClass, duals, mu, budget, excluded);
          lagrangian += slotClass.count * Math.min(0, priced.lowerBound);
          for (const set of priced.columns) {
            addColumn(k, set);
            added++;
          }
          // More columns per round, fewer rounds: the best set again among the talks the sets found
          // so far leave, as many times as the class has slots (together they sketch its slots).
          excluded.fill(0);
          for (let pass = 1, last = priced.columns[0]; pass < slotClass.count && last; pass++) {
            for (const t of last) excluded[t] = 1;
            const next = pricing.price(slotClass, duals, mu, quickNodes, excluded);
            for (const set of next.columns.slice(0, 2)) {
              addColumn(k, set);
              added++;
            }
            last = next.columns[0];
          }
          excluded.fill(0);
          if (!priced.complete) out = true;
        }
        if (added > 0 || !out) break;
      }
      best = Math.max(best, lagrangian);
      if (added === 0 && !out) {
        exact = true;
        best = Math.max(best, lpValue);
        break;
      }
      if (performance.now() - started >= timeLimit || options.signal?.aborted) break;
    }
    let slotSets: SlotSets[] | undefined;
    const integerMs =
      typeof options.integerMs === 'object'
        ? options.integerMs.untilMs - (performance.now() - options.integerMs.started)
        : (options.integerMs ?? 0);
    if (options.integerMs !== undefined) {
      const classSlots = (): string[][] =>
        classList.map((slotClass) =>
          slots.filter((slot) => classOfSlot.get(slot.id) === slotClass).map((slot) => slot.id),
        );
      /** Columns taken in order while their talks are free and their class has a slot left: sets per slot, and their cost. */
      const pick = (order: number[]): { sets: SlotSets[]; cost: number; covered: number } => {
        const free = classSlots();
        const covered = new Uint8Array(T);
        const sets: SlotSets[] = [];
        let total = 0;
        let count = 0;
        for (const c of order) {
          const { k, set } = columnSets[c]!;
          if (k < 0 || free[k]!.length === 0 || set.some((t) => covered[t])) continue;
          for (const t of set) covered[t] = 1;
          sets.push({ slot: free[k]!.shift()!, talks: set.map((t) => problem.talks[t]!.id) });
          total += cost(set);
          count += set.length;
        }
        return { sets, cost: total, covered: count };
      };
      // Rounding the LP: its columns by value, the largest first (ties: the cheaper per talk).
      const lp = lastPrimal;
      const byValue = Array.from({ length: lp.length }, (_, c) => c)
        .filter((c) => lp[c]! > 1e-6)
        .sort((a, b) => lp[b]! - lp[a]! || a - b);
      let chosen = pick(byValue);
      if (integerMs > 0) {
        // Price and branch: the integer program over the columns, while time is left.
        const integer = solver.constants.variableType.integer;
        for (let c = 0; c < columnSets.length; c++) model.changeColIntegrality(c, integer);
        model.zeroAllClocks();
        model.options.set({ time_limit: integerMs / 1000, mip_rel_gap: 0 });
        model.run();
        // Stopped by its time limit before any integer solution, it has none to give.
        const values =
          model.info.get('primal_solution_status') === solver.constants.solutionStatus.feasible
            ? model.getSolution().colValue
            : null;
        const integral = values
          ? pick(Array.from({ length: values.length }, (_, c) => c).filter((c) => values[c]! > 0.5))
          : null;
        if (
          integral &&
          (integral.covered > chosen.covered || (integral.covered === chosen.covered && integral.cost < chosen.cost))
        ) {
          chosen = integral;
        }
      }
      slotSets = chosen.sets;
    }
    return {
      slotSets,
      lowerBound: Math.max(0, Math.ceil(best - 1e-6)),
      value: best,
      lpValue,
      exact,
      columns,
      rounds,
      elapsedMs: performance.now() - started,
    };
  } finally {
    model.dispose();
  }
}

/**
 * Pricing: the set of a class with the least reduced cost, cost(C) − Σ π_t − μ, by depth-first
 * branch and bound over the talks with positive duals (a talk with π_t ≤ 0 never lowers it: its
 * marginal cost is never negative). The marginal cost of adding t, the fans of t who already have
 * a talk in the set, only grows as the set grows, so the set's reduced cost plus the most negative
 * (marginal − π) of the talks still allowed, as many as rooms are left, bounds every extension.
 */
class Pricing {
  private readonly count: Uint16Array;
  private readonly marginal: Int32Array;
  private readonly speakerBusy: Uint8Array;

  constructor(
    private readonly T: number,
    A: number,
    private readonly fans: number[][],
    private readonly wanted: number[][],
    private readonly speakers: number[][],
    speakerCount: number,
  ) {
    this.count = new Uint16Array(Math.max(1, A));
    this.marginal = new Int32Array(T);
    this.speakerBusy = new Uint8Array(Math.max(1, speakerCount));
  }

  price(
    slotClass: SlotClass,
    duals: Float64Array,
    mu: number,
    budget: number,
    excluded: Uint8Array,
  ): { lowerBound: number; columns: number[][]; complete: boolean; nodes: number } {
    const candidates = slotClass.talks
      .filter((t) => duals[t]! > EPS && !excluded[t])
      .sort((a, b) => duals[b]! - duals[a]! || a - b);
    const rooms = slotClass.rooms;
    const chosen: number[] = [];
    let nodes = 0;
    let bestRc = -EPS;
    let unexplored = Infinity;
    const found: { rc: number; set: number[] }[] = [];
    let cost = 0;
    let gain = 0;
    const top = new Float64Array(rooms);
    let filledTop = 0;

    const boundFrom = (from: number, slots: number): number => {
      // The `slots` most negative (marginal − π) among candidates from `from` on whose speakers are free.
      let filled = 0;
      for (let j = from; j < candidates.length; j++) {
        const t = candidates[j]!;
        const value = this.marginal[t]! - duals[t]!;
        if (value >= 0 || this.clashes(t)) continue;
        if (filled < slots) {
          let i = filled++;
          while (i > 0 && top[i - 1]! > value) {
            top[i] = top[i - 1]!;
            i--;
          }
          top[i] = value;
        } else if (value < top[slots - 1]!) {
          let i = slots - 1;
          while (i > 0 && top[i - 1]! > value) {
            top[i] = top[i - 1]!;
            i--;
          }
          top[i] = value;
        }
      }
      filledTop = filled;
      let sum = 0;
      for (let i = 0; i < filled; i++) sum += top[i]!;
      return sum;
    };

    const explore = (from: number): void => {
      const rcHere = cost - gain - mu;
      const left = rooms - chosen.length;
      const bound = rcHere + boundFrom(from, left);
      if (bound >= bestRc) return;
      if (nodes >= budget) {
        unexplored = Math.min(unexplored, bound);
        return;
      }
      nodes++;
      // What any talk but one more can add at most: bounds a child before paying for adding it.
      const count = Math.min(left - 1, filledTop);
      let others = 0;
      for (let i = 0; i < count; i++) others += top[i]!;
      for (let j = from; j < candidates.length; j++) {
        const t = candidates[j]!;
        const marginal = this.marginal[t]!;
        const value = marginal - duals[t]!;
        if (value >= 0 || rcHere + value + others >= bestRc || this.clashes(t)) continue;
        this.add(t);
        cost += marginal;
        gain += duals[t]!;
        chosen.push(t);
        const rc = cost - gain - mu;
        if (rc < bestRc) {
          bestRc = rc;
          found.push({ rc, set: [...chosen] });
        }
        if (chosen.length < rooms) explore(j + 1);
        chosen.pop();
        gain -= duals[t]!;
        cost -= marginal;
        this.remove(t);
      }
    };
    explore(0);
    found.sort((a, b) => a.rc - b.rc);
    const columns = found.slice(0, 8).map((entry) => entry.set);
    // Sets with reduced cost ≥ −EPS were never looked for: −EPS stands for "nothing negative".
    const least = found.length > 0 ? found[0]!.rc : -EPS;
    return { lowerBound: Math.min(least, unexplored), columns, complete: unexplored === Infinity, nodes };
  }

  private clashes(t: number): boolean {
    for (const s of this.speakers[t]!) if (this.speakerBusy[s]) return true;
    return false;
  }

  private add(t: number): void {
    for (const s of this.speakers[t]!) this.speakerBusy[s]!++;
    for (const a of this.fans[t]!) {
      if (this.count[a]!++ === 0) for (const other of this.wanted[a]!) this.marginal[other]!++;
    }
  }

  private remove(t: number): void {
    for (const s of this.speakers[t]!) this.speakerBusy[s]!--;
    for (const a of this.fans[t]!) {
      if (--this.count[a]! === 0) for (const other of this.wanted[a]!) this.marginal[other]!--;
    }
  }
}
