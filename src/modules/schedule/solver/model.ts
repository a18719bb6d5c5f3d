import { orderSlots, slotsOccupied, type ScheduleProblem, type SolverSlot } from './instance.js';
import { expectedAudience, objectiveWeights, type ObjectiveWeights } from './objective.js';

/**
 * A problem turned into numbers for the search: talks, slots (by day and index), rooms, speakers,
 * tracks and attendees as indices, and each talk's feasible places worked out once. A place is a
 * start slot and a room in which the talk fits every hard constraint that does not depend on other
 * talks (its length within one day, availability of its speakers and of the room, pins).
 */
export interface CompiledProblem {
  problem: ScheduleProblem;
  talkCount: number;
  slotCount: number;
  roomCount: number;
  attendeeCount: number;
  trackCount: number;
  slots: SolverSlot[];
  /** Per talk: its feasible places as parallel arrays (start slot, room, slots taken). */
  placeStart: Int32Array[];
  placeRoom: Int32Array[];
  placeSpan: Int32Array[];
  /** Per talk: place index by `start * roomCount + room`, or -1. */
  placeIndex: Int32Array[];
  /** Per talk: the attendees who want it; per attendee, nothing else is needed. */
  fans: Int32Array[];
  speakers: Int32Array[];
  speakerCount: number;
  /** Track index, or -1 without a track. */
  track: Int32Array;
  audience: Int32Array;
  capacity: Int32Array;
  /** Per talk: its place in the previous assignment (start * roomCount + room), or -1. */
  previous: Int32Array;
  /** Talks that may not move at all (pinned to one place). */
  fixed: Uint8Array;
  /** Per talk without any feasible place: why. */
  noPlaceReason: (string | null)[];
  weights: ObjectiveWeights;
  lexicographic: boolean;
}

export function compileProblem(problem: ScheduleProblem): CompiledProblem {
  const slots = orderSlots(problem.slots);
  const slotIndex = new Map(slots.map((slot, i) => [slot.id, i]));
  const roomIndex = new Map(problem.rooms.map((room, i) => [room.id, i]));
  const talkIndex = new Map(problem.talks.map((talk, i) => [talk.id, i]));
  const S = slots.length;
  const R = problem.rooms.length;
  const T = problem.talks.length;

  const roomOff = problem.rooms.map((room) => new Set((room.unavailable ?? []).map((id) => slotIndex.get(id)!)));
  const speakerIds = new Map<string, number>();
  const trackIds = new Map<string, number>();
  const speakers: Int32Array[] = [];
  const track = new Int32Array(T);
  const placeStart: Int32Array[] = [];
  const placeRoom: Int32Array[] = [];
  const placeSpan: Int32Array[] = [];
  const placeIndex: Int32Array[] = [];
  const noPlaceReason: (string | null)[] = [];
  const fixed = new Uint8Array(T);

  problem.talks.forEach((talk, t) => {
    speakers.push(
      Int32Array.from(talk.speakers, (id) => {
        if (!speakerIds.has(id)) speakerIds.set(id, speakerIds.size);
        return speakerIds.get(id)!;
      }),
    );
    if (talk.track === null) track[t] = -1;
    else {
      if (!trackIds.has(talk.track)) trackIds.set(talk.track, trackIds.size);
      track[t] = trackIds.get(talk.track)!;
    }
    const off = new Set((talk.unavailable ?? []).map((id) => slotIndex.get(id)!));
    const starts: number[] = [];
    const roomsOf: number[] = [];
    const spans: number[] = [];
    const index = new Int32Array(S * R).fill(-1);
    let fits = false;
    let available = false;
    for (let s = 0; s < S; s++) {
      if (talk.pinnedSlot !== undefined && slots[s]!.id !== talk.pinnedSlot) continue;
      const taken = slotsOccupied(slots, s, talk.durationMin);
      if (!taken) continue;
      fits = true;
      if (taken.some((at) => off.has(at))) continue;
      available = true;
      for (let r = 0; r < R; r++) {
        if (talk.pinnedRoom !== undefined && problem.rooms[r]!.id !== talk.pinnedRoom) continue;
        if (taken.some((at) => roomOff[r]!.has(at))) continue;
        index[s * R + r] = starts.length;
        starts.push(s);
        roomsOf.push(r);
        spans.push(taken.length);
      }
    }
    placeStart.push(Int32Array.from(starts));
    placeRoom.push(Int32Array.from(roomsOf));
    placeSpan.push(Int32Array.from(spans));
    placeIndex.push(index);
    if (starts.length === 1) fixed[t] = 1;
    noPlaceReason.push(
      starts.length > 0
        ? null
        : !fits
          ? talk.pinnedSlot !== undefined
            ? `its ${talk.durationMin} minutes do not fit in consecutive slots of one day from its pinned slot`
            : `its ${talk.durationMin} minutes do not fit in consecutive slots of any one day`
          : !available
            ? 'its speakers are unavailable wherever it would fit'
            : 'no room is available (or its pinned room is not) where it would fit',
    );
  });

  const attendeeCount = problem.ballots.length;
  const fanLists: number[][] = problem.talks.map(() => []);
  problem.ballots.forEach((ballot, a) => {
    for (const id of ballot.talks) fanLists[talkIndex.get(id)!]!.push(a);
  });
  const attendance = problem.expectedAttendance ?? attendeeCount;
  const audience = Int32Array.from(fanLists, (list) => expectedAudience(list.length, attendeeCount, attendance));
  const previous = new Int32Array(T).fill(-1);
  for (const before of problem.previous ?? []) {
    previous[talkIndex.get(before.talk)!] = slotIndex.get(before.slot)! * R + roomIndex.get(before.room)!;
  }
  const { weights, lexicographic } = objectiveWeights(problem);
  return {
    problem,
    talkCount: T,
    slotCount: S,
    roomCount: R,
    attendeeCount,
    trackCount: trackIds.size,
    slots,
    placeStart,
    placeRoom,
    placeSpan,
    placeIndex,
    fans: fanLists.map((list) => Int32Array.from(list)),
    speakers,
    speakerCount: speakerIds.size,
    track,
    audience,
    capacity: Int32Array.from(problem.rooms, (room) => room.capacity),
    previous,
    fixed,
    noPlaceReason,
    weights,
    lexicographic,
  };
}
