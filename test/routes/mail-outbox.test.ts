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

describe('drafts', () => {
  async function withDrafts() {
    const context = await setUp();
    const accepted = await enqueueMail(context.db, {
      eventId: context.conf.id,
      to: 'sam@example.com',
      subject: 'Your proposal "Engines" was accepted',
      body: 'Hello Sam,\n\nConfirm here: http://lectern.test/speaker/conf-2030/proposals/ABC',
      draft: true,
    });
    const rejected = await enqueueMail(context.db, {
      eventId: context.conf.id,
      to: 'ria@example.com',
      subject: 'About your proposal "Looms"',
      body: 'Hello Ria,\n\nSorry.',
      draft: true,
    });
    const otherDraft = await enqueueMail(context.db, {
      eventId: context.other.id,
      to: 'bob@example.com',
      subject: 'Other draft',
      body: 'Other.',
      draft: true,
    });
    await context.db
      .update(outbox)
      .set({ status: 'sent', attempts: 1, sentAt: new Date() })
      .where(eq(outbox.id, context.welcome));
    return { ...context, accepted, rejected, otherDraft };
  }

  async function deliverDue() {
    const worker = new MailWorker({
      database: await testDatabase(),
      from: 'Lectern <l@example.com>',
      log: { info() {}, warn() {}, error() {} },
      pollIntervalMs: 3_600_000,
    });
    try {
      await worker.deliverDue();
    } finally {
      await worker.stop();
    }
  }

  it('are counted on the outbox page, with the button that sends them all', async () => {
    const { app } = await withDrafts();
    const browser = await loggedIn(app, 'olga@example.com');

    const page = await browser.get('/orga/conf-2030/mail');
    const drafts = await browser.get('/orga/conf-2030/mail?status=draft');

    expect(page.body).toContain('<h2 id="drafts">2 drafts not sent yet</h2>');
    expect(page.body).toContain('<a href="/orga/conf-2030/mail?status=draft">Review the drafts</a>');
    expect(page.body).toContain('<input type="hidden" name="count" value="2"/>');
    expect(page.body).toContain('<button type="submit">Send all 2 drafts</button>');
    expect(drafts.body).toContain('<option value="draft" selected>Draft (2)</option>');
    expect(drafts.body).toContain('Your proposal &#34;Engines&#34; was accepted');
    expect(drafts.body).not.toContain('Other draft');
    expect([
      ...drafts.body.matchAll(/<button type="submit" class="button--danger">Delete draft<\/button>/g),
    ]).toHaveLength(2);
  });

  it('are never sent by the worker until an organiser sends them', async () => {
    const { accepted, rejected, otherDraft, invitation } = await withDrafts();

    await deliverDue();

    expect(await statusOf(accepted)).toEqual({ status: 'draft', attempts: 0 });
    expect(await statusOf(rejected)).toEqual({ status: 'draft', attempts: 0 });
    expect(await statusOf(otherDraft)).toEqual({ status: 'draft', attempts: 0 });
    expect(await statusOf(invitation)).toEqual({ status: 'sent', attempts: 1 });
  });

  it("shows a draft as its recipient gets it, with the event's draft count", async () => {
    const { app, accepted } = await withDrafts();
    const browser = await loggedIn(app, 'olga@example.com');

    const page = await browser.get(`/orga/conf-2030/mail/messages/${accepted}`);

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Your proposal &#34;Engines&#34; was accepted</h1>');
    expect(page.body).toContain('<span class="state">Draft</span>');
    expect(page.body).toContain(
      '<p>This is a draft: it is sent with the other drafts when you send them (2 drafts now).</p>',
    );
    expect(page.body).toContain('<h2>Text, as the recipient will get it</h2>');
    expect(page.body).toContain('<span>Confirm here: http://lectern.test/speaker/conf-2030/proposals/ABC</span>');
    expect(page.body).toContain('<button type="submit">Send all 2 drafts</button>');
    expect(page.body).toContain('<button type="submit" class="button--danger">Delete this draft</button>');
  });

  it("sends all of the event's drafts in one go, leaves sent mail and other events alone, and the worker delivers them", async () => {
    const { app, accepted, rejected, otherDraft, welcome } = await withDrafts();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/mail');

    const response = await browser.post('/orga/conf-2030/mail/drafts/send', { count: '2' });
    const page = await browser.get('/orga/conf-2030/mail');

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/orga/conf-2030/mail');
    expect(page.body).toContain('<p class="flash flash--success" role="status">2 mails are queued to be sent now.</p>');
    expect(page.body).not.toContain('id="drafts"');
    expect(await statusOf(accepted)).toEqual({ status: 'pending', attempts: 0 });
    expect(await statusOf(rejected)).toEqual({ status: 'pending', attempts: 0 });
    expect(await statusOf(otherDraft)).toEqual({ status: 'draft', attempts: 0 });
    expect(await statusOf(welcome)).toEqual({ status: 'sent', attempts: 1 });
    await deliverDue();
    expect(await statusOf(accepted)).toEqual({ status: 'sent', attempts: 1 });
    expect(await statusOf(rejected)).toEqual({ status: 'sent', attempts: 1 });
    expect(await statusOf(otherDraft)).toEqual({ status: 'draft', attempts: 0 });
  });

  it('sends nothing when the drafts changed since the organiser counted them, and says so', async () => {
    const { app, accepted, rejected } = await withDrafts();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/mail');

    const response = await browser.post('/orga/conf-2030/mail/drafts/send', { count: '1' });
    const page = await browser.get('/orga/conf-2030/mail?status=draft');

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/orga/conf-2030/mail?status=draft');
    expect(page.body).toContain(
      '<p class="flash flash--error" role="status">The drafts changed since you looked: there are 2 now, not 1. Nothing was sent; look at them again.</p>',
    );
    expect(await statusOf(accepted)).toEqual({ status: 'draft', attempts: 0 });
    expect(await statusOf(rejected)).toEqual({ status: 'draft', attempts: 0 });
  });

  it('sends the drafts once when two organisers press the button at the same time', async () => {
    const { app, accepted, rejected } = await withDrafts();
    const first = await loggedIn(app, 'olga@example.com');
    const second = await loggedIn(app, 'olga@example.com');
    await first.get('/orga/conf-2030/mail');
    await second.get('/orga/conf-2030/mail');

    const responses = await Promise.all([
      first.post('/orga/conf-2030/mail/drafts/send', { count: '2' }),
      second.post('/orga/conf-2030/mail/drafts/send', { count: '2' }),
    ]);
    const flashes = await Promise.all([first.get('/orga/conf-2030/mail'), second.get('/orga/conf-2030/mail')]);

    expect(responses.map((r) => r.statusCode)).toEqual([303, 303]);
    const said = flashes.map((page) => /<p class="flash[^"]*" role="status">([^<]*)<\/p>/.exec(page.body)?.[1]).sort();
    expect(said).toEqual(['2 mails are queued to be sent now.', 'There are no drafts to send.']);
    expect(await statusOf(accepted)).toEqual({ status: 'pending', attempts: 0 });
    expect(await statusOf(rejected)).toEqual({ status: 'pending', attempts: 0 });
  });

  it('says so when there is no draft to send', async () => {
    const { app } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/mail');

    const response = await browser.post('/orga/conf-2030/mail/drafts/send', { count: '1' });
    const page = await browser.get('/orga/conf-2030/mail?status=draft');

    expect(response.statusCode).toBe(303);
    expect(page.body).toContain('<p class="flash flash--error" role="status">There are no drafts to send.</p>');
    expect(page.body).toContain('<p>No drafts: nothing waits for you to send it.</p>');
  });

  it('refuses a send without the count, naming the field', async () => {
    const { app, accepted } = await withDrafts();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/mail');

    const response = await browser.post('/orga/conf-2030/mail/drafts/send', {});

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('count');
    expect(await statusOf(accepted)).toEqual({ status: 'draft', attempts: 0 });
  });

  it('deletes a draft, and refuses to delete a mail that is not a draft', async () => {
    const { app, db, accepted, welcome } = await withDrafts();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/mail');

    const deleted = await browser.post(`/orga/conf-2030/mail/messages/${accepted}/delete`, {});
    const list = await browser.get('/orga/conf-2030/mail?status=draft');
    const refused = await browser.post(`/orga/conf-2030/mail/messages/${welcome}/delete`, {});
    const message = await browser.get(`/orga/conf-2030/mail/messages/${welcome}`);

    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/orga/conf-2030/mail?status=draft');
    expect(list.body).toContain('The draft is deleted; it will not be sent.');
    expect(list.body).toContain('<h2 id="drafts">1 draft not sent yet</h2>');
    expect(await db.select().from(outbox).where(eq(outbox.id, accepted))).toEqual([]);
    expect(refused.statusCode).toBe(303);
    expect(message.body).toContain(
      '<p class="flash flash--error" role="status">This mail is not a draft any more: it was queued to be sent, and stays in the outbox.</p>',
    );
    expect(await statusOf(welcome)).toEqual({ status: 'sent', attempts: 1 });
  });

  it("answers 404 to deleting another event's draft", async () => {
    const { app, otherDraft } = await withDrafts();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get('/orga/conf-2030/mail');

    const response = await browser.post(`/orga/conf-2030/mail/messages/${otherDraft}/delete`, {});

    expect(response.statusCode).toBe(404);
    expect(await statusOf(otherDraft)).toEqual({ status: 'draft', attempts: 0 });
  });

  it.each([
    ['a reviewer of the event', 'rita@example.com'],
    ['the organiser of another event', 'otto@example.com'],
  ])('answers 403 to %s sending or deleting drafts, and changes nothing', async (_who, email) => {
    const { app, accepted } = await withDrafts();
    const browser = await loggedIn(app, email);

    const send = await browser.post('/orga/conf-2030/mail/drafts/send', { count: '2' }, { formUrl: '/account' });
    const remove = await browser.post(`/orga/conf-2030/mail/messages/${accepted}/delete`, {}, { formUrl: '/account' });

    expect([send.statusCode, remove.statusCode]).toEqual([403, 403]);
    expect(await statusOf(accepted)).toEqual({ status: 'draft', attempts: 0 });
  });
});
