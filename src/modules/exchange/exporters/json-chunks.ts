/**
 * A list whose items are made only as the JSON is written: a 20,000-talk schedule's events are
 * built one at a time, between pauses, rather than all before the first byte. Each item is
 * written whole, as JSON.stringify writes it, so it holds no lazy list itself.
 */
export class LazyJsonList<T = unknown> {
  constructor(
    readonly sources: Iterable<T>,
    /** Makes the item written for each source, as its turn comes. */
    readonly make: (source: T) => unknown = (source) => source,
  ) {}

  *items(): Generator<unknown> {
    for (const source of this.sources) yield this.make(source);
  }
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isWalked(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof LazyJsonList) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}

/** A value written whole, as JSON.stringify(value, null, 2) writes it at this indentation. */
function whole(value: unknown, indent: string): string {
  const text = isOmitted(value) ? undefined : (JSON.stringify(value, null, 2) as string | undefined);
  // Strings are written with their line breaks escaped: every line break is the layout's.
  return text === undefined ? 'null' : indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

function* listChunks(items: Iterable<unknown>, indent: string, walk: boolean): Generator<string> {
  const inner = `${indent}  `;
  let first = true;
  for (const item of items) {
    yield `${first ? '[\n' : ',\n'}${inner}`;
    first = false;
    if (walk) yield* jsonChunks(item, inner);
    else yield whole(item, inner);
  }
  yield first ? '[]' : `\n${indent}]`;
}

/**
 * JSON.stringify(value, null, 2) in pieces, for plain data (objects, arrays, strings, numbers,
 * booleans, null; a value with toJSON, such as a Date, is written whole): the same bytes, with a
 * LazyJsonList written as the array of its items. Objects and arrays are written member by
 * member, a lazy list's items one piece each.
 */
export function* jsonChunks(value: unknown, indent = ''): Generator<string> {
  if (value instanceof LazyJsonList) {
    yield* listChunks(value.items(), indent, false);
    return;
  }
  if (!isWalked(value)) {
    yield whole(value, indent);
    return;
  }
  if (Array.isArray(value)) {
    yield* listChunks(value, indent, true);
    return;
  }
  const inner = `${indent}  `;
  let first = true;
  // Object.keys gives the order JSON.stringify writes: integer-like keys first, ascending.
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (isOmitted(member)) continue;
    yield `${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonChunks(member, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}
