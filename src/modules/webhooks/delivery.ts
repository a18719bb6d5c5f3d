import http from 'node:http';
import https from 'node:https';
import { guardedLookup, refuseLiteralAddress, RefusedAddressError } from './addresses.js';
import { signWebhook } from './signature.js';

/** One POST of a webhook: the signed request, its answer, and what to store of a failure. */

export interface WebhookRequest {
  url: string;
  secret: string;
  /** The delivery's uuid: the Lectern-Webhook-Id header. */
  uuid: string;
  body: string;
}

export interface PostOptions {
  timeoutMs: number;
  /** Allow private and loopback addresses (LECTERN_WEBHOOKS_ALLOW_LOCAL). */
  allowLocal: boolean;
  /** Unix seconds; tests fix it. */
  now?: () => number;
}

/** A failed attempt: the receiver's HTTP status when it answered, and a message safe to show organisers. */
export class WebhookAttemptError extends Error {
  override name = 'WebhookAttemptError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

const USER_AGENT = 'Lectern-Webhooks/1';

/** The headers of a delivery, the signature among them. */
export function webhookHeaders(request: Omit<WebhookRequest, 'url'>, timestamp: number): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'lectern-webhook-id': request.uuid,
    'lectern-webhook-timestamp': String(timestamp),
    'lectern-webhook-signature': signWebhook(request.secret, timestamp, request.body),
  };
}

/**
 * POSTs one delivery. Resolves with the HTTP status when it is 2xx; rejects with a
 * WebhookAttemptError otherwise: another status (a redirect included: it is not followed), a
 * refused address, no connection, or no answer within the timeout.
 */
export function postWebhook(request: WebhookRequest, options: PostOptions): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(request.url);
      refuseLiteralAddress(url, options.allowLocal);
    } catch (error) {
      reject(new WebhookAttemptError(describe(error), null));
      return;
    }
    const timestamp = (options.now ?? (() => Math.floor(Date.now() / 1000)))();
    const body = Buffer.from(request.body, 'utf8');
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(url, {
      method: 'POST',
      headers: { ...webhookHeaders(request, timestamp), 'content-length': String(body.length) },
      lookup: guardedLookup(options.allowLocal) as never,
      signal: AbortSignal.timeout(options.timeoutMs),
      timeout: options.timeoutMs,
      // Keep-alive buys nothing here and would keep sockets past the worker's stop.
      agent: false,
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${options.timeoutMs / 1000} s`)));
    outgoing.on('error', (error) => reject(new WebhookAttemptError(describe(error), null)));
    outgoing.on('response', (response) => {
      const status = response.statusCode ?? 0;
      // The answer's body is not read: only the status counts.
      response.resume();
      response.on('error', () => {});
      if (status >= 200 && status < 300) resolve(status);
      else if (status >= 300 && status < 400) {
        reject(new WebhookAttemptError(`HTTP ${status}: redirects are not followed`, status));
      } else reject(new WebhookAttemptError(`HTTP ${status}`, status));
    });
    outgoing.end(body);
  });
}

function describe(error: unknown): string {
  if (error instanceof RefusedAddressError) return `refused: ${error.message}`;
  const failure = error as { message?: string; code?: string; name?: string };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return 'no answer within the timeout';
  let message = String(failure.message ?? error)
    .replace(/\s+/g, ' ')
    .trim();
  if (failure.code && !message.includes(failure.code)) message = `${failure.code}: ${message}`;
  return message.length > 300 ? `${message.slice(0, 297)}...` : message;
}
