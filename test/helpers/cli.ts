import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { testDatabaseKind } from './database.js';

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

/** An empty database of the test's own, which the CLI migrates on first use, as on a new installation. */
async function cliDatabase(label: string): Promise<CliDatabase> {
  const { DATABASE_URL: serverUrl, ...rest } = process.env;
  const env: NodeJS.ProcessEnv = { ...rest, LECTERN_PUBLIC_URL: CLI_PUBLIC_URL, LOG_LEVEL: 'silent' };
  if (testDatabaseKind() === 'postgres') {
    // Named like the suite's databases, so that the run's teardown drops it if a test could not.
    const name = `lectern_test_${inject('runId')}_${label}_${process.pid}_${++counter}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    return {
      env: { ...env, DATABASE_URL: url.toString() },
      open: () => openDatabase({ databaseUrl: url.toString() }),
      async drop() {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`drop database if exists "${name}" with (force)`);
        await client.end();
      },
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

export function runLectern(database: CliDatabase, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: database.env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
