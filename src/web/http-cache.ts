import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A response built once and served many times: its body already compressed with gzip and
 * brotli, its validator computed, its headers fixed. Public pages and the public API are
 * answered from these, so a request costs a lookup and a write, not a render.
 */
export interface CachedResponse {
  statusCode: number;
  etag: string;
  headers: Record<string, string>;
  identity: Buffer;
  gzip: Buffer | undefined;
  br: Buffer | undefined;
  /** Header sets fixed in advance, so that serving costs one assignment, not one per header. */
  gzipHeaders: Record<string, string>;
  brHeaders: Record<string, string>;
  notModifiedHeaders: Record<string, string>;
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** Below this, compression costs more than it saves. */
const MIN_COMPRESS_BYTES = 512;

/**
 * Browsers keep a public page a minute; shared caches (nginx in front of several instances, see
 * docs/deployment.md) 5 seconds (s-maxage), then revalidate it with its ETag, so that a release
 * shows through them within seconds. Both may serve it stale while they fetch the next.
 */
export const CACHE_PUBLIC = 'public, max-age=60, s-maxage=5, stale-while-revalidate=600';
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_NONE = 'no-store';

/**
 * The Content Security Policy of every public page: styles and scripts from this origin only, no
 * inline script or style, images from here or over https (an event's logo may live on its own
 * site). Public pages work without JavaScript; their two scripts add to them: My agenda's stars
 * (which talk to this origin's API: connect-src) and offline.js, which registers the service
 * worker (worker-src) and reads the event's JSON; the pages link their web app manifest
 * (manifest-src).
 */
export const PUBLIC_PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
  "style-src 'self'; img-src 'self' data: https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/**
 * Headers of every public API answer, errors included: other sites' pages and apps may read
 * the program, and JSON opened in a browser tab may run nothing.
 */
export const API_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

export interface BuildOptions {
  contentType: string;
  cacheControl?: string;
  statusCode?: number;
  headers?: Record<string, string>;
  /**
   * "best" (the default) spends tens of milliseconds on a large body to save a few kilobytes on
   * every later request: right for pages built once per program version. "fast" is for answers
   * whose key a visitor chooses (searches): each new one would otherwise cost that time again.
   */
  compression?: 'best' | 'fast';
}

/**
 * A response that depends on nothing but the code (a stylesheet, a script): built and compressed
 * at its best once per process, however many apps the process builds (the tests build hundreds,
 * and brotli at quality 11 on every asset cost ~150 ms per app).
 */
export function builtOnce<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

export function buildCachedResponse(body: string | Buffer, options: BuildOptions): CachedResponse {
  const identity = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const etag = `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  let gzip: Buffer | undefined;
  let br: Buffer | undefined;
  if (identity.length >= MIN_COMPRESS_BYTES) {
    const best = options.compression !== 'fast';
    gzip = gzipSync(identity, { level: best ? 9 : 6 });
    br = brotliCompressSync(identity, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: best ? 11 : 5,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    });
    if (gzip.length >= identity.length) gzip = undefined;
    if (br.length >= identity.length) br = undefined;
  }
  const headers: Record<string, string> = {
    'content-type': options.contentType,
    'cache-control': options.cacheControl ?? CACHE_PUBLIC,
    vary: 'accept-encoding',
    etag,
    ...SECURITY_HEADERS,
    ...options.headers,
  };
  return {
    statusCode: options.statusCode ?? 200,
    etag,
    identity,
    gzip,
    br,
    headers,
    gzipHeaders: { ...headers, 'content-encoding': 'gzip' },
    brHeaders: { ...headers, 'content-encoding': 'br' },
    notModifiedHeaders: { etag, 'cache-control': headers['cache-control']!, vary: 'accept-encoding' },
  };
}

/** What a page in one of several languages varies by: the encoding, and how its language was chosen. */
export const VARY_LANGUAGE = 'accept-encoding, accept-language, cookie';

/**
 * The response as a page in `language`: Content-Language, a Vary that names what chose the
 * language, and the language in the ETag, so that a client's English copy is never confirmed
 * (304) as current for a German request, even were the two bodies alike.
 */
export function withLanguage(response: CachedResponse, language: string): CachedResponse {
  const etag = `W/"${createHash('sha256').update(`${response.etag}|${language}`).digest('base64url').slice(0, 27)}"`;
  const extra = { 'content-language': language, vary: VARY_LANGUAGE, etag };
  return {
    ...response,
    etag,
    headers: { ...response.headers, ...extra },
    gzipHeaders: { ...response.gzipHeaders, ...extra },
    brHeaders: { ...response.brHeaders, ...extra },
    notModifiedHeaders: { ...response.notModifiedHeaders, vary: VARY_LANGUAGE, etag },
  };
}

const negotiated = new Map<string, Encoding>();

/** The best encoding the client accepts (RFC 9110 §12.5.3), brotli first. */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const known = negotiated.get(acceptEncoding);
  if (known) return known;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  let choice: Encoding = 'identity';
  if (weightOf('br') > 0 && weightOf('br') >= weightOf('gzip')) choice = 'br';
  else if (weightOf('gzip') > 0) choice = 'gzip';
  // Bounded: a client sending endless distinct headers must not grow this map.
  if (negotiated.size < 256) negotiated.set(acceptEncoding, choice);
  return choice;
}

function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  // What a browser sends back is, nearly always, exactly what it was given.
  if (ifNoneMatch === etag) return true;
  if (ifNoneMatch.trim() === '*') return true;
  // Weak comparison (RFC 9110 §8.8.3.2): W/"x" matches "x".
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}

/** Sends a cached response: 304 when the client's copy is current, else the best encoding it accepts. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, response: CachedResponse): void {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && response.statusCode === 200 && matchesEtag(ifNoneMatch, response.etag)) {
    reply.code(304).headers(response.notModifiedHeaders).send();
    return;
  }
  const encoding = negotiateEncoding(request.headers['accept-encoding']);
  reply.code(response.statusCode);
  if (encoding === 'br' && response.br) reply.headers(response.brHeaders).send(response.br);
  else if (encoding === 'gzip' && response.gzip) reply.headers(response.gzipHeaders).send(response.gzip);
  else reply.headers(response.headers).send(response.identity);
}

/** The bytes a cached response holds in memory, all encodings together. */
function sizeOf(response: CachedResponse): number {
  return response.identity.length + (response.gzip?.length ?? 0) + (response.br?.length ?? 0);
}

/**
 * Responses of one kind, keyed by what identifies them (path and normalised query).
 * Emptied when the program changes; bounded in entries and in bytes, so that arbitrary
 * queries cannot fill memory. Concurrent requests for one missing key share one build.
 */
export class ResponseCache {
  #entries = new Map<string, CachedResponse>();
  #building = new Map<string, Promise<CachedResponse>>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  constructor(
    readonly maxEntries = 2000,
    readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Answers served from the cache (or from a build another request had started), since the start. */
  get hits(): number {
    return this.#hits;
  }

  /** Answers that had to be built, since the start. */
  get misses(): number {
    return this.#misses;
  }

  get(key: string): CachedResponse | undefined {
    return this.#entries.get(key);
  }

  remember(key: string, build: () => CachedResponse): CachedResponse {
    const found = this.#entries.get(key);
    if (found) {
      this.#hits++;
      return found;
    }
    this.#misses++;
    const response = build();
    this.#store(key, response);
    return response;
  }

  /**
   * Like remember, for answers that need the database. `keep` is asked once the answer is
   * built: an answer built from a program that was replaced meanwhile is sent but not kept,
   * since the new program's answers live under other keys and this one would only take room.
   */
  rememberAsync(
    key: string,
    build: () => Promise<CachedResponse>,
    keep: () => boolean = () => true,
  ): Promise<CachedResponse> {
    const found = this.#entries.get(key) ?? this.#building.get(key);
    if (found) {
      this.#hits++;
      return Promise.resolve(found);
    }
    this.#misses++;
    const building = (async () => {
      try {
        const response = await build();
        if (keep()) this.#store(key, response);
        return response;
      } finally {
        this.#building.delete(key);
      }
    })();
    this.#building.set(key, building);
    return building;
  }

  clear(prefix?: string): void {
    if (prefix === undefined) {
      this.#entries.clear();
      this.#bytes = 0;
      return;
    }
    for (const [key, response] of this.#entries) {
      if (key.startsWith(prefix)) {
        this.#entries.delete(key);
        this.#bytes -= sizeOf(response);
      }
    }
  }

  #store(key: string, response: CachedResponse): void {
    const size = sizeOf(response);
    // Too large to keep: serve it, build it again next time.
    if (size > this.maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= sizeOf(previous);
    }
    // Drop the oldest entries (a Map keeps insertion order) until this one fits.
    for (const [oldest, old] of this.#entries) {
      if (this.#entries.size < this.maxEntries && this.#bytes + size <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= sizeOf(old);
    }
    this.#entries.set(key, response);
    this.#bytes += size;
  }
}
