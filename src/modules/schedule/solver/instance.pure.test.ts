import { describe, expect, it } from 'vitest';
import { BENCH_SIZES, generateInstance } from './generate.js';
import { InstanceError, readScheduleProblem } from './instance.js';

/** Reading `confsched-bench/0.1` instances: each refusal names the file and the field by JSON pointer. */

function valid(): Record<string, unknown> {
  return {
    format: 'confsched-bench/0.1',
    name: 'tiny',
    slots: [{ id: 's1', day: '2026-06-01', index: 0, start: '09:00', durationMin: 30 }],
    rooms: [{ id: 'r1', capacity: 50 }],
    talks: [{ id: 't1', track: 'web', speakers: ['p1'], durationMin: 30, unavailable: [] }],
    ballots: [{ attendee: 'a1', talks: ['t1'] }],
  };
}

function refusal(json: unknown): string {
  try {
    readScheduleProblem(json, { source: 'bench/x.json', requireFormat: true });
  } catch (error) {
    if (error instanceof InstanceError) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('readScheduleProblem', () => {
  it('reads a valid instance as it is', () => {
    const { format: _format, ...problem } = valid();
    expect(readScheduleProblem(valid(), { requireFormat: true })).toEqual({
      ...problem,
      rooms: [{ id: 'r1', capacity: 50, unavailable: [] }],
    });
  });

  it('names the file and the JSON pointer of the bad field', () => {
    expect(refusal({ ...valid(), format: 'other' })).toBe('bench/x.json: /format must be "confsched-bench/0.1"');
    const badDuration = valid();
    (badDuration.talks as Record<string, unknown>[])[0]!.durationMin = 0;
    expect(refusal(badDuration)).toBe('bench/x.json: /talks/0/durationMin must be an integer of at least 1');
    const unknownTalk = valid();
    (unknownTalk.ballots as Record<string, unknown>[])[0]!.talks = ['t1', 't9'];
    expect(refusal(unknownTalk)).toBe('bench/x.json: /ballots/0/talks/1 names an unknown talk: "t9"');
    const unknownSlot = valid();
    (unknownSlot.talks as Record<string, unknown>[])[0]!.unavailable = ['s7'];
    expect(refusal(unknownSlot)).toBe('bench/x.json: /talks/0/unavailable/0 names an unknown slot: "s7"');
    expect(
      refusal({
        ...valid(),
        rooms: [
          { id: 'r1', capacity: 5 },
          { id: 'r1', capacity: 5 },
        ],
      }),
    ).toBe('bench/x.json: /rooms/1/id repeats the id "r1"');
    expect(refusal({ ...valid(), slots: 'none' })).toBe('bench/x.json: /slots must be an array');
    expect(refusal([])).toBe('bench/x.json: / must be an object');
  });

  it('accepts every generated instance, which follows the recipe', () => {
    const instance = generateInstance(BENCH_SIZES.M, 1);
    expect(readScheduleProblem(JSON.parse(JSON.stringify(instance)), { requireFormat: true }).talks).toHaveLength(100);
    expect(instance.rooms).toHaveLength(6);
    expect(instance.slots).toHaveLength(18);
    expect(instance.ballots).toHaveLength(500);
    expect(instance.ballots.every((ballot) => ballot.talks.length === 10)).toBe(true);
    expect(new Set(instance.talks.map((talk) => talk.track)).size).toBe(5);
    const speakers = new Map<string, number>();
    for (const talk of instance.talks) for (const p of talk.speakers) speakers.set(p, (speakers.get(p) ?? 0) + 1);
    expect([...speakers.values()].filter((n) => n === 2)).toHaveLength(Math.round(speakers.size * 0.1));
    expect(generateInstance(BENCH_SIZES.M, 1)).toEqual(instance);
  });
});
