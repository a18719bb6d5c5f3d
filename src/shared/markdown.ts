import MarkdownIt from 'markdown-it';

/**
 * Markdown from speakers and organisers, rendered safely: raw HTML in the source is shown
 * as text (html: false), and links may only point at http(s) and mailto addresses.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

const SAFE_LINK = /^(https?:|mailto:|\/|#)/i;
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const defaultLinkOpen =
  markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow noopener');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Markdown to HTML that is safe to put in a page as it is. */
export function renderMarkdown(source: string): string {
  return source.trim() === '' ? '' : markdown.render(source);
}

/**
 * Markdown to plain text, for snippets, meta descriptions and exports that take text. With
 * `linkTargets`, a link keeps where it points, as `text (url)` (or the URL alone when that is
 * its text), so that a calendar or a spreadsheet does not lose it; summaries leave URLs out.
 */
export function markdownToText(source: string, { linkTargets = false }: { linkTargets?: boolean } = {}): string {
  let html = renderMarkdown(source);
  if (linkTargets) {
    html = html.replace(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (_link, href: string, inner: string) => {
      const text = inner.replace(/<[^>]+>/g, '');
      return text === href || text === '' ? href : `${inner} (${href})`;
    });
  }
  return html
    .replace(/<\/(p|li|h\d|pre|blockquote)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
