/**
 * Warnings without their kind, for tests that check where and what a warning says: a kind is its
 * message's template (see src/shared/warnings.ts), which the tests of the report's grouping check.
 */
export function withoutKind<T extends { kind: string }>(item: T | undefined): Omit<T, 'kind'> | undefined {
  if (item === undefined) return undefined;
  const { kind: _kind, ...rest } = item;
  return rest;
}

export function withoutKinds<T extends { kind: string }>(list: readonly T[]): Omit<T, 'kind'>[] {
  return list.map((item) => withoutKind(item)!);
}
