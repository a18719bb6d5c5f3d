import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { testDatabase, testDatabaseKind } from './database.js';

/**
 * The `lectern` command, checked by its exit code and output, run two ways:
 * - `spawnLectern`: as people run it, a child process (bin/lectern.js) with its own environment on
 *   a database of its own (an embedded one in a temporary directory, or a fresh PostgreSQL
 *   database), which it opens as configured. A run costs seconds (the process loads the app
 *   through tsx, then opens the database), so the suites keep it for what only a process shows:
 *   a new installation's first run, the lock between two processes, the binary itself;
 * - `runLectern`: the same `runCli` in this process, with its output collected, on the worker's
 *   test database (`sharedCliDatabase`, emptied before each test like every test's) or on a
 *   database of its own, opened as configured.
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'lectern.js');
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
  /** An open database that runs in this process work on, instead of opening the configured one. */
  handle?: DatabaseHandle;
}

let counter = 0;

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

/** The environment a run gets: the test's own, without its database, with the public address the tests expect. */
function cliEnvironment(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _serverUrl, LECTERN_DATA_DIR: _dataDir, ...environment } = process.env;
  return { ...environment, LECTERN_PUBLIC_URL: CLI_PUBLIC_URL, LOG_LEVEL: 'silent' };
}

/**
 * The worker's test database, for runs in this process (`runLectern`): emptied before each test
 * by the setup file, like every other test's; the CLI's closing it at the end of a run does nothing.
 */
export async function sharedCliDatabase(): Promise<CliDatabase> {
  const shared = await testDatabase();
  const borrowed: DatabaseHandle = { ...shared, close: async () => {} };
  return { env: cliEnvironment(), open: async () => borrowed, drop: async () => {}, handle: borrowed };
}

/**
 * An empty database of the test's own, which the CLI creates and migrates on first use, as on a
 * new installation: a new PostgreSQL database, or a new directory for the embedded one.
 */
async function cliDatabase(label: string): Promise<CliDatabase> {
  const env = cliEnvironment();
  if (testDatabaseKind() === 'postgres') {
    // Named like the suite's databases, so that the run's teardown drops it if a test could not.
    const name = `lectern_test_${inject('runId')}_${label}_${process.pid}_${++counter}`;
    await adminQuery(`create database "${name}"`);
    const url = databaseUrl(name);
    return {
      env: { ...env, DATABASE_URL: url },
      open: () => openDatabase({ databaseUrl: url }),
      drop: () => adminQuery(`drop database if exists "${name}" with (force)`),
    };
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `lectern-${label}-`));
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
export async function freshCliDatabase(label: string): Promise<CliDatabase> {
  const database = await cliDatabase(label);
  onTestFinished(() => database.drop());
  return database;
}

/**
 * Where the child processes keep V8's compiled code (Node's module compile cache), so that each run
 * does not compile the same modules again; tsx keeps its own transpile cache in the temp directory.
 */
const COMPILE_CACHE = path.join(os.tmpdir(), 'lectern-cli-compile-cache');

/** `lectern ARGS` run in this process, on `database` (see `CliDatabase.handle`), from the repository root. */
export async function runLectern(database: CliDatabase, args: string[]): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const handle = database.handle;
  const code = await runCli(args, {
    env: database.env,
    cwd: ROOT,
    stdout: { write: (text: string) => stdout.push(text), isTTY: false },
    stderr: { write: (text: string) => stderr.push(text), isTTY: false },
    ...(handle ? { openDatabase: async () => handle } : {}),
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** `lectern ARGS` as people run it: a child process of bin/lectern.js, from the repository root. */
export function spawnLectern(database: CliDatabase, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: ROOT,
        env: { NODE_COMPILE_CACHE: COMPILE_CACHE, ...database.env },
        // A new installation's first run creates and migrates its database: seconds, more on a busy machine.
        timeout: 150_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
