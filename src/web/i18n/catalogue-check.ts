import { compileMessage, type Locale } from './index.js';

/*
 * What a catalogue must be to stand beside the source one: the same keys, each message valid
 * ICU MessageFormat, using the same arguments as the source's (a translation that drops
 * {event} would print no event; one that adds {evnt} would throw at render time).
 */

interface AstElement {
  type: number;
  value?: string;
  options?: Record<string, { value: AstElement[] }>;
}

/** ICU element types (from @formatjs/icu-messageformat-parser) that name an argument. */
const ARGUMENT_TYPES: Record<number, string> = {
  1: 'argument',
  2: 'number',
  3: 'date',
  4: 'time',
  5: 'select',
  6: 'plural',
};

/** "count:plural", "event:argument", … of a message, sorted; throws when it does not parse. */
export function messageArguments(message: string, locale: Locale): string[] {
  const found = new Set<string>();
  const walk = (elements: AstElement[]) => {
    for (const element of elements) {
      const kind = ARGUMENT_TYPES[element.type];
      if (kind && element.value !== undefined) found.add(`${element.value}:${kind}`);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  walk(compileMessage(message, locale).getAst() as AstElement[]);
  return [...found].sort();
}

/** Every way `catalogue` falls short of `source`, one sentence each; empty when it does not. */
export function catalogueProblems(
  source: Record<string, string>,
  catalogue: Record<string, string>,
  locale: Locale,
): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(source)) {
    if (!Object.hasOwn(catalogue, key)) problems.push(`${locale}: "${key}" is missing`);
  }
  for (const key of Object.keys(catalogue)) {
    if (!Object.hasOwn(source, key)) {
      problems.push(`${locale}: "${key}" is not in the source catalogue`);
      continue;
    }
    let expected: string[];
    let actual: string[];
    try {
      expected = messageArguments(source[key]!, 'en');
      actual = messageArguments(catalogue[key]!, locale);
    } catch (error) {
      problems.push(`${locale}: "${key}" does not parse: ${(error as Error).message}`);
      continue;
    }
    if (expected.join() !== actual.join()) {
      problems.push(`${locale}: "${key}" uses {${actual.join(', ')}}, the source {${expected.join(', ')}}`);
    }
  }
  return problems;
}
