import {
  evaluateAssignments,
  orderSlots,
  slotsOccupied,
  type Assignment,
  type ObjectiveTerms,
  type ProposalInputs,
  type ScheduleProblem,
  type SolverRoom,
  type SolverSlot,
  type SolverTalk,
  type WipPlacement,
} from '../schedule/index.js';

/**
 * The solver's problem made from an event's work-in-progress schedule (issue 10), and its
 * answers read back: no database here, so that the tests can hold every rule to it.
 *
 * - Talks: those on the program (confirmed), each its own length or the event's default.
 * - Time slots and rooms: the slot templates; a room closed in a time slot, or holding a break
 *   or block then (one without a room holds every room), is unavailable in it.
 * - A speaker who stated availability cannot speak in a time slot that is not wholly inside
 *   one of their windows.
 * - Keeping placed talks: a talk placed on a time slot's start (and fitting the template's
 *   time slots from there) is pinned to its room and time slot with its placed length; one
 *   placed off the template stays where it is, outside the problem, and makes the time slots it
 *   overlaps unavailable to its room and to its speakers' other talks.
 * - Re-placing everything: every talk is free.
 * - After a release, where talks are now is the previous assignment: moving one costs.
 * - Ballots: the anonymous ballots, each as the talks of the problem it marks; the expected
 *   attendance when the organisers entered one.
 */

/** Rooms whose seats nobody entered never overflow. */
const UNKNOWN_CAPACITY = 1_000_000_000;

export const slotKey = (id: number): string => `s${id}`;
export const roomKey = (id: number): string => `r${id}`;
export const talkKey = (id: number): string => `t${id}`;
const idOf = (key: string): number => Number(key.slice(1));

export interface BuildOptions {
  keepPlaced: boolean;
}

export interface BuiltProblem {
  problem: ScheduleProblem;
  /** Talks kept where they are, outside the problem (placed off the template). */
  kept: WipPlacement[];
  /** Talks pinned to their room and time slot. */
  pinned: number;
  /** The work-in-progress schedule's talks on the template, as the solver's assignments. */
  current: Assignment[];
  /** The objective of the work-in-progress schedule (its talks on the template). */
  before: ObjectiveTerms;
  ballots: number;
}

const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean =>
  a.startsAt < b.endsAt && b.startsAt < a.endsAt;

const minutesOf = (p: { startsAt: Date; endsAt: Date }): number => Math.round((+p.endsAt - +p.startsAt) / 60_000);

export function buildScheduleProblem(
  inputs: ProposalInputs,
  ballots: readonly (readonly number[])[],
  expectedAttendance: number | null,
  options: BuildOptions,
): BuiltProblem {
  const slots: SolverSlot[] = inputs.timeSlots.map((slot) => ({
    id: slotKey(slot.id),
    day: slot.date,
    index: slot.index,
    start: slot.start,
    durationMin: slot.durationMinutes,
  }));
  const ordered = orderSlots(slots);
  const position = new Map(ordered.map((slot, i) => [slot.id, i]));
  const slotStartingAt = new Map(inputs.timeSlots.map((slot) => [+slot.startsAt, slot]));
  const slotsOverlapping = (window: { startsAt: Date; endsAt: Date }): string[] =>
    inputs.timeSlots.filter((slot) => overlaps(slot, window)).map((slot) => slotKey(slot.id));

  /** Where a placement sits on the template: its time slot, when it starts on one and fits. */
  const onTemplate = (p: WipPlacement, minutes: number): string | undefined => {
    const slot = slotStartingAt.get(+p.startsAt);
    if (!slot) return undefined;
    return slotsOccupied(ordered, position.get(slotKey(slot.id))!, minutes) ? slotKey(slot.id) : undefined;
  };

  const roomUnavailable = new Map<number, Set<string>>(inputs.rooms.map((room) => [room.id, new Set<string>()]));
  for (const slot of inputs.timeSlots) {
    for (const roomId of slot.closedRoomIds) roomUnavailable.get(roomId)?.add(slotKey(slot.id));
  }
  for (const block of inputs.blocks) {
    const taken = slotsOverlapping(block);
    for (const [roomId, set] of roomUnavailable) {
      if (block.roomId === null || block.roomId === roomId) for (const id of taken) set.add(id);
    }
  }

  const placementOf = new Map(inputs.placements.map((p) => [p.talkId, p]));
  const kept: WipPlacement[] = [];
  const pins = new Map<number, { slot: string; room: string; minutes: number }>();
  if (options.keepPlaced) {
    for (const p of inputs.placements) {
      const slot = onTemplate(p, minutesOf(p));
      if (slot) pins.set(p.talkId, { slot, room: roomKey(p.roomId), minutes: minutesOf(p) });
      else kept.push(p);
    }
  }
  const keptIds = new Set(kept.map((p) => p.talkId));
  for (const p of kept) for (const id of slotsOverlapping(p)) roomUnavailable.get(p.roomId)?.add(id);
  /** speaker → time slots a kept talk of theirs takes. */
  const speakerBusy = new Map<number, Set<string>>();
  for (const talk of inputs.talks) {
    const p = placementOf.get(talk.id);
    if (!p || !keptIds.has(talk.id)) continue;
    for (const speaker of talk.speakerIds) {
      const set = speakerBusy.get(speaker) ?? new Set<string>();
      for (const id of slotsOverlapping(p)) set.add(id);
      speakerBusy.set(speaker, set);
    }
  }

  const talks: SolverTalk[] = [];
  for (const talk of inputs.talks) {
    if (keptIds.has(talk.id)) continue;
    const unavailable = new Set<string>();
    for (const speaker of talk.speakerIds) {
      for (const id of speakerBusy.get(speaker) ?? []) unavailable.add(id);
      const windows = inputs.availability.get(speaker);
      if (!windows || windows.length === 0) continue;
      for (const slot of inputs.timeSlots) {
        if (!windows.some((w) => w.startsAt <= slot.startsAt && slot.endsAt <= w.endsAt)) {
          unavailable.add(slotKey(slot.id));
        }
      }
    }
    const pin = pins.get(talk.id);
    talks.push({
      id: talkKey(talk.id),
      track: talk.trackId === null ? null : `k${talk.trackId}`,
      speakers: talk.speakerIds.map((id) => `p${id}`),
      durationMin: pin?.minutes ?? talk.durationMinutes,
      unavailable: [...unavailable].sort(),
      ...(pin ? { pinnedSlot: pin.slot, pinnedRoom: pin.room } : {}),
    });
  }

  const rooms: SolverRoom[] = inputs.rooms.map((room) => ({
    id: roomKey(room.id),
    capacity: room.capacity ?? UNKNOWN_CAPACITY,
    unavailable: [...roomUnavailable.get(room.id)!].sort(),
  }));

  const inProblem = new Set(talks.map((talk) => talk.id));
  const durationOf = new Map(talks.map((talk) => [talk.id, talk.durationMin]));
  const current: Assignment[] = [];
  for (const p of inputs.placements) {
    const key = talkKey(p.talkId);
    if (!inProblem.has(key)) continue;
    const slot = onTemplate(p, durationOf.get(key)!);
    if (slot) current.push({ talk: key, slot, room: roomKey(p.roomId) });
  }

  const problem: ScheduleProblem = {
    slots,
    rooms,
    talks,
    ballots: ballots.map((ids, i) => ({
      attendee: `b${i + 1}`,
      talks: [...new Set(ids.map(talkKey).filter((key) => inProblem.has(key)))],
    })),
    ...(expectedAttendance === null ? {} : { expectedAttendance }),
    ...(inputs.released ? { previous: current } : {}),
  };
  return {
    problem,
    kept,
    pinned: pins.size,
    current,
    before: evaluateAssignments(problem, current).terms,
    ballots: ballots.length,
  };
}

/** A talk as the solver placed it: the time slot's start, for the talk's length in the problem. */
export function placementsOf(
  built: BuiltProblem,
  inputs: ProposalInputs,
  assignments: readonly Assignment[],
): WipPlacement[] {
  const slotById = new Map(inputs.timeSlots.map((slot) => [slotKey(slot.id), slot]));
  const minutes = new Map(built.problem.talks.map((talk) => [talk.id, talk.durationMin]));
  return assignments.map((a) => {
    const startsAt = slotById.get(a.slot)!.startsAt;
    return {
      talkId: idOf(a.talk),
      roomId: idOf(a.room),
      startsAt,
      endsAt: new Date(+startsAt + minutes.get(a.talk)! * 60_000),
    };
  });
}

export { idOf as solverIdToNumber };
