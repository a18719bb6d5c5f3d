import { describe, expect, it } from 'vitest';
import { markdownToText } from './markdown.js';

describe('markdownToText', () => {
  it('keeps where links point when asked, as "text (url)", or the URL alone when it is the text', () => {
    const source =
      'Built on [Gluon](https://gluon.example.org/?a=1&b=2), see <https://lectern.example.org> and [*the* docs](/docs).';
    expect(markdownToText(source, { linkTargets: true })).toBe(
      'Built on Gluon (https://gluon.example.org/?a=1&b=2), see https://lectern.example.org and the docs (/docs).',
    );
    // Summaries leave URLs out.
    expect(markdownToText(source)).toBe('Built on Gluon, see https://lectern.example.org and the docs.');
  });

  it('drops a link to an address that is not allowed, keeping its text as written', () => {
    expect(markdownToText('[click](javascript:alert(1))', { linkTargets: true })).toBe('[click](javascript:alert(1))');
  });
});
