import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, nearestPaletteColour, TRACK_PALETTE, trackColours } from './track-colours.js';

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
});
