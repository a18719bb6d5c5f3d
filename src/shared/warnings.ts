/**
 * A warning's words and its kind: the template it was written from, with its values left out
 * (`room "…" has no list of events; skipped`). A report groups warnings by kind, so that twenty
 * thousand of one kind are shown as a few and a count, whatever their values.
 */
export interface Warning {
  kind: string;
  message: string;
}

/** The placeholder of a value in a warning's kind. */
export const KIND_PLACEHOLDER = '…';

/** Tags a template literal as a warning: warning`${label} has no room; skipped`. */
export function warning(strings: TemplateStringsArray, ...values: unknown[]): Warning {
  let message = strings[0]!;
  values.forEach((value, i) => (message += String(value) + strings[i + 1]!));
  return { kind: strings.join(KIND_PLACEHOLDER), message };
}

/** How many warnings of one kind a report shows before it counts the rest. */
export const SHOWN_PER_KIND = 5;

/**
 * The lines of a list of warnings, in their order, with at most `shown` of each kind: after the
 * last one shown, "… and 20,000 more like this" counts the rest of that kind.
 */
export function linesByKind<T extends { kind: string }>(
  items: readonly T[],
  line: (item: T) => string,
  shown = SHOWN_PER_KIND,
): string[] {
  const total = new Map<string, number>();
  for (const item of items) total.set(item.kind, (total.get(item.kind) ?? 0) + 1);
  const seen = new Map<string, number>();
  const lines: string[] = [];
  for (const item of items) {
    const n = (seen.get(item.kind) ?? 0) + 1;
    seen.set(item.kind, n);
    if (n > shown) continue;
    lines.push(line(item));
    const rest = total.get(item.kind)! - shown;
    if (n === shown && rest > 0) lines.push(`  … and ${formatCount(rest)} more like this`);
  }
  return lines;
}

/** A count as the command line prints it: 20,000. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
