import { describe, expect, it } from 'vitest';
import { linesByKind, warning } from './warnings.js';

describe('warnings and their kinds', () => {
  it('gives a warning its words and, as its kind, its template with the values left out', () => {
    const room = (name: string) => warning`room "${name}" holds no list of events; skipped`;
    expect(room('Hall 1')).toEqual({
      kind: 'room "…" holds no list of events; skipped',
      message: 'room "Hall 1" holds no list of events; skipped',
    });
    expect(room('Hall 2').kind).toBe(room('Hall 1').kind);
    expect(warning`a day that is not an object; skipped`).toEqual({
      kind: 'a day that is not an object; skipped',
      message: 'a day that is not an object; skipped',
    });
  });

  it('shows the first five of each kind in their order, then "… and 20,000 more like this"', () => {
    const many = Array.from({ length: 20_005 }, (_, i) => ({
      where: `/talks/${i}`,
      ...warning`talk ${i} has no room`,
    }));
    const other = [{ where: '/talks/3.5', ...warning`a day that is not an object; skipped` }];
    const lines = linesByKind([...many.slice(0, 4), ...other, ...many.slice(4)], (w) => `  ${w.where}: ${w.message}`);
    expect(lines).toEqual([
      '  /talks/0: talk 0 has no room',
      '  /talks/1: talk 1 has no room',
      '  /talks/2: talk 2 has no room',
      '  /talks/3: talk 3 has no room',
      '  /talks/3.5: a day that is not an object; skipped',
      '  /talks/4: talk 4 has no room',
      '  … and 20,000 more like this',
    ]);
    expect(linesByKind(many.slice(0, 5), (w) => w.message)).toHaveLength(5);
  });
});
