import type { DatabaseHandle } from '../../db/client.js';
import { DueWorkLoop } from '../../shared/due-work-loop.js';
import { logSender, retryDelayMs, smtpSender, DeliveryError, type MailLogger, type MailSender } from './delivery.js';
import { OUTBOX_CHANNEL } from './outbox.js';
import {
  claimDueMail,
  failAbandonedMail,
  markMailFailed,
  markMailSent,
  releaseClaimedMail,
  scheduleMailRetry,
  type ClaimedMail,
} from './outbox.queries.js';

export interface MailWorkerOptions {
  database: Pick<DatabaseHandle, 'db' | 'listen'>;
  /** Unset: mail is written to the log (development) and marked sent. */
  smtpUrl?: string | undefined;
  /** The From header (MAIL_FROM). */
  from: string;
  log: MailLogger;
  /** Look for due mail this often even without a notification (retries come due this way). */
  pollIntervalMs?: number;
  /** Messages claimed per statement. */
  batchSize?: number;
  /** Attempts before a message fails for good (an organiser can still retry it). */
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles, up to backoffMaxMs. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How long a claimed batch is ours; another worker takes over messages whose lease ran out. */
  leaseMs?: number;
}

const DEFAULTS = {
  pollIntervalMs: 5_000,
  batchSize: 20,
  // 1 + 2 + 4 + … minutes, capped at an hour: ten attempts span about four hours of SMTP outage.
  maxAttempts: 10,
  backoffBaseMs: 60_000,
  backoffMaxMs: 3_600_000,
  leaseMs: 5 * 60_000,
};

/**
 * Delivers the outbox.
 *
 * Delivery is at-least-once, made as close to exactly-once as SMTP allows. Exactly-once is
 * impossible: the server may accept a message and the connection drop before we hear so, or
 * the process may die between the server's "250 OK" and our `status = 'sent'`; then we must
 * send again or risk losing the mail, and we choose to send again. What we guarantee:
 *
 * - Nothing is lost: a message is a row written with the change that caused it, and it stays
 *   until a server accepted it. SMTP down means the row waits and is retried with exponential
 *   backoff (1 min, 2, 4, … 60, with jitter), up to maxAttempts; then it is 'failed', visible
 *   in the outbox, where an organiser can retry it.
 * - Concurrent workers (in one process or in many app instances) never send the same message:
 *   a message is claimed with `FOR UPDATE SKIP LOCKED` in one short statement that marks it
 *   'sending' with a lease (locked_until), so the SMTP conversation happens outside any
 *   transaction and no other worker claims it while the lease lasts. A worker stops starting
 *   new sends well before its lease ends (SMTP timeouts are bounded), and every later update
 *   of the row is fenced by the attempt number it claimed, so a late worker changes nothing.
 * - A crashed instance's messages ('sending', lease expired) are claimed again by any worker:
 *   the one case of a possible second delivery. Each row's Message-ID header is fixed when it
 *   is queued, so a repeated delivery is the same mail to the receiving side, which may
 *   drop it as a duplicate, and to the recipient's client, which threads it as one.
 */
export class MailWorker {
  readonly #options: typeof DEFAULTS & MailWorkerOptions;
  readonly #sender: MailSender;
  readonly #loop: DueWorkLoop;

  constructor(options: MailWorkerOptions) {
    this.#options = { ...DEFAULTS, ...stripUndefined(options) } as typeof DEFAULTS & MailWorkerOptions;
    this.#sender = options.smtpUrl ? smtpSender(options.smtpUrl, options.from) : logSender(options.from, options.log);
    this.#loop = new DueWorkLoop({
      database: this.#options.database,
      channel: OUTBOX_CHANNEL,
      pollIntervalMs: this.#options.pollIntervalMs,
      batchSize: this.#options.batchSize,
      batch: () => this.#deliverBatch(),
      // The database is unreachable, for instance: the next poll tries again.
      onError: (error) => this.#options.log.error({ err: error }, 'mail worker: could not read the outbox'),
    });
  }

  get mode(): MailSender['mode'] {
    return this.#sender.mode;
  }

  /** Listens for new mail (NOTIFY lectern_outbox), polls for retries, and delivers what is due now. */
  start(): Promise<void> {
    return this.#loop.start();
  }

  /**
   * Delivers every due message, in batches, and resolves when none is left. Runs never overlap:
   * called during a run, it asks that run to look once more when it is done, and waits for that.
   */
  deliverDue(): Promise<void> {
    return this.#loop.runDue();
  }

  /** Stops taking new work, lets the message being sent finish, gives back the rest of its batch. */
  async stop(): Promise<void> {
    await this.#loop.stop();
    this.#sender.close();
  }

  /** Returns how many messages it claimed. */
  async #deliverBatch(): Promise<number> {
    const { db } = this.#options.database;
    const { batchSize, leaseMs, maxAttempts } = this.#options;
    await failAbandonedMail(db, maxAttempts);
    const batch = await claimDueMail(db, { batchSize, leaseMs, maxAttempts });
    const claimedAt = Date.now();
    // Room for one send at the worst (bounded by the SMTP timeouts) before the lease runs out.
    const lastStart = claimedAt + leaseMs - Math.min(leaseMs / 2, 2 * 60_000);
    for (const [index, mail] of batch.entries()) {
      if (this.#loop.stopping || Date.now() > lastStart) {
        for (const rest of batch.slice(index)) await releaseClaimedMail(db, rest);
        break;
      }
      await this.#deliver(mail);
    }
    return batch.length;
  }

  async #deliver(mail: ClaimedMail): Promise<void> {
    const { db } = this.#options.database;
    const { log, maxAttempts } = this.#options;
    try {
      await this.#sender.send(mail);
    } catch (caught) {
      const error =
        caught instanceof DeliveryError
          ? caught
          : new DeliveryError(String((caught as Error).message ?? caught), false);
      if (error.permanent || mail.attempt >= maxAttempts) {
        await markMailFailed(db, mail, error.message);
        log.error({ outboxId: mail.id, attempt: mail.attempt, error: error.message }, 'mail delivery failed for good');
      } else {
        const delay = retryDelayMs(mail.attempt, {
          baseMs: this.#options.backoffBaseMs,
          maxMs: this.#options.backoffMaxMs,
        });
        await scheduleMailRetry(db, mail, error.message, delay);
        log.warn(
          { outboxId: mail.id, attempt: mail.attempt, retryInMs: delay, error: error.message },
          'mail delivery failed; it will be retried',
        );
      }
      return;
    }
    if (await markMailSent(db, mail)) {
      if (this.#sender.mode === 'smtp') log.info({ outboxId: mail.id, attempt: mail.attempt }, 'mail sent');
    } else {
      log.warn(
        { outboxId: mail.id, attempt: mail.attempt },
        'mail sent after its lease ran out; another worker may send it again',
      );
    }
  }
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
