/**
 * Just enough of an HTML tokenizer to check pages the way a browser would read them: which
 * elements and attributes really exist, and what text a visitor sees. Tags are found where a
 * browser finds them (a "<" followed by a letter or "/"), attribute values are read with their
 * quotes, so text that merely looks like markup inside a value or a text node is not a tag.
 */

export interface Tag {
  name: string;
  closing: boolean;
  /** Attribute names in lower case, values with character references decoded. */
  attributes: [name: string, value: string | undefined][];
}

export type Token = { kind: 'tag'; tag: Tag } | { kind: 'text'; text: string } | { kind: 'comment'; text: string };

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '…',
  middot: '·',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

export function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const pushText = (text: string) => {
    if (text) tokens.push({ kind: 'text', text: decodeEntities(text) });
  };
  while (i < html.length) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      const stop = end < 0 ? html.length : end + 3;
      tokens.push({ kind: 'comment', text: html.slice(i + 4, end < 0 ? html.length : end) });
      i = stop;
      continue;
    }
    if (html.startsWith('<!', i)) {
      const end = html.indexOf('>', i);
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    if (html[i] === '<' && /[a-zA-Z/]/.test(html[i + 1] ?? '')) {
      const { tag, end } = readTag(html, i);
      tokens.push({ kind: 'tag', tag });
      i = end;
      continue;
    }
    const next = html.indexOf('<', i + 1);
    const stop = next < 0 ? html.length : next;
    pushText(html.slice(i, stop));
    i = stop;
  }
  return tokens;
}

function readTag(html: string, start: number): { tag: Tag; end: number } {
  let i = start + 1;
  const closing = html[i] === '/';
  if (closing) i++;
  const name = /^[^\s/>]*/.exec(html.slice(i))![0];
  i += name.length;
  const attributes: Tag['attributes'] = [];
  for (;;) {
    while (i < html.length && /[\s/]/.test(html[i]!)) i++;
    if (i >= html.length || html[i] === '>') break;
    const attrName = /^[^\s/>][^\s/>=]*/.exec(html.slice(i))![0];
    i += attrName.length;
    while (/\s/.test(html[i] ?? '')) i++;
    let value: string | undefined;
    if (html[i] === '=') {
      i++;
      while (/\s/.test(html[i] ?? '')) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close < 0 ? html.length : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        value = /^[^\s>]*/.exec(html.slice(i))![0];
        i += value.length;
      }
      value = decodeEntities(value);
    }
    attributes.push([attrName.toLowerCase(), value]);
  }
  return { tag: { name: name.toLowerCase(), closing, attributes }, end: i + 1 };
}

export function tags(html: string): Tag[] {
  return tokenize(html).flatMap((token) => (token.kind === 'tag' && !token.tag.closing ? [token.tag] : []));
}

export function hasAttribute(tag: Tag, name: string): boolean {
  return tag.attributes.some(([n]) => n === name);
}

export function attribute(tag: Tag, name: string): string | undefined {
  return tag.attributes.find(([n]) => n === name)?.[1];
}

/** Elements that flow inside a line of text: they do not separate words. */
const INLINE = new Set(['a', 'abbr', 'b', 'code', 'em', 'i', 'mark', 'small', 'span', 'strong', 'sub', 'sup', 'time']);

/** The text a visitor reads in <body>, white space collapsed as a browser shows it. */
/** Void elements: they have no closing tag, so nothing is inside them. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/**
 * The tokens a visitor's browser renders: without the elements marked `hidden` (such as the
 * star buttons, which only My agenda's script shows) and everything inside them.
 */
export function renderedTokens(tokens: Token[]): Token[] {
  const shown: Token[] = [];
  let hiddenTag: string | undefined;
  let depth = 0;
  for (const token of tokens) {
    if (hiddenTag !== undefined) {
      if (token.kind === 'tag' && token.tag.name === hiddenTag) {
        depth += token.tag.closing ? -1 : 1;
        if (depth === 0) hiddenTag = undefined;
      }
      continue;
    }
    if (token.kind === 'tag' && !token.tag.closing && hasAttribute(token.tag, 'hidden')) {
      if (!VOID.has(token.tag.name)) {
        hiddenTag = token.tag.name;
        depth = 1;
      }
      continue;
    }
    shown.push(token);
  }
  return shown;
}

export function visibleText(html: string): string {
  const body = html.slice(Math.max(0, html.indexOf('<body')));
  return renderedTokens(tokenize(body))
    .map((token) => {
      if (token.kind === 'text') return token.text;
      return token.kind === 'tag' && !INLINE.has(token.tag.name) ? ' ' : '';
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text of each text node, decoded: one node holds one field of a talk when it is plain text. */
export function textNodes(html: string): string[] {
  return tokenize(html).flatMap((token) => (token.kind === 'text' ? [token.text] : []));
}

export interface Link {
  href: string;
  text: string;
}

/** Every <a href> in document order, with the text inside it. */
export function links(html: string): Link[] {
  const found: Link[] = [];
  const open: Link[] = [];
  for (const token of tokenize(html)) {
    if (token.kind === 'tag' && token.tag.name === 'a') {
      if (token.tag.closing) {
        const link = open.pop();
        if (link) found.push({ href: link.href, text: link.text.replace(/\s+/g, ' ').trim() });
      } else {
        open.push({ href: attribute(token.tag, 'href') ?? '', text: '' });
      }
    } else if (token.kind === 'text') {
      for (const link of open) link.text += token.text;
    }
  }
  return found;
}

/** The distinct targets of links whose path starts with `prefix`, in the order they first appear. */
export function linkedPaths(html: string, prefix: string): string[] {
  const seen = new Set<string>();
  for (const link of links(html)) if (link.href.startsWith(prefix)) seen.add(link.href);
  return [...seen];
}

/** The text of the first <title>. */
export function titleOf(html: string): string {
  const match = /<title>([^<]*)<\/title>/.exec(html);
  return match ? decodeEntities(match[1]!) : '';
}
