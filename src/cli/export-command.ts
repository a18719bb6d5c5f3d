import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { loadEventProgram } from '../modules/agenda/index.js';
import { exporters, findExporter, renderExport } from '../modules/exchange/index.js';
import { DomainError } from '../shared/errors.js';
import type { CliOutput } from './io.js';

/** What `lectern export` borrows from the CLI's main: its errors, its database, its help. */
export interface ExportCommandContext {
  /** An error main prints with the usage (exit 2). */
  usageError(message: string): Error;
  /** An argument judged without the database (exit 2). */
  argumentError(message: string): Error;
  withDatabase<T>(run: (db: Database, config: Config) => Promise<T>): Promise<T>;
  help(): number;
  stdout: CliOutput;
}

const FORMATS = exporters.map((e) => e.identifier).join(', ');

export const EXPORT_USAGE = `  export FORMAT --event SLUG
      Write an export of a published event's latest schedule release to standard output,
      the same bytes as the public address /SLUG/FILE serves. FORMAT is one of:
${exporters.map((e) => `        ${e.identifier.padEnd(11)} ${e.fileName}`).join('\n')}
      Links in the files start with LECTERN_PUBLIC_URL. csv lists the talks even before
      the first release; the others need a release.`;

/**
 * `lectern export FORMAT --event SLUG`: renders what the public route serves, from the same
 * program the public pages read (the latest release and the program), to stdout.
 */
export async function exportCommand(args: string[], context: ExportCommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { event: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return context.help();
  const [format, ...extra] = positionals;
  if (format === undefined) throw context.usageError(`export needs a FORMAT: ${FORMATS}`);
  const exporter = findExporter(format);
  if (!exporter) throw context.argumentError(`unknown export format "${format}"; formats: ${FORMATS}`);
  if (extra.length > 0) throw context.usageError(`export takes one FORMAT, got also "${extra[0]}"`);
  if (values.event === undefined) throw context.usageError('export needs --event SLUG');
  const slug = values.event;
  const output = await context.withDatabase(async (db, config) => {
    const program = await loadEventProgram(db, slug);
    if (!program) throw new DomainError(`there is no published event "${slug}"`);
    // Refuses a schedule export before the first release with "… has no released schedule yet."
    return renderExport(exporter, program, { publicUrl: config.publicUrl });
  });
  context.stdout.write(output);
  return 0;
}
