import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema.js';
import { MailWorker } from '../../src/modules/mail/index.js';
import { testDatabase } from '../helpers/database.js';
import { addToTeam, createOrganiserUser, createUser, TEST_PASSWORD } from '../helpers/site.js';
import { SmtpSink, type ReceivedMail } from '../mail/smtp-sink.js';
import {
  axeViolationsInBothSchemes,
  chromiumAvailable,
  collectCspViolations,
  DESKTOP,
  launchChromium,
  startLectern,
  type RunningLectern,
} from './helpers.js';
import { navigatingBy, TalkPage } from './pages.js';
import {
  CfpPage,
  LoginPage,
  OrgaPage,
  OrgaProposalListPage,
  OrgaProposalPage,
  OutboxPage,
  ProposalFormPage,
  SitePage,
  SpeakerProposalPage,
} from './site-pages.js';

/**
 * An organiser's event from session types to the speaker's "you are scheduled" mail, in real
 * Chromium, each person in a browser of their own and every step through the pages' forms: the
 * organiser adds a session type; a speaker proposes a workshop of that type; two reviewers
 * score it, the second seeing nothing of the first's review until theirs is written; the
 * organiser accepts it (a draft), reads and sends the drafts; the speaker confirms from the
 * mail a real SMTP server received; the organiser places the workshop (its length from its
 * session type) and releases the schedule with "Notify speakers" ticked; and the speaker's
 * mailbox gets the mail saying when and where.
 */

const EVENT = 'pybay-2016';
const ORGANISER = { email: 'olga@example.com', name: 'Olga Organiser' };
const RITA = { email: 'rita@example.com', name: 'Rita Reviewer' };
const WENDY = { email: 'wendy@example.com', name: 'Wendy Reviewer' };
const SPEAKER = { email: 'sam.speaker@example.com', name: 'Sam Speaker' };
const TITLE = 'Hands-on Property-Based Testing';

interface Person {
  context: BrowserContext;
  page: Page;
  cspRefusals: string[];
}

describe.skipIf(!chromiumAvailable())('an organiser’s event from session types to a release, in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  let sink: SmtpSink;
  let worker: MailWorker;
  const people: Person[] = [];
  let failedStep: string | undefined;
  let proposalPath: string;

  const url = (path: string) => `${lectern.baseUrl}${path}`;

  async function person(email: string): Promise<Person> {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    context.setDefaultTimeout(10_000);
    const cspRefusals = collectCspViolations(context);
    const page = await context.newPage();
    await page.goto(url('/login'));
    await new LoginPage(page).logIn(email, TEST_PASSWORD);
    const one = { context, page, cspRefusals };
    people.push(one);
    return one;
  }

  /** Delivers what the outbox holds now over SMTP, and gives what the server received since. */
  async function deliver(): Promise<ReceivedMail[]> {
    const before = sink.received.length;
    await worker.deliverDue();
    return sink.received.slice(before);
  }

  function step(name: string, body: () => Promise<void>): void {
    it(name, async (context) => {
      if (failedStep) context.skip(`the step "${failedStep}" failed`);
      try {
        await body();
      } catch (error) {
        failedStep = name;
        throw error;
      }
    });
  }

  let organiser: Person;
  let speaker: Person;

  beforeAll(async () => {
    lectern = await startLectern();
    const { db } = lectern;
    const now = DateTime.now();
    await db
      .update(events)
      .set({
        timezone: 'America/Los_Angeles',
        startsOn: '2016-08-20',
        endsOn: '2016-08-21',
        cfpOpensAt: now.minus({ days: 1 }).toJSDate(),
        cfpClosesAt: now.plus({ days: 30 }).toJSDate(),
      })
      .where(eq(events.slug, EVENT));
    await createOrganiserUser(db, EVENT, ORGANISER.email);
    for (const reviewer of [RITA, WENDY]) {
      const user = await createUser(db, reviewer);
      await addToTeam(db, EVENT, user.id, 'reviewer');
    }
    await createUser(db, SPEAKER);
    sink = await new SmtpSink().start();
    worker = new MailWorker({
      database: await testDatabase(),
      smtpUrl: sink.url,
      from: 'PyBay 2016 <cfp@pybay.test>',
      log: { info() {}, warn() {}, error() {} },
      pollIntervalMs: 3_600_000,
    });
    browser = await launchChromium();
    organiser = await person(ORGANISER.email);
    speaker = await person(SPEAKER.email);
  });

  afterAll(async () => {
    await worker?.stop();
    await sink?.stop();
    await browser?.close();
    await lectern?.close();
  });

  step('lets the organiser add a session type', async () => {
    const { page } = organiser;
    await page.goto(url(`/orga/${EVENT}`));
    const dashboard = new OrgaPage(page);
    await dashboard.openSection('Session types');
    await page.getByLabel('Name (required)').fill('Workshop');
    await page.getByLabel(/^Duration in minutes/).fill('90');
    await dashboard.press('Add session type');
    expect(await dashboard.flash.innerText()).toContain('Workshop');
    expect(await page.locator('main table').first().innerText()).toContain('Workshop');
    expect(await axeViolationsInBothSchemes(page), 'axe on the session types').toEqual({});
  });

  step('lets a speaker propose a talk of that session type', async () => {
    const { page } = speaker;
    await page.goto(url(`/${EVENT}/cfp`));
    const cfp = new CfpPage(page);
    await cfp.follow('Propose a talk');
    const form = new ProposalFormPage(page);
    await form.fill({
      title: TITLE,
      description: 'We write properties, let fast-check find the counterexamples, and shrink them.',
      abstract: 'Bring a laptop with Node.js 24.',
      track: 'Fundamentals',
      level: 'Intermediate',
      biography: 'Sam maintains a testing library.',
    });
    // The only session type: a radio button, in the group of that name.
    await form.form
      .getByRole('group', { name: /^Session type/ })
      .getByLabel('Workshop, 90 minutes')
      .check();
    await form.submitProposal();
    expect(page.url()).toMatch(new RegExp(`^${url(`/${EVENT}/me/proposals/`)}[A-Za-z0-9]+$`));
    proposalPath = new URL(page.url()).pathname;
    const proposal = new SpeakerProposalPage(page);
    expect(await proposal.state.innerText()).toBe('Submitted');
    expect(await page.locator('main').innerText()).toContain('Workshop');
    // The confirmation of the submission is sent at once, not as a draft.
    expect((await deliver()).map((mail) => mail.rcptTo)).toEqual([[SPEAKER.email]]);
  });

  step('hides the first review from the second reviewer until theirs is written', async () => {
    const rita = await person(RITA.email);
    await rita.page.goto(url(`/orga/${EVENT}/proposals?state=submitted`));
    await new OrgaProposalListPage(rita.page).openProposal(TITLE);
    const ritaView = new OrgaProposalPage(rita.page);
    await ritaView.review({ score: 3, comment: 'Exactly what our attendees ask for.' });
    expect(await ritaView.flash.innerText()).toBe('Your review is saved.');

    const wendy = await person(WENDY.email);
    await wendy.page.goto(url(`/orga/${EVENT}/proposals?state=submitted`));
    const list = new OrgaProposalListPage(wendy.page);
    expect((await list.rows()).map((row) => [row.Title, row.Reviews])).toEqual([[TITLE, 'hidden until you review it']]);
    await list.openProposal(TITLE);
    const wendyView = new OrgaProposalPage(wendy.page);
    expect(await wendy.page.locator('main').innerText()).not.toContain('Exactly what our attendees ask for.');
    expect(await wendyView.reviewHeadings.allInnerTexts()).toEqual([]);
    await wendyView.review({ score: 2, comment: 'Good, if the room has power sockets.' });
    expect(await wendyView.reviewHeadings.allInnerTexts()).toEqual([
      `${RITA.name}: 3 of 3`,
      `${WENDY.name} (you): 2 of 3`,
    ]);
  });

  step('lets the organiser accept it as a draft, read the draft, and send the drafts', async () => {
    const { page } = organiser;
    await page.goto(url(`/orga/${EVENT}/proposals?state=submitted`));
    const list = new OrgaProposalListPage(page);
    expect((await list.rows()).map((row) => [row.Title, row.Reviews, row.Mean])).toEqual([[TITLE, '2', '2.5']]);
    await list.openProposal(TITLE);
    const proposal = new OrgaProposalPage(page);
    await proposal.decide('Accept');
    expect(await proposal.flash.innerText()).toBe(
      `Accepted "${TITLE}". 1 mail is a draft in the outbox: nothing is sent until you send the drafts.`,
    );
    // A draft is not sent, however often the worker looks.
    expect(await deliver()).toEqual([]);

    await proposal.openSection('Mail');
    const outbox = new OutboxPage(page);
    const subject = `[PyBay 2016] Your proposal "${TITLE}" was accepted`;
    await outbox.openMessage(subject);
    expect(await outbox.mailBody.innerText()).toContain(`Hello ${SPEAKER.name},`);
    await outbox.press('Send all 1 draft');
    expect(await outbox.flash.innerText()).toBe('1 mail is queued to be sent now.');
    const [accepted] = await deliver();
    expect(accepted!.rcptTo).toEqual([SPEAKER.email]);
    expect(accepted!.headers.get('subject')).toBe(subject);
    expect(accepted!.text).toContain(`http://lectern.test${proposalPath}`);
  });

  step('lets the speaker confirm from the link in the mail', async () => {
    const { page } = speaker;
    // The mail links to Lectern's public address; this one runs on a local port.
    await page.goto(url(proposalPath));
    const proposal = new SpeakerProposalPage(page);
    await proposal.confirm();
    expect(await proposal.state.innerText()).toBe('Confirmed');
  });

  step('lets the organiser place it for its session type’s length and release, notifying the speaker', async () => {
    const { page } = organiser;
    await page.goto(url(`/orga/${EVENT}/schedule`));
    const editor = new SitePage(page);
    await editor.press('Create days 2016-08-20 to 2016-08-21, 09:00–18:00');
    await editor.follow('Rooms');
    await page.getByLabel('Name (required)').fill('Workshop Room');
    await page.getByLabel('Seats').fill('40');
    await editor.press('Add room');
    await navigatingBy(page, () =>
      page.getByRole('navigation', { name: 'Schedule' }).getByRole('link', { name: 'Grid' }).click(),
    );
    await page.getByLabel(`Room for ${TITLE}`).selectOption({ label: 'Workshop Room' });
    const start = page.getByLabel(`Start of ${TITLE}`);
    await start.fill('2016-08-20T10:00');
    await start.press('Enter');
    await expect
      .poll(() => page.locator('[data-editor-status]').innerText())
      .toBe(`“${TITLE}” is placed in Workshop Room, Sat 20 Aug 2016 10:00–11:30.`);

    await navigatingBy(page, () =>
      page.getByRole('navigation', { name: 'Schedule' }).getByRole('link', { name: 'Release' }).click(),
    );
    expect(await page.getByLabel('Notify speakers').isChecked()).toBe(true);
    expect(await axeViolationsInBothSchemes(page), 'axe on the release page').toEqual({});
    await editor.press('Release the schedule');
    expect(await editor.flash.innerText()).toBe(
      'Version 1 is released, with 1 change: public pages and exports show it now. 1 speaker is mailed about their talks.',
    );
  });

  step('mails the speaker that the talk is scheduled, with the time, room and link the public pages show', async () => {
    const mails = await deliver();
    expect(mails.map((mail) => [mail.rcptTo, mail.headers.get('subject')])).toEqual([
      [[SPEAKER.email], '[PyBay 2016] Your talk is scheduled'],
    ]);
    const text = mails[0]!.text;
    expect(text).toContain(`Scheduled: “${TITLE}”, Sat 20 Aug 2016 10:00–11:30, Workshop Room`);
    const link = /http:\/\/lectern\.test(\/pybay-2016\/talks\/\S+)/.exec(text);
    expect(link, 'a link to the talk page').not.toBeNull();

    const { page } = speaker;
    await expect.poll(() => lectern.agenda.event(EVENT)?.schedule?.version, { timeout: 10_000 }).toBe('1');
    await page.goto(url(link![1]!));
    const talk = new TalkPage(page);
    expect(await talk.heading.innerText()).toBe(TITLE);
    expect(await talk.facts()).toMatchObject({
      when: 'Saturday 20 August 2016, 10:00–11:30 PDT',
      room: 'Workshop Room',
    });
    expect(await page.locator('main').innerText()).toContain('Workshop');
    for (const one of people) expect(one.cspRefusals).toEqual([]);
  });
});
