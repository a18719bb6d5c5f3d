import { formatCount, linesByKind } from '../../../shared/warnings.js';
import { FORMAT_NAMES, type ImportNote, type ImportProblem, type ScheduleFormat } from './imported-schedule.js';

export interface EntityChanges {
  created: number;
  updated: number;
  /** For talks: withdrawn (they left the file, and so the program). */
  removed: number;
}

/** What a schedule import did, for the CLI to print and tests to check. */
export interface ScheduleImportReport {
  format: ScheduleFormat;
  event: { slug: string; name: string; created: boolean };
  timezone: string;
  /** What the event holds after the import: talks on the program, the work-in-progress schedule's slots. */
  counts: { days: number; rooms: number; tracks: number; talks: number; speakers: number; slots: number };
  changes: {
    days: EntityChanges;
    rooms: EntityChanges;
    tracks: EntityChanges;
    talks: EntityChanges;
    speakers: EntityChanges;
    slots: EntityChanges;
  };
  /** The session types the import created from its talks' types, by name, in the order created. */
  sessionTypesCreated: string[];
  /**
   * The event's latest release after the import: `created` when this import released it.
   * `versionTaken`: the file's version was released before, so the release got the next number.
   */
  release: { version: string; created: boolean; versionTaken: string | undefined } | undefined;
  /** Talks imported with something missing. */
  needsAttention: { title: string; where: string; reasons: string[] }[];
  /** Everything skipped or adjusted, each with its place in the file. */
  warnings: ImportProblem[];
  /** What the file holds that Lectern does not keep, counted per kind. */
  notes: ImportNote[];
  /** False when the event already matched the file: nothing was written. */
  changed: boolean;
  timings: { parseMs: number; writeMs: number };
}

function describeChanges(c: EntityChanges, removedWord = 'removed'): string {
  const parts = [
    c.created && `${c.created} new`,
    c.updated && `${c.updated} updated`,
    c.removed && `${c.removed} ${removedWord}`,
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** "3 new (Talk, Workshop, DJ Set)", the first ten names at most. */
function describeNames(names: string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return `${names.length} new (${shown}${names.length > 10 ? ', …' : ''})`;
}

/**
 * The report as the CLI prints it, with at most a few warnings (and talks needing attention) of
 * each kind, then how many more of that kind there are. `time`, when given, adds what the command spent opening the
 * database (on a fresh embedded one, that creates and migrates it) and in all.
 */
export function formatScheduleImportReport(
  report: ScheduleImportReport,
  file: string,
  time?: { openMs: number; totalMs: number },
): string {
  const { counts, changes } = report;
  const lines = [
    `Imported ${file} (${FORMAT_NAMES[report.format]}) into event "${report.event.name}" (${report.event.slug})${report.event.created ? ', a new event' : ''}.`,
  ];
  if (!report.changed) lines.push('Nothing changed: the event already matches this file.');
  lines.push(
    `  time zone: ${report.timezone}`,
    `  days:      ${counts.days}${describeChanges(changes.days)}`,
    `  rooms:     ${counts.rooms}${describeChanges(changes.rooms)}`,
    `  tracks:    ${counts.tracks}${describeChanges(changes.tracks)}`,
    ...(report.sessionTypesCreated.length > 0 ? [`  session types: ${describeNames(report.sessionTypesCreated)}`] : []),
    `  talks:     ${counts.talks}${describeChanges(changes.talks, 'withdrawn')}`,
    `  speakers:  ${counts.speakers}${describeChanges(changes.speakers)}`,
    `  slots:     ${counts.slots}${describeChanges(changes.slots)}`,
  );
  const release = report.release;
  if (release?.created) {
    lines.push(
      release.versionTaken === undefined
        ? `Released the schedule as version "${release.version}".`
        : `Released the schedule as version "${release.version}" (the file's version "${release.versionTaken}" was released before).`,
    );
  } else if (release) {
    lines.push(`The latest release, "${release.version}", already shows this schedule: no new release.`);
  }
  if (report.needsAttention.length > 0) {
    lines.push(`Talks needing attention (${formatCount(report.needsAttention.length)}):`);
    // Talks missing the same things are one kind.
    const talks = report.needsAttention.map((talk) => ({ ...talk, kind: talk.reasons.join(', ') }));
    lines.push(...linesByKind(talks, (talk) => `  ${talk.where}: "${talk.title}": ${talk.kind}`));
  }
  if (report.warnings.length > 0) {
    lines.push(`Skipped or adjusted (${formatCount(report.warnings.length)}):`);
    lines.push(...linesByKind(report.warnings, (warning) => `  ${warning.where}: ${warning.message}`));
  }
  if (report.notes.length > 0) {
    lines.push(`Not kept or worth knowing (${report.notes.length}):`);
    for (const note of report.notes) {
      const more = note.count > note.where.length ? '; …' : '';
      lines.push(`  ${note.message} (${note.count}): ${note.where.join('; ')}${more}`);
    }
  }
  const { parseMs, writeMs } = report.timings;
  const ms = (value: number) => `${Math.round(value)} ms`;
  lines.push(
    time === undefined
      ? `Time: parse ${ms(parseMs)}, write ${ms(writeMs)}.`
      : `Time: parse ${ms(parseMs)}, open the database ${ms(time.openMs)}, write ${ms(writeMs)}, total ${ms(time.totalMs)}.`,
  );
  return lines.join('\n');
}
