import { BENCH_FORMAT, type ScheduleProblem, type SolverBallot, type SolverTalk } from './instance.js';
import { Prng } from './prng.js';

/**
 * Seeded benchmark instances in the recipe, so that anyone can regenerate them: talks of
 * lognormal popularity over 5 tracks, 10% of speakers with two talks, 10% of talks unavailable for
 * one whole day, attendees marking 10 talks each, 70% of the marks from one or two favourite tracks.
 */

export interface InstanceSize {
  name: string;
  talks: number;
  rooms: number;
  days: number;
  slotsPerDay: number;
  attendees: number;
}

export const BENCH_SIZES: Record<'S' | '60' | 'M' | 'L', InstanceSize> = {
  S: { name: 'S', talks: 30, rooms: 3, days: 2, slotsPerDay: 5, attendees: 500 },
  '60': { name: '60', talks: 60, rooms: 4, days: 3, slotsPerDay: 5, attendees: 500 },
  M: { name: 'M', talks: 100, rooms: 6, days: 3, slotsPerDay: 6, attendees: 500 },
  L: { name: 'L', talks: 400, rooms: 10, days: 4, slotsPerDay: 10, attendees: 3000 },
};

const TRACKS = ['web', 'data', 'ops', 'core', 'community'];
const MARKS = 10;
const SLOT_MINUTES = 30;

export type BenchInstance = ScheduleProblem & { format: typeof BENCH_FORMAT; name: string };

export function generateInstance(size: InstanceSize, seed: number): BenchInstance {
  const rng = new Prng(seed);
  const slots = [];
  for (let d = 0; d < size.days; d++) {
    const day = `2026-06-${String(d + 1).padStart(2, '0')}`;
    for (let i = 0; i < size.slotsPerDay; i++) {
      const minutes = 9 * 60 + i * SLOT_MINUTES;
      const start = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      slots.push({ id: `d${d + 1}s${i + 1}`, day, index: i, start, durationMin: SLOT_MINUTES });
    }
  }
  // Room sizes falling from the largest, together seating the expected attendance.
  const shares = Array.from({ length: size.rooms }, (_, r) => size.rooms - r);
  const shareSum = shares.reduce((a, b) => a + b, 0);
  const rooms = shares.map((share, r) => ({
    id: `room${r + 1}`,
    capacity: Math.max(10, Math.round((share / shareSum) * size.attendees)),
  }));

  // One speaker in ten gives two talks: talks = speakers × 1.1.
  const speakerCount = Math.round(size.talks / 1.1);
  const twice = Math.round(speakerCount * 0.1);
  const speakerOfTalk = rng.shuffle([
    ...Array.from({ length: speakerCount }, (_, i) => i),
    ...Array.from({ length: size.talks - speakerCount }, (_, i) => i % Math.max(1, twice)),
  ]);
  const popularity: number[] = [];
  const talks: SolverTalk[] = [];
  for (let t = 0; t < size.talks; t++) {
    const track = TRACKS[rng.below(TRACKS.length)]!;
    popularity.push(Math.exp(rng.normal()));
    const talk: SolverTalk = {
      id: `t${t + 1}`,
      track,
      speakers: [`p${speakerOfTalk[t]! + 1}`],
      durationMin: SLOT_MINUTES,
      unavailable: [],
    };
    if (rng.next() < 0.1) {
      const day = rng.below(size.days);
      talk.unavailable = slots.slice(day * size.slotsPerDay, (day + 1) * size.slotsPerDay).map((slot) => slot.id);
    }
    talks.push(talk);
  }

  const byTrack = new Map(
    TRACKS.map((track) => [track, talks.flatMap((talk, t) => (talk.track === track ? [t] : []))]),
  );
  const everyTalk = talks.map((_, t) => t);
  const ballots: SolverBallot[] = [];
  for (let a = 0; a < size.attendees; a++) {
    const favourites = rng.next() < 0.5 ? 1 : 2;
    const chosenTracks = rng.shuffle([...TRACKS]).slice(0, favourites);
    const favouriteTalks = chosenTracks.flatMap((track) => byTrack.get(track)!);
    const marked = new Set<number>();
    while (marked.size < Math.min(MARKS, talks.length)) {
      const pool = rng.next() < 0.7 ? favouriteTalks : everyTalk;
      const pick = weightedPick(pool, marked, popularity, rng);
      if (pick === null) {
        const rest = weightedPick(everyTalk, marked, popularity, rng);
        if (rest === null) break;
        marked.add(rest);
      } else marked.add(pick);
    }
    ballots.push({ attendee: `a${a + 1}`, talks: [...marked].sort((x, y) => x - y).map((t) => talks[t]!.id) });
  }
  return { format: BENCH_FORMAT, name: `${size.name} (seed ${seed})`, slots, rooms, talks, ballots };
}

/** A talk of `pool` not yet marked, drawn in proportion to its popularity; null when none is left. */
function weightedPick(
  pool: readonly number[],
  marked: Set<number>,
  popularity: readonly number[],
  rng: Prng,
): number | null {
  let total = 0;
  for (const t of pool) if (!marked.has(t)) total += popularity[t]!;
  if (total === 0) return null;
  let draw = rng.next() * total;
  for (const t of pool) {
    if (marked.has(t)) continue;
    draw -= popularity[t]!;
    if (draw < 0) return t;
  }
  for (let i = pool.length - 1; i >= 0; i--) if (!marked.has(pool[i]!)) return pool[i]!;
  return null;
}
