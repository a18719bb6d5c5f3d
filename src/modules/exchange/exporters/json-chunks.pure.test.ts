import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks, LazyJsonList } from './json-chunks.js';

/** The value with every lazy list made the array it stands for. */
function eager(value: unknown): unknown {
  if (value instanceof LazyJsonList) return [...value.items()];
  if (Array.isArray(value)) return value.map(eager);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, eager(member)]));
  }
  return value;
}

/** Plain data with some arrays made lazy lists (whose items hold no lazy list). */
const lazyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }).map((items) => new LazyJsonList(items)),
  ),
})).value;

describe('jsonChunks', () => {
  it('writes what JSON.stringify writes indented by two, lazy lists as arrays', () => {
    fc.assert(
      fc.property(lazyJson, (value) => {
        expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(eager(value), null, 2));
      }),
      { numRuns: 2000, seed: 20_261_208 },
    );
  });

  it('orders keys as JSON.stringify does, leaves out undefined members, writes them as null in lists, and makes each lazy item when its turn comes', () => {
    const made: number[] = [];
    const value = {
      b: 1,
      '10': 'ten',
      __proto__x: undefined,
      '2': new LazyJsonList([1, 2], (n) => {
        made.push(n);
        return { n, skipped: undefined, when: new Date(Date.UTC(2026, 11, 8)) };
      }),
      list: [undefined, () => 1, 'a\nb'],
      empty: { list: new LazyJsonList([]), object: {}, array: [] },
    };
    const expected = JSON.stringify(eager(value), null, 2);
    made.length = 0;
    const chunks = jsonChunks(value);

    const first = chunks.next().value as string;

    expect(made).toEqual([]);
    expect(first + [...chunks].join('')).toBe(expected);
    expect(made).toEqual([1, 2]);
  });
});
