import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { outbox, type OutboxStatus } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../access/index.js';
import {
  countEventOutbox,
  deleteEventDraft,
  lockEventDrafts,
  makeMailDueNow,
  queueDrafts,
  selectEventMessage,
  selectEventOutbox,
  type OutboxListItem,
} from './outbox.queries.js';
import { mayReadBody, requireMailOrganiser } from './policy.js';

/** Wakes the mail worker(s) when a mail is queued; sent on commit, with the mail itself. */
export const OUTBOX_CHANNEL = 'lectern_outbox';

export interface OutgoingMail {
  eventId?: number | undefined;
  to: string;
  subject: string;
  body: string;
  /** The body holds a secret link (password, sign-in): the back office never shows it. */
  sensitive?: boolean;
  /** A draft waits in the outbox until an organiser sends the event's drafts (sendDrafts). */
  draft?: boolean;
}

/**
 * Queues a mail inside the caller's transaction: if the change that causes the mail rolls back,
 * so does the mail, and if it commits, the worker will deliver it even if SMTP is down now.
 */
export async function enqueueMail(db: Database, mail: OutgoingMail): Promise<number> {
  const messageId = `<${Date.now().toString(36)}.${randomBytes(9).toString('base64url')}@lectern>`;
  const [row] = await db
    .insert(outbox)
    .values({
      eventId: mail.eventId ?? null,
      recipient: mail.to,
      subject: mail.subject,
      body: mail.body,
      sensitive: mail.sensitive ?? false,
      messageId,
      status: mail.draft ? 'draft' : 'pending',
    })
    .returning({ id: outbox.id });
  if (!mail.draft) await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return row!.id;
}

export const OUTBOX_PAGE_SIZE = 50;

export interface OutboxPage {
  messages: OutboxListItem[];
  /** Messages of the event per status, whatever the filter. */
  counts: Record<OutboxStatus, number>;
  page: number;
  hasMore: boolean;
}

/** The event's outbox for its organisers, newest first, optionally of one status. */
export async function listOutbox(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  filter: { status?: OutboxStatus | undefined; page?: number | undefined } = {},
): Promise<OutboxPage> {
  requireMailOrganiser(actor, event);
  const page = Math.max(1, filter.page ?? 1);
  const rows = await selectEventOutbox(db, event.id, {
    status: filter.status,
    limit: OUTBOX_PAGE_SIZE + 1,
    offset: (page - 1) * OUTBOX_PAGE_SIZE,
  });
  return {
    messages: rows.slice(0, OUTBOX_PAGE_SIZE),
    counts: await countEventOutbox(db, event.id),
    page,
    hasMore: rows.length > OUTBOX_PAGE_SIZE,
  };
}

export interface OutboxMessage extends OutboxListItem {
  messageId: string;
  /** Undefined when the mail is sensitive (see mayReadBody). */
  body: string | undefined;
}

/** One message of the event, with its text unless that holds a personal link. */
export async function getOutboxMessage(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  id: number,
): Promise<OutboxMessage> {
  requireMailOrganiser(actor, event);
  const message = await selectEventMessage(db, event.id, id);
  if (!message) throw new NotFoundError(`${event.name} has no mail number ${id}.`);
  return { ...message, body: mayReadBody(message) ? message.body : undefined };
}

/**
 * "Retry now": a failed message, or one waiting for its next retry, becomes due at once and
 * the workers are woken. A failed message gets one more attempt.
 */
export async function retryMail(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  id: number,
): Promise<void> {
  requireMailOrganiser(actor, event);
  await db.transaction(async (tx) => {
    if (!(await makeMailDueNow(tx, event.id, id))) {
      const message = await selectEventMessage(tx, event.id, id);
      if (!message) throw new NotFoundError(`${event.name} has no mail number ${id}.`);
      throw new ConflictError(
        message.status === 'sent'
          ? 'This mail was sent already.'
          : 'This mail is being delivered now; only a failed mail, or one waiting for a retry, can be retried.',
      );
    }
    await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  });
}

/**
 * "Send all N drafts": every draft of the event is queued at once, in one transaction, and the
 * workers are woken. `expected` is the count the organiser saw: if drafts were added or deleted
 * since, nothing is sent and they are asked to look again. Returns how many were queued.
 */
export async function sendDrafts(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  expected: number,
): Promise<number> {
  requireMailOrganiser(actor, event);
  return db.transaction(async (tx) => {
    const drafts = await lockEventDrafts(tx, event.id);
    if (drafts.length === 0) throw new ConflictError('There are no drafts to send.');
    if (drafts.length !== expected) {
      throw new ConflictError(
        `The drafts changed since you looked: there are ${drafts.length} now, not ${expected}. Nothing was sent; look at them again.`,
      );
    }
    const queued = await queueDrafts(tx, drafts);
    await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
    return queued;
  });
}

/** Deletes one draft; a mail that is queued or sent is not a draft and stays. */
export async function deleteDraft(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  id: number,
): Promise<void> {
  requireMailOrganiser(actor, event);
  await db.transaction(async (tx) => {
    if (await deleteEventDraft(tx, event.id, id)) return;
    const message = await selectEventMessage(tx, event.id, id);
    if (!message) throw new NotFoundError(`${event.name} has no mail number ${id}.`);
    throw new ConflictError('This mail is not a draft any more: it was queued to be sent, and stays in the outbox.');
  });
}

/** How many drafts wait to be sent at the event. */
export async function countDrafts(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
): Promise<number> {
  requireMailOrganiser(actor, event);
  return (await countEventOutbox(db, event.id)).draft;
}
