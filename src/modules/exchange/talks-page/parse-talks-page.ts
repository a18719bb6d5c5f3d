import { isUtf8 } from 'node:buffer';
import { speakerNameKey } from '../../program/index.js';
import { warning, type Warning } from '../../../shared/warnings.js';

/**
 * Reads the text of a published talks page (a browser's "save as text" or a copy and paste
 * of the page, like the PyBay 2016 one) into talks. Pure: no database.
 *
 * The page is a run of paragraphs ("blocks", separated by blank lines). Per talk:
 *
 *     Title                        one line, after two or more blank lines
 *     Speaker One, Speaker Two     one line, names joined by a comma (and often a no-break space)
 *     Track, Level                 the anchor: Level is Beginner, Intermediate or Advanced
 *     Description: …               each field starts with its label and runs over
 *     Abstract: …                  the following paragraphs until the next label or talk
 *     Bio: …                       the first speaker's biography
 *     Bio2: …                      the second speaker's, and so on
 *
 * Page chrome ("top of page", "Please reload", social icon bullets …) is dropped.
 * Missing titles or speakers do not drop the talk: it is kept and flagged for attention.
 * Anything the reader cannot place is an error naming its line.
 */

export const LEVEL_NAMES = ['Beginner', 'Intermediate', 'Advanced'] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];

export const UNTITLED_TALK = 'Untitled talk';

export interface ParsedSpeaker {
  name: string;
  /** Markdown; empty when the page has no bio for this speaker. */
  biography: string;
  line: number;
}

export interface ParsedTalk {
  /** Line of the talk's first line (its title, or its track line when the title is missing). */
  line: number;
  title: string;
  titleMissing: boolean;
  speakers: ParsedSpeaker[];
  track: string;
  level: LevelName;
  /** Markdown. */
  description: string;
  /** Markdown. */
  abstract: string;
  /** Why an organiser should look at this talk; empty when nothing is wrong. */
  attention: string[];
}

/** A warning about the page, at its line; `kind` the template of its message, which the report groups by. */
export interface ImportWarning extends Warning {
  line: number;
}

export interface ParsedTalksPage {
  talks: ParsedTalk[];
  warnings: ImportWarning[];
}

/** The file cannot be read as a talks page; nothing may be imported from it. */
export class TalksPageError extends Error {
  override name = 'TalksPageError';
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(line > 0 ? `line ${line}: ${problem}` : problem);
  }
}

interface Block {
  /** 1-based line number of the block's first line. */
  line: number;
  /** Blank lines between the previous block and this one (Infinity for the first block). */
  gapBefore: number;
  lines: string[];
}

type FieldName = 'description' | 'abstract' | 'bio';

interface Paragraph {
  line: number;
  text: string;
}

interface Field {
  line: number;
  paragraphs: Paragraph[];
}

interface FieldStart {
  field: FieldName;
  /** For bios: 1 for "Bio:", 2 for "Bio2:", … */
  index: number;
  label: string;
  rest: string;
}

const CHROME_LINES = new Set(['top of page', 'bottom of page', 'please reload', 'pybay talks']);
const BULLET_CHROME = /^[•·▪●]\s*/;
const FIELD_LABEL = /^(description|abstract|bio(\d*))\s*:[ \t]*/i;
const TRACK_LEVEL = new RegExp(`^(.{1,100}?)\\s*,\\s*(${LEVEL_NAMES.join('|')})\\s*$`, 'i');
/** A "Track, Something" line that might have been meant as a track line with an unknown level. */
const TRACK_LEVEL_LIKE = /^([^,:]{1,100}),\s*([\p{L}-]{3,20})\s*$/u;
/** "Bokeh (" where the page said "Bokeh (https://bokeh.org)". The lookbehind keeps long words linear. */
const STRIPPED_LINK = /(?<![\w.-])\w[\w.-]*\s+\(\s*(?=[,.;:]|\s|$)/gu;
/** "The xonsh homepage is at" closing a paragraph: the address that followed was a link. */
const STRIPPED_LINK_AT_END = /\sat$/;
const MAX_HEADER_LENGTH = 300;
const MAX_SPEAKERS = 20;
const MAX_TALK_TEXT = 100_000;

/** Decodes the bytes of a file, refusing anything that is not UTF-8 text. */
export function decodeTalksPage(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return buffer.toString('utf8');
  // Lines end as splitBlocks ends them (\r\n, \r or \n), so that line numbers agree.
  let line = 1;
  let start = 0;
  for (let i = 0; i <= buffer.length; i++) {
    const end = i === buffer.length || buffer[i] === 0x0a || (buffer[i] === 0x0d && buffer[i + 1] !== 0x0a);
    if (!end) continue;
    if (!isUtf8(buffer.subarray(start, i))) {
      throw new TalksPageError(line, 'this line is not UTF-8 text; save the page as UTF-8 and import it again');
    }
    line++;
    start = i + 1;
  }
  // Not reached: line breaks are ASCII, never inside a UTF-8 sequence, so some line failed above.
  throw new TalksPageError(0, 'the file is not UTF-8 text; save the page as UTF-8 and import it again');
}

const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\p{Cs}/u;

function checkIsText(raw: string, line: number): void {
  const found = CONTROL_CHARACTER.exec(raw);
  if (!found) return;
  const code = found[0].charCodeAt(0);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0) {
    throw new TalksPageError(
      line,
      'contains a NUL character (U+0000): this is a binary file, or text saved as UTF-16; save the page as UTF-8 text',
    );
  }
  if (code >= 0xd800) throw new TalksPageError(line, `contains a lone surrogate (${name}), which is not text`);
  throw new TalksPageError(line, `contains the control character ${name}; this does not look like a text file`);
}

function normaliseLine(line: string): string {
  // No-break spaces join speaker names and pad sentences on the published page; they mean spaces.
  return line.replace(/[\u00a0\u202f\u2007]/g, ' ').trimEnd();
}

function splitBlocks(text: string): Block[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  let gap = Number.POSITIVE_INFINITY;
  let current: Block | undefined;
  lines.forEach((raw, index) => {
    checkIsText(raw, index + 1);
    const line = normaliseLine(raw);
    if (line.trim() === '') {
      if (current) {
        blocks.push(current);
        current = undefined;
        gap = 0;
      }
      gap++;
      return;
    }
    if (!current) current = { line: index + 1, gapBefore: gap, lines: [] };
    current.lines.push(line);
  });
  if (current) blocks.push(current);
  return blocks;
}

function isChrome(block: Block): boolean {
  return block.lines.every((line) => {
    const trimmed = line.trim();
    return CHROME_LINES.has(trimmed.toLowerCase()) || BULLET_CHROME.test(trimmed);
  });
}

function fieldStart(block: Block): FieldStart | undefined {
  const first = block.lines[0]!.trimStart();
  const match = FIELD_LABEL.exec(first);
  if (!match) return undefined;
  const label = match[1]!;
  const rest = [first.slice(match[0].length), ...block.lines.slice(1)].join('\n');
  if (label.toLowerCase().startsWith('bio')) {
    const index = match[2] ? Number(match[2]) : 1;
    return { field: 'bio', index, label, rest };
  }
  return { field: label.toLowerCase() as FieldName, index: 1, label, rest };
}

function trackLevel(block: Block): { track: string; level: LevelName } | undefined {
  if (block.lines.length !== 1) return undefined;
  const text = block.lines[0]!.trim();
  const match = FIELD_LABEL.test(text) ? null : TRACK_LEVEL.exec(text);
  if (!match) return undefined;
  const level = LEVEL_NAMES.find((name) => name.toLowerCase() === match[2]!.toLowerCase())!;
  return { track: match[1]!.trim(), level };
}

function isHeaderLine(block: Block): boolean {
  return (
    block.lines.length === 1 &&
    block.lines[0]!.trim().length <= MAX_HEADER_LENGTH &&
    !fieldStart(block) &&
    !trackLevel(block) &&
    !isChrome(block)
  );
}

const NAME_WORD = /^(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|den|da|di|du|del|la|le|bin|al|el|y)$/u;

function looksLikePersonName(text: string): boolean {
  const words = text.trim().split(/\s+/);
  return words.length >= 2 && words.length <= 5 && words.every((word) => NAME_WORD.test(word));
}

function splitSpeakers(line: string): string[] {
  return line
    .split(/\s*,\s*|\s+(?:and|&)\s+/u)
    .map((name) => name.trim().replace(/\s+/g, ' '))
    .filter((name) => name !== '');
}

function paragraphsToMarkdown(paragraphs: Paragraph[]): string {
  return paragraphs
    .map((paragraph) =>
      paragraph.text
        .split('\n')
        .map((line) => line.trim())
        .join('\n'),
    )
    .join('\n\n')
    .trim();
}

interface TalkDraft {
  talk: ParsedTalk;
  trackLine: number;
  fields: Map<string, Field>;
  current: Field | undefined;
}

export function parseTalksPage(input: string | Uint8Array): ParsedTalksPage {
  const text = typeof input === 'string' ? input : decodeTalksPage(input);
  const blocks = splitBlocks(text);
  const warnings: ImportWarning[] = [];
  const drafts: TalkDraft[] = [];
  const knownSpeakers = new Set<string>();

  const anchors = blocks.map(trackLevel);
  const firstAnchor = anchors.findIndex((anchor) => anchor !== undefined);

  // First pass: learn speaker names from unambiguous headers, to read one-line headers later.
  anchors.forEach((anchor, i) => {
    if (anchor && i >= 2 && isHeaderLine(blocks[i - 1]!) && isHeaderLine(blocks[i - 2]!)) {
      for (const name of splitSpeakers(blocks[i - 1]!.lines[0]!)) knownSpeakers.add(speakerNameKey(name));
    }
  });

  // The talks with a "Bio:", found walking up from the end of the page: a lone line of names
  // above such a talk's track line is its speakers line rather than its title.
  const talksWithBio = new Set<number>();
  let bioBelow = false;
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (anchors[i]) {
      if (bioBelow) talksWithBio.add(i);
      bioBelow = false;
    } else if (fieldStart(blocks[i]!)?.field === 'bio') {
      bioBelow = true;
    }
  }

  // Title and speakers are the one-line blocks right above the track line, one blank line
  // apart; the title follows two or more blank lines (the gap between talks). Marking them
  // consumed keeps them from also being read as the previous talk's last paragraph.
  const consumed = new Set<number>();
  const headers = new Map<number, Header>();
  anchors.forEach((anchor, i) => {
    if (!anchor) return;
    const header: number[] = [];
    for (let j = i - 1; j >= 0 && header.length < 2; j--) {
      if (consumed.has(j) || !isHeaderLine(blocks[j]!)) break;
      header.unshift(j);
      if (blocks[j]!.gapBefore >= 2) break;
    }
    // The topmost must open a talk: after a wide gap, or anywhere above the first talk.
    while (header.length > 0 && blocks[header[0]!]!.gapBefore < 2 && i !== firstAnchor) header.shift();
    for (const j of header) consumed.add(j);
    headers.set(i, { blocks: header.map((j) => blocks[j]!), hasBio: talksWithBio.has(i) });
  });

  let draft: TalkDraft | undefined;
  const finishField = () => {
    if (draft) draft.current = undefined;
  };

  blocks.forEach((block, i) => {
    if (consumed.has(i)) return;
    if (isChrome(block)) {
      finishField();
      return;
    }
    const anchor = anchors[i];
    if (anchor) {
      draft = startTalk(block, anchor, headers.get(i)!, knownSpeakers, warnings);
      drafts.push(draft);
      return;
    }
    const start = fieldStart(block);
    if (start) {
      const key = start.field === 'bio' ? `bio${start.index}` : start.field;
      const first = draft?.fields.get(key);
      if (!draft || first) {
        // A field where a new talk should start: most often that talk's track line is not one.
        const misplaced = misplacedTrackLine(blocks[i - 1]);
        if (misplaced) throw misplaced;
      }
      if (!draft) {
        throw new TalksPageError(
          block.line,
          `"${start.label}:" comes before any talk; a talk starts with its title, its speakers and a "Track, Level" line such as "Fundamentals, Beginner"`,
        );
      }
      if (first) {
        const newTalk =
          start.field === 'description'
            ? '; if a new talk starts here, it needs its title, its speakers and a "Track, Level" line such as "Fundamentals, Beginner" above it'
            : '';
        throw new TalksPageError(
          block.line,
          `a second "${start.label}:" in the talk "${draft.talk.title}" (line ${draft.talk.line}), whose "${start.label}:" is on line ${first.line}${newTalk}`,
        );
      }
      if (start.field === 'bio' && start.index > draft.talk.speakers.length) {
        const listed = draft.talk.speakers.length;
        const speakers =
          listed === 0
            ? 'has no speakers line; a talk starts, after two blank lines, with its title and its speakers, each a line of its own, one blank line apart, above its "Track, Level" line'
            : `lists only ${listed} speaker${listed === 1 ? '' : 's'}`;
        throw new TalksPageError(
          block.line,
          `"${start.label}:" is a bio for speaker ${start.index}, but the talk "${draft.talk.title}" (line ${draft.talk.line}) ${speakers}`,
        );
      }
      if (start.field === 'bio' && start.index === 0) {
        throw new TalksPageError(block.line, `"${start.label}:" is not a bio label; use "Bio:" or "Bio2:"`);
      }
      const field: Field = {
        line: block.line,
        paragraphs: start.rest.trim() === '' ? [] : [{ line: block.line, text: start.rest }],
      };
      draft.fields.set(key, field);
      draft.current = field;
      return;
    }
    if (draft?.current) {
      draft.current.paragraphs.push({ line: block.line, text: block.lines.join('\n') });
      return;
    }
    if (!draft) {
      warnings.push({
        line: block.line,
        ...warning`text before the first talk was ignored: "${clip(block.lines[0]!)}"`,
      });
      return;
    }
    // A paragraph after a talk's header but before any labelled field.
    throw new TalksPageError(
      block.line,
      `"${clip(block.lines[0]!)}" is not a talk field; after "${draft.talk.track}, ${draft.talk.level}" (line ${draft.trackLine}) expected "Description:", "Abstract:" or "Bio:"`,
    );
  });

  if (drafts.length === 0) {
    throw new TalksPageError(
      0,
      'no talks found: a talk needs a "Track, Level" line such as "All things Web, Intermediate" (levels: Beginner, Intermediate, Advanced)',
    );
  }

  const talks = drafts.map((d) => finishTalk(d, warnings));
  checkBiographies(talks, warnings);
  return { talks, warnings: warnings.sort((a, b) => a.line - b.line) };
}

/** One person, one bio: a speaker with several talks may have their bio on only one of them. */
function checkBiographies(talks: ParsedTalk[], warnings: ImportWarning[]): void {
  const bySpeaker = new Map<string, { speaker: ParsedSpeaker; talk: ParsedTalk }[]>();
  for (const talk of talks) {
    for (const speaker of talk.speakers) {
      const key = speakerNameKey(speaker.name);
      const appearances = bySpeaker.get(key) ?? [];
      appearances.push({ speaker, talk });
      bySpeaker.set(key, appearances);
    }
  }
  for (const appearances of bySpeaker.values()) {
    const first = appearances[0]!;
    const bios = new Set(appearances.map((a) => a.speaker.biography).filter((bio) => bio !== ''));
    if (bios.size === 0) {
      warnings.push({
        line: first.talk.line,
        ...warning`no bio for ${first.speaker.name} (talk "${first.talk.title}")`,
      });
    } else if (bios.size > 1) {
      const kept = appearances.find((a) => a.speaker.biography !== '')!;
      warnings.push({
        line: kept.speaker.line,
        ...warning`${first.speaker.name} has different bios on different talks; keeping the first one (line ${kept.speaker.line})`,
      });
    }
  }
}

/** The error to report when the block before a misplaced field was meant as a talk's track line. */
function misplacedTrackLine(previous: Block | undefined): TalksPageError | undefined {
  if (!previous) return undefined;
  const glued = previous.lines.findIndex((line) => !FIELD_LABEL.test(line.trim()) && TRACK_LEVEL.test(line.trim()));
  if (previous.lines.length > 1 && glued >= 0) {
    return new TalksPageError(
      previous.line + glued,
      `the track line "${clip(previous.lines[glued]!)}" must be a paragraph of its own, with a blank line above and below it`,
    );
  }
  const text = previous.lines.at(-1)!.trim();
  const suspect = TRACK_LEVEL_LIKE.exec(text);
  if (suspect && !TRACK_LEVEL.test(text)) {
    return new TalksPageError(
      previous.line + previous.lines.length - 1,
      `"${clip(text)}" looks like a talk's "Track, Level" line, but "${suspect[2]}" is not a level; use Beginner, Intermediate or Advanced`,
    );
  }
  return undefined;
}

interface Header {
  /** The blocks above the track line: title and speakers, or one of them, or none. */
  blocks: Block[];
  /** Whether the talk has a "Bio:", which a one-line header of names is then the speakers of. */
  hasBio: boolean;
}

function startTalk(
  block: Block,
  anchor: { track: string; level: LevelName },
  header: Header,
  knownSpeakers: Set<string>,
  warnings: ImportWarning[],
): TalkDraft {
  let titleBlock: Block | undefined;
  let speakerBlock: Block | undefined;
  if (header.blocks.length === 2) {
    [titleBlock, speakerBlock] = header.blocks as [Block, Block];
  } else if (header.blocks.length === 1) {
    // One line above the track line: the title, or the speakers when it holds people's names
    // (known from other talks, or several of them, or one with a bio below).
    const names = splitSpeakers(header.blocks[0]!.lines[0]!);
    const isSpeakers =
      names.length > 0 &&
      (names.every((name) => knownSpeakers.has(speakerNameKey(name))) ||
        (names.every(looksLikePersonName) && (names.length > 1 || header.hasBio)));
    if (isSpeakers) speakerBlock = header.blocks[0];
    else titleBlock = header.blocks[0];
  }
  const line = header.blocks[0]?.line ?? block.line;
  const attention: string[] = [];
  const title = titleBlock ? titleBlock.lines[0]!.trim().replace(/\s+/g, ' ') : UNTITLED_TALK;
  if (!titleBlock) {
    attention.push('missing title');
    warnings.push({
      line,
      ...warning`talk with no title (track "${anchor.track}"): imported as "${UNTITLED_TALK}" and marked as needing attention`,
    });
  }
  const names = speakerBlock ? splitSpeakers(speakerBlock.lines[0]!) : [];
  if (names.length > MAX_SPEAKERS) {
    throw new TalksPageError(
      speakerBlock!.line,
      `${names.length} speakers on one talk; at most ${MAX_SPEAKERS} are allowed`,
    );
  }
  if (names.length === 0) {
    attention.push('missing speakers');
    warnings.push({ line, ...warning`talk "${title}" has no speakers line; marked as needing attention` });
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(speakerNameKey(name))) {
      throw new TalksPageError(speakerBlock!.line, `the speaker "${name}" is listed twice on one talk`);
    }
    seen.add(speakerNameKey(name));
  }
  return {
    talk: {
      line,
      title,
      titleMissing: !titleBlock,
      speakers: names.map((name) => ({ name, biography: '', line: speakerBlock!.line })),
      track: anchor.track.replace(/\s+/g, ' '),
      level: anchor.level,
      description: '',
      abstract: '',
      attention,
    },
    trackLine: block.line,
    fields: new Map(),
    current: undefined,
  };
}

function finishTalk(draft: TalkDraft, warnings: ImportWarning[]): ParsedTalk {
  const { talk, fields } = draft;
  const text = (key: string) => paragraphsToMarkdown(fields.get(key)?.paragraphs ?? []);
  talk.description = text('description');
  talk.abstract = text('abstract');
  talk.speakers.forEach((speaker, i) => {
    const field = fields.get(`bio${i + 1}`);
    speaker.biography = text(`bio${i + 1}`);
    if (field) speaker.line = field.line;
  });
  const name = `"${talk.title}"`;
  const texts = [talk.title, talk.description, talk.abstract, ...talk.speakers.map((s) => s.biography)];
  const length = texts.reduce((sum, text) => sum + text.length, 0);
  if (length > MAX_TALK_TEXT) {
    // PostgreSQL cannot index a document much larger (a tsvector holds at most 1 MB).
    throw new TalksPageError(
      talk.line,
      `the talk ${name} has ${length} characters of text; at most ${MAX_TALK_TEXT} are allowed (is a talk's title or track line missing?)`,
    );
  }
  if (talk.description === '') {
    warnings.push({ line: talk.line, ...warning`talk ${name} has no description` });
  }
  if (talk.abstract === '') {
    warnings.push({ line: talk.line, ...warning`talk ${name} has no abstract` });
  }
  for (const [key, field] of fields) {
    const where = `${key === 'description' || key === 'abstract' ? key : 'bio'} of ${name}`;
    for (const paragraph of field.paragraphs) {
      for (const match of paragraph.text.matchAll(STRIPPED_LINK)) {
        const offset = paragraph.text.slice(0, match.index).split('\n').length - 1;
        warnings.push({
          line: paragraph.line + offset,
          ...warning`${where}: link text whose address was stripped: "${match[0].trim()}"`,
        });
      }
      const lines = paragraph.text.split('\n');
      const last = lines.at(-1)!;
      if (STRIPPED_LINK_AT_END.test(last)) {
        warnings.push({
          line: paragraph.line + lines.length - 1,
          ...warning`${where}: a paragraph ends where a link's address was stripped: "${clipStart(last)}"`,
        });
      }
    }
  }
  return talk;
}

function clip(text: string, length = 60): string {
  const trimmed = text.trim();
  return trimmed.length > length ? `${trimmed.slice(0, length - 1)}…` : trimmed;
}

function clipStart(text: string, length = 60): string {
  const trimmed = text.trim();
  return trimmed.length > length ? `…${trimmed.slice(trimmed.length - length + 1)}` : trimmed;
}
