import { describe, expect, it } from 'vitest';
import { pageCount, pageOfList } from './program-pages.js';

describe('pageOfList', () => {
  const list = Array.from({ length: 7 }, (_, i) => i + 1);

  it('cuts a list into pages of the size, the last one holding what is left', () => {
    expect(pageOfList(list, 1, 3)).toEqual({ items: [1, 2, 3], page: 1, pages: 3, total: 7, offset: 0 });
    expect(pageOfList(list, 2, 3)).toEqual({ items: [4, 5, 6], page: 2, pages: 3, total: 7, offset: 3 });
    expect(pageOfList(list, 3, 3)).toEqual({ items: [7], page: 3, pages: 3, total: 7, offset: 6 });
  });

  it('has no page before the first or past the last, nor a page that is not a whole number', () => {
    for (const page of [0, -1, 4, 1.5, Number.NaN])
      expect([page, pageOfList(list, page, 3)]).toEqual([page, undefined]);
  });

  it('gives an empty list one empty page', () => {
    expect(pageOfList([], 1, 3)).toEqual({ items: [], page: 1, pages: 1, total: 0, offset: 0 });
    expect(pageOfList([], 2, 3)).toBeUndefined();
    expect(pageCount(0, 200)).toBe(1);
    expect(pageCount(200, 200)).toBe(1);
    expect(pageCount(201, 200)).toBe(2);
  });
});
