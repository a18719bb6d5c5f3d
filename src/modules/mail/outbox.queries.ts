import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { outbox, type OutboxStatus } from '../../db/schema.js';

/** The SQL of the outbox: the worker's claim/settle statements and the organisers' listing. */

/** A message claimed for delivery; `attempt` is its attempt number and fences every later update of it. */
export interface ClaimedMail {
  id: number;
  to: string;
  subject: string;
  body: string;
  messageId: string;
  attempt: number;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

function interval(ms: number) {
  return sql`make_interval(secs => ${ms / 1000}::double precision)`;
}

/**
 * Claims up to `batchSize` due messages in one statement (its own short transaction): pending
 * ones whose time has come, and 'sending' ones whose lease has run out (their worker died).
 * `FOR UPDATE SKIP LOCKED` lets several workers claim at once without waiting for, or taking,
 * each other's rows; the claim marks them 'sending' with a lease and counts the attempt.
 * The CTE (rather than `id in (select … limit)`) makes PostgreSQL evaluate the locking select once.
 */
export async function claimDueMail(
  db: Database,
  options: { batchSize: number; leaseMs: number; maxAttempts: number },
): Promise<ClaimedMail[]> {
  const result = await db.execute(sql`
    with due as (
      select id from outbox
      where (status = 'pending' and next_attempt_at <= now())
         or (status = 'sending' and locked_until <= now() and attempts < ${options.maxAttempts})
      order by next_attempt_at, id
      limit ${options.batchSize}
      for update skip locked
    )
    update outbox
    set status = 'sending', attempts = outbox.attempts + 1, locked_until = now() + ${interval(options.leaseMs)}
    from due
    where outbox.id = due.id
    returning outbox.id, outbox.recipient, outbox.subject, outbox.body, outbox.message_id, outbox.attempts`);
  return rowsOf<{
    id: number | string;
    recipient: string;
    subject: string;
    body: string;
    message_id: string;
    attempts: number;
  }>(result)
    .map((row) => ({
      id: Number(row.id),
      to: row.recipient,
      subject: row.subject,
      body: row.body,
      messageId: row.message_id,
      attempt: Number(row.attempts),
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * A message whose worker died during its last allowed attempt: it may or may not have gone
 * out, and it has had its attempts. It fails (an organiser can retry it) instead of being
 * claimed forever.
 */
export async function failAbandonedMail(db: Database, maxAttempts: number): Promise<number> {
  const failed = await db
    .update(outbox)
    .set({
      status: 'failed',
      lockedUntil: null,
      lastError: 'The delivery was interrupted (the app stopped while sending) on the last allowed attempt.',
    })
    .where(
      and(eq(outbox.status, 'sending'), sql`${outbox.lockedUntil} <= now()`, sql`${outbox.attempts} >= ${maxAttempts}`),
    )
    .returning({ id: outbox.id });
  return failed.length;
}

/** The update applies only while the claim is still ours: same attempt, still 'sending'. */
function stillClaimed(mail: Pick<ClaimedMail, 'id' | 'attempt'>) {
  return and(eq(outbox.id, mail.id), eq(outbox.status, 'sending'), eq(outbox.attempts, mail.attempt));
}

/** Returns false when the claim was lost (its lease ran out and another worker took the message). */
export async function markMailSent(db: Database, mail: Pick<ClaimedMail, 'id' | 'attempt'>): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'sent', sentAt: sql`now()`, lockedUntil: null, lastError: null })
    .where(stillClaimed(mail))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export async function scheduleMailRetry(
  db: Database,
  mail: Pick<ClaimedMail, 'id' | 'attempt'>,
  error: string,
  delayMs: number,
): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', lockedUntil: null, lastError: error, nextAttemptAt: sql`now() + ${interval(delayMs)}` })
    .where(stillClaimed(mail))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export async function markMailFailed(
  db: Database,
  mail: Pick<ClaimedMail, 'id' | 'attempt'>,
  error: string,
): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'failed', lockedUntil: null, lastError: error })
    .where(stillClaimed(mail))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

/** Gives back a claimed message that was not tried after all (the worker is stopping, or its lease is nearly over). */
export async function releaseClaimedMail(db: Database, mail: Pick<ClaimedMail, 'id' | 'attempt'>): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'pending', lockedUntil: null, attempts: sql`${outbox.attempts} - 1` })
    .where(stillClaimed(mail));
}

export interface OutboxListItem {
  id: number;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  sensitive: boolean;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
}

const listColumns = {
  id: outbox.id,
  recipient: outbox.recipient,
  subject: outbox.subject,
  status: outbox.status,
  attempts: outbox.attempts,
  lastError: outbox.lastError,
  sensitive: outbox.sensitive,
  createdAt: outbox.createdAt,
  sentAt: outbox.sentAt,
  nextAttemptAt: outbox.nextAttemptAt,
};

/** One event's messages, newest first; never another event's, never account mails (no event). */
export async function selectEventOutbox(
  db: Database,
  eventId: number,
  filter: { status?: OutboxStatus | undefined; limit: number; offset: number },
): Promise<OutboxListItem[]> {
  return db
    .select(listColumns)
    .from(outbox)
    .where(and(eq(outbox.eventId, eventId), filter.status ? eq(outbox.status, filter.status) : undefined))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(filter.limit)
    .offset(filter.offset);
}

export async function countEventOutbox(db: Database, eventId: number): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .select({ status: outbox.status, count: count() })
    .from(outbox)
    .where(eq(outbox.eventId, eventId))
    .groupBy(outbox.status);
  const counts: Record<OutboxStatus, number> = { draft: 0, pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export async function selectEventMessage(
  db: Database,
  eventId: number,
  id: number,
): Promise<(OutboxListItem & { body: string; messageId: string }) | undefined> {
  const [row] = await db
    .select({ ...listColumns, body: outbox.body, messageId: outbox.messageId })
    .from(outbox)
    .where(and(eq(outbox.eventId, eventId), eq(outbox.id, id)));
  return row;
}

/**
 * Makes a failed message, or one waiting for its next retry, due now. A failed one gets one
 * more attempt (its attempt count goes on from where it was).
 */
export async function makeMailDueNow(db: Database, eventId: number, id: number): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', nextAttemptAt: sql`now()`, lockedUntil: null })
    .where(
      and(
        eq(outbox.eventId, eventId),
        eq(outbox.id, id),
        sql`(${outbox.status} = 'failed' or (${outbox.status} = 'pending' and ${outbox.attempts} > 0))`,
      ),
    )
    .returning({ id: outbox.id });
  return rows.length === 1;
}

/**
 * Locks the event's drafts (a concurrent delete or send waits) and returns their ids: exactly
 * these are sent, never one written after the organiser counted them.
 */
export async function lockEventDrafts(db: Database, eventId: number): Promise<number[]> {
  const rows = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.eventId, eventId), eq(outbox.status, 'draft')))
    .orderBy(outbox.id)
    .for('update');
  return rows.map((row) => row.id);
}

/** The given drafts become due now, in one statement; returns how many. */
export async function queueDrafts(db: Database, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', nextAttemptAt: sql`now()` })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, 'draft')))
    .returning({ id: outbox.id });
  return rows.length;
}

export async function deleteEventDraft(db: Database, eventId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(outbox)
    .where(and(eq(outbox.eventId, eventId), eq(outbox.id, id), eq(outbox.status, 'draft')))
    .returning({ id: outbox.id });
  return rows.length === 1;
}
