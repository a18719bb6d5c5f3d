import type { PublishedSchedule, SlotView } from './program-views.js';

/** What runs at one instant and what starts next, for the "Now on" and "Up next" marks. */
export interface LiveState {
  now: SlotView[];
  /** Everything starting at the next start time after the instant. */
  next: SlotView[];
}

/** What is on at the instant (started, not ended) and everything starting at the next start after it. */
export function whatIsOn(schedule: Pick<PublishedSchedule, 'slots'>, at: Date): LiveState {
  const t = at.getTime();
  const now = schedule.slots.filter((slot) => slot.start.getTime() <= t && t < slot.end.getTime());
  let nextStart = Infinity;
  for (const slot of schedule.slots) {
    const start = slot.start.getTime();
    if (start > t && start < nextStart) nextStart = start;
  }
  const next = schedule.slots.filter((slot) => slot.start.getTime() === nextStart);
  return { now, next };
}
