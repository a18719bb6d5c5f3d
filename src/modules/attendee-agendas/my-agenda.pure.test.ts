import { describe, expect, it } from 'vitest';
import type { SlotView } from '../agenda/index.js';
import { findClashes, type AgendaEntry } from './my-agenda.js';

/** An entry from 10:00 + `from` to 10:00 + `to` minutes; only its slug and times matter here. */
function entry(slug: string, from: number, to: number): AgendaEntry {
  const at = (minutes: number) => new Date(Date.UTC(2016, 7, 20, 10, minutes));
  return {
    slug,
    talk: undefined,
    title: slug,
    slot: { start: at(from), end: at(to) } as SlotView,
    change: undefined,
  };
}

const slugs = (clashes: ReturnType<typeof findClashes>) => clashes.map((c) => c.entries.map((e) => e.slug));

describe('findClashes', () => {
  it('groups talks whose times overlap, in the order of their starts', () => {
    const clashes = findClashes([entry('c', 90, 120), entry('a', 0, 60), entry('b', 30, 60), entry('d', 100, 110)]);
    expect(slugs(clashes)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(clashes.map((c) => c.start.toISOString())).toEqual(['2016-08-20T10:00:00.000Z', '2016-08-20T11:30:00.000Z']);
  });

  it('does not count a talk that starts when another ends', () => {
    expect(findClashes([entry('a', 0, 30), entry('b', 30, 60), entry('c', 60, 90)])).toEqual([]);
  });

  it('chains a group through a long talk: each later one overlaps the long one', () => {
    expect(slugs(findClashes([entry('long', 0, 120), entry('b', 10, 20), entry('c', 100, 110)]))).toEqual([
      ['long', 'b', 'c'],
    ]);
  });

  it('leaves out talks without a time', () => {
    const unscheduled: AgendaEntry = { ...entry('x', 0, 60), slot: undefined };
    expect(findClashes([unscheduled, entry('a', 0, 60)])).toEqual([]);
  });
});
