import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html.js';

const SRC = new URL('..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('escapeHtml', () => {
  it('escapes what could end a text or a quoted attribute value, as the JSX runtime does', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&#34;x&#34; title=&#39;y&#39;>Tom &amp; Jerry&lt;/a>',
    );
    expect(escapeHtml('&amp; stays visible as typed')).toBe('&amp;amp; stays visible as typed');
    expect(escapeHtml('plain text, ünïcode')).toBe('plain text, ünïcode');
  });

  it('is the only escapeHtml in src: nothing defines its own or takes @kitajs/html’s directly', () => {
    const offenders = sourceFiles(SRC)
      .filter((path) => !path.endsWith(join('shared', 'html.ts')))
      .filter((path) => {
        const text = readFileSync(path, 'utf8');
        return (
          /function escapeHtml\b|(const|let) escapeHtml\b/.test(text) ||
          /import\s*\{[^}]*\bescapeHtml\b[^}]*\}\s*from\s*'@kitajs\/html'/.test(text)
        );
      })
      .map((path) => relative(SRC, path));
    expect(offenders).toEqual([]);
  });
});
