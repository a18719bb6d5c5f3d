import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSettings, lineCount, mutatedSeed } from '../../../../test/fixtures/talks-page-mutations.js';
import { SEED_TEXT } from '../../../../test/fixtures/talks-page.js';
import { speakerNameKey } from '../../program/index.js';
import { LEVEL_NAMES, parseTalksPage, TalksPageError, type ParsedTalksPage } from './parse-talks-page.js';

const settings = fuzzSettings({ runs: 3000 }, 'FUZZ_RUNS');

/** Parses, returning the page or the TalksPageError; anything else thrown fails the property. */
function parseOrRefuse(input: string | Uint8Array): ParsedTalksPage | TalksPageError {
  try {
    return parseTalksPage(input);
  } catch (error) {
    if (error instanceof TalksPageError) return error;
    throw error;
  }
}

/** What must hold of any answer the parser gives for a file of `lines` lines. */
function checkAnswer(answer: ParsedTalksPage | TalksPageError, lines: number): void {
  if (answer instanceof TalksPageError) {
    expect(answer.line).toBeGreaterThanOrEqual(0);
    expect(answer.line).toBeLessThanOrEqual(lines);
    expect(answer.problem.trim()).not.toBe('');
    expect(answer.message).toBe(answer.line > 0 ? `line ${answer.line}: ${answer.problem}` : answer.problem);
    return;
  }
  expect(answer.talks.length).toBeGreaterThan(0);
  for (const talk of answer.talks) {
    expect(talk.line).toBeGreaterThanOrEqual(1);
    expect(talk.line).toBeLessThanOrEqual(lines);
    expect(talk.title.trim()).not.toBe('');
    expect(talk.track.trim()).not.toBe('');
    expect(LEVEL_NAMES).toContain(talk.level);
    expect(talk.titleMissing).toBe(talk.attention.includes('missing title'));
    expect(talk.speakers.length === 0).toBe(talk.attention.includes('missing speakers'));
    const keys = talk.speakers.map((speaker) => speakerNameKey(speaker.name));
    expect(new Set(keys).size).toBe(keys.length);
    for (const speaker of talk.speakers) expect(speaker.name.trim()).not.toBe('');
  }
  for (const warning of answer.warnings) {
    expect(warning.line).toBeGreaterThanOrEqual(1);
    expect(warning.line).toBeLessThanOrEqual(lines);
    expect(warning.message.trim()).not.toBe('');
  }
}

// The parser touches no database: it runs once, in the pure project.
describe('parseTalksPage fuzzed with damaged copies of the PyBay page', () => {
  it(`reads or refuses every page with a TalksPageError naming a line in the file (${settings.numRuns} runs, seed ${settings.seed})`, () => {
    fc.assert(
      fc.property(mutatedSeed, (page) => {
        const answer = parseOrRefuse(page.text);
        checkAnswer(answer, lineCount(page.text));
        // The same text as UTF-8 bytes reads the same (lone surrogates have no UTF-8 form).
        if (!/\p{Cs}/u.test(page.text)) expect(parseOrRefuse(Buffer.from(page.text, 'utf8'))).toEqual(answer);
      }),
      { ...settings, examples: [[{ text: SEED_TEXT, mutations: [] }]] },
    );
  }, 600_000);

  it(`reads or refuses damaged bytes, naming a line in the file (${Math.ceil(settings.numRuns / 3)} runs)`, () => {
    const bytes = fc
      .tuple(
        mutatedSeed,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      )
      .map(([page, flips]) => {
        const buffer = Buffer.from(page.text, 'utf8');
        for (const [at, byte] of flips) if (buffer.length > 0) buffer[at % buffer.length] = byte;
        return buffer;
      });
    fc.assert(
      fc.property(bytes, (buffer) => {
        // Line breaks are ASCII bytes, so a byte-wise reading counts lines as the parser does.
        checkAnswer(parseOrRefuse(buffer), lineCount(buffer.toString('latin1')));
      }),
      { ...settings, numRuns: Math.ceil(settings.numRuns / 3) },
    );
  }, 600_000);

  it('finishes on pages built to make a careless reader slow', () => {
    const pathological = [
      `${' '.repeat(200_000)}x`,
      `${'a'.repeat(200_000)} (`,
      `Web, Beginner\n\n`.repeat(20_000),
      `Title\n\nAnn Lee\n\nWeb, Beginner\n\nDescription: ${'word ('.repeat(20_000)}`,
      `Title\n\nAnn Lee\n\nWeb, Beginner\n\nDescription: x${'\n'.repeat(200_000)}`,
      `${'x, '.repeat(100)}Beginner\n\n`.repeat(1000),
      `Description:${' '.repeat(100_000)}`,
      `${'Ann Lee, '.repeat(1000)}\n\nWeb, Beginner`,
      `Talk\n\n${'Ann Lee and '.repeat(30)}\n\nWeb, Beginner`,
    ];
    for (const text of pathological) checkAnswer(parseOrRefuse(text), lineCount(text));
    // A generous bound: it catches a parser that backtracks without end, not a busy machine
    // (about 5 s idle; 33 s was seen with the two cores shared by other work).
  }, 180_000);
});
