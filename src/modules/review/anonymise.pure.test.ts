import { describe, expect, it } from 'vitest';
import { fieldsNamingSpeakers, HIDDEN_NAME, hideSpeakerNames, speakerNamesIn } from './anonymise.js';

describe('speakerNamesIn', () => {
  it('finds a whole name in any case and spacing', () => {
    expect(speakerNamesIn('Notes by ADA   lovelace on engines', ['Ada Lovelace', 'Grace Hopper'])).toEqual([
      'Ada Lovelace',
    ]);
  });

  it('finds a name followed by punctuation or a possessive', () => {
    expect(speakerNamesIn("Ada Lovelace's engine, (Grace Hopper).", ['Ada Lovelace', 'Grace Hopper'])).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
    ]);
  });

  it('ignores a name inside a longer word or only part of a name', () => {
    expect(speakerNamesIn('Adalovelace and Ada and Lovelaces', ['Ada Lovelace'])).toEqual([]);
    expect(speakerNamesIn('Annabel writes', ['Anna'])).toEqual([]);
  });

  it('matches letters beyond ASCII as word characters', () => {
    expect(speakerNamesIn('Zoë talks', ['Zo'])).toEqual([]);
    expect(speakerNamesIn('by zoë bäcker!', ['Zoë Bäcker'])).toEqual(['Zoë Bäcker']);
  });

  it('treats characters of regular expressions in names literally', () => {
    expect(speakerNamesIn('by J. R. Smith', ['J. R. Smith'])).toEqual(['J. R. Smith']);
    expect(speakerNamesIn('by JxRxSmith', ['J. R. Smith'])).toEqual([]);
  });

  it('ignores empty and one-letter names', () => {
    expect(speakerNamesIn('a b c', ['', ' ', 'a'])).toEqual([]);
  });
});

describe('hideSpeakerNames', () => {
  it('replaces every occurrence of each name and address', () => {
    expect(
      hideSpeakerNames('Ada Lovelace (ada@example.com) and ada lovelace', ['Ada Lovelace', 'ada@example.com']),
    ).toBe(`${HIDDEN_NAME} (${HIDDEN_NAME}) and ${HIDDEN_NAME}`);
  });

  it('hides the longer of two overlapping names whole', () => {
    expect(hideSpeakerNames('Ada Lovelace and Ada', ['Ada', 'Ada Lovelace'])).toBe(`${HIDDEN_NAME} and ${HIDDEN_NAME}`);
  });
});

describe('fieldsNamingSpeakers', () => {
  it('lists the fields that mention a speaker', () => {
    expect(
      fieldsNamingSpeakers({ title: 'Engines', description: 'I am Ada Lovelace.', abstract: 'ADA LOVELACE again' }, [
        'Ada Lovelace',
      ]),
    ).toEqual(['description', 'abstract']);
  });
});
