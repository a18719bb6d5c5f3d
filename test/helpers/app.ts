import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import { importTalksPage, type ImportReport } from '../../src/modules/exchange/index.js';
import type { App } from '../../src/web/types.js';
import { Checkpoint } from './checkpoint.js';
import { resetDatabase, testDatabase } from './database.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-cookies-0123456789';
export const TEST_PUBLIC_URL = 'http://lectern.test';

export const SAMPLE_TEXT = readFileSync(new URL('../../samples/pybay-2016-talks.txt', import.meta.url), 'utf8');

/** Imports the bundled PyBay 2016 page as event pybay-2016. */
export function importPyBay(db: Database, content: string | Uint8Array = SAMPLE_TEXT): Promise<ImportReport> {
  return importTalksPage(db, { eventSlug: 'pybay-2016', eventName: 'PyBay 2016', content });
}

export interface TestApp {
  app: App;
  agenda: Agenda;
  db: Database;
}

/** The whole application on the worker's database, with the agenda loaded from what is there now. */
export async function buildTestApp(options: { clock?: () => Date } = {}): Promise<TestApp> {
  const { db, background } = await testDatabase();
  const agenda = new Agenda(db);
  await agenda.loadAll();
  const app = await buildApp({
    agenda,
    db,
    background,
    secret: TEST_SECRET,
    publicUrl: TEST_PUBLIC_URL,
    clock: options.clock,
  });
  await app.ready();
  return { app, agenda, db };
}

/**
 * One app per test file, on a world `build` makes once in the emptied database (importing
 * PyBay, say): before each test the database is put back from a checkpoint and the agenda
 * reloaded from it, so each test starts from the same world without paying for building it.
 * Call at a file's (or a describe's) top level; the fields are there once its beforeAll ran.
 */
export function testAppPerFile(
  build: (db: Database) => Promise<unknown>,
  /** The app's clock (see BuildAppOptions.clock); tests that judge "now" set it. */
  options: { clock?: () => Date } = {},
): TestApp {
  let current: TestApp | undefined;
  let checkpoint: Checkpoint | undefined;
  const ready = (): TestApp => {
    if (!current) throw new Error('testAppPerFile: the app is built in beforeAll, use it inside tests and hooks');
    return current;
  };
  beforeAll(async () => {
    const { db } = await testDatabase();
    await resetDatabase(db);
    await build(db);
    current = await buildTestApp(options);
    checkpoint = await Checkpoint.take(db);
  });
  beforeEach(async () => {
    await checkpoint!.restore();
    await ready().agenda.loadAll();
  });
  afterAll(async () => {
    await checkpoint?.drop();
    await current?.app.close();
  });
  return {
    get app() {
      return ready().app;
    },
    get agenda() {
      return ready().agenda;
    },
    get db() {
      return ready().db;
    },
  };
}
