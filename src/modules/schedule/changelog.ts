import type { ChangePlace, ReleasedSchedule, ReleasedSlot, ScheduleChange } from './release-snapshot.js';

const ALL_ROOMS = 'All rooms';

/**
 * What changed between two releases, slot by slot (matched by guid): added, moved (room, start
 * or end differ), removed (off the schedule, still on the program) or cancelled (off the
 * program: `stillOnProgram` says which talks are). In the order of the new schedule, then
 * the old one's for what left it.
 */
export function diffReleases(
  previous: ReleasedSchedule | undefined,
  next: ReleasedSchedule,
  stillOnProgram: (talkId: number) => boolean,
): ScheduleChange[] {
  const before = new Map((previous?.slots ?? []).map((slot) => [slot.guid, slot]));
  const changes: ScheduleChange[] = [];
  for (const slot of next.slots) {
    const old = before.get(slot.guid);
    const after = place(next, slot);
    if (!old) {
      changes.push(change('added', slot, null, after));
      continue;
    }
    before.delete(slot.guid);
    const was = place(previous!, old);
    if (was.room !== after.room || old.start !== slot.start || old.end !== slot.end) {
      changes.push(change('moved', slot, was, after));
    }
  }
  for (const old of before.values()) {
    const cancelled = old.kind === 'talk' && old.talkId !== null && !stillOnProgram(old.talkId);
    changes.push(change(cancelled ? 'cancelled' : 'removed', old, place(previous!, old), null));
  }
  return changes;
}

function place(schedule: ReleasedSchedule, slot: ReleasedSlot): ChangePlace {
  const room = slot.roomId === null ? undefined : schedule.rooms.find((r) => r.id === slot.roomId);
  return { room: room?.name ?? ALL_ROOMS, start: slot.start, end: slot.end };
}

function change(
  kind: ScheduleChange['kind'],
  slot: ReleasedSlot,
  before: ChangePlace | null,
  after: ChangePlace | null,
): ScheduleChange {
  return { kind, guid: slot.guid, slotKind: slot.kind, title: slot.title, talkSlug: slot.talkSlug, before, after };
}
