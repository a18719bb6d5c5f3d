import { stringify, type Options } from 'csv-stringify/sync';
import type { EventProgram, SlotView, TalkView } from '../../agenda/index.js';
import { markdownToText } from '../../../shared/markdown.js';
import type { ExportContext, Exporter } from './exporter.js';
import { localIso, talkUrl } from './schedule-parts.js';

export const CSV_COLUMNS = [
  'guid',
  'slug',
  'title',
  'speakers',
  'track',
  'level',
  'language',
  'duration_minutes',
  'room',
  'start',
  'end',
  'url',
  'description',
  // Last, so that sheets reading columns by position before it was added still read the same.
  'session_type',
] as const;

/**
 * A cell a spreadsheet would read as a formula (= + - @, or a tab or CR before one) gets a
 * leading apostrophe, which spreadsheets show as text: a title such as `=HYPERLINK(…)` must not
 * run when an organiser opens the file (CSV injection, OWASP).
 */
export function guardFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * Control characters other than tab and line breaks, which spreadsheets show as junk and C
 * tools take for the end of the text (NUL), and unpaired surrogates, which have no UTF-8 form.
 */
const UNWANTED =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Every talk of the program, one row each (RFC 4180: CRLF, a header row, quotes around every cell
 * holding a comma, a quote, a CR or LF, or leading or trailing space):
 * scheduled talks first by start then room, then the talks not scheduled, in program order,
 * with empty room, start and end. Times are local to the event's zone, with their offset.
 * Speakers are separated by "; " since a name may hold a comma. Descriptions are plain text.
 *
 * With a UTF-8 byte order mark: without it Excel reads a CSV file as the system's legacy code
 * page and garbles every accented name; LibreOffice, Google Sheets and CSV libraries skip it.
 */
export function renderCsv(program: EventProgram, context: ExportContext): string {
  return [...csvChunks(program, context)].join('');
}

/** How csv-stringify writes the file (RFC 4180, as renderCsv says). */
const CSV_OPTIONS = {
  columns: [...CSV_COLUMNS],
  record_delimiter: 'windows',
  // With a record delimiter given, csv-stringify quotes only cells holding that delimiter
  // (CRLF) unless told otherwise: a lone LF or CR would end the record for every reader.
  quote_record_delimiter: true,
  // Leading and trailing spaces survive only inside quotes for readers that trim (RFC 4180 keeps them; Excel does not).
  quoted_match: /^\s|\s$/,
} satisfies Options;

/** Rows written per piece: a row costs up to half a millisecond (its description's Markdown). */
const ROWS_PER_CHUNK = 10;

/**
 * renderCsv in pieces (see Exporter.chunks): the byte order mark and header with the first
 * rows, then ROWS_PER_CHUNK rows at a time. Every record ends with its CRLF, so the pieces
 * join to what one call would write.
 */
export function* csvChunks(program: EventProgram, context: ExportContext): Generator<string> {
  const zone = program.schedule?.timezone ?? program.timezone;
  const slots = (program.schedule?.slots ?? []).filter((slot) => slot.kind === 'talk' && slot.talk);
  const scheduled = new Set(slots.map((slot) => slot.talk!.id));
  const rows: [TalkView, SlotView | undefined][] = [
    ...slots.map((slot): [TalkView, SlotView] => [slot.talk!, slot]),
    ...program.talks.filter((talk) => !scheduled.has(talk.id)).map((talk): [TalkView, undefined] => [talk, undefined]),
  ];
  const record = ([talk, slot]: [TalkView, SlotView | undefined]) =>
    [
      talk.guid,
      talk.slug,
      talk.title,
      talk.speakers.map((s) => s.name).join('; '),
      talk.track?.name ?? '',
      talk.level?.name ?? '',
      talk.language ?? '',
      String(slot?.durationMinutes ?? talk.durationMinutes),
      slot?.room?.name ?? '',
      slot ? localIso(slot.start, zone) : '',
      slot ? localIso(slot.end, zone) : '',
      talkUrl(context.publicUrl, program.slug, talk),
      markdownToText(talk.description, { linkTargets: true }),
      talk.sessionType ?? '',
    ].map((cell) => guardFormula(cell.replace(UNWANTED, '')));
  for (let from = 0; from === 0 || from < rows.length; from += ROWS_PER_CHUNK) {
    const first = from === 0;
    yield stringify(rows.slice(from, from + ROWS_PER_CHUNK).map(record), { ...CSV_OPTIONS, bom: first, header: first });
  }
}

export const csvExporter: Exporter = {
  identifier: 'csv',
  fileName: 'talks.csv',
  contentType: 'text/csv; charset=utf-8; header=present',
  label: 'Talks as CSV',
  description:
    'Every talk of the program, one row each, with its speakers, track, level, room and times, for spreadsheets; talks not yet scheduled have empty times.',
  requiresReleasedSchedule: false,
  chunks: csvChunks,
};
