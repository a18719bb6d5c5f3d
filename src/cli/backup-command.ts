import path from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, fileSize, restoreBackup, writeBackup, type BackupSummary } from '../db/backup.js';
import type { Database } from '../db/client.js';
import { DomainError } from '../shared/errors.js';
import type { CliOutput } from './io.js';

/** What `lectern backup` and `lectern restore` borrow from the CLI's main. */
export interface BackupCommandContext {
  usageError(message: string): Error;
  withDatabase<T>(run: (db: Database) => Promise<T>): Promise<T>;
  help(): number;
  cwd: string;
  stdout: CliOutput;
}

export const BACKUP_USAGE = `  backup FILE
      Write every row of the database to FILE (gzip'd JSON lines; FILE must not exist yet),
      read in one consistent snapshot: safe while the server runs on PostgreSQL. The
      embedded database must be stopped first, like for every command.

  restore FILE [--force]
      Put a backup back into a database of the same Lectern version (the same migrations),
      in one transaction: on any error nothing is written. A database that holds rows is
      refused unless --force, which replaces everything in it.`;

function describe(summary: BackupSummary, bytes: number, started: number): string {
  const kib = (bytes / 1024).toFixed(1);
  return `${summary.rows} rows of ${summary.tables} tables, ${kib} KiB, in ${Math.round(performance.now() - started)} ms.`;
}

function shownName(file: string, cwd: string): { resolved: string; shown: string } {
  const resolved = path.resolve(cwd, file);
  return { resolved, shown: path.relative(cwd, resolved) || file };
}

export async function backupCommand(args: string[], context: BackupCommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return context.help();
  if (positionals.length !== 1) throw context.usageError('backup needs exactly one FILE');
  const { resolved, shown } = shownName(positionals[0]!, context.cwd);
  const started = performance.now();
  const summary = await context.withDatabase(async (db) => {
    try {
      return await writeBackup(db, resolved);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new DomainError(`cannot write ${shown}: it exists already; name a new file`);
      if (code === 'ENOENT') throw new DomainError(`cannot write ${shown}: no such directory`);
      if (code !== undefined) throw new DomainError(`cannot write ${shown}: ${(error as Error).message}`);
      throw error;
    }
  });
  context.stdout.write(`Backed up ${describe(summary, await fileSize(resolved), started)}\nWrote ${shown}.\n`);
  return 0;
}

export async function restoreCommand(args: string[], context: BackupCommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return context.help();
  if (positionals.length !== 1) throw context.usageError('restore needs exactly one FILE');
  const { resolved, shown } = shownName(positionals[0]!, context.cwd);
  let bytes: number;
  try {
    bytes = await fileSize(resolved);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DomainError(`cannot read ${shown}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const started = performance.now();
  const summary = await context.withDatabase(async (db) => {
    try {
      return await restoreBackup(db, resolved, { force: values.force === true });
    } catch (error) {
      // A damaged file, another version's backup, or a row the database refuses: all rolled back.
      // (drizzle wraps the database's error, whose message says what was wrong, in one that shows the query.)
      const refusal = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
      const reason = error instanceof BackupError ? error.message : `the database refused it: ${refusal}`;
      throw new DomainError(`cannot restore ${shown}: ${reason}.\nNothing was restored.`);
    }
  });
  context.stdout.write(`Restored ${describe(summary, bytes, started)}\nFrom ${shown}.\n`);
  return 0;
}
