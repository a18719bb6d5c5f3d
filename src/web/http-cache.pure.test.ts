import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildCachedResponse, negotiateEncoding, ResponseCache, type CachedResponse } from './http-cache.js';

function response(text: string): CachedResponse {
  return buildCachedResponse(text, { contentType: 'text/plain; charset=utf-8' });
}

describe('buildCachedResponse', () => {
  const body = 'The program of PyBay 2016, talk after talk. '.repeat(40);

  it('compresses a body once with gzip and brotli, both decompressing to the same bytes', () => {
    for (const compression of ['best', 'fast'] as const) {
      const built = buildCachedResponse(body, { contentType: 'text/plain', compression });

      expect(gunzipSync(built.gzip!).toString()).toBe(body);
      expect(brotliDecompressSync(built.br!).toString()).toBe(body);
      expect(built.br!.length).toBeLessThan(built.identity.length / 4);
    }
  });

  it('keeps a body under 512 bytes uncompressed', () => {
    const built = response('{"events":[]}');

    expect(built.gzip).toBeUndefined();
    expect(built.br).toBeUndefined();
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

  it('drops the oldest answers beyond its number of entries', () => {
    const cache = new ResponseCache(2);
    cache.remember('a', () => response('a'));
    cache.remember('b', () => response('b'));
    cache.remember('c', () => response('c'));

    expect([cache.get('a'), cache.get('b') !== undefined, cache.get('c') !== undefined]).toEqual([
      undefined,
      true,
      true,
    ]);
    expect(cache.size).toBe(2);
  });

  it('drops the oldest answers beyond its bytes, and keeps none larger than all of them', () => {
    const cache = new ResponseCache(100, 25);
    cache.remember('a', () => response('0123456789'));
    cache.remember('b', () => response('0123456789'));
    expect(cache.bytes).toBe(20);

    cache.remember('c', () => response('0123456789'));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(20);

    const huge = cache.remember('d', () => response('x'.repeat(26)));
    expect(huge.identity.length).toBe(26);
    expect(cache.get('d')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('forgets the answers under a prefix, and their bytes', () => {
    const cache = new ResponseCache();
    cache.remember('pybay-2016@1|talk|x', () => response('xx'));
    cache.remember('pybay-2016@1|tracks', () => response('yy'));
    cache.remember('pybay-2017@1|tracks', () => response('zzz'));

    cache.clear('pybay-2016@');

    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(3);
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
    expect(cache.get('old@1|search|x')).toBeUndefined();
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
