import type { CompiledProblem } from './model.js';
import { ScheduleState } from './state.js';

/**
 * The starting schedule: talks placed one by one, the hardest first (pinned ones, then those
 * with fewest places, longer ones), then the most popular first; each goes to the free place that
 * costs least now, which spreads co-preferred talks over different slots (a slot where its fans
 * already have a talk costs one missed talk per such fan). A talk that finds every place taken
 * tries moving one talk out of its way first; if that fails too, it stays unplaced.
 */
export function greedySchedule(model: CompiledProblem): ScheduleState {
  const state = new ScheduleState(model);
  const order = Array.from({ length: model.talkCount }, (_, t) => t).filter((t) => model.placeStart[t]!.length > 0);
  order.sort(
    (a, b) => tightness(model, b) - tightness(model, a) || model.fans[b]!.length - model.fans[a]!.length || a - b,
  );
  for (const t of order) {
    if (!placeCheapest(state, t)) makeRoomFor(state, t);
  }
  return state;
}

function tightness(model: CompiledProblem, t: number): number {
  if (model.fixed[t]) return 3;
  if (model.placeStart[t]!.length < model.roomCount * 2) return 2;
  return model.placeSpan[t]![0]! > 1 ? 1 : 0;
}

/** Puts t at its cheapest free place; false when none is free. */
export function placeCheapest(state: ScheduleState, t: number): boolean {
  const count = state.model.placeStart[t]!.length;
  let best = -1;
  let bestDelta = Infinity;
  for (let p = 0; p < count; p++) {
    if (!state.fits(t, p)) continue;
    const delta = state.add(t, p);
    state.remove(t);
    if (delta < bestDelta) {
      bestDelta = delta;
      best = p;
    }
  }
  if (best < 0) return false;
  state.add(t, best);
  return true;
}

/** For a talk with no free place: moves one talk that stands in the way to a free place of its own. */
export function makeRoomFor(state: ScheduleState, t: number): boolean {
  const m = state.model;
  const R = m.roomCount;
  for (let p = 0; p < m.placeStart[t]!.length; p++) {
    const start = m.placeStart[t]![p]!;
    const room = m.placeRoom[t]![p]!;
    const blocker = state.cell[start * R + room]!;
    if (blocker < 0 || m.fixed[blocker]) continue;
    const from = state.place[blocker]!;
    state.remove(blocker);
    if (state.fits(t, p)) {
      state.add(t, p);
      if (placeCheapest(state, blocker)) return true;
      state.remove(t);
    }
    state.add(blocker, from);
  }
  return false;
}
