/**
 * Times `lectern import schedule-json` of a big generated file on PostgreSQL and counts what it
 * wrote: `DATABASE_URL=postgres://… npx tsx bench/import/run.ts [TALKS]` (20,000 by default).
 * Works on a database of its own (lectern_import_bench, dropped and created again), imports the
 * file into a new event, then the same file again (nothing to change), and prints for each run
 * the time, the statements sent and the talks table's row counters (pg_stat_user_tables:
 * n_tup_ins, n_tup_upd), read once the run's statistics are flushed.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { runCli } from '../../src/cli/main.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { DEFAULT_TALKS, generateScheduleJson } from './generate-schedule-json.js';

const DATABASE = 'lectern_import_bench';

interface TableCounters {
  inserted: number;
  updated: number;
  hotUpdated: number;
}

async function admin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function talkCounters(url: string): Promise<TableCounters> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ ins: string; upd: string; hot: string }>(
      `select n_tup_ins as ins, n_tup_upd as upd, n_tup_hot_upd as hot from pg_stat_user_tables where relname = 'talks'`,
    );
    const row = rows[0]!;
    return { inserted: Number(row.ins), updated: Number(row.upd), hotUpdated: Number(row.hot) };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL names the PostgreSQL server to use');
  const talks = process.argv[2] === undefined ? DEFAULT_TALKS : Number(process.argv[2]);
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE}`;
  await admin(serverUrl, `drop database if exists ${DATABASE} with (force)`);
  await admin(serverUrl, `create database ${DATABASE}`);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-import-bench-'));
  const file = path.join(dir, `schedule-${talks}.json`);
  await writeFile(file, generateScheduleJson(talks));

  const handle = await openDatabase({ databaseUrl: url.toString() });
  const statements: string[] = [];
  const client = (handle.db as unknown as { $client: pg.Pool }).$client;
  const counting = drizzle({ client, schema, logger: { logQuery: (query) => void statements.push(query) } });
  const borrowed = { ...handle, db: counting as unknown as Database, close: async () => {} };
  try {
    for (const run of ['new event', 'same file again']) {
      const before = await talkCounters(url.toString());
      statements.splice(0);
      const stdout: string[] = [];
      const started = performance.now();
      const code = await runCli(['import', 'schedule-json', file, '--event', 'bench'], {
        env: { ...process.env, DATABASE_URL: url.toString() },
        cwd: process.cwd(),
        stdout: { write: (text: string) => stdout.push(text) },
        stderr: process.stderr,
        openDatabase: async () => borrowed,
      });
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) throw new Error(`the import failed (${code}):\n${stdout.join('')}`);
      // Give the backends' statistics their flush (at most a second in PostgreSQL 15).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const after = await talkCounters(url.toString());
      const talkStatements = statements.filter((s) => /\b(insert into|update) "?talks"?\s/i.test(s)).length;
      process.stdout.write(
        `${run}: ${seconds.toFixed(1)} s, ${statements.length} statements (${talkStatements} inserting or updating talks); ` +
          `talks rows inserted ${after.inserted - before.inserted}, updated ${after.updated - before.updated}` +
          ` (HOT ${after.hotUpdated - before.hotUpdated})\n`,
      );
      const report = stdout.join('').trimEnd().split('\n');
      process.stdout.write(`${report.join('\n')}\n`);
    }
  } finally {
    await handle.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
