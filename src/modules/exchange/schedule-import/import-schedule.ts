import type { Database } from '../../../db/client.js';
import { parseFrabXml } from './frab-xml.js';
import type { ScheduleImportReport } from './import-report.js';
import type { ImportedSchedule, ScheduleFormat, ScheduleParseOptions } from './imported-schedule.js';
import { parseScheduleJson } from './schedule-json.js';
import { writeSchedule, type ImportProgress } from './write-schedule.js';

export const SCHEDULE_FORMATS: readonly ScheduleFormat[] = ['frab', 'schedule-json'];

/** Reads a schedule file of the given format; throws ScheduleFileError when it is not a schedule at all. */
export function parseScheduleFile(
  format: ScheduleFormat,
  content: string | Uint8Array,
  options: ScheduleParseOptions = {},
): ImportedSchedule {
  return format === 'frab' ? parseFrabXml(content, options) : parseScheduleJson(content, options);
}

export interface ImportScheduleInput {
  format: ScheduleFormat;
  content: string | Uint8Array;
  eventSlug: string;
  eventName?: string | undefined;
  /** The file as the user named it: the release says "Imported from FILE". */
  fileName: string;
  /** An IANA zone for the event, over the file's own or the one its offsets suggest. */
  timezone?: string | undefined;
  onProgress?: ImportProgress | undefined;
}

/**
 * Imports a frab schedule.xml or a schedule.json into an event (see writeSchedule): the
 * command line's `lectern import frab|schedule-json`. Nothing is written unless all of it is.
 * There is no actor to authorise, as for createEventFromCommandLine: whoever runs the CLI
 * holds the database.
 */
export async function importSchedule(db: Database, input: ImportScheduleInput): Promise<ScheduleImportReport> {
  const started = performance.now();
  const schedule = parseScheduleFile(input.format, input.content, { timezone: input.timezone });
  const parseMs = performance.now() - started;
  const report = await writeSchedule(db, schedule, input);
  report.timings.parseMs = parseMs;
  return report;
}
