import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { testDatabaseKind } from './database.js';
import { CLI_TEMPLATE_PREFIX } from './global-setup.js';

/**
 * The `lectern` command run as people run it: a child process on a database of its own (an
 * embedded one in a temporary directory, or a fresh PostgreSQL database), checked by its exit
 * code and output.
 */

export const BIN = fileURLToPath(new URL('../../bin/lectern.js', import.meta.url));
export const CLI_PUBLIC_URL = 'https://cfp.example.org';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliDatabase {
  env: NodeJS.ProcessEnv;
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

let counter = 0;

export interface CliDatabaseOptions {
  /**
   * Start from a truly empty database, which the CLI creates and migrates on first use, as on a
   * new installation. Otherwise the database starts as a copy of a migrated template: opening a
   * new PGlite directory and running every migration costs seconds in each child process.
   */
  empty?: boolean;
}

function databaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

let template: Promise<string> | undefined;

/**
 * This worker's migrated template, made on first use: a closed PGlite directory or a PostgreSQL
 * database, both named for the run, whose teardown (test/helpers/global-setup.ts) removes them.
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    if (testDatabaseKind() === 'postgres') {
      const name = `lectern_test_${inject('runId')}_clitemplate_${process.pid}`;
      await adminQuery(`create database "${name}"`);
      // Closed before any copy: PostgreSQL copies a template only while nobody is connected to it.
      await (await openDatabase({ databaseUrl: databaseUrl(name) })).close();
      return name;
    }
    // Not removed on the worker's exit: vitest kills its workers, so an exit hook would not run.
    const dataDir = path.join(os.tmpdir(), `${CLI_TEMPLATE_PREFIX}${inject('runId')}_${process.pid}`);
    // Closing releases the lock (lectern.lock), so copies start unlocked.
    await (await openDatabase({ dataDir })).close();
    return dataDir;
  })();
  return template;
}

/** A database of the test's own: a copy of the migrated template, or empty (see `CliDatabaseOptions`). */
async function cliDatabase(label: string, options: CliDatabaseOptions): Promise<CliDatabase> {
  const { DATABASE_URL: _serverUrl, ...environment } = process.env;
  const env: NodeJS.ProcessEnv = { ...environment, LECTERN_PUBLIC_URL: CLI_PUBLIC_URL, LOG_LEVEL: 'silent' };
  if (testDatabaseKind() === 'postgres') {
    // Named like the suite's databases, so that the run's teardown drops it if a test could not.
    const name = `lectern_test_${inject('runId')}_${label}_${process.pid}_${++counter}`;
    const from = options.empty ? '' : ` template "${await migratedTemplate()}"`;
    await adminQuery(`create database "${name}"${from}`);
    const url = databaseUrl(name);
    return {
      env: { ...env, DATABASE_URL: url },
      open: () => openDatabase({ databaseUrl: url }),
      drop: () => adminQuery(`drop database if exists "${name}" with (force)`),
    };
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `lectern-${label}-`));
  if (!options.empty) await cp(await migratedTemplate(), dataDir, { recursive: true });
  return {
    env: { ...env, LECTERN_DATA_DIR: dataDir },
    open: () => openDatabase({ dataDir }),
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/**
 * A fresh database for the running test, dropped when it ends. (A hook per test rather than an
 * afterEach here: test files share this module within a worker, and would share one hook.)
 */
export async function freshCliDatabase(label: string, options: CliDatabaseOptions = {}): Promise<CliDatabase> {
  const database = await cliDatabase(label, options);
  onTestFinished(() => database.drop());
  return database;
}

/**
 * Where the child processes keep V8's compiled code (Node's module compile cache), so that each run
 * does not compile the same modules again; tsx keeps its own transpile cache in the temp directory.
 */
const COMPILE_CACHE = path.join(os.tmpdir(), 'lectern-cli-compile-cache');

export function runLectern(database: CliDatabase, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { NODE_COMPILE_CACHE: COMPILE_CACHE, ...database.env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
