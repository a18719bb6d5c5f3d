import { describe, expect, it } from 'vitest';
import { contrastRatio, normaliseHexColour, relativeLuminance } from './colour.js';

describe('normaliseHexColour', () => {
  it.each([
    ['#14213D', '#14213d'],
    ['14213d', '#14213d'],
    ['#abc', '#aabbcc'],
    [' fff ', '#ffffff'],
  ])('reads %s as %s', (value, expected) => {
    expect(normaliseHexColour(value)).toBe(expected);
  });

  it.each(['navy', '#12345', '#1234567', 'rgb(0,0,0)', ''])('refuses %o', (value) => {
    expect(normaliseHexColour(value)).toBeUndefined();
  });
});

describe('contrastRatio', () => {
  it('gives WCAG’s figures: 21:1 for black on white, 1:1 for a colour on itself', () => {
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#ffffff', '#000000')).toBe(21);
    expect(contrastRatio('#14213d', '#14213d')).toBe(1);
  });

  it('puts #767676 just above 4.5:1 with white and #777777 just below', () => {
    expect(contrastRatio('#767676', '#ffffff').toFixed(3)).toBe('4.542');
    expect(contrastRatio('#777777', '#ffffff').toFixed(3)).toBe('4.478');
  });
});
