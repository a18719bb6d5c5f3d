import { escapeHtml as kitaEscapeHtml } from '@kitajs/html';

/**
 * Text made safe to put in HTML, as element content or a double- or single-quoted attribute
 * value: `&`, `<`, `"` and `'` become `&amp;`, `&lt;`, `&#34;` and `&#39;`. It is the JSX
 * runtime's own escaping (what `safe` children get), so a page escapes one way throughout;
 * every escape written by hand (attribute values, the API's search snippets) goes through here.
 */
export function escapeHtml(text: string): string {
  return kitaEscapeHtml(text);
}
