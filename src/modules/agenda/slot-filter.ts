import type { DayView, PublishedSchedule, RoomView, SlotView, TrackView } from './program-views.js';

/** The day, track and room an embedded schedule shows; undefined is any. */
export interface SlotFilter {
  day: DayView | undefined;
  track: TrackView | undefined;
  room: RoomView | undefined;
}

/**
 * The slots of the schedule the filter keeps, by start then room order. A break or block
 * spanning every room is in each room, and in no track: a track filter leaves it out.
 */
export function filterSlots(schedule: Pick<PublishedSchedule, 'slots'>, filter: SlotFilter): SlotView[] {
  return schedule.slots.filter(
    (slot) =>
      (!filter.day || slot.day === filter.day) &&
      (!filter.room || slot.room === undefined || slot.room.id === filter.room.id) &&
      (!filter.track || slot.talk?.track?.id === filter.track.id),
  );
}
