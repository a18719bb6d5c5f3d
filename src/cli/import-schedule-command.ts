import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DatabaseHandle } from '../db/client.js';
import {
  formatScheduleImportReport,
  parseScheduleFile,
  ScheduleFileError,
  writeSchedule,
  type ImportedSchedule,
  type ScheduleFormat,
} from '../modules/exchange/index.js';
import { requireEventSlug } from '../modules/program/index.js';
import { DomainError, InvalidInputError } from '../shared/errors.js';
import { formatCount } from '../shared/warnings.js';
import { requireTimeZone } from '../shared/time.js';
import { readInputFile } from './input-file.js';
import type { CliOutput } from './io.js';

/** What `lectern import frab|schedule-json` borrows from the CLI's main: its errors, its database, its help. */
export interface ScheduleCommandContext {
  /** An error main prints with the usage (exit 2). */
  usageError(message: string): Error;
  /** An argument judged without the database (exit 2). */
  argumentError(message: string): Error;
  openDatabase(): Promise<DatabaseHandle>;
  help(): number;
  cwd: string;
  stdout: CliOutput;
  stderr: CliOutput;
}

export const SCHEDULE_IMPORT_USAGE = `  import frab FILE.xml --event SLUG [--name NAME] [--timezone TZ]
  import schedule-json FILE.json --event SLUG [--name NAME] [--timezone TZ]
      Import a schedule: a frab/pretalx schedule.xml, or a schedule.json (c3voc's, as
      frab and pretalx export it, or the CCC hub's schedule2). Creates the event (published)
      or updates it: its days, time zone, rooms, tracks, speakers and talks, the schedule
      replaced by the file's, then a release named after the file's version when the
      schedule changed. Safe to run again: the same file changes nothing. Prints what was
      skipped and why, with its line or JSON pointer, and how long it took.
      --name NAME    as above; a new event is named after the file's conference title
      --timezone TZ  the event's IANA time zone, over the file's time_zone_name; a file
                     without one gets a zone from its times' UTC offsets (Etc/GMT-1 for
                     +01:00), which the report names`;

/**
 * `lectern import frab FILE --event SLUG` and `lectern import schedule-json FILE --event SLUG`.
 * The file is read and parsed before the database is opened (which takes seconds and may be
 * held by a running server), so that a file that is not a schedule is refused at once.
 */
export async function importScheduleCommand(
  format: ScheduleFormat,
  args: string[],
  context: ScheduleCommandContext,
): Promise<number> {
  const started = performance.now();
  const { values, positionals } = parseArgs({
    args,
    options: {
      event: { type: 'string' },
      name: { type: 'string' },
      timezone: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return context.help();
  if (positionals.length !== 1) throw context.usageError(`import ${format} needs exactly one FILE`);
  if (values.event === undefined) throw context.usageError(`import ${format} needs --event SLUG`);
  const file = positionals[0]!;
  try {
    requireEventSlug(values.event, '--event');
    if (values.timezone !== undefined) requireTimeZone(values.timezone, '--timezone');
  } catch (error) {
    if (error instanceof InvalidInputError) throw context.argumentError(error.message);
    throw error;
  }
  const { shown: shownFile, content } = await readInputFile(file, context.cwd);
  let schedule: ImportedSchedule;
  try {
    schedule = parseScheduleFile(format, content, { timezone: values.timezone?.trim() });
  } catch (error) {
    if (error instanceof ScheduleFileError) throw refused(shownFile, error.message);
    throw error;
  }
  const parseMs = performance.now() - started;

  const progress = new ProgressLine(context.stderr, schedule.talks.length >= PROGRESS_LINES_FROM, started);
  progress.say(
    `Read ${shownFile}: ${formatCount(schedule.talks.length)} talks, ${formatCount(schedule.warnings.length)} warnings, in ${seconds(parseMs)}; opening the database`,
  );
  const opening = performance.now();
  const database = await context.openDatabase();
  const openMs = performance.now() - opening;
  try {
    const report = await writeSchedule(database.db, schedule, {
      eventSlug: values.event,
      eventName: values.name,
      // The release's comment is public: the file's name, never the path it was read from.
      fileName: path.basename(file),
      onProgress: (done, total, phase) => progress.show(done, total, phase),
    }).catch((error: unknown) => {
      progress.clear();
      // The transaction rolled back: whatever went wrong, nothing of the file is in the database.
      throw refused(shownFile, (error as Error).message);
    });
    report.timings.parseMs = parseMs;
    progress.clear();
    const totalMs = performance.now() - started;
    context.stdout.write(`${formatScheduleImportReport(report, shownFile, { openMs, totalMs })}\n`);
    const { talks, speakers, rooms } = report.counts;
    context.stderr.write(
      `Done: ${talks} talks, ${speakers} speakers, ${rooms} rooms in ${(totalMs / 1000).toFixed(1)} s.\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

function refused(file: string, message: string): DomainError {
  return new DomainError(`cannot import ${file}: ${message}\nNothing was imported.`);
}

/** Files of at least this many talks get progress lines on stderr when it is not a terminal (a log, a pipe). */
export const PROGRESS_LINES_FROM = 5000;

/**
 * Progress on stderr. On a terminal: one line, redrawn in place. Elsewhere, for a big file: a
 * line when a phase starts and at every tenth of the whole, with the time since the command
 * started, so that a log shows the import moving; nothing for a small file.
 */
export class ProgressLine {
  private shown = '';
  private lastPhase = '';
  private lastTenth = -1;
  constructor(
    private readonly stream: CliOutput,
    private readonly lines: boolean,
    private readonly started: number,
  ) {}

  /** A line of its own (not on a terminal, for a big file only). */
  say(text: string): void {
    if (this.lines && !this.stream.isTTY) this.stream.write(`${text}\n`);
  }

  show(done: number, total: number, phase: string): void {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (!this.stream.isTTY) {
      const tenth = Math.floor(percent / 10);
      if (phase === this.lastPhase && tenth === this.lastTenth) return;
      this.lastPhase = phase;
      this.lastTenth = tenth;
      this.say(`Importing: ${phase}, ${percent}% after ${seconds(performance.now() - this.started)}`);
      return;
    }
    const line = `Importing: ${phase}, ${percent}%`;
    if (line === this.shown) return;
    this.shown = line;
    this.stream.write(`\r\x1b[2K${line}`);
  }

  clear(): void {
    if (!this.stream.isTTY || this.shown === '') return;
    this.stream.write('\r\x1b[2K');
    this.shown = '';
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
