import nodemailer from 'nodemailer';

/** How one message leaves Lectern: over SMTP, or (without SMTP_URL, in development) into the log. */

export interface MailToDeliver {
  to: string;
  subject: string;
  body: string;
  /** The outbox row's Message-ID, with its angle brackets. */
  messageId: string;
}

/** The part of a pino logger (Fastify's app.log) that mail needs. */
export interface MailLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface MailSender {
  readonly mode: 'smtp' | 'log';
  /** Resolves once the server accepted the message; rejects with a DeliveryError. */
  send(mail: MailToDeliver): Promise<void>;
  close(): void;
}

/** A failed delivery, its message safe to store and show (no server address with password). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    /** The server refused the message itself (5xx to the recipient or the content): retrying cannot help. */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/**
 * Timeouts short enough that a dead server cannot hold a claimed batch past its lease
 * (nodemailer's defaults are 2 and 10 minutes). Query parameters of SMTP_URL override them.
 */
const SMTP_TIMEOUTS = { connectionTimeout: '15000', greetingTimeout: '15000', socketTimeout: '60000' };

export function smtpSender(smtpUrl: string, from: string): MailSender {
  const url = new URL(smtpUrl);
  for (const [name, value] of Object.entries(SMTP_TIMEOUTS)) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  const transport = nodemailer.createTransport(url.toString());
  const secrets = [smtpUrl, url.password, safeDecode(url.password)].filter((s) => s.length >= 3);
  return {
    mode: 'smtp',
    async send(mail) {
      try {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.body,
          messageId: mail.messageId,
          // RFC 3834: an automatic mail, so that vacation responders do not answer it.
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        throw describeSmtpError(error, secrets);
      }
    },
    close() {
      transport.close();
    },
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Turns nodemailer's error into a short message for the outbox, with the secrets taken out,
 * and decides whether to retry: an unusable address, or a 5xx answer to the recipient or the
 * message, is final; everything else (no connection, timeouts, 4xx, a refused login) may pass.
 */
export function describeSmtpError(error: unknown, secrets: string[]): DeliveryError {
  const failure = error as { message?: string; code?: string; responseCode?: number };
  let message = String(failure.message ?? error)
    .replace(/\s+/g, ' ')
    .trim();
  for (const secret of secrets) message = message.split(secret).join('***');
  if (failure.code && !message.includes(failure.code)) message = `${failure.code}: ${message}`;
  if (message.length > 500) message = `${message.slice(0, 497)}...`;
  const refusedForGood =
    // No usable recipient address: nodemailer refuses before it talks to any server.
    (failure.code === 'EENVELOPE' && failure.responseCode === undefined) ||
    ((failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE') &&
      typeof failure.responseCode === 'number' &&
      failure.responseCode >= 500 &&
      failure.responseCode < 600);
  return new DeliveryError(message, refusedForGood);
}

/**
 * Development mode without SMTP_URL: the mail is written to the log, whole (a reset link
 * included: that is how a developer follows it), and counts as sent.
 */
export function logSender(from: string, log: MailLogger): MailSender {
  return {
    mode: 'log',
    async send(mail) {
      log.info(
        { mail: { from, to: mail.to, subject: mail.subject, messageId: mail.messageId } },
        `Mail not sent (SMTP_URL is not set), written here instead:\nFrom: ${from}\nTo: ${mail.to}\nSubject: ${mail.subject}\nMessage-ID: ${mail.messageId}\n\n${mail.body}`,
      );
    },
    close() {},
  };
}

/** The wait before a failed mail's next attempt: see the shared outbox loop. */
export { retryDelayMs } from '../../shared/due-work-loop.js';
