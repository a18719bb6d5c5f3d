import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, brotliDecompressSync, constants as zlib, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  buildCachedResponse,
  compressionSettings,
  ENTRY_OVERHEAD_BYTES,
  LARGE_BODY_BYTES,
  negotiateEncoding,
  ResponseCache,
  sendCached,
  SMALL_BODY_BYTES,
  type CachedResponse,
} from './http-cache.js';

function response(text: string): CachedResponse {
  return buildCachedResponse(text, { contentType: 'text/plain; charset=utf-8' });
}

function brotli(text: string, quality: number): Buffer {
  return brotliCompressSync(text, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text) },
  });
}

/** A page of at least `bytes`, of talks numbered so that it compresses like a page, not like one line repeated. */
function pageOf(bytes: number): string {
  const talks: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const talk = `<li><a href="/pybay-2016/talks/talk-${i}">Talk ${i * 7919} on ${(i * 104729).toString(36)}</a></li>`;
    talks.push(talk);
    size += talk.length;
  }
  return talks.join('');
}

/** What an entry of a small body costs the cache. */
const costOf = (text: string) => ENTRY_OVERHEAD_BYTES + Buffer.byteLength(text);

describe('buildCachedResponse', () => {
  const body = 'The program of PyBay 2016, talk after talk. '.repeat(40);

  it('compresses a body once with gzip and brotli, both decompressing to the same bytes', () => {
    for (const compression of ['best', 'fast'] as const) {
      const built = buildCachedResponse(body, { contentType: 'text/plain', compression });

      expect(gunzipSync(built.compressed.gzip!).toString()).toBe(body);
      expect(brotliDecompressSync(built.compressed.br!).toString()).toBe(body);
      expect(built.compressed.br!.length).toBeLessThan(built.identity.length / 4);
    }
  });

  it('keeps a body under 512 bytes uncompressed', () => {
    const built = response('{"events":[]}');

    expect(built.compressed).toEqual({ gzip: undefined, br: undefined, pending: undefined });
  });

  it('compresses a small body at once, brotli at quality 11 and gzip at 9; "fast" at 5 and 6', () => {
    const best = buildCachedResponse(body, { contentType: 'text/plain' });
    const fast = buildCachedResponse(body, { contentType: 'text/plain', compression: 'fast' });

    expect(best.compressed.pending).toBeUndefined();
    expect(best.compressed.br).toEqual(brotli(body, 11));
    expect(best.compressed.gzip).toEqual(gzipSync(body, { level: 9 }));
    expect(fast.compressed.br).toEqual(brotli(body, 5));
    expect(fast.compressed.gzip).toEqual(gzipSync(body, { level: 6 }));
  });

  it('chooses lower settings for larger bodies', () => {
    expect(
      [1000, SMALL_BODY_BYTES, SMALL_BODY_BYTES + 1, LARGE_BODY_BYTES, LARGE_BODY_BYTES + 1].map((bytes) =>
        compressionSettings(bytes),
      ),
    ).toEqual([
      { brotliQuality: 11, gzipLevel: 9 },
      { brotliQuality: 11, gzipLevel: 9 },
      { brotliQuality: 7, gzipLevel: 6 },
      { brotliQuality: 7, gzipLevel: 6 },
      { brotliQuality: 5, gzipLevel: 6 },
    ]);
    expect(compressionSettings(1000, 'fast')).toEqual({ brotliQuality: 5, gzipLevel: 6 });
  });

  it('compresses a larger body off the event loop: returned at once, a timer runs before the forms are made', async () => {
    const large = pageOf(SMALL_BODY_BYTES * 8);
    const order: string[] = [];

    const built = buildCachedResponse(large, { contentType: 'text/html' });
    expect(built.identity.toString()).toBe(large);
    expect([built.compressed.gzip, built.compressed.br]).toEqual([undefined, undefined]);
    const pending = built.compressed.pending!;
    await Promise.all([
      new Promise<void>((resolve) => setTimeout(() => (order.push('timer'), resolve()), 0)),
      pending.then(() => order.push('compressed')),
    ]);

    expect(order).toEqual(['timer', 'compressed']);
    expect(built.compressed.pending).toBeUndefined();
    expect(built.compressed.br).toEqual(brotli(large, 7));
    expect(built.compressed.gzip).toEqual(gzipSync(large, { level: 6 }));
  });

  it('compresses a body above a megabyte at brotli quality 5', async () => {
    const huge = pageOf(LARGE_BODY_BYTES + 1);

    const built = buildCachedResponse(huge, { contentType: 'text/html' });
    await built.compressed.pending;

    expect(brotliDecompressSync(built.compressed.br!).toString()).toBe(huge);
    expect(built.compressed.br).toEqual(brotli(huge, 5));
    expect(gunzipSync(built.compressed.gzip!).toString()).toBe(huge);
    // What the cache counts is what it holds: not a slice of a larger output chunk.
    expect(built.compressed.br!.length).toBeLessThan(LARGE_BODY_BYTES / 8);
    expect(built.compressed.br!.buffer.byteLength).toBeLessThanOrEqual(
      Math.max(Buffer.poolSize, built.compressed.br!.length),
    );
  });

  it('derives a weak ETag from the bytes alone', () => {
    expect(response(body).etag).toBe(response(body).etag);
    expect(response(body).etag).not.toBe(response(`${body}.`).etag);
    expect(response(body).etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(buildCachedResponse(body, { contentType: 'text/html', compression: 'fast' }).etag).toBe(response(body).etag);
  });
});

describe('negotiateEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.5', 'br'],
    ['gzip; q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['br;q=abc', 'identity'],
    ['compress, deflate', 'identity'],
  ] as const)('picks for %j: %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('ResponseCache', () => {
  it('builds an answer once and serves it again', () => {
    const cache = new ResponseCache();
    let builds = 0;
    const build = () => (builds++, response('a'));

    const first = cache.remember('k', build);
    const second = cache.remember('k', build);

    expect(second).toBe(first);
    expect(builds).toBe(1);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('keeps a recently used answer and drops the least recently used one beyond its bytes', () => {
    const cache = new ResponseCache({ maxBytes: 3 * costOf('a') });
    for (const key of ['a', 'b', 'c']) cache.remember(key, () => response(key));
    expect(cache.bytes).toBe(3 * costOf('a'));

    cache.remember('a', () => response('a'));
    cache.get('c');
    cache.remember('d', () => response('d'));

    expect(['a', 'b', 'c', 'd'].map((key) => cache.has(key))).toEqual([true, false, true, true]);
    expect(cache.evictions).toBe(1);
    cache.remember('e', () => response('e'));
    expect(['a', 'c', 'd', 'e'].map((key) => cache.has(key))).toEqual([false, true, true, true]);
    expect([cache.size, cache.bytes, cache.evictions]).toEqual([3, 3 * costOf('a'), 2]);
    expect([cache.hits, cache.misses]).toEqual([1, 5]);
  });

  it('drops as many cold answers as a large one needs', () => {
    const cache = new ResponseCache({ maxBytes: costOf('x'.repeat(300)), maxEntryBytes: 300 });
    for (const key of ['a', 'b', 'c']) cache.remember(key, () => response(key.repeat(10)));

    cache.remember('big', () => response('x'.repeat(300)));

    expect([cache.size, cache.bytes, cache.evictions]).toEqual([1, costOf('x'.repeat(300)), 3]);
  });

  it('serves but does not keep a body over its limit per entry, by default an eighth of its bytes', () => {
    const cache = new ResponseCache({ maxBytes: 8 * 1024 * 1024 });
    expect(cache.maxEntryBytes).toBe(1024 * 1024);
    const limited = new ResponseCache({ maxBytes: 100_000, maxEntryBytes: 25 });

    const kept = limited.remember('kept', () => response('x'.repeat(25)));
    const huge = limited.remember('huge', () => response('x'.repeat(26)));

    expect([kept.identity.length, huge.identity.length]).toEqual([25, 26]);
    expect([limited.has('kept'), limited.has('huge')]).toEqual([true, false]);
    expect([limited.size, limited.bytes, limited.evictions]).toEqual([1, costOf('x'.repeat(25)), 0]);
  });

  it('counts a body compressed off the event loop once its forms are made, evicting cold entries for them', async () => {
    const page = pageOf(SMALL_BODY_BYTES * 2);
    const built = response(page);
    const compressedBytes = await built.compressed.pending!.then(
      () => built.compressed.gzip!.length + built.compressed.br!.length,
    );
    const cache = new ResponseCache({
      maxBytes: costOf(page) + costOf('a') + compressedBytes - 1,
      maxEntryBytes: page.length,
    });
    cache.remember('a', () => response('a'));

    const large = cache.remember('large', () => response(page));
    expect([cache.bytes, cache.evictions]).toEqual([costOf('a') + costOf(page), 0]);
    await large.compressed.pending;

    expect([cache.has('a'), cache.has('large')]).toEqual([false, true]);
    expect([cache.bytes, cache.evictions]).toEqual([costOf(page) + compressedBytes, 1]);
  });

  it('does not count the compressed forms of an entry forgotten before they were made', async () => {
    const cache = new ResponseCache();
    const large = cache.remember('pybay-2016@1|program', () => response(pageOf(SMALL_BODY_BYTES * 2)));

    cache.clear('pybay-2016@');
    await large.compressed.pending;

    expect([cache.size, cache.bytes]).toEqual([0, 0]);
  });

  it('forgets the answers under a prefix, and their bytes', () => {
    const cache = new ResponseCache();
    cache.remember('pybay-2016@1|talk|x', () => response('xx'));
    cache.remember('pybay-2016@1|tracks', () => response('yy'));
    cache.remember('pybay-2017@1|tracks', () => response('zzz'));

    cache.clear('pybay-2016@');

    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(costOf('zzz'));
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('shares one build between simultaneous requests for a missing answer', async () => {
    const cache = new ResponseCache();
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return response('search');
    };

    const answers = await Promise.all([1, 2, 3].map(() => cache.rememberAsync('q', build)));

    expect(builds).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(cache.get('q')).toBe(answers[0]);
    // The two that waited for the first one's build were served without building: hits.
    expect([cache.hits, cache.misses]).toEqual([2, 1]);
  });

  it('sends but does not keep an answer built from a program replaced meanwhile', async () => {
    const cache = new ResponseCache();

    const answer = await cache.rememberAsync(
      'old@1|search|x',
      async () => response('x'),
      () => false,
    );

    expect(answer.identity.toString()).toBe('x');
    expect(cache.has('old@1|search|x')).toBe(false);
  });

  it('keeps nothing from a failed build, and builds again next time', async () => {
    const cache = new ResponseCache();

    await expect(
      cache.rememberAsync('q', async () => {
        throw new Error('database gone');
      }),
    ).rejects.toThrow('database gone');
    const answer = await cache.rememberAsync('q', async () => response('back'));

    expect(answer.identity.toString()).toBe('back');
  });
});

describe('sendCached', () => {
  /** The response the routes of `serving` send, built on their first request. */
  let response: CachedResponse | undefined;

  /** A Fastify app whose routes send `response`, built by `build` when first asked, logging warnings and errors into `logs`. */
  async function serving(build: () => CachedResponse) {
    const logs: { level: number; msg: string }[] = [];
    const app = Fastify({
      logger: { level: 'warn', stream: { write: (line: string) => void logs.push(JSON.parse(line)) } },
    });
    // In an object: a promise resolved with a promise would wait for that one.
    type Handled = { sending: Promise<void> | undefined; reply: FastifyReply; closed: Promise<unknown> };
    let handled: (sent: Handled) => void = () => {};
    const handling = new Promise<Handled>((resolve) => (handled = resolve));
    app.get('/page', (request, reply) => {
      response ??= build();
      const closed = new Promise((resolve) => request.raw.socket.once('close', resolve));
      handled({ sending: sendCached(request, reply, response), reply, closed });
    });
    app.get('/async-page', async (request, reply) => sendCached(request, reply, (response ??= build())));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    return { app, logs, handling, url: (path: string) => `http://127.0.0.1:${port}${path}` };
  }

  it('sends nothing, and fails nothing, to a client that went away while the body was being compressed', async () => {
    const page = pageOf(4 * 1024 * 1024);
    const { app, logs, handling, url } = await serving(() => buildCachedResponse(page, { contentType: 'text/html' }));
    try {
      let answered = false;
      const request = http.get(url('/page'), { headers: { 'accept-encoding': 'br' } }, () => (answered = true));
      request.on('error', () => {});
      const { sending, reply, closed } = await handling;
      expect(sending).toBeInstanceOf(Promise);

      request.destroy();
      await closed;
      expect(response!.compressed.pending, 'still compressing when the client left').toBeDefined();
      await sending;

      expect(reply.sent).toBe(false);
      expect(answered).toBe(false);
      expect(logs).toEqual([]);
      // The same response, now compressed, is sent whole to the next client, at once.
      const next = await fetch(url('/async-page'), { headers: { 'accept-encoding': 'br' } });
      expect(next.headers.get('content-encoding')).toBe('br');
      expect(await next.text()).toBe(page);
    } finally {
      await app.close();
    }
  });

  it('returns the promise to an async handler, which Fastify waits for', async () => {
    response = undefined;
    const page = pageOf(SMALL_BODY_BYTES * 4);
    const { app, logs, url } = await serving(() => buildCachedResponse(page, { contentType: 'text/html' }));
    try {
      const answers = await Promise.all(
        ['br', 'gzip', 'identity'].map((accept) =>
          fetch(url('/async-page'), { headers: { 'accept-encoding': accept } }),
        ),
      );

      expect(answers.map((answer) => answer.headers.get('content-encoding'))).toEqual(['br', 'gzip', null]);
      expect(await Promise.all(answers.map((answer) => answer.text()))).toEqual([page, page, page]);
      expect(logs).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
