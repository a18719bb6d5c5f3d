import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { enqueueMail, MailWorker, type MailLogger, type MailWorkerOptions } from '../../src/modules/mail/index.js';
import { testDatabase } from '../helpers/database.js';
import { SmtpSink, smtpRefusal } from './smtp-sink.js';

const FROM = 'PyBay mail <mail@pybay.example>';

interface LogLine {
  level: 'info' | 'warn' | 'error';
  details: object;
  message: string;
}

function memoryLog(): MailLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (details, message) => lines.push({ level: 'info', details, message }),
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
    error: (details, message) => lines.push({ level: 'error', details, message }),
  };
}

const workers: MailWorker[] = [];
const sinks: SmtpSink[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(sinks.splice(0).map((s) => s.stop()));
});

async function newSink(auth?: { user: string; pass: string }): Promise<SmtpSink> {
  const sink = await new SmtpSink(auth).start();
  sinks.push(sink);
  return sink;
}

/** Short timings: retries are due at once (backoff 0), the poll never fires on its own. */
async function newWorker(
  options: Partial<MailWorkerOptions> = {},
): Promise<{ worker: MailWorker; log: ReturnType<typeof memoryLog> }> {
  const database = await testDatabase();
  const log = memoryLog();
  const worker = new MailWorker({ database, from: FROM, log, backoffBaseMs: 0, pollIntervalMs: 3_600_000, ...options });
  workers.push(worker);
  return { worker, log };
}

async function rows() {
  const { db } = await testDatabase();
  return db.select().from(outbox).orderBy(asc(outbox.id));
}

describe('mail worker', () => {
  it('delivers a queued mail over SMTP with its From, To, Subject, text and stored Message-ID', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    const body = `Hello Zoë,\n\nYour proposal “Café — the long way round” was accepted. ${'This line is long on purpose. '.repeat(4)}\n\nThe organisers`;
    const id = await enqueueMail(db, { to: 'zoe@example.com', subject: 'Your proposal “Café” was accepted', body });
    const { worker } = await newWorker({ smtpUrl: sink.url });

    await worker.deliverDue();

    const [row] = await rows();
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.mailFrom).toBe('mail@pybay.example');
    expect(mail.rcptTo).toEqual(['zoe@example.com']);
    expect(mail.headers.get('from')).toBe('PyBay mail <mail@pybay.example>');
    expect(mail.headers.get('to')).toBe('zoe@example.com');
    expect(mail.headers.get('subject')).toBe('Your proposal “Café” was accepted');
    expect(mail.headers.get('message-id')).toBe(row!.messageId);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.text).toBe(body);
    expect(row).toMatchObject({ id, status: 'sent', attempts: 1, lastError: null, lockedUntil: null });
    expect(row!.sentAt).toBeInstanceOf(Date);
  });

  it('logs in to the SMTP server with the credentials of SMTP_URL', async () => {
    const { db } = await testDatabase();
    const sink = await newSink({ user: 'lectern', pass: 'p@ss:word/1' });
    await enqueueMail(db, { to: 'ada@example.com', subject: 'Hello', body: 'Hi.' });
    const { worker } = await newWorker({ smtpUrl: sink.url });

    await worker.deliverDue();

    expect(sink.received.map((m) => m.rcptTo)).toEqual([['ada@example.com']]);
    expect((await rows())[0]!.status).toBe('sent');
  });

  it('keeps a mail while the SMTP server is down and delivers it once when it is back, with both attempts counted', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    await sink.stop();
    await enqueueMail(db, { to: 'ada@example.com', subject: 'Accepted', body: 'Good news.' });
    const { worker, log } = await newWorker({ smtpUrl: sink.url });

    await worker.deliverDue();

    const [waiting] = await rows();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null });
    expect(waiting!.lastError).toContain('ECONNREFUSED');
    expect(log.lines.map((l) => [l.level, l.message])).toEqual([['warn', 'mail delivery failed; it will be retried']]);

    await sink.start();
    await worker.deliverDue();
    await worker.deliverDue();

    const [sent] = await rows();
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.headers.get('message-id')).toBe(sent!.messageId);
  });

  it('retries a mail whose recipient the server refused for now (451), then delivers it', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    let refusals = 1;
    sink.refuseRecipient = () => (refusals-- > 0 ? smtpRefusal(451, 'Try again later') : undefined);
    await enqueueMail(db, { to: 'ada@example.com', subject: 'Accepted', body: 'Good news.' });
    const { worker } = await newWorker({ smtpUrl: sink.url });

    await worker.deliverDue();
    const [waiting] = await rows();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting!.lastError).toContain('451 Try again later');

    await worker.deliverDue();
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sink.received).toHaveLength(1);
  });

  it('fails a mail at once when the server refuses its recipient for good (550)', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    sink.refuseRecipient = (address) =>
      address === 'nobody@example.com' ? smtpRefusal(550, 'No such user') : undefined;
    await enqueueMail(db, { to: 'nobody@example.com', subject: 'Accepted', body: 'Good news.' });
    const { worker, log } = await newWorker({ smtpUrl: sink.url });

    await worker.deliverDue();
    await worker.deliverDue();

    const [failed] = await rows();
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toContain('550 No such user');
    expect(log.lines.map((l) => l.message)).toEqual(['mail delivery failed for good']);
  });

  it('fails a mail at once when its address is unusable', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    await enqueueMail(db, { to: 'not an address', subject: 'Accepted', body: 'Good news.' });
    const { worker } = await newWorker({ smtpUrl: sink.url });

    await worker.deliverDue();

    const [failed] = await rows();
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toContain('EENVELOPE');
    expect(sink.received).toHaveLength(0);
  });

  it('marks a mail failed after its last allowed attempt', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    await sink.stop();
    await enqueueMail(db, { to: 'ada@example.com', subject: 'Accepted', body: 'Good news.' });
    const { worker } = await newWorker({ smtpUrl: sink.url, maxAttempts: 3 });

    for (let i = 0; i < 5; i++) await worker.deliverDue();

    const [failed] = await rows();
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed!.lastError).toContain('ECONNREFUSED');
  });

  it('waits out the backoff: a mail that failed is not tried again before its time', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    await sink.stop();
    await enqueueMail(db, { to: 'ada@example.com', subject: 'Accepted', body: 'Good news.' });
    const { worker } = await newWorker({ smtpUrl: sink.url, backoffBaseMs: 3_600_000 });

    await worker.deliverDue();
    await sink.start();
    await worker.deliverDue();

    const [waiting] = await rows();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    const [{ delayed }] = (
      (await db.execute(
        sql`select next_attempt_at > now() + interval '29 minutes' as delayed from outbox`,
      )) as unknown as {
        rows: { delayed: boolean }[];
      }
    ).rows as [{ delayed: boolean }];
    expect(delayed).toBe(true);
    expect(sink.received).toHaveLength(0);
  });

  it('delivers each of many mails exactly once when two workers race on the same outbox', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    const ids: number[] = [];
    for (let i = 1; i <= 30; i++)
      ids.push(await enqueueMail(db, { to: `speaker${i}@example.com`, subject: `Mail ${i}`, body: `Text ${i}` }));
    const { worker: first } = await newWorker({ smtpUrl: sink.url, batchSize: 4 });
    const { worker: second } = await newWorker({ smtpUrl: sink.url, batchSize: 4 });

    await Promise.all([first.deliverDue(), second.deliverDue(), first.deliverDue(), second.deliverDue()]);

    const stored = await rows();
    expect(stored.map((r) => [r.status, r.attempts])).toEqual(ids.map(() => ['sent', 1]));
    const arrived = sink.received.map((m) => m.headers.get('message-id')).sort();
    expect(arrived).toEqual(stored.map((r) => r.messageId).sort());
    expect(sink.received.map((m) => m.rcptTo[0]).sort()).toEqual(
      ids.map((_, i) => `speaker${i + 1}@example.com`).sort(),
    );
  });

  it('takes over a mail whose worker died while sending it, and leaves alone one whose lease still runs', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    const crashed = await enqueueMail(db, { to: 'ada@example.com', subject: 'Crashed', body: 'Text' });
    const leased = await enqueueMail(db, { to: 'bob@example.com', subject: 'Leased', body: 'Text' });
    await db
      .update(outbox)
      .set({ status: 'sending', attempts: 1, lockedUntil: sql`now() - interval '1 minute'` })
      .where(eq(outbox.id, crashed));
    await db
      .update(outbox)
      .set({ status: 'sending', attempts: 1, lockedUntil: sql`now() + interval '1 hour'` })
      .where(eq(outbox.id, leased));
    const { worker } = await newWorker({ smtpUrl: sink.url });

    await worker.deliverDue();

    const stored = await rows();
    expect(stored.map((r) => [r.subject, r.status, r.attempts])).toEqual([
      ['Crashed', 'sent', 2],
      ['Leased', 'sending', 1],
    ]);
    expect(sink.received.map((m) => m.headers.get('subject'))).toEqual(['Crashed']);
  });

  it('fails, rather than sends again, a mail whose worker died during its last allowed attempt', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    const id = await enqueueMail(db, { to: 'ada@example.com', subject: 'Crashed', body: 'Text' });
    await db
      .update(outbox)
      .set({ status: 'sending', attempts: 3, lockedUntil: sql`now() - interval '1 minute'` })
      .where(eq(outbox.id, id));
    const { worker } = await newWorker({ smtpUrl: sink.url, maxAttempts: 3 });

    await worker.deliverDue();

    expect((await rows())[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'The delivery was interrupted (the app stopped while sending) on the last allowed attempt.',
    });
    expect(sink.received).toHaveLength(0);
  });

  it('wakes on the notification of a newly queued mail, without waiting for its poll', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    const { worker } = await newWorker({ smtpUrl: sink.url });
    await worker.start();

    await db.transaction(async (tx) => {
      await enqueueMail(tx, { to: 'ada@example.com', subject: 'Woken', body: 'Text' });
    });
    await sink.waitForMails(1);

    expect(sink.received.map((m) => m.headers.get('subject'))).toEqual(['Woken']);
  });

  it('delivers nothing of a transaction that rolled back', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    await expect(
      db.transaction(async (tx) => {
        await enqueueMail(tx, { to: 'ada@example.com', subject: 'Never', body: 'Text' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const { worker } = await newWorker({ smtpUrl: sink.url });

    await worker.deliverDue();

    expect(await rows()).toEqual([]);
    expect(sink.received).toHaveLength(0);
  });

  it('writes the mail to the log when SMTP_URL is unset, and marks it sent so that the outbox shows it', async () => {
    const { db } = await testDatabase();
    const id = await enqueueMail(db, {
      to: 'ada@example.com',
      subject: 'Reset your password',
      body: 'Choose one here:\nhttp://x/reset',
      sensitive: true,
    });
    const { worker, log } = await newWorker({ smtpUrl: undefined });

    await worker.deliverDue();

    const [row] = await rows();
    expect(worker.mode).toBe('log');
    expect(row).toMatchObject({ id, status: 'sent', attempts: 1 });
    expect(log.lines).toEqual([
      {
        level: 'info',
        details: {
          mail: { from: FROM, to: 'ada@example.com', subject: 'Reset your password', messageId: row!.messageId },
        },
        message: `Mail not sent (SMTP_URL is not set), written here instead:\nFrom: ${FROM}\nTo: ada@example.com\nSubject: Reset your password\nMessage-ID: ${row!.messageId}\n\nChoose one here:\nhttp://x/reset`,
      },
    ]);
  });

  it('takes no more mail once stopped, and leaves none claimed', async () => {
    const { db } = await testDatabase();
    const sink = await newSink();
    await enqueueMail(db, { to: 'ada@example.com', subject: 'First', body: 'Text' });
    const { worker } = await newWorker({ smtpUrl: sink.url });

    const running = worker.deliverDue();
    await worker.stop();
    await running;
    await enqueueMail(db, { to: 'bob@example.com', subject: 'Second', body: 'Text' });
    await worker.deliverDue();

    const stored = await rows();
    expect(stored.map((r) => [r.subject, r.status, r.attempts])).toEqual([
      ['First', 'pending', 0],
      ['Second', 'pending', 0],
    ]);
    expect(sink.received).toHaveLength(0);
  });
});
