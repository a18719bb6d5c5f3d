import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  nearestPaletteColour,
  PUBLIC_TRACK_TONES,
  publicTrackTones,
  TRACK_PALETTE,
  trackColours,
} from './track-colours.js';

describe('track colours', () => {
  it('reads every palette colour at 4.5:1 or more, on white and on the dark surface', () => {
    for (const entry of TRACK_PALETTE) {
      expect(contrastRatio(entry.light, '#ffffff')).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(entry.dark, '#171b26')).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('has a CSS class for each palette colour, in both schemes', () => {
    const css = readFileSync(new URL('../../web/assets/site.css', import.meta.url), 'utf8');
    for (const [i, entry] of TRACK_PALETTE.entries()) {
      expect(css).toContain(`.track-colour--${i} {\n  --track-colour: ${entry.light};\n}`);
      expect(css).toContain(`.track-colour--${i} {\n    --track-colour: ${entry.dark};\n  }`);
    }
  });

  it('gives tracks without a colour the next palette colour, and one with a colour the nearest', () => {
    expect(
      trackColours([
        { slug: 'web', name: 'Web', color: null },
        { slug: 'data', name: 'Data', color: '#f9b000' },
        { slug: 'etc', name: '/etc', color: null },
        { slug: 'odd', name: 'Odd', color: 'teal' },
      ]),
    ).toEqual([
      { slug: 'web', name: 'Web', colour: 0 },
      { slug: 'data', name: 'Data', colour: 1 },
      { slug: 'etc', name: '/etc', colour: 1 },
      { slug: 'odd', name: 'Odd', colour: 2 },
    ]);
    expect(nearestPaletteColour('#d00')).toBe(6);
    expect(
      trackColours(Array.from({ length: 9 }, (_, i) => ({ slug: `t${i}`, name: `T${i}`, color: null }))).at(-1),
    ).toEqual({ slug: 't8', name: 'T8', colour: 0 });
  });

  it('has the public schedule tone of each edge colour in its CSS', () => {
    const css = readFileSync(new URL('../../web/assets/lectern.css', import.meta.url), 'utf8');
    for (const [i, edge] of PUBLIC_TRACK_TONES.entries())
      expect(css).toContain(`.tone-${i} {\n  --tone-edge: ${edge};`);
  });

  it('gives the public schedule the tone nearest a track’s own colour, and the others their place’s', () => {
    expect(
      publicTrackTones([
        { id: 10, color: null },
        { id: 11, color: '#b91c1c' },
        { id: 12, color: null },
        { id: 13, color: '#0f766e' },
      ]),
    ).toEqual(
      new Map([
        [10, 0],
        [11, 3],
        [12, 2],
        [13, 5],
      ]),
    );
  });
});
