import { describe, expect, it } from 'vitest';
import { speakerNamesIn, speakerNamesInProposal } from './speaker-names.js';

describe('speakerNamesIn', () => {
  it('finds a full name in any case and spacing', () => {
    expect(speakerNamesIn('A talk by ADA   lovelace about engines', ['Ada Lovelace', 'Grace Hopper'])).toEqual([
      'Ada Lovelace',
    ]);
    expect(speakerNamesIn("Grace\nHopper's bugs, and Ada Lovelace's notes", ['Ada Lovelace', 'Grace Hopper'])).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
    ]);
  });

  it('matches whole words only, and the whole name only', () => {
    expect(speakerNamesIn('Adalovelace and Lovelaces', ['Ada Lovelace'])).toEqual([]);
    expect(speakerNamesIn('Safety in Ada, and the Lovelace engine', ['Ada Lovelace'])).toEqual([]);
    expect(speakerNamesIn('Annabel writes', ['Anna'])).toEqual([]);
  });

  it('handles accents and names with regular-expression characters', () => {
    expect(speakerNamesIn('Ideas from zoë müller-lüdenscheidt!', ['Zoë Müller-Lüdenscheidt'])).toEqual([
      'Zoë Müller-Lüdenscheidt',
    ]);
    expect(speakerNamesIn('Zoë talks', ['Zo'])).toEqual([]);
    expect(speakerNamesIn('by J. R. Smith', ['J. R. Smith'])).toEqual(['J. R. Smith']);
    expect(speakerNamesIn('by JxRxSmith', ['J. R. Smith'])).toEqual([]);
    expect(speakerNamesIn('anything', ['', ' ', 'X'])).toEqual([]);
  });

  it('looks at the title, description and abstract of a proposal together', () => {
    const proposal = { title: 'Engines', description: 'Nothing personal.', abstract: 'As Charles Babbage said…' };
    expect(speakerNamesInProposal(proposal, ['Ada Lovelace', 'Charles Babbage'])).toEqual(['Charles Babbage']);
  });
});
