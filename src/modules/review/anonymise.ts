import { speakerNamePattern, speakerNamesIn } from '../cfp/index.js';

/**
 * Anonymised review: finding speakers' names in a proposal's text (the same rule as the
 * proposal form's warning, from the cfp module), and hiding them from reviewers.
 */

export { speakerNamesIn };

export const HIDDEN_NAME = '(name hidden)';

/** The text with every whole-word occurrence of the given names or addresses replaced by a marker. */
export function hideSpeakerNames(text: string, names: readonly string[]): string {
  // Longest first, so that "Ada Lovelace" is hidden whole before "Ada" could be.
  const sorted = [...names].sort((a, b) => b.length - a.length);
  let hidden = text;
  for (const name of sorted) {
    const pattern = speakerNamePattern(name, 'giu');
    if (pattern) hidden = hidden.normalize('NFC').replace(pattern, HIDDEN_NAME);
  }
  return hidden;
}

/** The proposal fields a name is looked for in. */
export type NamedField = 'title' | 'description' | 'abstract';

/** Which of a proposal's fields mention one of its speakers. */
export function fieldsNamingSpeakers(proposal: Record<NamedField, string>, names: readonly string[]): NamedField[] {
  return (['title', 'description', 'abstract'] as const).filter(
    (field) => speakerNamesIn(proposal[field], names).length > 0,
  );
}

/** The questions whose answers mention one of the speakers: the anonymisation check covers answers too. */
export function answersNamingSpeakers(
  answers: readonly { question: string; value: string }[],
  names: readonly string[],
): string[] {
  return answers.filter((a) => speakerNamesIn(a.value, names).length > 0).map((a) => a.question);
}
