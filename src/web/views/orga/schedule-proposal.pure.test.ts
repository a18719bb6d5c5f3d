import { describe, expect, it } from 'vitest';
import type { ProposalOutcome } from '../../../modules/schedule-proposals/index.js';
import { gapText, whyText } from './schedule-proposal.js';

function outcome(change: Partial<ProposalOutcome>): ProposalOutcome {
  return {
    placements: [],
    unplaced: [],
    terms: { missed: 0, overflow: 0, parallel: 0, moved: 0 },
    weights: { missed: 8, overflow: 4, parallel: 2, moved: 1 },
    lexicographic: true,
    lowerBound: 0,
    boundExact: true,
    gap: 0,
    stoppedBy: 'time',
    elapsedMs: 1000,
    iterations: 1,
    whyHere: {},
    ...change,
  };
}

describe('the gap to the bound, in words', () => {
  it.each([
    [{}, 'The best possible: no attendee misses a preferred talk.'],
    [
      { terms: { missed: 81, overflow: 0, parallel: 0, moved: 0 }, lowerBound: 80, gap: 1 / 80 },
      'Within 1.3% of the best possible: 81 missed preferred talks, and every schedule misses at least 80.',
    ],
    [
      { terms: { missed: 81, overflow: 0, parallel: 0, moved: 0 }, lowerBound: 80, gap: 1 / 80, boundExact: false },
      'Within 1.3% of the best possible: 81 missed preferred talks, and every schedule misses at least 80 (the bound was still rising when time ran out: the true gap may be smaller).',
    ],
    [
      { terms: { missed: 80, overflow: 0, parallel: 0, moved: 0 }, lowerBound: 80, gap: 0 },
      'The best possible: every schedule misses at least 80 preferred talks.',
    ],
    [
      { terms: { missed: 3, overflow: 0, parallel: 0, moved: 0 }, lowerBound: 0, gap: null },
      'The bound is 0 missed preferred talks, so no percentage can be given; this schedule misses 3.',
    ],
    [
      { lowerBound: null, gap: null, unplaced: [{ talkId: 1, reason: 'no room is free' }] },
      'No bound: 1 talk could not be placed, and the bound holds only for schedules that place every talk.',
    ],
  ])('says %j as “%s”', (change, text) => {
    expect(gapText(outcome(change))).toBe(text);
  });
});

describe('why here, in words', () => {
  it('names fans, clashes and the fill, or that the seats are unknown', () => {
    expect(whyText({ fans: 12, clashes: 3, audience: 60, capacity: 80, fill: 0.75 })).toBe(
      '12 fans, 3 of them with a clash; 75% full (60 expected, 80 seats)',
    );
    expect(whyText({ fans: 1, clashes: 0, audience: 5, capacity: null, fill: null })).toBe(
      '1 fan, 0 of them with a clash; 5 expected, seats unknown',
    );
    expect(whyText(undefined)).toBe('–');
  });
});
