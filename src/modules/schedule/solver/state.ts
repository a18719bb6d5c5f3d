import type { Assignment } from './instance.js';
import type { CompiledProblem } from './model.js';
import type { ObjectiveTerms } from './objective.js';

/**
 * A schedule being searched, with its objective kept up to date incrementally: placing or removing
 * a talk costs O(its fans × its slots + its speakers), never a re-evaluation. What makes that work:
 * - `attending[a * S + s]`: how many of attendee a's preferred talks run in slot s. Adding a talk
 *   to slot s adds one missed talk per fan who already has one there; removing it takes one back
 *   per fan who still has two or more;
 * - `trackLoad[k * S + s]`: talks of track k in slot s (a new one makes as many pairs as are there);
 * - overflow and moved depend on the talk's own place only.
 * Every change keeps the hard constraints: `fits` says whether a place is free.
 */
export class ScheduleState {
  /** Per talk: its place index (into the model's place arrays), or -1 when unplaced. */
  readonly place: Int32Array;
  /** Per slot × room: the talk there, or -1. */
  readonly cell: Int32Array;
  readonly speakerBusy: Uint8Array;
  readonly attending: Uint16Array;
  readonly trackLoad: Int32Array;
  missed = 0;
  overflow = 0;
  parallel = 0;
  moved = 0;
  unplaced: number;
  /** Scratch marks for moveDelta (an attendee or speaker marked with the current stamp). */
  private readonly attendeeMark: Int32Array;
  private readonly speakerMark: Int32Array;
  private stampCount = 0;

  constructor(readonly model: CompiledProblem) {
    const { talkCount: T, slotCount: S, roomCount: R } = model;
    this.place = new Int32Array(T).fill(-1);
    this.cell = new Int32Array(S * R).fill(-1);
    this.speakerBusy = new Uint8Array(Math.max(1, model.speakerCount * S));
    this.attending = new Uint16Array(Math.max(1, model.attendeeCount * S));
    this.trackLoad = new Int32Array(Math.max(1, model.trackCount * S));
    this.unplaced = T;
    this.attendeeMark = new Int32Array(Math.max(1, model.attendeeCount));
    this.speakerMark = new Int32Array(Math.max(1, model.speakerCount));
    for (let t = 0; t < T; t++) if (model.previous[t]! >= 0) this.moved++;
  }

  /** The weighted objective (unplaced talks apart: they are compared first, see `better`). */
  get cost(): number {
    const w = this.model.weights;
    return this.missed * w.missed + this.overflow * w.overflow + this.parallel * w.parallel + this.moved * w.moved;
  }

  terms(): ObjectiveTerms {
    return { missed: this.missed, overflow: this.overflow, parallel: this.parallel, moved: this.moved };
  }

  /** Whether talk t could take place p now: its cells empty (or its own) and its speakers free there. */
  fits(t: number, p: number, ignore = -1): boolean {
    const m = this.model;
    const start = m.placeStart[t]![p]!;
    const span = m.placeSpan[t]![p]!;
    const room = m.placeRoom[t]![p]!;
    const R = m.roomCount;
    const S = m.slotCount;
    const speakers = m.speakers[t]!;
    for (let s = start; s < start + span; s++) {
      const occupant = this.cell[s * R + room]!;
      if (occupant !== -1 && occupant !== t && occupant !== ignore) return false;
      for (let i = 0; i < speakers.length; i++) {
        if (this.speakerBusy[speakers[i]! * S + s]! > 0) return false;
      }
    }
    return true;
  }

  /** Places an unplaced talk (the caller checked `fits`), and returns the change of `cost`. */
  add(t: number, p: number): number {
    const m = this.model;
    const w = m.weights;
    const start = m.placeStart[t]![p]!;
    const span = m.placeSpan[t]![p]!;
    const room = m.placeRoom[t]![p]!;
    const S = m.slotCount;
    const R = m.roomCount;
    const fans = m.fans[t]!;
    const speakers = m.speakers[t]!;
    const k = m.track[t]!;
    let missed = 0;
    let parallel = 0;
    for (let s = start; s < start + span; s++) {
      this.cell[s * R + room] = t;
      for (let i = 0; i < speakers.length; i++) this.speakerBusy[speakers[i]! * S + s]!++;
      for (let i = 0; i < fans.length; i++) {
        const at = fans[i]! * S + s;
        if (this.attending[at]! > 0) missed++;
        this.attending[at]!++;
      }
      if (k >= 0) parallel += this.trackLoad[k * S + s]!++;
    }
    const overflow = Math.max(0, m.audience[t]! - m.capacity[room]!);
    const previous = m.previous[t]!;
    const moved = previous < 0 ? 0 : previous === start * R + room ? -1 : 0;
    this.place[t] = p;
    this.unplaced--;
    this.missed += missed;
    this.parallel += parallel;
    this.overflow += overflow;
    this.moved += moved;
    return missed * w.missed + overflow * w.overflow + parallel * w.parallel + moved * w.moved;
  }

  /** Takes a placed talk out, and returns the change of `cost`. */
  remove(t: number): number {
    const m = this.model;
    const w = m.weights;
    const p = this.place[t]!;
    const start = m.placeStart[t]![p]!;
    const span = m.placeSpan[t]![p]!;
    const room = m.placeRoom[t]![p]!;
    const S = m.slotCount;
    const R = m.roomCount;
    const fans = m.fans[t]!;
    const speakers = m.speakers[t]!;
    const k = m.track[t]!;
    let missed = 0;
    let parallel = 0;
    for (let s = start; s < start + span; s++) {
      this.cell[s * R + room] = -1;
      for (let i = 0; i < speakers.length; i++) this.speakerBusy[speakers[i]! * S + s]!--;
      for (let i = 0; i < fans.length; i++) {
        const at = fans[i]! * S + s;
        this.attending[at]!--;
        if (this.attending[at]! > 0) missed--;
      }
      if (k >= 0) parallel -= --this.trackLoad[k * S + s]!;
    }
    const overflow = -Math.max(0, m.audience[t]! - m.capacity[room]!);
    const previous = m.previous[t]!;
    const moved = previous < 0 ? 0 : previous === start * R + room ? 1 : 0;
    this.place[t] = -1;
    this.unplaced++;
    this.missed += missed;
    this.parallel += parallel;
    this.overflow += overflow;
    this.moved += moved;
    return missed * w.missed + overflow * w.overflow + parallel * w.parallel + moved * w.moved;
  }

  /**
   * The change of `cost` if talk t went to place p and talk u (-1: none) to t's place, both of one
   * slot, computed without changing anything (most moves are refused, and undoing costs as much
   * as doing); NaN when a speaker would be in two places. It reads the counts as they would be
   * after taking both talks out: an attendee of both, say, no longer has u in u's slot.
   */
  moveDelta(t: number, p: number, u: number): number {
    const m = this.model;
    const w = m.weights;
    const S = m.slotCount;
    const R = m.roomCount;
    const tp = this.place[t]!;
    const s1 = m.placeStart[t]![tp]!;
    const r1 = m.placeRoom[t]![tp]!;
    const s2 = m.placeStart[t]![p]!;
    const r2 = m.placeRoom[t]![p]!;
    const stamp = ++this.stampCount;
    // Speakers: t's must be free in s2 but for u's (which leave), and the other way round.
    if (u >= 0) for (const sp of m.speakers[u]!) this.speakerMark[sp] = stamp;
    if (s1 !== s2) {
      for (const sp of m.speakers[t]!) {
        if (this.speakerBusy[sp * S + s2]! - (this.speakerMark[sp] === stamp ? 1 : 0) > 0) return NaN;
      }
      if (u >= 0) {
        const stampT = ++this.stampCount;
        for (const sp of m.speakers[t]!) this.speakerMark[sp] = stampT;
        for (const sp of m.speakers[u]!) {
          if (this.speakerBusy[sp * S + s1]! - (this.speakerMark[sp] === stampT ? 1 : 0) > 0) return NaN;
        }
      }
    }
    let missed = 0;
    let parallel = 0;
    if (s1 !== s2) {
      const fansT = m.fans[t]!;
      const att = this.attending;
      if (u < 0) {
        for (let i = 0; i < fansT.length; i++) {
          const a = fansT[i]! * S;
          if (att[a + s1]! >= 2) missed--;
          if (att[a + s2]! >= 1) missed++;
        }
      } else {
        const fansU = m.fans[u]!;
        const mark = ++this.stampCount;
        for (let i = 0; i < fansU.length; i++) this.attendeeMark[fansU[i]!] = mark;
        for (let i = 0; i < fansT.length; i++) {
          const a = fansT[i]!;
          if (att[a * S + s1]! >= 2) missed--;
          if (att[a * S + s2]! - (this.attendeeMark[a] === mark ? 1 : 0) >= 1) missed++;
        }
        const markT = ++this.stampCount;
        for (let i = 0; i < fansT.length; i++) this.attendeeMark[fansT[i]!] = markT;
        for (let i = 0; i < fansU.length; i++) {
          const a = fansU[i]!;
          if (att[a * S + s2]! >= 2) missed--;
          if (att[a * S + s1]! - (this.attendeeMark[a] === markT ? 1 : 0) >= 1) missed++;
        }
      }
      const kt = m.track[t]!;
      const ku = u >= 0 ? m.track[u]! : -1;
      if (kt >= 0) parallel += this.trackLoad[kt * S + s2]! - (ku === kt ? 1 : 0) - (this.trackLoad[kt * S + s1]! - 1);
      if (ku >= 0) parallel += this.trackLoad[ku * S + s1]! - (ku === kt ? 1 : 0) - (this.trackLoad[ku * S + s2]! - 1);
    }
    const over = (talk: number, room: number): number => Math.max(0, m.audience[talk]! - m.capacity[room]!);
    let overflow = over(t, r2) - over(t, r1);
    let moved = m.previous[t]! < 0 ? 0 : Number(m.previous[t] !== s2 * R + r2) - Number(m.previous[t] !== s1 * R + r1);
    if (u >= 0) {
      overflow += over(u, r1) - over(u, r2);
      if (m.previous[u]! >= 0) moved += Number(m.previous[u] !== s1 * R + r1) - Number(m.previous[u] !== s2 * R + r2);
    }
    return missed * w.missed + overflow * w.overflow + parallel * w.parallel + moved * w.moved;
  }

  /** Copies another state of the same problem into this one. */
  copyFrom(other: ScheduleState): void {
    this.place.set(other.place);
    this.cell.set(other.cell);
    this.speakerBusy.set(other.speakerBusy);
    this.attending.set(other.attending);
    this.trackLoad.set(other.trackLoad);
    this.missed = other.missed;
    this.overflow = other.overflow;
    this.parallel = other.parallel;
    this.moved = other.moved;
    this.unplaced = other.unplaced;
  }

  /** The placed talks as assignments (talk, start slot, room ids). */
  assignments(): Assignment[] {
    const m = this.model;
    const out: Assignment[] = [];
    for (let t = 0; t < m.talkCount; t++) {
      const p = this.place[t]!;
      if (p < 0) continue;
      out.push({
        talk: m.problem.talks[t]!.id,
        slot: m.slots[m.placeStart[t]![p]!]!.id,
        room: m.problem.rooms[m.placeRoom[t]![p]!]!.id,
      });
    }
    return out;
  }
}
