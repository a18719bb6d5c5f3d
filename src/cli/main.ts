import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { DataDirectoryLockedError } from '../db/lock.js';
import { createOrganiser } from '../modules/accounts/index.js';
import { formatImportReport, importTalksPage, parseTalksPage, TalksPageError } from '../modules/exchange/index.js';
import { createEventFromCommandLine, requireEventSlug } from '../modules/program/index.js';
import { importScheduleCommand, SCHEDULE_IMPORT_USAGE } from './import-schedule-command.js';
import { EXPORT_USAGE, exportCommand } from './export-command.js';
import { BACKUP_USAGE, backupCommand, restoreCommand, type BackupCommandContext } from './backup-command.js';
import { SCHEDULE_BENCH_USAGE, scheduleBenchCommand } from './schedule-bench-command.js';
import { DomainError, InvalidInputError } from '../shared/errors.js';
import { absolute, links } from '../shared/links.js';
import { readInputFile } from './input-file.js';
import { processIo, type CliIo } from './io.js';

const USAGE = `Usage: lectern <command> [options]

Commands:
  import talks-page FILE --event SLUG [--name NAME]
      Import a saved talks page (text) into an event: creates the event, its tracks,
      levels, speakers and talks, or updates them in place. Safe to run again.
      --event SLUG   the event's slug in URLs, like pybay-2016
      --name NAME    the event's name; when omitted, an existing event keeps its name
                     and a new one is named after its slug

${SCHEDULE_IMPORT_USAGE}

${EXPORT_USAGE}

${SCHEDULE_BENCH_USAGE}

${BACKUP_USAGE}

  create-event SLUG --name NAME [--timezone TZ]
      Create an event for an installation without the sample: unpublished, with the
      levels Beginner, Intermediate and Advanced. TZ is an IANA time zone (default UTC).

  create-organiser --email EMAIL --event SLUG
      Make EMAIL an organiser of the event, creating the account if needed, and print a
      one-time link (valid 7 days) to set its password; for an account that already has
      a password, print the login address instead. Links start with LECTERN_PUBLIC_URL.

Options:
  -h, --help    Show this help

The database is the one the server uses: PostgreSQL when DATABASE_URL is set, otherwise the
embedded database in LECTERN_DATA_DIR (default ./data), which only one process may open at a
time: stop the server before running the CLI against it.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** An argument that can be judged without the database (exit 2, pointing at --help). */
class ArgumentError extends Error {
  override name = 'ArgumentError';
}

/** A file the talks-page reader refused, named as the user typed it. */
class FileRefusedError extends Error {
  override name = 'FileRefusedError';
  constructor(file: string, cause: TalksPageError) {
    super(`cannot import ${file}: ${cause.message}\nNothing was imported.`);
  }
}

async function openConfiguredDatabase(io: CliIo, config: Config = loadConfig(io.env)): Promise<DatabaseHandle> {
  try {
    if (io.openDatabase) return await io.openDatabase(config);
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, limits: config.database });
  } catch (error) {
    if (error instanceof DataDirectoryLockedError) throw error;
    throw new DomainError(`cannot open the database: ${(error as Error).message}`);
  }
}

async function importCommand(args: string[], io: CliIo): Promise<number> {
  const [format, ...rest] = args;
  if (format === '-h' || format === '--help') return help(io);
  if (format === 'frab' || format === 'schedule-json') {
    return importScheduleCommand(format, rest, {
      usageError: (message) => new UsageError(message),
      argumentError: (message) => new ArgumentError(message),
      openDatabase: () => openConfiguredDatabase(io),
      help: () => help(io),
      cwd: io.cwd,
      stdout: io.stdout,
      stderr: io.stderr,
    });
  }
  if (format !== 'talks-page') {
    throw new UsageError(
      format
        ? `unknown import format "${format}"; known: talks-page, frab, schedule-json`
        : 'import needs a format: talks-page, frab or schedule-json',
    );
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: { event: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return help(io);
  if (positionals.length !== 1) throw new UsageError('import talks-page needs exactly one FILE');
  if (values.event === undefined) throw new UsageError('import talks-page needs --event SLUG');
  const file = positionals[0]!;
  const { shown: shownFile, content } = await readInputFile(file, io.cwd);
  // Refuse bad arguments and a bad file before opening the database, which takes seconds
  // and may be held by a running server. The import checks them again, in its transaction.
  try {
    requireEventSlug(values.event, '--event');
  } catch (error) {
    if (error instanceof InvalidInputError) throw new ArgumentError(error.message);
    throw error;
  }
  try {
    parseTalksPage(content);
  } catch (error) {
    if (error instanceof TalksPageError) throw new FileRefusedError(shownFile, error);
    throw error;
  }
  const database = await openConfiguredDatabase(io);
  try {
    const started = performance.now();
    const report = await importTalksPage(database.db, { eventSlug: values.event, eventName: values.name, content });
    io.stdout.write(`${formatImportReport(report, shownFile)}\n`);
    io.stdout.write(`Done in ${Math.round(performance.now() - started)} ms.\n`);
    return 0;
  } finally {
    await database.close();
  }
}

/** Opens the server's database for one command, and closes it however the command ends. */
async function withDatabase<T>(io: CliIo, run: (db: DatabaseHandle['db'], config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const database = await openConfiguredDatabase(io, config);
  try {
    return await run(database.db, config);
  } finally {
    await database.close();
  }
}

async function createEventCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { name: { type: 'string' }, timezone: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('create-event needs exactly one SLUG');
  if (values.name === undefined) throw new UsageError('create-event needs --name NAME');
  const slug = positionals[0]!;
  const event = await withDatabase(io, (db) =>
    createEventFromCommandLine(db, { slug, name: values.name!, timezone: values.timezone ?? 'UTC' }),
  );
  io.stdout.write(
    [
      `Created the event "${event.name}" (${event.slug}), time zone ${event.timezone}. It is not published yet.`,
      `Next, give it an organiser: npx lectern create-organiser --email YOU@EXAMPLE.ORG --event ${event.slug}`,
      '',
    ].join('\n'),
  );
  return 0;
}

async function createOrganiserCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { email: { type: 'string' }, event: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0)
    throw new UsageError(`create-organiser takes no arguments besides its options, got "${positionals[0]}"`);
  if (values.email === undefined) throw new UsageError('create-organiser needs --email EMAIL');
  if (values.event === undefined) throw new UsageError('create-organiser needs --event SLUG');
  const { result, publicUrl } = await withDatabase(io, async (db, config) => ({
    result: await createOrganiser(db, { email: values.email!, eventSlug: values.event! }, config.publicUrl),
    publicUrl: config.publicUrl,
  }));
  const backOffice = absolute(publicUrl, links.orgaEvent(values.event));
  const lines = [`${result.email} is an organiser of ${values.event}${result.created ? ' (a new account)' : ''}.`];
  if (result.link) {
    lines.push(
      'Open this one-time link within 7 days to set the password (keep it private: whoever has it can take the account):',
      `  ${result.link}`,
      `Then the back office is at ${backOffice}`,
    );
  } else {
    lines.push(
      `The account already has a password: log in at ${absolute(publicUrl, links.login())}`,
      `The back office is at ${backOffice}`,
    );
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function help(io: CliIo): number {
  io.stdout.write(`${USAGE}\n`);
  return 0;
}

/**
 * Runs one `lectern` command and answers its exit code: 0 done, 1 refused (a message on stderr),
 * 2 a usage mistake. `io` is the process's own unless a caller in this process passes its own.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === '-h' || command === '--help' || command === 'help') return help(io);
    if (command === undefined) throw new UsageError('a command is needed');
    if (command === 'import') return await importCommand(args, io);
    if (command === 'export') {
      return await exportCommand(args, {
        usageError: (message) => new UsageError(message),
        argumentError: (message) => new ArgumentError(message),
        withDatabase: (run) => withDatabase(io, run),
        help: () => help(io),
        stdout: io.stdout,
      });
    }
    if (command === 'schedule-bench') {
      return await scheduleBenchCommand(args, {
        usageError: (message) => new UsageError(message),
        argumentError: (message) => new ArgumentError(message),
        help: () => help(io),
        cwd: io.cwd,
        stdout: io.stdout,
        stderr: io.stderr,
      });
    }
    if (command === 'backup' || command === 'restore') {
      const context: BackupCommandContext = {
        usageError: (message) => new UsageError(message),
        withDatabase: (run) => withDatabase(io, (db) => run(db)),
        help: () => help(io),
        cwd: io.cwd,
        stdout: io.stdout,
      };
      return await (command === 'backup' ? backupCommand : restoreCommand)(args, context);
    }
    if (command === 'create-event') return await createEventCommand(args, io);
    if (command === 'create-organiser') return await createOrganiserCommand(args, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`lectern: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ArgumentError) {
      io.stderr.write(`lectern: ${error.message}\nRun "lectern --help" for usage.\n`);
      return 2;
    }
    if (
      error instanceof FileRefusedError ||
      error instanceof InvalidInputError ||
      error instanceof DomainError ||
      error instanceof ConfigError ||
      error instanceof DataDirectoryLockedError
    ) {
      io.stderr.write(`lectern: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
