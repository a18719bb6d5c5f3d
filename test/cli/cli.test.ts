import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { lockDataDirectory } from '../../src/db/lock.js';
import { parseTalksPage } from '../../src/modules/exchange/index.js';
import { dumpDatabase } from '../fixtures/database-dump.js';
import { SEED_TEXT, seedWith } from '../fixtures/talks-page.js';
import {
  freshCliDatabase,
  ROOT,
  runLectern,
  sharedCliDatabase,
  spawnLectern,
  type CliDatabase,
  type Run,
} from '../helpers/cli.js';
import { holdResets, resetDatabase, testDatabaseKind } from '../helpers/database.js';

/**
 * `lectern import talks-page` and the usage: `runCli` in this process on the worker's test
 * database (PGlite or PostgreSQL), and the binary as a child process where only a process shows
 * the behaviour (the lock between two processes, `npx lectern`). See test/helpers/cli.ts.
 */

const SEED = 'samples/pybay-2016-talks.txt';
const onPostgres = testDatabaseKind() === 'postgres';
const CLI_TIMEOUT = 120_000;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let workDir: string;
let database: CliDatabase;

function lectern(...args: string[]): Promise<Run> {
  return runLectern(database, args);
}

/** The database the runs in this process work on. */
async function withCliDatabase<T>(use: (db: Database) => Promise<T>): Promise<T> {
  return use(database.handle!.db);
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'lectern-cli-'));
  database = await sharedCliDatabase();
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const allSeedWarnings = parseTalksPage(SEED_TEXT).warnings.map((w) => `  line ${w.line}: ${w.message}`);
// Nine are of one kind (link text whose address was stripped): the report shows five and counts the rest.
const linkTexts = allSeedWarnings.filter((line) => line.includes(': link text whose address was stripped: '));
const seedWarnings = allSeedWarnings
  .filter((line) => !linkTexts.slice(5).includes(line))
  .flatMap((line) => (line === linkTexts[4] ? [line, '  … and 4 more like this'] : [line]));

// The runs below build on each other: one database, imported into, then refused.
describe.sequential(`lectern import talks-page on ${onPostgres ? 'PostgreSQL' : 'an embedded database'}`, () => {
  // Each test builds on the one before: the database is emptied once, before the first.
  beforeAll(async () => {
    await resetDatabase(database.handle!.db);
    holdResets(true);
  });
  afterAll(() => holdResets(false));

  it(
    'imports the PyBay page, printing the counts, the talk needing attention and its warnings with their lines, five of a kind',
    async () => {
      const result = await lectern('import', 'talks-page', SEED, '--event', 'pybay-2016', '--name', 'PyBay 2016');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(linkTexts).toHaveLength(9);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines.slice(0, -1)).toEqual([
        `Imported ${SEED} into event "PyBay 2016" (pybay-2016), a new event.`,
        '  tracks:   8 (8 new)',
        '  levels:   3',
        '  talks:    38 (38 new)',
        '  speakers: 38 (38 new)',
        'Talks needing attention (1):',
        '  line 484: "Untitled talk": missing title, missing speakers',
        'Warnings (16):',
        ...seedWarnings,
      ]);
      expect(lines).toContain(
        '  line 484: talk with no title (track "Fundamentals"): imported as "Untitled talk" and marked as needing attention',
      );
      expect(lines).toContain(
        '  line 105: description of "Interactive Data Visualization Applications for the Browser with Bokeh": link text whose address was stripped: "Bokeh ("',
      );
      expect(lines.at(-1)).toMatch(/^Done in \d+ ms\.$/);
      const counts = await withCliDatabase(async (db) => {
        const result = await db.execute(
          sql`select (select count(*) from talks)::int as talks, (select count(*) from speakers)::int as speakers`,
        );
        return (result as unknown as { rows: unknown[] }).rows[0];
      });
      expect(counts).toEqual({ talks: 38, speakers: 38 });
    },
    CLI_TIMEOUT,
  );

  it(
    'says that nothing changed when the same file is imported again',
    async () => {
      const result = await lectern('import', 'talks-page', SEED, '--event', 'pybay-2016');
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(result.stdout.split('\n').slice(0, 6)).toEqual([
        `Imported ${SEED} into event "PyBay 2016" (pybay-2016).`,
        'Nothing changed: the event already matches this file.',
        '  tracks:   8',
        '  levels:   3',
        '  talks:    38',
        '  speakers: 38',
      ]);
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses a bad file with exit code 1 and "line N: ..." on stderr, importing nothing',
    async () => {
      const badFile = path.join(workDir, 'bad-level.txt');
      writeFileSync(badFile, seedWith({ 22: 'All things Web, Expert', 24: 'Description: Flask, again.' }));
      const before = await withCliDatabase(dumpDatabase);
      const result = await lectern('import', 'talks-page', badFile, '--event', 'pybay-2016');
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr:
          `lectern: cannot import ${path.relative(ROOT, badFile)}: line 22: "All things Web, Expert" looks like a talk's ` +
          '"Track, Level" line, but "Expert" is not a level; use Beginner, Intermediate or Advanced\nNothing was imported.\n',
      });
      expect(await withCliDatabase(dumpDatabase)).toEqual(before);
    },
    CLI_TIMEOUT,
  );

  it('exits 1 naming a file it cannot read', async () => {
    const result = await lectern('import', 'talks-page', 'no-such-page.txt', '--event', 'pybay-2016');
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'lectern: cannot read no-such-page.txt: no such file\n' });
  });

  it.skipIf(onPostgres)(
    'exits 1 with a clear message while another Lectern process holds the embedded database',
    async () => {
      // Two processes: this one holds the lock, a child process of the binary meets it.
      const ownDatabase = await freshCliDatabase('cli-lock');
      const dataDir = ownDatabase.env.LECTERN_DATA_DIR!;
      const release = lockDataDirectory(dataDir);
      try {
        const result = await spawnLectern(ownDatabase, ['import', 'talks-page', SEED, '--event', 'pybay-2016']);
        expect([result.code, result.stdout]).toEqual([1, '']);
        expect(result.stderr).toMatch(
          new RegExp(
            `^lectern: The embedded database in ${escapeRegExp(dataDir)} is in use by another Lectern process ` +
              `\\(pid ${process.pid} on ${escapeRegExp(os.hostname())}, since [0-9T:.Z-]+\\)\\. Only one process may open it: ` +
              'stop that process first \\(a running server holds it; stop it before running the CLI\\), ' +
              'or use PostgreSQL by setting DATABASE_URL\\.\\n$',
          ),
        );
      } finally {
        release();
      }
    },
    CLI_TIMEOUT,
  );
});

// Arguments are checked before any database is opened: once is enough, on the pglite project.
describe.skipIf(onPostgres)('lectern usage', () => {
  const usage = 'Usage: lectern <command> [options]\n';

  it('exits 2 with the usage when --event is missing', async () => {
    const result = await lectern('import', 'talks-page', SEED);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr.startsWith(`lectern: import talks-page needs --event SLUG\n\n${usage}`)).toBe(true);
  });

  it(
    'exits 2 with the usage for an unknown command, an unknown option or no command',
    async () => {
      for (const [args, message] of [
        [['publish'], 'unknown command "publish"'],
        [['import', 'pentabarf', SEED], 'unknown import format "pentabarf"; known: talks-page, frab, schedule-json'],
        [['import', 'talks-page', SEED, '--event', 'x', '--force'], "Unknown option '--force'"],
        [[], 'a command is needed'],
      ] as const) {
        const result = await lectern(...args);
        expect([result.code, result.stdout]).toEqual([2, '']);
        expect(result.stderr.startsWith(`lectern: ${message}`)).toBe(true);
        expect(result.stderr).toContain(usage);
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'exits 2 naming an invalid or reserved event slug, before opening any database',
    async () => {
      for (const [slug, problem] of [
        [
          'PyBay 2016',
          'is not a valid slug: use 1 to 60 lowercase letters, digits and single hyphens, like "pybay-2016"',
        ],
        ['orga', 'is reserved by Lectern; choose another slug'],
        ['api', 'is reserved by Lectern; choose another slug'],
      ] as const) {
        const result = await lectern('import', 'talks-page', SEED, '--event', slug);
        expect(result).toEqual({
          code: 2,
          stdout: '',
          stderr: `lectern: --event: "${slug}" ${problem}\nRun "lectern --help" for usage.\n`,
        });
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'prints the help and exits 0',
    async () => {
      for (const args of [['--help'], ['-h'], ['import', 'talks-page', '--help']]) {
        const result = await lectern(...args);
        expect([result.code, result.stderr]).toEqual([0, '']);
        expect(result.stdout.startsWith(usage)).toBe(true);
        expect(result.stdout).toContain('import talks-page FILE --event SLUG [--name NAME]');
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'runs as `npx lectern` from the repository root',
    async () => {
      // --no: never fetch a package named lectern from the registry; this one must resolve.
      const result = await run('npx', ['--no', '--', 'lectern', '--help'], {});
      expect(result.code).toBe(0);
      expect(result.stdout.startsWith(usage)).toBe(true);
    },
    CLI_TIMEOUT,
  );
});
