import type { EventProgram } from '../../agenda/index.js';

/**
 * The one contract every export follows (STYLE.md habit 6, after pretalx's exporters). An
 * exporter reads only the in-memory EventProgram (the latest release joined to the live
 * program), never the database, so the web layer can build it once per program version and
 * the CLI can render the same bytes.
 */

/**
 * The name of an export: the FORMAT of `lectern export FORMAT --event SLUG` and the key of
 * the registry.
 * - `frab-xml`: frab/pentabarf schedule.xml (c3voc schema.xsd), read by Giggity,
 *   EventFahrplan, ConfClerk and recording pipelines;
 * - `c3voc-json`: the schedule.json that frab and pretalx emit (c3voc schema.json);
 * - `ical`: iCalendar (RFC 5545) for calendar apps;
 * - `csv`: every talk of the program, one row each, for spreadsheets.
 */
export type ExportFormat = 'frab-xml' | 'c3voc-json' | 'ical' | 'csv';

export interface ExportContext {
  /** The address people reach Lectern at (LECTERN_PUBLIC_URL, no trailing slash): links in exports are absolute. */
  publicUrl: string;
}

export interface Exporter {
  identifier: ExportFormat;
  /** Served at /{event}/{fileName}. */
  fileName: string;
  contentType: string;
  /** For the exports page. */
  label: string;
  description: string;
  /** A schedule export has nothing to say before the first release; the CSV lists talks without times. */
  requiresReleasedSchedule: boolean;
  /**
   * The file in pieces, in order: joined, they are the file (renderExport). Each piece is small
   * (a talk's part, or less), so that a builder can give the event loop back between pieces: a
   * 20,000-talk schedule takes seconds to write, which must not hold every other request. An
   * empty piece is a pause point inside long preparatory work.
   */
  chunks(program: EventProgram, context: ExportContext): Iterable<string>;
}
