import { DateTime } from 'luxon';
import type { StoredRelease } from '../schedule/index.js';
import type { DayView, PublishedSchedule, RoomView, SlotView, TalkView } from './program-views.js';

export function buildPublishedSchedule(release: StoredRelease, talkById: Map<number, TalkView>): PublishedSchedule {
  const { snapshot } = release;
  const rooms = [...snapshot.rooms].sort((a, b) => a.position - b.position || a.id - b.id);
  const roomById = new Map(rooms.map((r) => [r.id, r]));
  const slots: SlotView[] = [];
  for (const slot of snapshot.slots) {
    const talk = slot.talkId === null ? undefined : talkById.get(slot.talkId);
    // A released talk that left the program since is not shown until the next release says so.
    if (slot.kind === 'talk' && !talk) continue;
    const start = new Date(slot.start);
    const end = new Date(slot.end);
    slots.push({
      guid: slot.guid,
      kind: slot.kind,
      talk,
      title: slot.title,
      room: slot.roomId === null ? undefined : roomById.get(slot.roomId),
      start,
      end,
      durationMinutes: Math.round((end.getTime() - start.getTime()) / 60_000),
      day: undefined,
    });
  }
  const days = buildDays(snapshot.days, slots, rooms, snapshot.timezone);
  return {
    version: release.version,
    comment: release.comment,
    releasedAt: release.releasedAt,
    timezone: snapshot.timezone,
    rooms,
    days,
    slots,
    roomBySlug: new Map(rooms.map((r) => [r.slug, r])),
  };
}

/**
 * Each slot belongs to the day whose window holds its start. Slots outside every stated day
 * (a release made before days were set) get a day of their own date in the event's zone.
 */
function buildDays(
  stated: StoredRelease['snapshot']['days'],
  slots: SlotView[],
  rooms: RoomView[],
  zone: string,
): DayView[] {
  const days: DayView[] = stated.map((d) => ({
    date: d.date,
    index: 0,
    start: new Date(d.start),
    end: new Date(d.end),
    slots: [],
    rooms: [],
  }));
  for (const slot of slots) {
    let day = days.find((d) => slot.start >= d.start && slot.start < d.end);
    if (!day) {
      const local = DateTime.fromJSDate(slot.start, { zone });
      const date = local.toISODate()!;
      day = days.find((d) => d.date === date);
      if (!day) {
        day = {
          date,
          index: 0,
          start: local.startOf('day').toJSDate(),
          end: local.endOf('day').toJSDate(),
          slots: [],
          rooms: [],
        };
        days.push(day);
      } else {
        if (slot.start < day.start) day.start = slot.start;
      }
      if (slot.end > day.end) day.end = slot.end;
    }
    slot.day = day;
    day.slots.push(slot);
  }
  days.sort((a, b) => a.start.getTime() - b.start.getTime());
  days.forEach((day, i) => {
    day.index = i + 1;
    const used = new Set(day.slots.map((s) => s.room?.id));
    day.rooms = rooms.filter((r) => used.has(r.id));
  });
  return days;
}
