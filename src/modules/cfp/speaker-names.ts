/**
 * Anonymised review hides who proposed a talk; a speaker who writes their own name into the
 * title or text undoes that. These helpers find such mentions, for the proposal form to warn
 * the speaker and the review page to flag the proposal.
 *
 * A name matches as a whole (all its words, in order, however spaced), as whole words, in any
 * case: "Ada Lovelace" is found in "ada  lovelace's notes" but not in "Adalovelace" nor in "Ada"
 * alone (which would flag every talk about the Ada language).
 */

const WORD_CHAR = '[\\p{L}\\p{N}_]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pattern that finds one name (or address) as whole words; undefined for one too short to look for. */
export function speakerNamePattern(name: string, flags = 'iu'): RegExp | undefined {
  const words = name.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.join('').length < 2) return undefined;
  return new RegExp(`(?<!${WORD_CHAR})${words.map(escapeRegExp).join('\\s+')}(?!${WORD_CHAR})`, flags);
}

/** The names (as given) that `text` mentions, each once, in the order given; empty when it names nobody. */
export function speakerNamesIn(text: string, names: readonly string[]): string[] {
  const haystack = text.normalize('NFC');
  const found: string[] = [];
  for (const name of names) {
    if (found.includes(name)) continue;
    if (speakerNamePattern(name)?.test(haystack)) found.push(name);
  }
  return found;
}

/** The same over the fields of a proposal that reviewers read, and the answers they see. */
export function speakerNamesInProposal(
  proposal: { title: string; description: string; abstract: string; answers?: readonly string[] | undefined },
  names: readonly string[],
): string[] {
  return speakerNamesIn(
    [proposal.title, proposal.description, proposal.abstract, ...(proposal.answers ?? [])].join('\n'),
    names,
  );
}
