import type { PublishedSchedule, RoomView, SlotView } from './program-views.js';

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

/** What a room screen shows: the room's current slot and its next one. */
export interface RoomNowAndNext {
  room: RoomView;
  /** Started and not ended; undefined between talks. */
  current: SlotView | undefined;
  /** The first to start after the instant; undefined after the room's last. */
  next: SlotView | undefined;
}

/**
 * The room's current and next slot, judged as whatIsOn judges the whole schedule; a break or
 * block spanning every room (no room of its own) counts in each room.
 */
export function roomNowAndNext(schedule: Pick<PublishedSchedule, 'slots'>, room: RoomView, at: Date): RoomNowAndNext {
  const inRoom = schedule.slots.filter((slot) => slot.room === undefined || slot.room.id === room.id);
  const live = whatIsOn({ slots: inRoom }, at);
  return { room, current: live.now[0], next: live.next[0] };
}

/** Every room of the schedule, in the event's order, with its current and next slot: the hallway screen. */
export function hallwayNowAndNext(schedule: Pick<PublishedSchedule, 'slots' | 'rooms'>, at: Date): RoomNowAndNext[] {
  return schedule.rooms.map((room) => roomNowAndNext(schedule, room, at));
}
