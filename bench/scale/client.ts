/**
 * The scale benchmark's side of HTTP: timed GETs that leave bodies compressed (so that the
 * benchmark's own work never shows in what it measures), and a browser-like session that logs in
 * through Lectern's own forms, with their cookies and CSRF tokens.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** What a browser sends; accept-encoding matters most: Lectern compresses, and that costs. */
export const BROWSER_HEADERS: Record<string, string> = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-US,en;q=0.9',
};
export const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
export const JSON_ACCEPT = 'application/json';

export function acceptFor(path: string): string {
  return path.startsWith('/api/') ? JSON_ACCEPT : HTML;
}

/** A failure that ends a measurement at once (waitFor gives up rather than trying again). */
export class ScaleFailure extends Error {
  override name = 'ScaleFailure';
}

export interface Timed {
  status: number;
  /** Body bytes as sent (compressed). */
  bytes: number;
  ms: number;
}

/**
 * GETs a path and reads the body without decoding it. Fails after `timeoutMs` (the request is
 * then destroyed, so the server sees the client leave).
 */
export function timedGet(
  origin: string,
  path: string,
  options: { agent?: http.Agent; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<Timed> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(
      new URL(path, origin),
      {
        agent: options.agent ?? false,
        headers: { ...BROWSER_HEADERS, accept: acceptFor(path), ...options.headers },
      },
      (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, ms: performance.now() - began }));
      },
    );
    const timeoutMs = options.timeoutMs ?? 10_000;
    request.setTimeout(timeoutMs, () =>
      request.destroy(new Error(`GET ${path}: no answer within ${Math.round(timeoutMs / 1000)} s`)),
    );
    request.on('error', reject);
  });
}

/** The result of waiting for something: how long it took, or that it did not happen in time. */
export type Waited = { ms: number } | { overMs: number; last: string };

export function describeWait(waited: Waited | undefined): string {
  if (waited === undefined) return '–';
  return 'ms' in waited ? formatMs(waited.ms) : `> ${formatMs(waited.overMs)}`;
}

export function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Calls `attempt` every `intervalMs` until it answers true, and says how long that took from
 * `since` (default: now). An attempt that throws counts as not yet (its message is kept).
 */
export async function waitFor(
  attempt: () => Promise<boolean>,
  options: { patienceMs: number; intervalMs: number; since?: number; alive?: () => void },
): Promise<Waited> {
  const since = options.since ?? performance.now();
  let last: string;
  for (;;) {
    options.alive?.();
    try {
      if (await attempt()) return { ms: performance.now() - since };
      last = 'no answer of the kind awaited yet';
    } catch (error) {
      if (error instanceof ScaleFailure) throw error;
      last = (error as Error).message;
    }
    if (performance.now() - since > options.patienceMs) return { overMs: options.patienceMs, last };
    await sleep(options.intervalMs);
  }
}

/**
 * A browser's session with Lectern: a cookie jar (cookies on 127.0.0.1 are the same for every
 * port, as in a browser, so one session serves both instances) and the CSRF token of the last
 * page read.
 */
export class BrowserSession {
  readonly #cookies = new Map<string, string>();
  csrf: string | undefined;

  async request(
    origin: string,
    method: 'GET' | 'POST',
    path: string,
    form?: Record<string, string>,
    timeoutMs = 10_000,
  ): Promise<{ status: number; text: string; location: string | null }> {
    const headers: Record<string, string> = {
      ...BROWSER_HEADERS,
      accept: HTML,
      cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    let body: string | undefined;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ ...form, ...(this.csrf ? { _csrf: this.csrf } : {}) }).toString();
    }
    const response = await fetch(new URL(path, origin), {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = value === '' || attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (gone) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, text, location: response.headers.get('location') };
  }
}
