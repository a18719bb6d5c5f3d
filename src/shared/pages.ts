import { InvalidInputError } from './errors.js';

/**
 * Pages of a list held in memory, with an opaque cursor. With `keyOf`, the list is in the order
 * of that key (as `compare` orders keys: by default numbers and strings as they are) and the
 * cursor names the last item's key, so a list that changed between two pages neither repeats nor
 * skips an item; without, the cursor is a position (a ranking, whose order is its own).
 */
export interface Page<T> {
  items: T[];
  /** The cursor of the next page; null on the last. */
  next: string | null;
}

export type PageKey = readonly (number | string)[];
type Key = PageKey;

export function pageOf<T>(
  list: readonly T[],
  limit: number,
  cursor: string | undefined,
  keyOf?: (item: T) => Key,
  compare: (a: Key, b: Key) => number = compareKeys,
): Page<T> {
  let start = 0;
  if (cursor !== undefined) {
    const after = decodeCursor(cursor, keyOf ? 'key' : 'at');
    if (keyOf) {
      // The first item whose key comes after the cursor's (the list is sorted by key).
      let low = 0;
      let high = list.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compare(keyOf(list[middle]!), after) <= 0) low = middle + 1;
        else high = middle;
      }
      start = low;
    } else {
      start = after[0] as number;
    }
  }
  const items = list.slice(start, start + limit);
  const end = start + items.length;
  if (end >= list.length || items.length === 0) return { items, next: null };
  const next = keyOf ? encodeCursor('key', keyOf(items.at(-1)!)) : encodeCursor('at', [end]);
  return { items, next };
}

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

function encodeCursor(kind: 'key' | 'at', values: Key): string {
  return Buffer.from(JSON.stringify([kind, ...values]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, kind: 'key' | 'at'): Key {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value[0] === kind &&
      value.length >= 2 &&
      value
        .slice(1)
        .every((n) => (kind === 'key' && typeof n === 'string') || (Number.isSafeInteger(n) && (n as number) >= 0))
    ) {
      return value.slice(1) as Key;
    }
  } catch {
    // Answered below.
  }
  throw new InvalidInputError('not a cursor this list gave; pass the "next" of the previous page unchanged', 'next');
}
