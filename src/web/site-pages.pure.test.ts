import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from './site-pages.js';

const ORIGIN = 'https://lectern.test';

/** Where a browser goes when it follows `Location: location` from a page of this site. */
function destination(location: string): URL {
  return new URL(location, `${ORIGIN}/login`);
}

describe('safeNext', () => {
  it.each([
    ['/orga', '/orga'],
    ['/pybay-2016/me/proposals?page=2#list', '/pybay-2016/me/proposals?page=2#list'],
    ['/@evil.example', '/@evil.example'],
    ['/orga/../account', '/account'],
    ['/talks/café', '/talks/caf%C3%A9'],
    ['/search?q=naïve', '/search?q=na%C3%AFve'],
  ])('keeps the path of this site %j as %j', (next, kept) => {
    expect(safeNext(next, '/fallback')).toBe(kept);
  });

  it.each([
    ['nothing', undefined],
    ['an empty value', ''],
    ['a relative path', 'orga'],
    ['another site', 'https://evil.example/x'],
    ['a scheme-relative address', '//evil.example/x'],
    ['two slashes alone (no host: no address at all)', '//'],
    ['three slashes', '///evil.example'],
    ['a bracketed host that does not parse', '//[evil'],
    ['a backslash after the slash', '/\\evil.example/x'],
    ['a tab after the slash', '/\t/evil.example/x'],
    ['a tab decoded from %09', decodeURIComponent('/%09/evil.example/x')],
    ['a carriage return', '/orga\r\nSet-Cookie: x=1'],
    ['a line feed', '/orga\nx'],
    ['a line separator (U+2028)', '/orga\u2028x'],
    ['a paragraph separator (U+2029)', '/orga\u2029x'],
    ['a no-break space', '/\u00a0/evil.example'],
    ['a NUL', '/orga\u0000'],
    ['a lone surrogate', '/orga\ud800'],
    ['a line separator still %-encoded', '/orga%E2%80%A8x'],
    ['a tab still %-encoded', '/%09/evil.example/x'],
    ['an encoded slash making two', '/%2F/evil.example'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['a dot segment making two slashes', '/.//evil.example'],
    ['a doubled dot segment making two slashes', '/x/..//evil.example'],
    ['a malformed %-escape', '/orga%E2%80'],
    ['a javascript: address', 'javascript:alert(1)'],
  ])('falls back for %s', (_what, next) => {
    expect(safeNext(next, '/fallback')).toBe('/fallback');
  });

  it('for any text, gives the fallback or a printable-ASCII path that stays on this site, never throwing', () => {
    const paths = fc.oneof(
      fc.string({ unit: 'binary' }).map((s) => `/${s}`),
      fc.string({ unit: 'binary' }),
      fc
        .array(
          fc.constantFrom(
            '/',
            '\\',
            '.',
            '%',
            '2F',
            '5C',
            '09',
            '0A',
            'E2',
            '80',
            'A8',
            '@',
            ':',
            'evil',
            '\t',
            '?',
            '#',
          ),
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(paths, (next) => {
        const result = safeNext(next, '/fallback');
        if (result === '/fallback') return;
        expect(result).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
        const url = destination(result);
        expect(url.origin).toBe(ORIGIN);
        expect(url.pathname + url.search + url.hash).toBe(result);
      }),
      { numRuns: 20_000 },
    );
  });
});
