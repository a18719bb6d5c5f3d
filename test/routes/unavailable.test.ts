import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyServerOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase, type Database, type DatabaseHandle, type DatabaseLimits } from '../../src/db/client.js';
import { Agenda } from '../../src/modules/agenda/index.js';
import { limitTalkSearch, searchTalks, talkSearchLimits } from '../../src/modules/program/index.js';
import { InvalidInputError } from '../../src/shared/errors.js';
import type { App } from '../../src/web/types.js';
import { importPyBay, TEST_PUBLIC_URL, TEST_SECRET, testAppPerFile } from '../helpers/app.js';
import { testDatabaseKind, testDatabaseUrl } from '../helpers/database.js';
import { createOrganiserUser, loggedIn } from '../helpers/site.js';
import { titleOf, visibleText } from './html.js';

/**
 * Busy is a 503 with Retry-After, never a 500 and never a hang: too many searches at once, no
 * free database connection, a statement cut off by statement_timeout. Each is made for real:
 * a connection held in an open transaction, a table locked, searches waiting on them.
 */

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
});

/** An error page's visible text, after checking it is one: HTML, never cached. */
function expectErrorPage(response: LightMyRequestResponse, status: number): string {
  expect([response.statusCode, response.headers['content-type'], response.headers['cache-control']]).toEqual([
    status,
    'text/html; charset=utf-8',
    'no-store',
  ]);
  if (status === 503) expect(titleOf(response.body)).toMatch(/^Busy right now · /);
  return visibleText(response.body);
}

const postgresOnly = testDatabaseKind() === 'postgres' ? it : it.skip;

/** A transaction that holds its connection (on PGlite: the one embedded connection) until released. */
async function holdConnection(db: Database, statement = sql`select 1`): Promise<() => Promise<void>> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const done = db.transaction(async (tx) => {
    await tx.execute(statement);
    holding();
    await gate;
  });
  await Promise.race([held, done]);
  return async () => {
    release();
    await done;
  };
}

/** Waits until `count` of the promises have settled (those answered at once while others wait). */
async function settled(promises: Promise<unknown>[], count: number): Promise<void> {
  let done = 0;
  for (const promise of promises) {
    promise.then(
      () => done++,
      () => done++,
    );
  }
  for (let waited = 0; done < count; waited += 10) {
    if (waited > 10_000) throw new Error(`only ${done} of ${count} answers came`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface LimitedApp {
  app: App;
  handle: DatabaseHandle;
  logs: Record<string, unknown>[];
}

const opened: { app: App; handle: DatabaseHandle }[] = [];

/** An app of its own on a second PostgreSQL handle to the worker's database, with these limits, logging to `logs`. */
async function limitedApp(limits: Partial<DatabaseLimits>): Promise<LimitedApp> {
  const handle = await openDatabase({ databaseUrl: await testDatabaseUrl(), migrate: false, limits });
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const agenda = new Agenda(handle.db);
  await agenda.loadAll();
  const logger: FastifyServerOptions['logger'] = { level: 'info', stream };
  const app = await buildApp({ agenda, db: handle.db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL, logger });
  await app.ready();
  opened.push({ app, handle });
  return { app, handle, logs };
}

const defaults = talkSearchLimits();
afterEach(async () => {
  limitTalkSearch(defaults);
  for (const { app, handle } of opened.splice(0)) {
    await app.close();
    await handle.close();
  }
});

describe('the search limit', () => {
  it('answers searches beyond the running one and its queue 503 with Retry-After: 2, as JSON and as a page', async () => {
    limitTalkSearch({ maxConcurrent: 1, maxQueued: 0 });
    // On PGlite the file's app shares the one embedded connection held here; on PostgreSQL an
    // app of its own has a pool of one, held here, and waits for it as long as it takes.
    const { app, db, logs } =
      testDatabaseKind() === 'postgres'
        ? await limitedApp({ poolMax: 1, connectTimeoutMs: 20_000 }).then(({ app, handle, logs }) => ({
            app,
            db: handle.db,
            logs,
          }))
        : { app: t.app, db: t.db, logs: undefined };

    for (const path of ['/api/events/pybay-2016/talks', '/pybay-2016/search']) {
      const release = await holdConnection(db);
      // Different words each, so that the response cache cannot share one search between them.
      const answers = ['flask', 'django', 'python'].map((q) => app.inject({ url: `${path}?q=${q}` }));
      await settled(answers, 2);
      await release();
      const responses = await Promise.all(answers);

      expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 503, 503]);
      for (const refused of responses.filter((r) => r.statusCode === 503)) {
        expect([refused.headers['retry-after'], refused.headers['cache-control']]).toEqual(['2', 'no-store']);
        const message = 'Search is busy: too many searches at once. Please try again in a few seconds.';
        if (path.startsWith('/api')) {
          expect(refused.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message });
        } else {
          expect(expectErrorPage(refused, 503)).toContain(message);
        }
      }
    }
    if (logs) {
      expect(logs.map((line) => [line.level, line.msg, line.reason, line.retryAfter])).toEqual(
        Array(4).fill([40, 'answered 503: busy', 'search limit', 2]),
      );
    }
  });

  it('refuses a query longer than 200 characters as input naming q, before it reaches the database', async () => {
    const program = t.agenda.event('pybay-2016')!;

    const refused = searchTalks(t.db, program.id, 'a'.repeat(201));

    await expect(refused).rejects.toThrow(new InvalidInputError('must be at most 200 characters (it has 201)', 'q'));
    await expect(refused).rejects.toMatchObject({ field: 'q' });
    expect(await searchTalks(t.db, program.id, 'a'.repeat(200))).toEqual([]);
  });

  it('answers the interest ballot page a search longer than 200 characters with a 400 naming q', async () => {
    const response = await t.app.inject({ url: `/pybay-2016/interest?q=${'a'.repeat(201)}` });

    expect(expectErrorPage(response, 400)).toContain('query parameter "q" must NOT have more than 200 characters');
  });
});

describe('an exhausted pool', () => {
  postgresOnly(
    'answers requests that wait longer than LECTERN_DB_CONNECT_TIMEOUT_MS 503 with Retry-After: 5, logged once each as a warning',
    async () => {
      const { app, handle, logs } = await limitedApp({ poolMax: 1, connectTimeoutMs: 1000 });
      await createOrganiserUser(t.db, 'pybay-2016');
      const organiser = await loggedIn(app, 'orga@example.com');
      logs.length = 0;

      const release = await holdConnection(handle.db);
      let responses;
      try {
        responses = [
          await app.inject({ url: '/api/events/pybay-2016/talks?q=flask' }),
          await app.inject({ url: '/pybay-2016/search?q=flask' }),
          // The back office: the session is looked up in the database before the page is built.
          await organiser.get('/orga/pybay-2016'),
        ];
      } finally {
        await release();
      }

      const message = 'Lectern is busy: no database connection came free in time. Please try again in a few seconds.';
      expect(responses.map((r) => [r.statusCode, r.headers['retry-after']])).toEqual([
        [503, '5'],
        [503, '5'],
        [503, '5'],
      ]);
      expect(responses[0]!.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message });
      expect(expectErrorPage(responses[1]!, 503)).toContain(message);
      expect(expectErrorPage(responses[2]!, 503)).toContain(message);
      // One warning per request, naming what was busy; no error, and neither query nor parameters.
      expect(logs.map((line) => [line.level, line.msg, line.reason, line.route])).toEqual([
        [40, 'answered 503: busy', 'no free connection', '/api/events/:event/talks'],
        [40, 'answered 503: busy', 'no free connection', '/:event/search'],
        [40, 'answered 503: busy', 'no free connection', '/orga/:event'],
      ]);
      expect(JSON.stringify(logs)).not.toMatch(/select|flask|lectern_session/i);

      // Once the connection is free again, the same requests are answered.
      expect((await app.inject({ url: '/api/events/pybay-2016/talks?q=flask' })).statusCode).toBe(200);
      expect((await organiser.get('/orga/pybay-2016')).statusCode).toBe(200);
    },
  );
});

describe('statement_timeout', () => {
  postgresOnly(
    'answers a request whose statement runs past LECTERN_STATEMENT_TIMEOUT_MS 503 with Retry-After: 10',
    async () => {
      const { app, logs } = await limitedApp({ statementTimeoutMs: 1000 });
      // Another connection locks the talks: the search waits for the lock until its statement runs out of time.
      const release = await holdConnection(t.db, sql`lock table talks in access exclusive mode`);
      let response;
      const started = performance.now();
      try {
        response = await app.inject({ url: '/api/events/pybay-2016/talks?q=flask' });
      } finally {
        await release();
      }

      expect([response.statusCode, response.headers['retry-after']]).toEqual([503, '10']);
      expect(response.json()).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'This took the database too long, and it stopped. Please try again in a moment.',
      });
      expect(performance.now() - started).toBeLessThan(5000);
      expect(logs.map((line) => [line.level, line.reason])).toEqual([[40, 'statement timeout']]);
    },
  );
});
