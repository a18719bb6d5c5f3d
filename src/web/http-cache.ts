import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants as zlibConstants, gzip, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A body's compressed forms, shared by every copy of its response (a page's language copy
 * included). A small body's are made at once; a larger body's on libuv's thread pool, so that
 * compressing never holds the event loop: until then `pending` is set, and it settles, never
 * rejecting, once both are there (a failed compression leaves the identity body, which every
 * client accepts).
 */
export interface CompressedForms {
  gzip: Buffer | undefined;
  br: Buffer | undefined;
  pending: Promise<void> | undefined;
}

/**
 * A response built once and served many times: its body compressed with gzip and brotli, its
 * validator computed, its headers fixed. Public pages and the public API are answered from
 * these, so a request costs a lookup and a write, not a render.
 */
export interface CachedResponse {
  statusCode: number;
  etag: string;
  headers: Record<string, string>;
  identity: Buffer;
  compressed: CompressedForms;
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
   * "best" (the default) spends up to ~10 ms on a small body to save a few kilobytes on every
   * later request: right for pages built once per program version. "fast" is for answers whose
   * key a visitor chooses (searches): each new one would otherwise cost that time again.
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

/**
 * Up to this size a body is compressed at once, at the best settings; above it, on the thread
 * pool at lower ones. Brotli at quality 11 costs about 1 ms per KB (measured with
 * bench/compression.ts: 8 KB 8 ms, 16 KB 16 ms, 128 KB 140 ms, 5 MB 8.3 s, 20 MB 37 s), and
 * every millisecond of it holds every other request; this keeps it near 10 ms at most.
 */
export const SMALL_BODY_BYTES = 8 * 1024;

/**
 * Above this, brotli drops from quality 7 to 5: on a 5 MB page, 7 took 205 ms of a thread for
 * 1,232 KB and 5 took 112 ms for 1,268 KB; on 20 MB, 840 ms and 435 ms. A large page is rebuilt
 * after every change to its program, and the two cores serve everything else meanwhile.
 */
export const LARGE_BODY_BYTES = 1024 * 1024;

interface CompressionSettings {
  brotliQuality: number;
  gzipLevel: number;
}

/** The settings for a body of `bytes`: see SMALL_BODY_BYTES and LARGE_BODY_BYTES. */
export function compressionSettings(bytes: number, compression: 'best' | 'fast' = 'best'): CompressionSettings {
  if (compression === 'fast' || bytes > LARGE_BODY_BYTES) return { brotliQuality: 5, gzipLevel: 6 };
  if (bytes > SMALL_BODY_BYTES) return { brotliQuality: 7, gzipLevel: 6 };
  return { brotliQuality: 11, gzipLevel: 9 };
}

const gzipLater = promisify(gzip);
const brotliLater = promisify(brotliCompress);

/**
 * Output chunk of a large body's compression on the thread pool: each chunk costs the event loop
 * a callback and a copy. For 20 MB, brotli 5 and gzip 6 together cost the loop 25–32 ms of CPU in
 * 16 KB chunks (zlib's default), 16 ms in 64 KB, 10 ms in 256 KB (measured).
 */
const LARGE_BODY_CHUNK_BYTES = 256 * 1024;

function chunkSizeFor(identity: Buffer): number {
  return identity.length > LARGE_BODY_BYTES ? LARGE_BODY_CHUNK_BYTES : zlibConstants.Z_DEFAULT_CHUNK;
}

/**
 * The bytes of `form` in a buffer of their own. Brotli's answer on the thread pool is, when it
 * fits one output chunk, a slice of that chunk: kept as it is, a 3 KB page would hold 16 KB
 * (or 256 KB) in the cache while counting 3.
 */
function compact(form: Buffer): Buffer {
  return form.buffer.byteLength > 2 * form.length ? Buffer.copyBytesFrom(form) : form;
}

function brotliParams(identity: Buffer, quality: number) {
  return {
    [zlibConstants.BROTLI_PARAM_QUALITY]: quality,
    [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length,
  };
}

/** A compressed form worth sending: one smaller than the body itself. */
function smaller(form: Buffer, identity: Buffer): Buffer | undefined {
  return form.length < identity.length ? compact(form) : undefined;
}

function compress(identity: Buffer, compression: 'best' | 'fast'): CompressedForms {
  if (identity.length < MIN_COMPRESS_BYTES) return { gzip: undefined, br: undefined, pending: undefined };
  const { brotliQuality, gzipLevel } = compressionSettings(identity.length, compression);
  if (identity.length <= SMALL_BODY_BYTES) {
    return {
      gzip: smaller(gzipSync(identity, { level: gzipLevel }), identity),
      br: smaller(brotliCompressSync(identity, { params: brotliParams(identity, brotliQuality) }), identity),
      pending: undefined,
    };
  }
  const forms: CompressedForms = { gzip: undefined, br: undefined, pending: undefined };
  forms.pending = Promise.all([
    gzipLater(identity, { level: gzipLevel, chunkSize: chunkSizeFor(identity) }),
    brotliLater(identity, { params: brotliParams(identity, brotliQuality), chunkSize: chunkSizeFor(identity) }),
  ]).then(
    ([gzipped, brotlied]) => {
      forms.gzip = smaller(gzipped, identity);
      forms.br = smaller(brotlied, identity);
      forms.pending = undefined;
    },
    () => {
      forms.pending = undefined;
    },
  );
  return forms;
}

/**
 * The response for `body`. Returns at once, usable at once: a body larger than SMALL_BODY_BYTES
 * is compressed on the thread pool meanwhile (`compressed.pending`), and sendCached waits for it.
 */
export function buildCachedResponse(body: string | Buffer, options: BuildOptions): CachedResponse {
  const identity = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const etag = `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  const compressed = compress(identity, options.compression ?? 'best');
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
    compressed,
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

/** Whether the client's If-None-Match names this ETag (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  // What a browser sends back is, nearly always, exactly what it was given.
  if (ifNoneMatch === etag) return true;
  if (ifNoneMatch.trim() === '*') return true;
  // Weak comparison (RFC 9110 §8.8.3.2): W/"x" matches "x".
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}

/** The client closed its connection: nothing sent now would reach it. */
function clientGone(request: FastifyRequest, reply: FastifyReply): boolean {
  return reply.sent || reply.raw.headersSent || request.raw.socket?.destroyed === true;
}

function send(reply: FastifyReply, response: CachedResponse, encoding: Encoding): void {
  const { br, gzip } = response.compressed;
  reply.code(response.statusCode);
  if (encoding === 'br' && br) reply.headers(response.brHeaders).send(br);
  else if (encoding === 'gzip' && gzip) reply.headers(response.gzipHeaders).send(gzip);
  else reply.headers(response.headers).send(response.identity);
}

/**
 * Sends a cached response: 304 when the client's copy is current, else the best encoding it
 * accepts. Sent at once, and undefined returned, unless the client accepts a compressed form
 * still being made: then it returns a promise (never rejecting) settled once sent, or once
 * found that the client went away meanwhile, to whom nothing is sent. A handler that is not
 * `async` may drop that promise (Fastify waits for reply.send); an `async` one, or a promise
 * chain, must return or await it, or Fastify answers with an empty body first.
 */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  response: CachedResponse,
): Promise<void> | undefined {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && response.statusCode === 200 && matchesEtag(ifNoneMatch, response.etag)) {
    reply.code(304).headers(response.notModifiedHeaders).send();
    return undefined;
  }
  const encoding = negotiateEncoding(request.headers['accept-encoding']);
  const { pending } = response.compressed;
  if (encoding === 'identity' || pending === undefined) {
    send(reply, response, encoding);
    return undefined;
  }
  return pending
    .then(() => {
      if (!clientGone(request, reply)) send(reply, response, encoding);
    })
    .catch((error: unknown) => {
      request.log.error({ err: error, reqId: request.id }, 'sending a cached response failed');
    });
}

/**
 * What an entry costs beyond its bodies (its key, header sets and objects: 1,000 bytes measured
 * for a small page in one language), counted so that a
 * budget in bytes also bounds how many tiny answers (a 40-byte API error list) it may hold.
 */
export const ENTRY_OVERHEAD_BYTES = 1024;

/** The bytes a cached response holds in memory: its overhead and its bodies, all encodings together. */
function sizeOf(response: CachedResponse): number {
  const { gzip, br } = response.compressed;
  return ENTRY_OVERHEAD_BYTES + response.identity.length + (gzip?.length ?? 0) + (br?.length ?? 0);
}

export interface ResponseCacheOptions {
  /** What all entries may hold together, in bytes (LECTERN_RESPONSE_CACHE_MB); 64 MB unless set. */
  maxBytes?: number;
  /** The largest body kept; larger answers are served and built again next time. An eighth of maxBytes unless set. */
  maxEntryBytes?: number;
}

interface Entry {
  response: CachedResponse;
  /** The bytes counted for it in #bytes: its compressed forms join them once made. */
  size: number;
}

/**
 * Responses of one kind, keyed by what identifies them (path and normalised query). Emptied
 * when the program changes; bounded in bytes, so that arbitrary queries cannot fill memory:
 * least recently used first out (a Map keeps insertion order, and each use moves its entry to
 * the end), so that a crawl of cold pages pushes out other cold pages, not the hot ones.
 * Concurrent requests for one missing key share one build.
 */
export class ResponseCache {
  readonly maxBytes: number;
  readonly maxEntryBytes: number;
  #entries = new Map<string, Entry>();
  #building = new Map<string, Promise<CachedResponse>>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  constructor(options: ResponseCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.maxEntryBytes = options.maxEntryBytes ?? Math.floor(this.maxBytes / 8);
  }

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

  /** Entries dropped to make room for others, since the start (clearing a changed program's is not counted). */
  get evictions(): number {
    return this.#evictions;
  }

  /** Whether `key` is held, without counting a use of it. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /**
   * The answer under `key` when held, made the most recently used. Not counted as a hit: routes
   * also ask it whether a page is there (the schedule, before it drops the previous period's).
   */
  get(key: string): CachedResponse | undefined {
    return this.#use(key)?.response;
  }

  remember(key: string, build: () => CachedResponse): CachedResponse {
    const found = this.#use(key);
    if (found) {
      this.#hits++;
      return found.response;
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
    const found = this.#use(key)?.response ?? this.#building.get(key);
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
    for (const [key, entry] of this.#entries) {
      if (key.startsWith(prefix)) this.#delete(key, entry);
    }
  }

  /** The entry under `key`, moved to the most recently used end. */
  #use(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  #delete(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.size;
  }

  #store(key: string, response: CachedResponse): void {
    // Too large to keep: serve it, build it again next time.
    if (response.identity.length > this.maxEntryBytes) return;
    const previous = this.#entries.get(key);
    if (previous) this.#delete(key, previous);
    const entry: Entry = { response, size: sizeOf(response) };
    this.#entries.set(key, entry);
    this.#bytes += entry.size;
    this.#evictBeyondBudget();
    response.compressed.pending?.then(() => {
      // Its compressed forms are made: count them, if it is still held (not cleared, evicted or replaced).
      if (this.#entries.get(key) !== entry) return;
      const size = sizeOf(response);
      this.#bytes += size - entry.size;
      entry.size = size;
      this.#evictBeyondBudget();
    });
  }

  /** Drops the least recently used entries until all fit the budget. */
  #evictBeyondBudget(): void {
    for (const [coldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#delete(coldest, entry);
      this.#evictions++;
    }
  }
}
