import { describe, expect, it } from 'vitest';
import { matchTracks, newTrackSlug } from './track-matching.js';

describe('matchTracks', () => {
  const web = { name: 'All things Web', slug: 'all-things-web' };
  const data = { name: 'Data', slug: 'data' };
  const etc = { name: '/etc', slug: 'etc' };

  it('finds a track by its name however it is spaced or capitalised, else by its slug, never one track twice', () => {
    const matched = matchTracks([web, data, etc], ['All Things  Web', 'DATA', 'Etc', 'Data science']);
    expect([...matched]).toEqual([
      ['All Things  Web', web],
      ['DATA', data],
      ['Etc', etc],
    ]);
    // "data" by name wins over "Data!" by slug: the slug's track is already taken.
    expect([...matchTracks([data], ['Data!', 'data'])]).toEqual([['data', data]]);
  });

  it('gives a new track a slug no other track of the event has', () => {
    const taken = new Set(['data']);
    expect([newTrackSlug('Data', taken), newTrackSlug('Data', taken), [...taken]]).toEqual([
      'data-2',
      'data-3',
      ['data', 'data-2', 'data-3'],
    ]);
  });
});
