import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { outbox, reviews, speakerPhotos, talks } from '../../src/db/schema.js';
import { dumpDatabase } from '../fixtures/database-dump.js';
import { importPyBay } from '../helpers/app.js';
import {
  freshCliDatabase,
  runLectern as lectern,
  sharedCliDatabase,
  spawnLectern,
  type CliDatabase,
} from '../helpers/cli.js';
import { testDatabaseKind } from '../helpers/database.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { createUser } from '../helpers/site.js';

/**
 * `lectern backup FILE` and `lectern restore FILE`: a lossless round trip of the whole database,
 * on the worker's test database (PGlite or PostgreSQL, by project), run in this process.
 */

/** Every byte value once, and a long run: what an image's bytes look like to the database. */
const PHOTO = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.alloc(4096, 0xff)]);

let directory: string;
let database: CliDatabase;
let db: Database;

beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'lectern-backup-'));
  database = await sharedCliDatabase();
  db = database.handle!.db;
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** PyBay with a release, an account with a review, a speaker photo, a draft and a pending mail. */
async function richDatabase(): Promise<void> {
  await importPyBay(db);
  await scheduleAndRelease(db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], lunch: true });
  const reviewer = await createUser(db, { email: 'reviewer@example.com', name: 'Ré Viewer "quoted" \\ back' });
  const [talk] = await db.select().from(talks).limit(1);
  await db.insert(reviews).values({ talkId: talk!.id, userId: reviewer.id, score: 2, comment: 'Line one\nline two ✓' });
  await db.insert(speakerPhotos).values({
    userId: reviewer.id,
    hash: '0123456789abcdef',
    contentType: 'image/webp',
    width: 64,
    height: 64,
    bytes: PHOTO,
  });
  await db.insert(outbox).values([
    { recipient: 'a@example.com', subject: 'Draft', body: 'Hello', messageId: '<1@lectern>', status: 'draft' },
    {
      recipient: 'b@example.com',
      subject: 'Pending',
      body: 'Hi',
      messageId: '<2@lectern>',
      nextAttemptAt: new Date('2026-01-02T03:04:05.678Z'),
    },
  ]);
}

async function emptyDatabase(): Promise<void> {
  const tables = await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`);
  const names = (tables as unknown as { rows: { tablename: string }[] }).rows.map((r) => `public."${r.tablename}"`);
  await db.execute(sql.raw(`truncate ${names.join(', ')} restart identity`));
}

async function nextUserId(): Promise<number> {
  const result = await db.execute(sql`select last_value, is_called from users_id_seq`);
  const [row] = (result as unknown as { rows: { last_value: string | number; is_called: boolean }[] }).rows;
  return Number(row!.last_value) + (row!.is_called ? 1 : 0);
}

/** Rewrites a backup's lines (parsed) into a new file. */
async function rewritten(file: string, change: (lines: unknown[]) => unknown[]): Promise<string> {
  const lines = gunzipSync(await readFile(file))
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
  const target = path.join(directory, `changed-${Math.random().toString(36).slice(2)}.jsonl.gz`);
  await writeFile(
    target,
    gzipSync(
      `${change(lines)
        .map((line) => JSON.stringify(line))
        .join('\n')}\n`,
    ),
  );
  return target;
}

async function backUp(): Promise<string> {
  const file = path.join(directory, 'lectern.backup.gz');
  const result = await lectern(database, ['backup', file]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return file;
}

describe('lectern backup and restore', () => {
  it('round-trips the whole database losslessly into an emptied one, and new rows get fresh ids', async () => {
    await richDatabase();
    const before = await dumpDatabase(db);
    const nextId = await nextUserId();
    const file = await backUp();

    await emptyDatabase();
    const result = await lectern(database, ['restore', file]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = Object.values(before).reduce((sum, table) => sum + table.length, 0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Restored ${rows} rows of ${Object.keys(before).length} tables, \\d+\\.\\d KiB, in \\d+ ms\\.\\nFrom .*lectern\\.backup\\.gz\\.\\n$`,
      ),
    );
    expect(await dumpDatabase(db)).toEqual(before);
    const [photo] = await db.select().from(speakerPhotos);
    expect(Buffer.from(photo!.bytes).equals(PHOTO)).toBe(true);

    const added = await createUser(db, { email: 'after@example.com' });
    expect(added.id).toBe(nextId);
  });

  it('says what it wrote, and refuses to overwrite a file', async () => {
    await richDatabase();
    const before = await dumpDatabase(db);
    const rows = Object.values(before).reduce((sum, table) => sum + table.length, 0);
    const file = path.join(directory, 'lectern.backup.gz');

    const written = await lectern(database, ['backup', file]);
    expect(written.stdout).toMatch(
      new RegExp(
        `^Backed up ${rows} rows of ${Object.keys(before).length} tables, \\d+\\.\\d KiB, in \\d+ ms\\.\\nWrote .*lectern\\.backup\\.gz\\.\\n$`,
      ),
    );
    const again = await lectern(database, ['backup', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^lectern: cannot write .*lectern\.backup\.gz: it exists already; name a new file\n$/);
  });

  it('refuses a database that holds rows unless --force, which replaces them', async () => {
    await richDatabase();
    const before = await dumpDatabase(db);
    const file = await backUp();
    await createUser(db, { email: 'later@example.com' });
    const changed = await dumpDatabase(db);

    const refused = await lectern(database, ['restore', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^lectern: cannot restore .*: the database is not empty \(\d+ tables hold rows, such as [a-z_, ]+\); restore into a new database, or pass --force to replace everything in it\.\nNothing was restored\.\n$/,
    );
    expect(await dumpDatabase(db)).toEqual(changed);

    const forced = await lectern(database, ['restore', file, '--force']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('refuses a backup of other migrations, and writes nothing', async () => {
    await richDatabase();
    const file = await backUp();
    const other = await rewritten(file, ([header, ...rest]) => [
      {
        ...(header as { migrations: string[] }),
        migrations: (header as { migrations: string[] }).migrations.slice(0, -1),
      },
      ...rest,
    ]);
    await emptyDatabase();

    const result = await lectern(database, ['restore', other, '--force']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^lectern: cannot restore .*: its database had (\d+) migrations applied and this one has (\d+): back up and restore with the same version of Lectern\.\nNothing was restored\.\n$/,
    );
    expect(Object.values(await dumpDatabase(db)).flat()).toEqual([]);
  });

  it('refuses a damaged file and leaves the database as it was, even with --force', async () => {
    await richDatabase();
    const before = await dumpDatabase(db);
    const file = await backUp();
    const bytes = await readFile(file);
    const cut = path.join(directory, 'cut.gz');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const noEnd = await rewritten(file, (lines) => lines.slice(0, -1));
    const badRow = await rewritten(file, (lines) =>
      lines.map((line) => {
        const row = (line as { row?: Record<string, unknown> }).row;
        return row && 'score' in row && 'comment' in row ? { row: { ...row, user_id: 999_999 } } : line;
      }),
    );
    const notGzip = path.join(directory, 'plain.txt');
    await writeFile(notGzip, 'hello');

    const expectations: [string, RegExp][] = [
      [cut, /: it is not a readable gzip file \(.+\)\.\n/],
      [noEnd, /: it ends early \(no end line\): the file is cut off\.\n/],
      [
        badRow,
        /: the database refused it: insert or update on table "reviews" violates foreign key constraint "reviews_user_id_users_id_fk"\.\n/,
      ],
      [notGzip, /: it is not a readable gzip file \(.+\)\.\n/],
    ];
    for (const [damaged, message] of expectations) {
      const result = await lectern(database, ['restore', damaged, '--force']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^lectern: cannot restore /);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/Nothing was restored\.\n$/);
      expect(await dumpDatabase(db)).toEqual(before);
    }
  });

  it('needs exactly one FILE (exit 2, with the usage)', async () => {
    for (const [args, message] of [
      [['backup'], 'backup needs exactly one FILE'],
      [['restore', 'a.gz', 'b.gz'], 'restore needs exactly one FILE'],
    ] as const) {
      const result = await lectern(database, [...args]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.startsWith(`lectern: ${message}\n\nUsage: lectern <command>`)).toBe(true);
      expect(result.stderr).toContain('restore FILE [--force]');
    }
  });

  it('says a missing file is missing', async () => {
    const result = await lectern(database, ['restore', path.join(directory, 'none.gz')]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^lectern: cannot read .*none\.gz: no such file\n$/),
    });
  });

  it('writes rows a page at a time: a table of more rows than a page comes back whole', async () => {
    await richDatabase();
    const [row] = (
      (await db.execute(sql`select count(*)::int as count from search_words`)) as unknown as {
        rows: { count: number }[];
      }
    ).rows;
    expect(row!.count).toBeGreaterThan(500);
    const before = await dumpDatabase(db);
    const file = await backUp();
    const result = await lectern(database, ['restore', file, '--force']);
    expect(result.code).toBe(0);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it.runIf(testDatabaseKind() === 'postgres')(
    'moves a database from PostgreSQL to the embedded one and back, losslessly',
    async () => {
      await richDatabase();
      const before = await dumpDatabase(db);
      const file = await backUp();
      const embedded = await openDatabase({});
      try {
        const other: CliDatabase = { ...database, handle: { ...embedded, close: async () => {} } };
        const into = await lectern(other, ['restore', file]);
        expect(into.stderr).toBe('');
        expect(into.code).toBe(0);
        expect(await dumpDatabase(embedded.db)).toEqual(before);
        const back = path.join(directory, 'from-embedded.gz');
        expect((await lectern(other, ['backup', back])).code).toBe(0);
        await emptyDatabase();
        const result = await lectern(database, ['restore', back]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(await dumpDatabase(db)).toEqual(before);
      } finally {
        await embedded.close();
      }
    },
  );

  it('works as the binary, from one new installation into another', async () => {
    const source = await freshCliDatabase('backup-from');
    const target = await freshCliDatabase('backup-into');
    const file = path.join(directory, 'new.gz');

    const written = await spawnLectern(source, ['backup', file]);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    const restored = await spawnLectern(target, ['restore', file]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Restored \d+ rows of \d+ tables, /);
  }, 300_000);
});
