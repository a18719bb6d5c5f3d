import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, outbox, talks, talkStateChanges } from '../../src/db/schema.js';
import { releaseScheduleWithin } from '../../src/modules/schedule/index.js';
import { buildTestApp } from '../helpers/app.js';
import { testDatabase } from '../helpers/database.js';
import { createProposal } from '../helpers/proposals.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { addToTeam, Browser, createOrganiserUser, createUser } from '../helpers/site.js';
import { deliverOutboxOverSmtp } from '../mail/fixtures.js';
import { decodeEntities, tags, textNodes, titleOf } from './html.js';
import { SCRIPT_TITLE, TITLE_BREAKER } from './xss-payloads.js';
import { createCfpEvent, submitProposal, completeProposal, talkByCode } from './speaker-fixtures.js';

/** Text of the page as a reader reads it, tags removed. */
function text(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** PyCon 2099 with Ada's confirmed talk, two organisers (one never proved their address) and a reviewer. */
async function setUp() {
  const test = await buildTestApp();
  await createCfpEvent(test.db);
  const ada = await createUser(test.db, { email: 'ada@example.com', name: 'Ada' });
  await createOrganiserUser(test.db, 'pycon-2099', 'olga@example.com');
  const talk = await createProposal(test.db, {
    eventSlug: 'pycon-2099',
    title: 'Engines & Looms',
    state: 'confirmed',
    speakers: [{ name: 'Ada Lovelace', userId: ada.id }],
  });
  const browser = new Browser(test.app);
  await browser.login('ada@example.com');
  return { ...test, talk, browser, page: `/pycon-2099/me/proposals/${talk.code}` };
}

describe('withdrawing a talk on the program', () => {
  it('asks first, saying the talk leaves the program while no release shows it, and then the published schedule', async () => {
    const { db, talk, browser, page } = await setUp();

    const proposal = await browser.get(page);
    const unreleased = await browser.get(`${page}/withdraw`);
    await scheduleAndRelease(db, { eventSlug: 'pycon-2099', dates: ['2099-06-01'] });
    const released = await browser.get(`${page}/withdraw`);

    expect(proposal.body).toContain(`<a class="button button--danger" href="${page}/withdraw">Withdraw this talk…</a>`);
    expect(proposal.body).not.toContain(`<form method="post" action="${page}/withdraw"`);
    expect(unreleased.statusCode).toBe(200);
    expect(text(unreleased.body)).toContain(
      'Withdraw “Engines & Looms”? Your talk is confirmed, though not in a published schedule yet: this takes it off the program at once. The organisers are told, with your reason. This cannot be undone.',
    );
    expect(unreleased.body).toContain(`<form class="form" method="post" action="${page}/withdraw" novalidate>`);
    expect(unreleased.body).toContain('<input type="hidden" name="_csrf"');
    expect(unreleased.body).toContain('<label for="reason">Reason (optional)</label>');
    expect(unreleased.body).toContain('<textarea id="reason" name="reason" rows="4" maxlength="2000"');
    expect(unreleased.body).toContain('<button type="submit" class="button--danger">Withdraw this talk</button>');
    expect(unreleased.body).toContain(`<a href="${page}">Keep it</a>`);
    expect(text(released.body)).toContain(
      'Withdraw “Engines & Looms”? This removes your talk from the published schedule and the program at once; the next release of the schedule lists it as cancelled.',
    );
    expect((await talkByCode(db, talk.code)).state).toBe('confirmed');
  });

  it('withdraws with the reason kept, mails the organisers (delivered over SMTP), and the next release says cancelled', async () => {
    const { db, agenda, app, talk, browser, page } = await setUp();
    // Oscar organises too; Rita only reviews, and Uma never proved her address: no mail for them.
    const team = [
      [await createUser(db, { email: 'oscar@example.com', name: 'Oscar' }), 'organiser'],
      [await createUser(db, { email: 'rita@example.com', name: 'Rita' }), 'reviewer'],
      [await createUser(db, { email: 'uma@example.com', name: 'Uma', verified: false }), 'organiser'],
    ] as const;
    for (const [user, role] of team) await addToTeam(db, 'pycon-2099', user.id, role);
    const first = await scheduleAndRelease(db, { eventSlug: 'pycon-2099', dates: ['2099-06-01'] });
    expect(first.changes.map((c) => c.kind)).toEqual(['added']);
    await browser.get(`${page}/withdraw`);

    const withdrawn = await browser.post(`${page}/withdraw`, { reason: 'My engine broke.\r\nSorry!' });

    expect([withdrawn.statusCode, withdrawn.headers.location]).toEqual([303, page]);
    const after = await browser.get(page);
    expect(text(after.body)).toContain(
      '“Engines & Looms” is withdrawn and no longer on the program; the organisers are told.',
    );
    expect((await talkByCode(db, talk.code)).state).toBe('withdrawn');
    expect(
      await db
        .select({ from: talkStateChanges.fromState, to: talkStateChanges.toState, reason: talkStateChanges.reason })
        .from(talkStateChanges),
    ).toEqual([{ from: 'confirmed', to: 'withdrawn', reason: 'My engine broke.\nSorry!' }]);

    const delivered = await deliverOutboxOverSmtp();
    const body = `Ada Lovelace withdrew the confirmed talk “Engines & Looms” from PyCon 2099. It is no longer on the program, nor on the public schedule; the next release of the schedule lists it as cancelled.

Their reason:
My engine broke.
Sorry!

The talk in the back office:
http://lectern.test/orga/pycon-2099/proposals/${talk.code}`;
    const received = delivered.map((mail) => [mail.rcptTo, mail.headers.get('subject'), mail.text]);
    expect(received.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      [
        ['olga@example.com'],
        '[PyCon 2099] “Engines & Looms” was withdrawn by its speaker',
        `Hello Olga Organiser,\n\n${body}`,
      ],
      [['oscar@example.com'], '[PyCon 2099] “Engines & Looms” was withdrawn by its speaker', `Hello Oscar,\n\n${body}`],
    ]);

    const olga = new Browser(app);
    await olga.login('olga@example.com');
    const backOffice = await olga.get(`/orga/pycon-2099/proposals/${talk.code}`);
    expect(backOffice.statusCode).toBe(200);
    expect(text(backOffice.body)).toMatch(
      /Withdrawal Withdrawn by its speaker on \w{3} \d+ \w{3} \d{4}, \d\d:\d\d \w+\. My engine broke\. Sorry!/,
    );

    const [event] = await db.select().from(events).where(eq(events.slug, 'pycon-2099'));
    const next = await db.transaction((tx) => releaseScheduleWithin(tx, event!, {}, null));
    expect(next.changes.map((c) => [c.kind, c.title])).toEqual([['cancelled', 'Engines & Looms']]);
    await agenda.reload('pycon-2099');
    const changelog = await app.inject({ url: '/pycon-2099/changelog' });
    expect(changelog.body).toContain(
      '<li class="change change--cancelled"><span class="change__kind">Cancelled:</span> <span>Engines &amp; Looms</span> <span class="change__before">was',
    );
  });

  it('refuses too long a reason on the same page, under its field, withdrawing nothing', async () => {
    const { db, talk, browser, page } = await setUp();
    await browser.get(`${page}/withdraw`);

    const refused = await browser.post(`${page}/withdraw`, { reason: 'x'.repeat(2001) });

    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<p class="error" id="reason-error">is 2001 characters long; at most 2000 fit</p>');
    expect(refused.body).toContain(`${'x'.repeat(2001)}</textarea>`);
    expect((await talkByCode(db, talk.code)).state).toBe('confirmed');
    expect(await db.select().from(talkStateChanges)).toEqual([]);
    expect(await db.$count(outbox)).toBe(0);
  });

  it('keeps withdrawing a submitted proposal one press from its page, mailing nobody; the step page says what it does', async () => {
    const { app, db } = await buildTestApp();
    await createCfpEvent(db);
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    await createOrganiserUser(db, 'pycon-2099', 'olga@example.com');
    const browser = new Browser(app);
    await browser.login('ada@example.com');
    const code = await submitProposal(browser, 'pycon-2099', completeProposal());
    const page = `/pycon-2099/me/proposals/${code}`;
    const mailsBefore = await db.select({ to: outbox.recipient }).from(outbox).orderBy(asc(outbox.id));

    const proposal = await browser.get(page);
    const step = await browser.get(`${page}/withdraw`);
    const withdrawn = await browser.post(`${page}/withdraw`, {}, { formUrl: page });

    expect(proposal.body).toContain(`<form method="post" action="${page}/withdraw" class="inline-form">`);
    expect(text(step.body)).toContain('This takes your proposal out of the running. This cannot be undone.');
    expect(step.body).toContain('<button type="submit" class="button--danger">Withdraw this proposal</button>');
    expect(withdrawn.statusCode).toBe(303);
    expect((await talkByCode(db, code)).state).toBe('withdrawn');
    expect(await db.select({ to: outbox.recipient }).from(outbox).orderBy(asc(outbox.id))).toEqual(mailsBefore);
    // Nothing is left to withdraw: the step answers 409 on the proposal's page.
    const again = await browser.get(`${page}/withdraw`);
    expect(again.statusCode).toBe(409);
    expect(text(again.body)).toContain('This proposal is withdrawn: there is nothing to withdraw.');
  });

  it('shows a hostile title and reason as text on the step page and in the back office', async () => {
    const { app, db, talk, browser, page } = await setUp();
    await db.update(talks).set({ title: TITLE_BREAKER }).where(eq(talks.id, talk.id));

    const step = await browser.get(`${page}/withdraw`);
    await browser.post(`${page}/withdraw`, { reason: SCRIPT_TITLE });
    const olga = new Browser(app);
    await olga.login('olga@example.com');
    const backOffice = await olga.get(`/orga/pycon-2099/proposals/${talk.code}`);

    for (const [name, response] of [
      ['step', step],
      ['back office', backOffice],
    ] as const) {
      const opened = tags(response.body).map((tag) => tag.name);
      expect(
        opened.filter((tag) => ['script', 'img', 'svg'].includes(tag)),
        name,
      ).toEqual([]);
      expect(titleOf(response.body), name).toContain(TITLE_BREAKER);
    }
    expect(textNodes(step.body)).toContain(`Withdraw “${TITLE_BREAKER}”?`);
    expect(textNodes(backOffice.body)).toContain(SCRIPT_TITLE);
  });

  it('answers 404 to anyone but its speakers, organisers included', async () => {
    const { app, page } = await setUp();
    const olga = new Browser(app);
    await olga.login('olga@example.com');
    const stranger = new Browser(app);
    await createUser((await testDatabase()).db, { email: 'bob@example.com', name: 'Bob' });
    await stranger.login('bob@example.com');

    expect((await olga.get(`${page}/withdraw`)).statusCode).toBe(404);
    expect((await stranger.get(`${page}/withdraw`)).statusCode).toBe(404);
    expect((await new Browser(app).get(`${page}/withdraw`)).statusCode).toBe(303);
  });
});
