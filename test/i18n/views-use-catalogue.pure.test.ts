import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The convention that keeps the public pages translatable: a view writes no words of its own.
 * Every word an attendee reads or hears comes from the catalogue, through t() or html(); a text
 * in JSX, or a literal in an attribute people read (aria-label, alt, title, placeholder), is a
 * word that would stay English on a German page. Names (Lectern, the languages' own names in
 * the switch), commands in <code> and punctuation are not words to translate.
 */

const VIEWS = 'src/web/views';
const PUBLIC_VIEWS = [
  join(VIEWS, 'layout.tsx'),
  ...readdirSync(join(VIEWS, 'public'))
    .filter((file) => file.endsWith('.tsx'))
    .map((file) => join(VIEWS, 'public', file)),
];
const READ_ATTRIBUTES = new Set(['aria-label', 'alt', 'title', 'placeholder', 'aria-description']);
const NOT_WORDS = new Set(['Lectern']);

function hasWords(text: string): boolean {
  return text
    .split(/[^\p{L}]+/u)
    .filter((word) => word !== '')
    .some((word) => !NOT_WORDS.has(word));
}

/** Every literal text of `source` that a person would read on the page, with its line. */
function untranslatedTexts(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push(`${fileName}:${line}: ${JSON.stringify(text.trim())}`);
  };
  /** A literal written straight into JSX (not an argument of a call, which the call answers for). */
  const checkLiteral = (node: ts.Node | undefined): void => {
    if (!node) return;
    if (ts.isParenthesizedExpression(node)) {
      checkLiteral(node.expression);
    } else if (ts.isConditionalExpression(node)) {
      checkLiteral(node.whenTrue);
      checkLiteral(node.whenFalse);
    } else if (ts.isBinaryExpression(node)) {
      checkLiteral(node.left);
      checkLiteral(node.right);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (hasWords(node.text)) report(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
      if (hasWords(parts)) report(node, parts);
    }
  };
  /** A command or an address in <code> is typed as it is, in any language. */
  const inCode = (node: ts.Node) =>
    ts.isJsxElement(node.parent) && node.parent.openingElement.tagName.getText() === 'code';
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text) && !inCode(node)) report(node, node.text);
    if (ts.isJsxExpression(node) && !ts.isJsxAttribute(node.parent)) checkLiteral(node.expression);
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) checkLiteral(node.initializer);
      else if (ts.isJsxExpression(node.initializer)) checkLiteral(node.initializer.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('public views', () => {
  it('take every word people read from the catalogue', () => {
    const found = PUBLIC_VIEWS.flatMap((path) => untranslatedTexts(path, readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });

  it('are caught writing words of their own: in text, in an attribute, in a literal', () => {
    const view = [
      'export const A = () => <p class="lead">Nothing is on right now.</p>;',
      'export const B = () => <img alt="QR code" src="x.svg" />;',
      "export const C = (p: { on: boolean }) => <p>{p.on ? 'Now' : ''}</p>;",
      'export const D = (p: { n: string }) => <p>{`${p.n} logo`}</p>;',
      'export const E = () => <p>{html(\'layout.program\')} · <a href="/">Lectern</a></p>;',
    ].join('\n');
    expect(untranslatedTexts('view.tsx', view)).toEqual([
      'view.tsx:1: "Nothing is on right now."',
      'view.tsx:2: "QR code"',
      'view.tsx:3: "Now"',
      'view.tsx:4: "logo"',
    ]);
  });
});
