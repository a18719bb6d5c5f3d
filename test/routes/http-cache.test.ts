import { brotliCompressSync, brotliDecompressSync, constants as zlib, gunzipSync, gzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { Agenda, watchProgramChanges } from '../../src/modules/agenda/index.js';
import { importTalksPage } from '../../src/modules/exchange/index.js';
import { SMALL_BODY_BYTES } from '../../src/web/http-cache.js';
import type { App } from '../../src/web/types.js';
import { testAppPerFile, importPyBay, SAMPLE_TEXT, TEST_PUBLIC_URL, TEST_SECRET } from '../helpers/app.js';
import { testDatabase } from '../helpers/database.js';
import { countingDatabase } from './count-queries.js';
import { visibleText } from './html.js';

const t = testAppPerFile(async (db) => {
  await importPyBay(db);
});
const closing: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

function get(url: string, headers: Record<string, string> = {}, app: App = t.app): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers });
}

/** Every public page and API answer that the snapshot serves, search excepted. */
const SNAPSHOT_URLS = [
  '/',
  '/pybay-2016',
  '/pybay-2016?track=all-things-web',
  '/pybay-2016?level=beginner',
  '/pybay-2016?track=dealing-with-data&level=intermediate',
  '/pybay-2016/search',
  '/pybay-2016/talks/flask-for-fun-and-profit',
  '/pybay-2016/talks/untitled-talk',
  '/pybay-2016/speakers',
  '/pybay-2016/speakers/alex-martelli',
  '/pybay-2016/tracks',
  '/pybay-2016/tracks/etc',
  '/api/events',
  '/api/events/pybay-2016/talks',
  '/api/events/pybay-2016/talks?track=security&level=beginner',
  '/api/events/pybay-2016/talks/tensorflow-on-the-web',
  '/api/events/pybay-2016/speakers',
  '/api/events/pybay-2016/tracks',
  '/api/openapi.json',
  '/sw.js',
  '/pybay-2016/manifest.webmanifest',
  '/pybay-2016/offline',
  '/api/events/pybay-2016/pages',
];

const FLASK_DESCRIPTION =
  'Learn about building small and large projects with Flask in ways you probably did not see yet.';
const CHANGED_DESCRIPTION = 'Learn to build small and large Flask projects the way a zeppelin crew would.';
const CHANGED_TEXT = SAMPLE_TEXT.replace(FLASK_DESCRIPTION, CHANGED_DESCRIPTION);

/** Waits until `check` holds, asking every 20 ms, for at most `timeout` ms. */
async function eventually(check: () => boolean | Promise<boolean>, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Pages come in two languages; the API, the service worker and the manifest in one. */
function varyOf(url: string): string {
  return url.startsWith('/api/') || url === '/sw.js' || url.endsWith('.webmanifest')
    ? 'accept-encoding'
    : 'accept-encoding, accept-language, cookie';
}

describe('conditional requests', () => {
  it('answers If-None-Match with the current ETag with a 304 and no body, on pages and the API', async () => {
    for (const url of SNAPSHOT_URLS) {
      const first = await get(url);
      const again = await get(url, { 'if-none-match': first.headers.etag as string });

      expect(again.statusCode, url).toBe(304);
      expect(again.rawPayload.length, url).toBe(0);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.headers['cache-control']).toBe(first.headers['cache-control']);
      expect(again.headers.vary).toBe(varyOf(url));
      expect(again.headers['content-encoding']).toBeUndefined();
    }
  });

  it('matches an ETag in a list, its strong form, and *', async () => {
    const first = await get('/pybay-2016');
    const etag = first.headers.etag as string;

    expect((await get('/pybay-2016', { 'if-none-match': `W/"other", ${etag}` })).statusCode).toBe(304);
    expect((await get('/pybay-2016', { 'if-none-match': etag.replace(/^W\//, '') })).statusCode).toBe(304);
    expect((await get('/pybay-2016', { 'if-none-match': '*' })).statusCode).toBe(304);
  });

  it('answers an outdated or foreign ETag with the full page', async () => {
    const first = await get('/pybay-2016/tracks');
    const other = await get('/pybay-2016/speakers');

    const response = await get('/pybay-2016/tracks', { 'if-none-match': other.headers.etag as string });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(first.body);
  });

  it('gives each page its own ETag, and the same one on every request', async () => {
    const etags = new Map<string, string>();
    for (const url of SNAPSHOT_URLS) etags.set(url, (await get(url)).headers.etag as string);
    for (const url of SNAPSHOT_URLS) expect((await get(url)).headers.etag, url).toBe(etags.get(url));

    expect(new Set(etags.values()).size).toBe(SNAPSHOT_URLS.length);
  });

  it('never answers an error with 304', async () => {
    const missing = await get('/pybay-2016/talks/nope');

    const again = await get('/pybay-2016/talks/nope', { 'if-none-match': '*' });
    expect(missing.statusCode).toBe(404);
    expect(again.statusCode).toBe(404);
    expect(again.body).toBe(missing.body);
  });
});

describe('compression', () => {
  const cases: [acceptEncoding: string | undefined, encoding: string | undefined][] = [
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['gzip, br;q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', undefined],
    ['gzip;q=0', undefined],
    ['*', 'br'],
    ['br;q=0, *', 'gzip'],
    ['*;q=0, identity', undefined],
    ['deflate', undefined],
    ['GZIP', 'gzip'],
    [undefined, undefined],
  ];

  it.each(cases)(
    'answers Accept-Encoding %j with %j, decompressing to the very same bytes',
    async (accept, encoding) => {
      for (const url of ['/pybay-2016', '/api/events/pybay-2016/talks', '/pybay-2016/search?q=python']) {
        const plain = await get(url, { 'accept-encoding': 'identity' });
        const response = await get(url, accept === undefined ? {} : { 'accept-encoding': accept });

        expect(response.statusCode).toBe(200);
        expect(response.headers['content-encoding'], url).toBe(encoding);
        expect(response.headers.vary).toBe(varyOf(url));
        expect(response.headers.etag).toBe(plain.headers.etag);
        expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
        const bytes =
          encoding === 'br'
            ? brotliDecompressSync(response.rawPayload)
            : encoding === 'gzip'
              ? gunzipSync(response.rawPayload)
              : response.rawPayload;
        expect(bytes.equals(plain.rawPayload), url).toBe(true);
        if (encoding) expect(response.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      }
    },
  );

  it('compresses a page above SMALL_BODY_BYTES off the event loop, sending each client the exact bytes it accepts', async () => {
    const agenda = new Agenda(t.db);
    await agenda.loadAll();
    const app = await buildApp({ agenda, db: t.db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });
    closing.push(() => app.close());
    const brotli = (body: Buffer, quality: number) =>
      brotliCompressSync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
      });

    // The search page is built with "fast" settings: brotli 5 rather than 7.
    for (const [url, quality] of [
      ['/pybay-2016', 7],
      ['/api/events/pybay-2016/talks', 7],
      ['/pybay-2016/search?q=data', 5],
    ] as const) {
      // Cold, and all at once: the first request builds the page, all wait for its compression.
      const [br, gzip, identity, none] = await Promise.all(
        ['br', 'gzip', 'identity', undefined].map((accept) =>
          get(url, accept === undefined ? {} : { 'accept-encoding': accept }, app),
        ),
      );

      expect(identity!.rawPayload.length, url).toBeGreaterThan(SMALL_BODY_BYTES);
      expect(
        [br, gzip, identity, none].map((r) => [r!.statusCode, r!.headers['content-encoding']]),
        url,
      ).toEqual([
        [200, 'br'],
        [200, 'gzip'],
        [200, undefined],
        [200, undefined],
      ]);
      expect(brotliDecompressSync(br!.rawPayload).equals(identity!.rawPayload), url).toBe(true);
      expect(br!.rawPayload.equals(brotli(identity!.rawPayload, quality)), url).toBe(true);
      expect(gzip!.rawPayload.equals(gzipSync(identity!.rawPayload, { level: 6 })), url).toBe(true);
      expect(none!.rawPayload.equals(identity!.rawPayload), url).toBe(true);
      expect(new Set([br, gzip, identity, none].map((r) => r!.headers.etag)).size).toBe(1);
    }
  });

  it('sends every page, API answer and error page whole to a client accepting brotli, however new the answer', async () => {
    const agenda = new Agenda(t.db);
    await agenda.loadAll();
    const app = await buildApp({ agenda, db: t.db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });
    closing.push(() => app.close());
    const errors = ['/pybay-2016/talks/nope', '/pybay-2016?track=nope', '/nowhere', '/api/events/nope/talks'];
    const large: string[] = [];

    for (const url of [...SNAPSHOT_URLS, ...errors]) {
      // Compressed first, while the answer is new: a large one's compression is under way.
      const compressed = await get(url, { 'accept-encoding': 'br' }, app);
      const plain = await get(url, { 'accept-encoding': 'identity' }, app);

      expect(compressed.statusCode, url).toBe(plain.statusCode);
      const encoding = compressed.headers['content-encoding'];
      const bytes = encoding === 'br' ? brotliDecompressSync(compressed.rawPayload) : compressed.rawPayload;
      expect(bytes.toString(), url).toBe(plain.body);
      if (plain.rawPayload.length > SMALL_BODY_BYTES) large.push(url);
    }
    // These, at least, are large enough to have waited for their compression.
    expect(large).toEqual(
      expect.arrayContaining(['/pybay-2016', '/pybay-2016/speakers', '/api/events/pybay-2016/talks']),
    );
  });

  it('sends a body too small to gain from compression as it is', async () => {
    const response = await get('/api/events', { 'accept-encoding': 'br, gzip' });

    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe(
      '{"events":[{"slug":"pybay-2016","name":"PyBay 2016","talkCount":38,"startDate":null,"endDate":null,"timezone":"UTC","venue":null,"description":"","logoUrl":null,"cfp":null}],"total":1,"next":null}',
    );
  });
});

describe('the snapshot', () => {
  /** A second agenda and app over the same data, whose every database query is recorded. */
  async function countingApp() {
    const counting = countingDatabase(t.db);
    const agenda = new Agenda(counting.db);
    await agenda.loadAll();
    // The signed-in site shares this database: its session hooks must not run for public pages.
    const app = await buildApp({ agenda, db: counting.db, secret: TEST_SECRET, publicUrl: TEST_PUBLIC_URL });
    await app.ready();
    closing.push(() => app.close());
    counting.reset();
    return { app, agenda, queries: counting.queries };
  }

  it('serves every page and API answer without a database query, however often asked', async () => {
    const { app, queries } = await countingApp();

    for (let round = 0; round < 2; round++) {
      for (const url of SNAPSHOT_URLS) {
        const response = await get(url, { 'accept-encoding': 'br' }, app);
        expect(response.statusCode, url).toBe(200);
      }
    }
    for (const url of ['/pybay-2016/talks/nope', '/pybay-2016?track=nope', '/nowhere']) {
      expect((await get(url, {}, app)).statusCode).toBeGreaterThanOrEqual(400);
    }

    expect(queries).toEqual([]);
  });

  it('asks the database once per new search, and not again for the same one', async () => {
    const { app, queries } = await countingApp();

    await get('/pybay-2016/search?q=flask', {}, app);
    expect(queries).toHaveLength(1);
    await get('/pybay-2016/search?q=%20flask%20', {}, app);
    await get('/pybay-2016/search?q=flask', { 'accept-encoding': 'gzip' }, app);
    expect(queries).toHaveLength(1);
    await get('/api/events/pybay-2016/talks?q=flask', {}, app);
    await get('/api/events/pybay-2016/talks?q=flask', {}, app);
    expect(queries).toHaveLength(2);
    await get('/pybay-2016/search?q=django', {}, app);
    expect(queries).toHaveLength(3);
  });

  it('shares one database query between simultaneous identical searches', async () => {
    const { app, queries } = await countingApp();

    const responses = await Promise.all(
      Array.from({ length: 5 }, () => get('/api/events/pybay-2016/talks?q=data%20science', {}, app)),
    );

    expect(queries).toHaveLength(1);
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
  });
});

describe('a changed program', () => {
  it('shows a re-imported change after the agenda reloads, with new ETags', async () => {
    const talkBefore = await get('/pybay-2016/talks/flask-for-fun-and-profit');
    const programBefore = await get('/pybay-2016');
    const apiBefore = await get('/api/events/pybay-2016/talks/flask-for-fun-and-profit');
    const searchBefore = await get('/api/events/pybay-2016/talks?q=zeppelin');

    const report = await importPyBay(t.db, CHANGED_TEXT);
    expect(report.changed).toBe(true);
    // Until the agenda reloads, the snapshot keeps serving what it has.
    expect((await get('/pybay-2016/talks/flask-for-fun-and-profit')).body).toBe(talkBefore.body);
    await t.agenda.reload('pybay-2016');

    const talkAfter = await get('/pybay-2016/talks/flask-for-fun-and-profit');
    const programAfter = await get('/pybay-2016');
    const apiAfter = await get('/api/events/pybay-2016/talks/flask-for-fun-and-profit');
    const searchAfter = await get('/api/events/pybay-2016/talks?q=zeppelin');

    expect(visibleText(talkBefore.body)).toContain(FLASK_DESCRIPTION);
    expect(visibleText(talkAfter.body)).toContain(CHANGED_DESCRIPTION);
    expect(visibleText(talkAfter.body)).not.toContain(FLASK_DESCRIPTION);
    expect(talkAfter.headers.etag).not.toBe(talkBefore.headers.etag);
    expect(visibleText(programAfter.body)).toContain(CHANGED_DESCRIPTION);
    expect(programAfter.headers.etag).not.toBe(programBefore.headers.etag);
    expect(apiAfter.json().description).toBe(CHANGED_DESCRIPTION);
    expect(apiAfter.headers.etag).not.toBe(apiBefore.headers.etag);
    expect(searchBefore.json().talks).toEqual([]);
    expect(searchAfter.json().talks.map((talk: { slug: string }) => talk.slug)).toEqual(['flask-for-fun-and-profit']);
    // The old copy is stale: a client holding it gets the new page.
    const revalidated = await get('/pybay-2016/talks/flask-for-fun-and-profit', {
      'if-none-match': talkBefore.headers.etag as string,
    });
    expect(revalidated.statusCode).toBe(200);
  });

  it('keeps the ETag of a page the change did not touch, so clients keep their copy', async () => {
    const before = await get('/pybay-2016/talks/the-tower-of-abstraction');

    await importPyBay(t.db, CHANGED_TEXT);
    await t.agenda.reload('pybay-2016');

    const after = await get('/pybay-2016/talks/the-tower-of-abstraction', {
      'if-none-match': before.headers.etag as string,
    });
    expect(after.statusCode).toBe(304);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await get('/pybay-2016');

    const report = await importPyBay(t.db);
    await t.agenda.reload('pybay-2016');

    expect(report.changed).toBe(false);
    expect((await get('/pybay-2016')).headers.etag).toBe(before.headers.etag);
  });

  it('reloads the agenda on the notification of a committed import, without loadAll', async () => {
    const handle = await testDatabase();
    const errors: Error[] = [];
    const stop = await watchProgramChanges(handle, t.agenda, (error) => errors.push(error));
    closing.push(stop);
    const version = t.agenda.event('pybay-2016')!.version;

    await importPyBay(t.db, CHANGED_TEXT);
    await eventually(() => t.agenda.event('pybay-2016')!.version !== version);

    const talk = t.agenda.event('pybay-2016')!.talkBySlug.get('flask-for-fun-and-profit')!;
    expect(talk.description).toBe(CHANGED_DESCRIPTION);
    expect(visibleText((await get('/pybay-2016/talks/flask-for-fun-and-profit')).body)).toContain(CHANGED_DESCRIPTION);
    expect((await get('/api/events/pybay-2016/talks/flask-for-fun-and-profit')).json().description).toBe(
      CHANGED_DESCRIPTION,
    );
    expect(errors).toEqual([]);
  });

  it('lists a new event on the notification of its first import, and loads its program when first asked for', async () => {
    const handle = await testDatabase();
    const stop = await watchProgramChanges(handle, t.agenda, (error) => {
      throw error;
    });
    closing.push(stop);

    await importTalksPage(t.db, { eventSlug: 'pybay-2017', eventName: 'PyBay 2017', content: SAMPLE_TEXT });
    await eventually(async () => (await t.agenda.events()).has('pybay-2017'));
    expect(t.agenda.event('pybay-2017')).toBeUndefined();

    expect((await get('/api/events')).json()).toEqual({
      events: [
        {
          slug: 'pybay-2016',
          name: 'PyBay 2016',
          talkCount: 38,
          startDate: null,
          endDate: null,
          timezone: 'UTC',
          venue: null,
          description: '',
          logoUrl: null,
          cfp: null,
        },
        {
          slug: 'pybay-2017',
          name: 'PyBay 2017',
          talkCount: 38,
          startDate: null,
          endDate: null,
          timezone: 'UTC',
          venue: null,
          description: '',
          logoUrl: null,
          cfp: null,
        },
      ],
      total: 2,
      next: null,
    });
    expect((await get('/pybay-2017/speakers/alex-martelli')).statusCode).toBe(200);
    expect(t.agenda.event('pybay-2017')).toBeDefined();
  });
});
