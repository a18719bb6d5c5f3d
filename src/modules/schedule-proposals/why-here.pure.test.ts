import { describe, expect, it } from 'vitest';
import { computeWhyHere } from './why-here.js';

const at = (hour: number, minutes = 30) => ({
  startsAt: new Date(Date.UTC(2026, 9, 31, hour)),
  endsAt: new Date(Date.UTC(2026, 9, 31, hour, minutes)),
});

describe('why here', () => {
  it('counts each talk’s fans, those of them with another preferred talk at the same time, and its room’s fill', () => {
    const placed = [
      { talkId: 1, capacity: 100, ...at(10) },
      { talkId: 2, capacity: null, ...at(10) },
      // Overlaps 1 and 2 for its first half hour only.
      { talkId: 3, capacity: 0, ...at(10, 60) },
      { talkId: 4, capacity: 50, ...at(11) },
    ];
    const ballots = [[1, 2], [1, 4], [1], [3, 4], [2, 9]];
    const why = computeWhyHere(placed, ballots, 200);
    expect(Object.fromEntries(why)).toEqual({
      1: { fans: 3, clashes: 1, audience: 120, capacity: 100, fill: 1.2 },
      2: { fans: 2, clashes: 1, audience: 80, capacity: null, fill: null },
      3: { fans: 1, clashes: 0, audience: 40, capacity: 0, fill: null },
      4: { fans: 2, clashes: 0, audience: 80, capacity: 50, fill: 1.6 },
    });
  });

  it('takes the number of ballots as the attendance when none is entered, and no ballots as no audience', () => {
    const placed = [{ talkId: 1, capacity: 10, ...at(10) }];
    expect(computeWhyHere(placed, [[1], []], null).get(1)).toEqual({
      fans: 1,
      clashes: 0,
      audience: 1,
      capacity: 10,
      fill: 0.1,
    });
    expect(computeWhyHere(placed, [], null).get(1)).toEqual({
      fans: 0,
      clashes: 0,
      audience: 0,
      capacity: 10,
      fill: 0,
    });
  });
});
