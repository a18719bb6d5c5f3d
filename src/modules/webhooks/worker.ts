import type { DatabaseHandle } from '../../db/client.js';
import { DueWorkLoop, retryDelayMs } from '../../shared/due-work-loop.js';
import {
  claimDueDeliveries,
  failAbandonedDeliveries,
  markDelivered,
  recordFailure,
  releaseClaimedDelivery,
  WEBHOOK_CHANNEL,
  type ClaimedDelivery,
} from './deliveries.queries.js';
import { postWebhook, WebhookAttemptError } from './delivery.js';
import { webhookBody } from './payloads.js';

/** The part of a pino logger (Fastify's app.log) the worker needs. */
export interface WebhookLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface WebhookWorkerOptions {
  database: Pick<DatabaseHandle, 'db' | 'listen'>;
  /** LECTERN_PUBLIC_URL: the payloads' links start with it. */
  publicUrl: string;
  log: WebhookLogger;
  /** Deliver to loopback and private addresses too (LECTERN_WEBHOOKS_ALLOW_LOCAL). */
  allowLocal?: boolean | undefined;
  /** How long a receiver has to answer. */
  timeoutMs?: number;
  pollIntervalMs?: number;
  batchSize?: number;
  /** Attempts of one delivery before it fails for good (an organiser can send it again). */
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles, up to backoffMaxMs. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  leaseMs?: number;
  /** Unix seconds for the timestamp header; tests fix it. */
  now?: () => number;
  random?: () => number;
}

const DEFAULTS = {
  allowLocal: false,
  timeoutMs: 10_000,
  pollIntervalMs: 5_000,
  batchSize: 10,
  // 2, 4, 8, … minutes, capped at 8 hours: ten attempts span about 16 hours of a receiver's outage.
  maxAttempts: 10,
  backoffBaseMs: 2 * 60_000,
  backoffMaxMs: 8 * 3_600_000,
  leaseMs: 5 * 60_000,
};

/**
 * Delivers webhooks, as the mail worker delivers mail (see MailWorker): at least once, and
 * never by two workers at once. A delivery is claimed with `FOR UPDATE SKIP LOCKED` in one short
 * statement that marks it 'sending' with a lease, the POST happens outside any transaction, and
 * every later update is fenced by the attempt number claimed. Only a crash between the
 * receiver's 2xx and our record of it sends one twice; receivers drop it by its
 * Lectern-Webhook-Id. A failed attempt is retried with exponential backoff; after maxAttempts
 * the delivery fails, and if nothing reached the endpoint meanwhile the endpoint is paused.
 */
export class WebhookWorker {
  readonly #options: typeof DEFAULTS & WebhookWorkerOptions;
  readonly #loop: DueWorkLoop;

  constructor(options: WebhookWorkerOptions) {
    this.#options = { ...DEFAULTS, ...stripUndefined(options) } as typeof DEFAULTS & WebhookWorkerOptions;
    this.#loop = new DueWorkLoop({
      database: this.#options.database,
      channel: WEBHOOK_CHANNEL,
      pollIntervalMs: this.#options.pollIntervalMs,
      batchSize: this.#options.batchSize,
      batch: () => this.#deliverBatch(),
      onError: (error) => this.#options.log.error({ err: error }, 'webhook worker: could not read the deliveries'),
    });
  }

  /** Listens for new deliveries (NOTIFY lectern_webhooks), polls for retries, and delivers what is due now. */
  start(): Promise<void> {
    return this.#loop.start();
  }

  /** Delivers every due delivery, in batches; resolves when none is left. Runs never overlap. */
  deliverDue(): Promise<void> {
    return this.#loop.runDue();
  }

  /** Stops taking new work, lets the POST under way finish, gives back the rest of its batch. */
  stop(): Promise<void> {
    return this.#loop.stop();
  }

  async #deliverBatch(): Promise<number> {
    const { db } = this.#options.database;
    const { batchSize, leaseMs, maxAttempts, timeoutMs } = this.#options;
    await failAbandonedDeliveries(db, maxAttempts);
    const batch = await claimDueDeliveries(db, { batchSize, leaseMs, maxAttempts });
    // Room for one POST at the worst (its timeout) before the lease runs out.
    const lastStart = Date.now() + leaseMs - Math.max(2 * timeoutMs, leaseMs / 4);
    for (const [index, delivery] of batch.entries()) {
      if (this.#loop.stopping || Date.now() > lastStart) {
        for (const rest of batch.slice(index)) await releaseClaimedDelivery(db, rest);
        break;
      }
      await this.#deliver(delivery);
    }
    return batch.length;
  }

  async #deliver(delivery: ClaimedDelivery): Promise<void> {
    const { db } = this.#options.database;
    const { log, maxAttempts } = this.#options;
    const body = webhookBody(delivery, this.#options.publicUrl);
    const ids = { deliveryId: delivery.id, endpointId: delivery.endpointId, attempt: delivery.attempt };
    let status: number;
    try {
      status = await postWebhook(
        { url: delivery.url, secret: delivery.secret, uuid: delivery.uuid, body },
        { timeoutMs: this.#options.timeoutMs, allowLocal: this.#options.allowLocal, now: this.#options.now },
      );
    } catch (caught) {
      const error = caught instanceof WebhookAttemptError ? caught : new WebhookAttemptError(String(caught), null);
      const last = delivery.attempt >= maxAttempts;
      const retryInMs = last
        ? null
        : retryDelayMs(
            delivery.attempt,
            { baseMs: this.#options.backoffBaseMs, maxMs: this.#options.backoffMaxMs },
            this.#options.random,
          );
      const { paused } = await recordFailure(db, delivery, {
        status: error.status,
        error: error.message,
        retryInMs,
        pauseAfter: maxAttempts,
        reason: `Paused by Lectern: ${maxAttempts} attempts in a row failed, the last with "${error.message}".`,
      });
      if (paused) log.warn({ ...ids, error: error.message }, 'webhook endpoint paused after repeated failures');
      else if (last) log.warn({ ...ids, error: error.message }, 'webhook delivery failed for good');
      else log.info({ ...ids, retryInMs, error: error.message }, 'webhook delivery failed; it will be retried');
      return;
    }
    if (!(await markDelivered(db, delivery, status))) {
      log.warn(ids, 'webhook delivered after its lease ran out; another worker may deliver it again');
    }
  }
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
