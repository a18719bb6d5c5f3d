import type { SlotKind } from '../../db/schema.js';

/**
 * What a schedule release keeps: a copy of the work-in-progress schedule as it was released.
 * Stored as JSON in schedule_releases.snapshot and never changed afterwards, so that public
 * pages and exports show exactly what was released, whatever the editor does next.
 * Times are ISO 8601 instants in UTC; the event's zone is kept beside them.
 */
export interface ReleasedSchedule {
  timezone: string;
  rooms: ReleasedRoom[];
  days: ReleasedDay[];
  /** By start, then room order. */
  slots: ReleasedSlot[];
}

export interface ReleasedRoom {
  id: number;
  guid: string;
  slug: string;
  name: string;
  description: string;
  capacity: number | null;
  position: number;
}

export interface ReleasedDay {
  /** YYYY-MM-DD, the day's date in the event's zone. */
  date: string;
  start: string;
  end: string;
}

export interface ReleasedSlot {
  /** The talk's guid for a talk; the slot's own for a break or block. */
  guid: string;
  kind: SlotKind;
  talkId: number | null;
  talkSlug: string | null;
  /** The talk's title when released, or the break's or block's. */
  title: string;
  /** Null for a break or block that spans every room. */
  roomId: number | null;
  start: string;
  end: string;
}

export type ScheduleChangeKind = 'added' | 'moved' | 'removed' | 'cancelled';

/** Where and when, as a changelog reads it. */
export interface ChangePlace {
  room: string;
  start: string;
  end: string;
}

/**
 * One line of a release's changelog. `added`: newly in the schedule; `moved`: another room or
 * time; `removed`: taken off the schedule though still on the program; `cancelled`: no longer
 * on the program (withdrawn or deleted). Breaks and blocks count as well as talks.
 */
export interface ScheduleChange {
  kind: ScheduleChangeKind;
  guid: string;
  slotKind: SlotKind;
  title: string;
  talkSlug: string | null;
  before: ChangePlace | null;
  after: ChangePlace | null;
}
