import { orderSlots, slotsOccupied, type Assignment, type ScheduleProblem } from './instance.js';
import { expectedAudience, type ObjectiveTerms } from './objective.js';

/**
 * The objective and the hard constraints of an assignment, computed from scratch with plain maps
 * and loops, sharing nothing with the search's incremental bookkeeping: the tests hold the search's
 * own figures against these.
 */

export interface Evaluation {
  terms: ObjectiveTerms;
  /** Every hard constraint the assignment breaks, in words; empty when it is feasible. */
  violations: string[];
}

export function evaluateAssignments(problem: ScheduleProblem, assignments: readonly Assignment[]): Evaluation {
  const violations: string[] = [];
  const ordered = orderSlots(problem.slots);
  const position = new Map(ordered.map((slot, i) => [slot.id, i]));
  const talks = new Map(problem.talks.map((talk) => [talk.id, talk]));
  const rooms = new Map(problem.rooms.map((room) => [room.id, room]));
  /** slot id → the talks running in it. */
  const running = new Map<string, string[]>();
  const roomUse = new Map<string, string>();
  const speakerUse = new Map<string, string>();
  const placed = new Map<string, Assignment>();

  for (const assignment of assignments) {
    const talk = talks.get(assignment.talk);
    const room = rooms.get(assignment.room);
    const start = position.get(assignment.slot);
    if (!talk || !room || start === undefined) {
      violations.push(`${assignment.talk}: unknown talk, slot or room`);
      continue;
    }
    if (placed.has(talk.id)) violations.push(`${talk.id}: placed twice`);
    placed.set(talk.id, assignment);
    if (talk.pinnedRoom !== undefined && talk.pinnedRoom !== room.id)
      violations.push(`${talk.id}: not in its pinned room`);
    if (talk.pinnedSlot !== undefined && talk.pinnedSlot !== assignment.slot) {
      violations.push(`${talk.id}: not in its pinned slot`);
    }
    const occupied = slotsOccupied(ordered, start, talk.durationMin);
    if (!occupied) {
      violations.push(`${talk.id}: does not fit in consecutive slots of one day from ${assignment.slot}`);
      continue;
    }
    for (const at of occupied) {
      const slotId = ordered[at]!.id;
      if (talk.unavailable?.includes(slotId)) violations.push(`${talk.id}: a speaker is unavailable in ${slotId}`);
      if (room.unavailable?.includes(slotId)) violations.push(`${talk.id}: ${room.id} is unavailable in ${slotId}`);
      const cell = `${room.id}\u0000${slotId}`;
      const other = roomUse.get(cell);
      if (other !== undefined) violations.push(`${talk.id}: shares ${room.id} in ${slotId} with ${other}`);
      roomUse.set(cell, talk.id);
      for (const speaker of talk.speakers) {
        const key = `${speaker}\u0000${slotId}`;
        const busy = speakerUse.get(key);
        if (busy !== undefined) violations.push(`${talk.id}: speaker ${speaker} also speaks in ${busy} in ${slotId}`);
        speakerUse.set(key, talk.id);
      }
      running.set(slotId, [...(running.get(slotId) ?? []), talk.id]);
    }
  }

  let missed = 0;
  for (const ballot of problem.ballots) {
    const wanted = new Set(ballot.talks);
    for (const inSlot of running.values()) {
      const count = inSlot.filter((talk) => wanted.has(talk)).length;
      if (count > 1) missed += count - 1;
    }
  }

  const fans = new Map<string, number>();
  for (const ballot of problem.ballots) for (const talk of ballot.talks) fans.set(talk, (fans.get(talk) ?? 0) + 1);
  const attendance = problem.expectedAttendance ?? problem.ballots.length;
  let overflow = 0;
  for (const assignment of placed.values()) {
    const audience = expectedAudience(fans.get(assignment.talk) ?? 0, problem.ballots.length, attendance);
    overflow += Math.max(0, audience - rooms.get(assignment.room)!.capacity);
  }

  let parallel = 0;
  for (const inSlot of running.values()) {
    for (let i = 0; i < inSlot.length; i++) {
      for (let j = i + 1; j < inSlot.length; j++) {
        const a = talks.get(inSlot[i]!)!.track;
        if (a !== null && a === talks.get(inSlot[j]!)!.track) parallel++;
      }
    }
  }

  let moved = 0;
  for (const before of problem.previous ?? []) {
    const now = placed.get(before.talk);
    if (!now || now.slot !== before.slot || now.room !== before.room) moved++;
  }

  return { terms: { missed, overflow, parallel, moved }, violations };
}
