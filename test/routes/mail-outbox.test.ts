import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { enqueueMail, MailWorker } from '../../src/modules/mail/index.js';
import { buildTestApp } from '../helpers/app.js';
import { testDatabase } from '../helpers/database.js';
import { Browser, loggedIn } from '../helpers/site.js';
import { createMailEvents } from '../mail/fixtures.js';

async function setUp() {
  const { app, db } = await buildTestApp();
  const team = await createMailEvents(db);
  const welcome = await enqueueMail(db, {
    eventId: team.conf.id,
    to: 'ada@example.com',
    subject: 'Welcome to <Conf> 2030',
    body: 'Hello Ada,\n\nWelcome & thanks.\nSee you there.',
  });
  const invitation = await enqueueMail(db, {
    eventId: team.conf.id,
    to: 'new@example.com',
    subject: 'You are now a reviewer of Conf 2030',
    body: 'Choose your password here: http://lectern.test/password/set/SECRET-TOKEN-123',
    sensitive: true,
  });
  const otherEvents = await enqueueMail(db, {
    eventId: team.other.id,
    to: 'bob@example.com',
    subject: 'Other event news',
    body: 'Other.',
  });
  await enqueueMail(db, {
    to: 'ada@example.com',
    subject: 'Reset your Lectern password',
    body: 'Reset: http://x/reset/T',
    sensitive: true,
  });
  return { app, db, ...team, welcome, invitation, otherEvents };
}

async function statusOf(id: number) {
  const { db } = await testDatabase();
  const [row] = await db
    .select({ status: outbox.status, attempts: outbox.attempts })
    .from(outbox)
    .where(eq(outbox.id, id));
  return row;
}

describe('the outbox page', () => {
  it("lists this event's mails only, newest first, with their status and attempts", async () => {
    const { app } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');

    const page = await browser.get('/orga/conf-2030/mail');

    expect(page.statusCode).toBe(200);
    const subjects = [...page.body.matchAll(/<a href="\/orga\/conf-2030\/mail\/messages\/\d+">([^<]*)<\/a>/g)].map(
      (m) => m[1],
    );
    expect(subjects).toEqual(['You are now a reviewer of Conf 2030', 'Welcome to &lt;Conf> 2030']);
    expect(page.body).not.toContain('Other event news');
    expect(page.body).not.toContain('Reset your Lectern password');
    expect(page.body).toContain('<td>ada@example.com</td>');
    expect(page.body).toContain('<span class="state state--submitted">Waiting</span>');
  });

  it('filters by status', async () => {
    const { app, db, welcome } = await setUp();
    await db
      .update(outbox)
      .set({ status: 'failed', attempts: 10, lastError: 'ECONNREFUSED: connect ECONNREFUSED' })
      .where(eq(outbox.id, welcome));
    const browser = await loggedIn(app, 'olga@example.com');

    const failed = await browser.get('/orga/conf-2030/mail?status=failed');
    const sent = await browser.get('/orga/conf-2030/mail?status=sent');

    expect(failed.body).toContain('Welcome to &lt;Conf> 2030');
    expect(failed.body).not.toContain('You are now a reviewer of Conf 2030');
    expect(failed.body).toContain('<td>ECONNREFUSED: connect ECONNREFUSED</td>');
    expect(failed.body).toContain('<option value="failed" selected>Failed (1)</option>');
    expect(sent.body).toContain('No mail is sent.');
  });

  it('shows fifty mails a page, with a link to the older ones', async () => {
    const { app, db, conf } = await setUp();
    await db.insert(outbox).values(
      Array.from({ length: 50 }, (_, i) => ({
        eventId: conf.id,
        recipient: `speaker${i}@example.com`,
        subject: `Bulk ${i}`,
        body: 'Text',
        messageId: `<bulk-${i}@test>`,
      })),
    );
    const browser = await loggedIn(app, 'olga@example.com');

    const first = await browser.get('/orga/conf-2030/mail');
    const second = await browser.get('/orga/conf-2030/mail?page=2');

    const count = (body: string) => [...body.matchAll(/\/mail\/messages\/\d+">/g)].length;
    expect([count(first.body), count(second.body)]).toEqual([50, 2]);
    expect(first.body).toContain('<a href="/orga/conf-2030/mail?page=2">Older mails</a>');
    expect(second.body).toContain('<a href="/orga/conf-2030/mail?page=1">Newer mails</a>');
    expect(second.body).not.toContain('Older mails');
  });

  it('refuses an unknown status filter with 400', async () => {
    const { app } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');

    const response = await browser.get('/orga/conf-2030/mail?status=lost');

    expect(response.statusCode).toBe(400);
  });

  it('shows the text of an ordinary mail, escaped', async () => {
    const { app, welcome } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');

    const page = await browser.get(`/orga/conf-2030/mail/messages/${welcome}`);

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Welcome to &lt;Conf> 2030</h1>');
    expect(page.body).toContain(
      '<p><span>Hello Ada,</span></p><p><span>Welcome &amp; thanks.</span><br/><span>See you there.</span></p>',
    );
  });

  it('never shows the text of a mail with a personal link, and says why', async () => {
    const { app, invitation } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');

    const page = await browser.get(`/orga/conf-2030/mail/messages/${invitation}`);

    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('SECRET-TOKEN-123');
    expect(page.body).toContain('This mail holds a personal link (to choose a password or to sign in).');
  });

  it("answers 404 for another event's mail and for an account mail", async () => {
    const { app, otherEvents } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');

    const other = await browser.get(`/orga/conf-2030/mail/messages/${otherEvents}`);
    const account = await browser.get(`/orga/conf-2030/mail/messages/${otherEvents + 1}`);

    expect(other.statusCode).toBe(404);
    expect(account.statusCode).toBe(404);
  });

  it('retries a failed mail now, and the worker delivers it', async () => {
    const { app, db, welcome } = await setUp();
    await db
      .update(outbox)
      .set({ status: 'failed', attempts: 10, nextAttemptAt: sql`now() + interval '1 day'` })
      .where(eq(outbox.id, welcome));
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(`/orga/conf-2030/mail/messages/${welcome}`);

    const response = await browser.post(`/orga/conf-2030/mail/messages/${welcome}/retry`, {});

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/orga/conf-2030/mail/messages/${welcome}`);
    expect(await statusOf(welcome)).toEqual({ status: 'pending', attempts: 10 });
    const log = { info() {}, warn() {}, error() {} };
    const worker = new MailWorker({
      database: await testDatabase(),
      from: 'Lectern <l@example.com>',
      log,
      pollIntervalMs: 3_600_000,
    });
    try {
      await worker.deliverDue();
    } finally {
      await worker.stop();
    }
    const rows = await db.select({ id: outbox.id, status: outbox.status }).from(outbox).orderBy(asc(outbox.id));
    expect(rows.find((r) => r.id === welcome)!.status).toBe('sent');
    const page = await browser.get(`/orga/conf-2030/mail/messages/${welcome}`);
    expect(page.body).toContain('<span class="state state--accepted">Sent</span>');
    expect(page.body).toContain('<dd>11</dd>');
  });

  it('refuses to retry a mail that was sent, and says so', async () => {
    const { app, db, welcome } = await setUp();
    await db.update(outbox).set({ status: 'sent', attempts: 1, sentAt: new Date() }).where(eq(outbox.id, welcome));
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(`/orga/conf-2030/mail/messages/${welcome}`);

    const response = await browser.post(`/orga/conf-2030/mail/messages/${welcome}/retry`, {});
    const page = await browser.get(`/orga/conf-2030/mail/messages/${welcome}`);

    expect(response.statusCode).toBe(303);
    expect(page.body).toContain('<p class="flash flash--error" role="status">This mail was sent already.</p>');
    expect(await statusOf(welcome)).toEqual({ status: 'sent', attempts: 1 });
  });

  it.each([
    ['a reviewer of the event', 'rita@example.com'],
    ['the organiser of another event', 'otto@example.com'],
  ])('answers 403 to %s, on the pages and on retry, and changes nothing', async (_who, email) => {
    const { app, db, welcome } = await setUp();
    await db.update(outbox).set({ status: 'failed', attempts: 10 }).where(eq(outbox.id, welcome));
    const browser = await loggedIn(app, email);

    const list = await browser.get('/orga/conf-2030/mail');
    const message = await browser.get(`/orga/conf-2030/mail/messages/${welcome}`);
    const retry = await browser.post(`/orga/conf-2030/mail/messages/${welcome}/retry`, {}, { formUrl: '/account' });

    expect([list.statusCode, message.statusCode, retry.statusCode]).toEqual([403, 403, 403]);
    expect(await statusOf(welcome)).toEqual({ status: 'failed', attempts: 10 });
  });

  it('sends anonymous visitors to the login page', async () => {
    const { app } = await setUp();

    const response = await new Browser(app).get('/orga/conf-2030/mail');

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login?next=%2Forga%2Fconf-2030%2Fmail');
  });
});
