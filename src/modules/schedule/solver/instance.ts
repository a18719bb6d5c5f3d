/**
 * What the schedule solver is given, in the words of the benchmark format `confsched-bench/0.1`
 * (issue 10), and its validation: every refusal names the field by JSON pointer, so that a bad
 * file says where it is bad.
 */

export const BENCH_FORMAT = 'confsched-bench/0.1';

export interface SolverSlot {
  id: string;
  /** The day, e.g. `2026-05-01`: a multi-slot talk stays within one. */
  day: string;
  /** The slot's place in its day (0, 1, …): slots whose indices follow each other are consecutive. */
  index: number;
  /** Local start time, e.g. `09:00` (shown only). */
  start: string;
  durationMin: number;
}

export interface SolverRoom {
  id: string;
  capacity: number;
  /** Slot ids in which the room cannot be used. */
  unavailable?: string[];
}

export interface SolverTalk {
  id: string;
  track: string | null;
  /** Speaker ids: a speaker is never in two places at once. */
  speakers: string[];
  /** Its length: it takes as many consecutive slots of one day, in one room, as this needs. */
  durationMin: number;
  /** Slot ids in which (one of) its speakers cannot speak. */
  unavailable?: string[];
  pinnedRoom?: string;
  /** The slot it must start in. */
  pinnedSlot?: string;
}

export interface SolverBallot {
  attendee: string;
  /** The talks this attendee wants to see. */
  talks: string[];
}

/** One talk placed: the slot it starts in and its room. */
export interface Assignment {
  talk: string;
  slot: string;
  room: string;
}

export interface ScheduleProblem {
  name?: string;
  slots: SolverSlot[];
  rooms: SolverRoom[];
  talks: SolverTalk[];
  ballots: SolverBallot[];
  /** How many people are expected; a talk's audience is its ballot share of them. Default: the number of ballots. */
  expectedAttendance?: number;
  /** When re-optimising: where talks were, so that moving one costs (the fourth objective term). */
  previous?: Assignment[];
}

/** An instance refused, with the field as a JSON pointer (`/talks/3/durationMin`) and the problem. */
export class InstanceError extends Error {
  override name = 'InstanceError';
  constructor(
    readonly pointer: string,
    readonly problem: string,
    readonly source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}${pointer || '/'} ${problem}`);
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Reader {
  constructor(private readonly source: string | undefined) {}

  fail(pointer: string, problem: string): never {
    throw new InstanceError(pointer, problem, this.source);
  }

  object(value: unknown, pointer: string): Json {
    if (!isObject(value)) this.fail(pointer, 'must be an object');
    return value;
  }

  array(value: unknown, pointer: string): unknown[] {
    if (!Array.isArray(value)) this.fail(pointer, 'must be an array');
    return value;
  }

  string(value: unknown, pointer: string): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(pointer, 'must be a non-empty string');
    return value;
  }

  integer(value: unknown, pointer: string, min: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.fail(pointer, `must be an integer of at least ${min}`);
    }
    return value;
  }

  ids(value: unknown, pointer: string, known?: Set<string>, what?: string): string[] {
    const list = this.array(value, pointer);
    const seen = new Set<string>();
    return list.map((item, i) => {
      const id = this.string(item, `${pointer}/${i}`);
      if (known && !known.has(id)) this.fail(`${pointer}/${i}`, `names an unknown ${what}: "${id}"`);
      if (seen.has(id)) this.fail(`${pointer}/${i}`, `repeats "${id}"`);
      seen.add(id);
      return id;
    });
  }

  uniqueId(value: unknown, pointer: string, seen: Set<string>): string {
    const id = this.string(value, pointer);
    if (seen.has(id)) this.fail(pointer, `repeats the id "${id}"`);
    seen.add(id);
    return id;
  }
}

/**
 * Reads a problem from parsed JSON (a bench file, or what a caller built), checking every field
 * and every reference. `requireFormat` asks for the bench file's `format` marker.
 */
export function readScheduleProblem(
  json: unknown,
  options: { source?: string; requireFormat?: boolean } = {},
): ScheduleProblem {
  const r = new Reader(options.source);
  const root = r.object(json, '');
  if (options.requireFormat && root.format !== BENCH_FORMAT) r.fail('/format', `must be "${BENCH_FORMAT}"`);
  const slotIds = new Set<string>();
  const slots = r.array(root.slots, '/slots').map((value, i): SolverSlot => {
    const p = `/slots/${i}`;
    const slot = r.object(value, p);
    return {
      id: r.uniqueId(slot.id, `${p}/id`, slotIds),
      day: r.string(slot.day, `${p}/day`),
      index: r.integer(slot.index, `${p}/index`, 0),
      start: r.string(slot.start, `${p}/start`),
      durationMin: r.integer(slot.durationMin, `${p}/durationMin`, 1),
    };
  });
  if (slots.length === 0) r.fail('/slots', 'must list at least one slot');
  const places = new Set<string>();
  slots.forEach((slot, i) => {
    const place = `${slot.day}\u0000${slot.index}`;
    if (places.has(place)) r.fail(`/slots/${i}/index`, `repeats index ${slot.index} of day "${slot.day}"`);
    places.add(place);
  });
  const roomIds = new Set<string>();
  const rooms = r.array(root.rooms, '/rooms').map((value, i): SolverRoom => {
    const p = `/rooms/${i}`;
    const room = r.object(value, p);
    return {
      id: r.uniqueId(room.id, `${p}/id`, roomIds),
      capacity: r.integer(room.capacity, `${p}/capacity`, 0),
      unavailable: room.unavailable === undefined ? [] : r.ids(room.unavailable, `${p}/unavailable`, slotIds, 'slot'),
    };
  });
  if (rooms.length === 0) r.fail('/rooms', 'must list at least one room');
  const talkIds = new Set<string>();
  const talks = r.array(root.talks, '/talks').map((value, i): SolverTalk => {
    const p = `/talks/${i}`;
    const talk = r.object(value, p);
    const result: SolverTalk = {
      id: r.uniqueId(talk.id, `${p}/id`, talkIds),
      track: talk.track === undefined || talk.track === null ? null : r.string(talk.track, `${p}/track`),
      speakers: r.ids(talk.speakers, `${p}/speakers`),
      durationMin: r.integer(talk.durationMin, `${p}/durationMin`, 1),
      unavailable: talk.unavailable === undefined ? [] : r.ids(talk.unavailable, `${p}/unavailable`, slotIds, 'slot'),
    };
    if (talk.pinnedRoom !== undefined) {
      result.pinnedRoom = r.string(talk.pinnedRoom, `${p}/pinnedRoom`);
      if (!roomIds.has(result.pinnedRoom)) r.fail(`${p}/pinnedRoom`, `names an unknown room: "${result.pinnedRoom}"`);
    }
    if (talk.pinnedSlot !== undefined) {
      result.pinnedSlot = r.string(talk.pinnedSlot, `${p}/pinnedSlot`);
      if (!slotIds.has(result.pinnedSlot)) r.fail(`${p}/pinnedSlot`, `names an unknown slot: "${result.pinnedSlot}"`);
    }
    return result;
  });
  const attendees = new Set<string>();
  const ballots = r.array(root.ballots ?? [], '/ballots').map((value, i): SolverBallot => {
    const p = `/ballots/${i}`;
    const ballot = r.object(value, p);
    return {
      attendee: r.uniqueId(ballot.attendee, `${p}/attendee`, attendees),
      talks: r.ids(ballot.talks, `${p}/talks`, talkIds, 'talk'),
    };
  });
  const problem: ScheduleProblem = { slots, rooms, talks, ballots };
  if (root.name !== undefined) problem.name = r.string(root.name, '/name');
  if (root.expectedAttendance !== undefined) {
    problem.expectedAttendance = r.integer(root.expectedAttendance, '/expectedAttendance', 0);
  }
  if (root.previous !== undefined) {
    const placed = new Set<string>();
    problem.previous = r.array(root.previous, '/previous').map((value, i): Assignment => {
      const p = `/previous/${i}`;
      const item = r.object(value, p);
      const talk = r.uniqueId(item.talk, `${p}/talk`, placed);
      if (!talkIds.has(talk)) r.fail(`${p}/talk`, `names an unknown talk: "${talk}"`);
      const slot = r.string(item.slot, `${p}/slot`);
      if (!slotIds.has(slot)) r.fail(`${p}/slot`, `names an unknown slot: "${slot}"`);
      const room = r.string(item.room, `${p}/room`);
      if (!roomIds.has(room)) r.fail(`${p}/room`, `names an unknown room: "${room}"`);
      return { talk, slot, room };
    });
  }
  return problem;
}

/**
 * The slots a talk starting in `start` occupies, in the problem's own slot order, or a reason
 * why it cannot start there: consecutive slots (indices following each other) of one day, until
 * their minutes add up to the talk's length.
 */
export function slotsOccupied(
  orderedSlots: readonly SolverSlot[],
  startPosition: number,
  durationMin: number,
): number[] | null {
  const first = orderedSlots[startPosition];
  if (!first) return null;
  const taken = [startPosition];
  let minutes = first.durationMin;
  let previous = first;
  while (minutes < durationMin) {
    const next = orderedSlots[taken.length + startPosition];
    if (!next || next.day !== previous.day || next.index !== previous.index + 1) return null;
    taken.push(taken.length + startPosition);
    minutes += next.durationMin;
    previous = next;
  }
  return taken;
}

/** The slots by day and index: the order in which "consecutive" is read. */
export function orderSlots(slots: readonly SolverSlot[]): SolverSlot[] {
  return [...slots].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.index - b.index));
}
