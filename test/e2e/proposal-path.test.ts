import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInZone } from '../../src/shared/time.js';
import { TEST_PUBLIC_URL } from '../helpers/app.js';
import {
  addToTeam,
  createOrganiserUser,
  createUser,
  latestMailTo,
  linkInMail,
  TEST_PASSWORD,
} from '../helpers/site.js';
import {
  axeViolationsInBothSchemes,
  chromiumAvailable,
  collectCspViolations,
  DESKTOP,
  launchChromium,
  screenshots,
  startLectern,
  type RunningLectern,
} from './helpers.js';
import { navigatingBy, ProgramPage, TalkPage } from './pages.js';
import {
  CfpPage,
  EventSettingsPage,
  LoginPage,
  OrgaPage,
  OrgaProposalListPage,
  OrgaProposalPage,
  OutboxPage,
  ProposalFormPage,
  ProposalFormSettingsPage,
  SignupPage,
  SitePage,
  SpeakerProposalListPage,
  SpeakerProposalPage,
} from './site-pages.js';

/**
 * The whole path of a proposal in real Chromium, each person in a browser of their own, every
 * step through the pages' own forms: an organiser opens the call for proposals, a speaker signs
 * up and proposes a talk, a reviewer scores it, the organiser accepts it, the speaker confirms
 * it from the mail's link, and the talk is on the public program. Each page on the way must pass
 * axe-core in the light and the dark colour scheme, with the pages' Content Security Policy in force.
 */

const EVENT = 'pybay-2016';
const ORGANISER = { email: 'olga@example.com', name: 'Olga Organiser' };
const REVIEWER = { email: 'rita@example.com', name: 'Rita Reviewer' };
const SPEAKER = { email: 'sam.speaker@example.com', name: 'Sam Speaker' };
const QUESTION = {
  label: 'What should attendees know before they come?',
  helpText: 'A sentence or two: what to install, what to read first.',
};
const PROPOSAL = {
  title: 'Typed Pipelines with Python Generators',
  description: 'How to build **streaming** data pipelines from generators, and keep them typed.',
  abstract: 'We start from a plain loop, turn it into generators, then add types with `typing.Iterator`.',
  track: 'Fundamentals',
  level: 'Intermediate',
  duration: '30 minutes',
  notes: 'I can speak on either day.',
  biography: 'Sam writes data tools for a living and teaches Python on weekends.',
  answer: 'Bring a laptop with Python 3.12; no other set-up needed.',
};
const REVIEW = { score: 4, comment: 'Clear outline, and a topic our attendees ask for.' };

/** Every page the path audits, in order: the last test checks that none dropped out. */
const AUDITED_PAGES = [
  'organiser: log in',
  'organiser: your events',
  'organiser: event dashboard',
  'organiser: event settings',
  'organiser: event settings, saved',
  'organiser: proposal form settings with the new question',
  'speaker: call for proposals, signed out',
  'speaker: sign up',
  'speaker: sign up, check your mail',
  'speaker: confirm address',
  'speaker: proposal form',
  'speaker: proposal form with errors',
  'speaker: proposal, submitted',
  'speaker: proposal list',
  'reviewer: log in',
  'reviewer: proposal list',
  'reviewer: proposal with the review form',
  'reviewer: review form with errors',
  'reviewer: proposal, reviewed',
  'reviewer: review dashboard',
  'organiser: proposal list with the score',
  'organiser: proposal with its review',
  'organiser: decision made',
  'organiser: outbox',
  'organiser: decision mail',
  'organiser: outbox, drafts sent',
  'speaker: proposal, accepted',
  'speaker: proposal, confirmed',
  'visitor: event program with the new talk',
  'visitor: talk page',
];

interface Person {
  context: BrowserContext;
  page: Page;
  /** What the CSP refused on this person's pages: must stay empty. */
  cspRefusals: string[];
}

describe.skipIf(!chromiumAvailable())('the path of a proposal from call for proposals to program, in Chromium', () => {
  let lectern: RunningLectern;
  let browser: Browser;
  let organiser: Person;
  let reviewer: Person;
  let speaker: Person;
  /** The step that failed: the later ones depend on it and are skipped. */
  let failedStep: string | undefined;
  const audited: string[] = [];
  /** axe's findings by page, per colour scheme; checked at the end of each step. */
  let findings: Record<string, Record<string, string[]>> = {};
  /** Known once the organiser has set the window. */
  let cfpCloses: DateTime;
  let timezone: string;
  let proposalUrl: string;

  const url = (path: string) => `${lectern.baseUrl}${path}`;

  async function person(): Promise<Person> {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    // A page that is not as expected fails in seconds, not after Playwright's default 30.
    context.setDefaultTimeout(10_000);
    const cspRefusals = collectCspViolations(context);
    return { context, page: await context.newPage(), cspRefusals };
  }

  beforeAll(async () => {
    lectern = await startLectern();
    const { db } = lectern;
    await createOrganiserUser(db, EVENT, ORGANISER.email);
    const rita = await createUser(db, REVIEWER);
    await addToTeam(db, EVENT, rita.id, 'reviewer');
    browser = await launchChromium();
    [organiser, reviewer, speaker] = [await person(), await person(), await person()];
  });

  afterAll(async () => {
    await browser?.close();
    await lectern?.close();
  });

  /** Audits the page as it is shown now, in both colour schemes; the step's end checks the findings. */
  async function audit(page: Page, name: string): Promise<void> {
    audited.push(name);
    const found = await axeViolationsInBothSchemes(page);
    if (Object.keys(found).length > 0) findings[name] = found;
  }

  /** The focused element's outline ("3px solid"): what shows a keyboard user where they are. */
  function focusRing(page: Page): Promise<string> {
    return page.evaluate(
      '(() => { const style = getComputedStyle(document.activeElement); return style.outlineWidth + " " + style.outlineStyle; })()',
    );
  }

  async function darkScreenshots(page: Page, name: string): Promise<void> {
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshots(page, name);
    await page.emulateMedia({ colorScheme: 'light' });
  }

  async function goto(page: Page, path: string): Promise<void> {
    const response = await page.goto(url(path));
    expect(response?.status(), `GET ${path}`).toBe(200);
  }

  /**
   * A step of the path: later steps build on it, so they are skipped once one has failed. axe's
   * findings fail the step at its end but do not stop the path, so one run reports them all.
   */
  function step(name: string, body: () => Promise<void>): void {
    it(name, async (context) => {
      if (failedStep) context.skip(`the step "${failedStep}" failed`);
      findings = {};
      try {
        await body();
      } catch (error) {
        failedStep = name;
        throw error;
      }
      expect(findings, 'axe-core violations').toEqual({});
    });
  }

  step('lets the organiser open the call for proposals and add a public question', async () => {
    const { page } = organiser;
    await goto(page, '/login');
    const login = new LoginPage(page);
    await audit(page, 'organiser: log in');
    await screenshots(page, 'path-00-log-in');
    await login.logIn(ORGANISER.email, TEST_PASSWORD);
    expect(page.url()).toBe(url('/orga'));
    expect(await login.flash.innerText()).toBe(`Welcome, ${ORGANISER.name}. You are logged in.`);
    await audit(page, 'organiser: your events');

    await login.follow('PyBay 2016');
    const dashboard = new OrgaPage(page);
    expect(await dashboard.heading.innerText()).toBe('PyBay 2016');
    expect(await page.locator('main').innerText()).toContain('The call for proposals has no closing time yet.');
    await audit(page, 'organiser: event dashboard');

    await dashboard.openSection('Event settings');
    const settings = new EventSettingsPage(page);
    expect(page.url()).toBe(url(`/orga/${EVENT}/settings`));
    await audit(page, 'organiser: event settings');
    timezone = await settings.field('Time zone (required)').inputValue();
    const now = DateTime.now().setZone(timezone);
    cfpCloses = now.plus({ days: 30 }).set({ hour: 17, minute: 0, second: 0, millisecond: 0 });
    await settings.openCallForProposals({
      opens: now.minus({ days: 1 }).toFormat("yyyy-LL-dd'T'HH:mm"),
      closes: cfpCloses.toFormat("yyyy-LL-dd'T'HH:mm"),
    });
    await settings.setReviewScale(1, 5);
    await settings.field('Anonymised review: reviewers never see who proposed a talk').check();
    await settings.save();
    expect(page.url()).toBe(url(`/orga/${EVENT}/settings`));
    expect(await settings.flash.innerText()).toBe('The settings of PyBay 2016 are saved.');
    expect(await settings.field('Call for proposals closes').inputValue()).toBe(
      cfpCloses.toFormat("yyyy-LL-dd'T'HH:mm"),
    );
    await audit(page, 'organiser: event settings, saved');
    await screenshots(page, 'path-01-event-settings');

    await settings.openSection('Proposal form');
    const formSettings = new ProposalFormSettingsPage(page);
    await formSettings.addQuestion({ ...QUESTION, required: true, isPublic: true });
    expect(page.url()).toBe(url(`/orga/${EVENT}/cfp#questions`));
    expect(await formSettings.flash.innerText()).toBe(`The question “${QUESTION.label}” is added.`);
    expect(await formSettings.questionRows()).toEqual([
      { Question: QUESTION.label, Kind: 'Text', Required: 'Required', 'Answers are': 'Public', Order: '' },
    ]);
    await audit(page, 'organiser: proposal form settings with the new question');
    await screenshots(page, 'path-02-proposal-form-settings');
  });

  step('lets a speaker sign up from the call for proposals and submit a proposal, errors first', async () => {
    const { page } = speaker;
    await goto(page, `/${EVENT}/cfp`);
    const cfp = new CfpPage(page);
    expect(await cfp.heading.innerText()).toBe('Call for proposals: PyBay 2016');
    expect(await cfp.status.innerText()).toBe(
      `The call for proposals is open until ${formatInZone(cfpCloses.toJSDate(), timezone)}.`,
    );
    await audit(page, 'speaker: call for proposals, signed out');
    await screenshots(page, 'path-03-call-for-proposals');

    await cfp.follow('Sign up to propose a talk');
    expect(page.url()).toBe(url(`/signup?next=${encodeURIComponent(`/${EVENT}/cfp/submit`)}`));
    await audit(page, 'speaker: sign up');
    const signup = new SignupPage(page);
    await signup.signUp({ ...SPEAKER, password: TEST_PASSWORD });
    // Signing up logs nobody in: the address is proven first, by the link mailed to it.
    expect(page.url()).toBe(url('/login'));
    expect(await signup.flash.innerText()).toBe(
      `We have sent a mail to ${SPEAKER.email}. Open the link in it to confirm your address and finish signing up.`,
    );
    await audit(page, 'speaker: sign up, check your mail');
    const mail = await latestMailTo(lectern.db, SPEAKER.email);
    expect(mail!.subject).toBe('Confirm your address for Lectern');
    // The mail links to Lectern's public address; this one runs on a local port.
    await goto(page, linkInMail(mail!.body, '/signup/verify/'));
    await audit(page, 'speaker: confirm address');
    await signup.press('Confirm my address and log in');
    expect(page.url()).toBe(url(`/${EVENT}/cfp/submit`));

    const form = new ProposalFormPage(page);
    expect(await form.flash.innerText()).toBe(
      'Your address is confirmed, your account is ready, and you are logged in.',
    );
    expect(await form.heading.innerText()).toBe('Propose a talk to PyBay 2016');
    expect(await form.field('Your name').inputValue()).toBe(SPEAKER.name);
    expect(await form.field(QUESTION.label).getAttribute('aria-describedby')).toBe(
      `${await form.field(QUESTION.label).getAttribute('id')}-hint`,
    );
    await audit(page, 'speaker: proposal form');

    // Only a title: the form comes back with each missing answer named and tied to its field.
    await form.fill({ title: PROPOSAL.title });
    await form.submitProposal();
    expect(page.url()).toBe(url(`/${EVENT}/cfp/submit`));
    expect(await form.errorSummary.getAttribute('role')).toBe('alert');
    const problems = await form.errorSummaryItems.allInnerTexts();
    expect(problems).toEqual([
      'Description: describe your talk: reviewers, and later the audience, read this first',
      `${QUESTION.label}: answer this question`,
      'Your biography: tell the audience a little about yourself',
    ]);
    expect(await page.evaluate('document.activeElement?.className')).toBe('form-errors');
    for (const label of ['Description', QUESTION.label, 'Your biography']) {
      const field = form.field(label);
      const id = await field.getAttribute('id');
      expect(await field.getAttribute('aria-invalid'), label).toBe('true');
      expect((await field.getAttribute('aria-describedby'))?.split(' '), label).toContain(`${id}-error`);
      expect(await page.locator(`[id="${id}-error"]`).innerText()).toBe(
        problems.find((text) => text.startsWith(`${label}: `))!.slice(label.length + 2),
      );
    }
    expect(await form.field('Title').inputValue()).toBe(PROPOSAL.title);
    await audit(page, 'speaker: proposal form with errors');
    await screenshots(page, 'path-04-proposal-form-errors');
    await darkScreenshots(page, 'path-04-proposal-form-errors-dark');

    // From the focused summary, Tab reaches its first entry, and following it puts the cursor in its field.
    expect(await focusRing(page)).toBe('3px solid');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe(problems[0]);
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('description');
    expect(await focusRing(page)).toBe('3px solid');

    await form.fill({ ...PROPOSAL, answers: { [QUESTION.label]: PROPOSAL.answer } });
    await form.submitProposal();
    const proposal = new SpeakerProposalPage(page);
    expect(page.url()).toMatch(new RegExp(`^${url(`/${EVENT}/me/proposals/`)}[A-Za-z0-9]+$`));
    proposalUrl = new URL(page.url()).pathname;
    expect(await proposal.flash.innerText()).toBe(
      'Thank you! Your proposal is submitted; a confirmation is on its way to your mailbox.',
    );
    expect(await proposal.heading.innerText()).toBe(PROPOSAL.title);
    expect(await proposal.state.innerText()).toBe('Submitted');
    await audit(page, 'speaker: proposal, submitted');
    await screenshots(page, 'path-05-proposal-submitted');

    await navigatingBy(page, () =>
      page
        .getByRole('navigation', { name: 'PyBay 2016: speakers' })
        .getByRole('link', { name: 'Your proposals' })
        .click(),
    );
    const list = new SpeakerProposalListPage(page);
    const rows = await list.rows();
    expect(rows.map(({ Submitted: _, ...row }) => row)).toEqual([
      { Title: PROPOSAL.title, Speakers: SPEAKER.name, State: 'Submitted' },
    ]);
    await audit(page, 'speaker: proposal list');
  });

  step('lets a reviewer find the proposal, without its speaker, and score and comment on it', async () => {
    const { page } = reviewer;
    await goto(page, '/login');
    await audit(page, 'reviewer: log in');
    await new LoginPage(page).logIn(REVIEWER.email, TEST_PASSWORD);
    await new SitePage(page).follow('PyBay 2016');
    const dashboard = new OrgaPage(page);
    expect(await dashboard.navigation.getByRole('link').allInnerTexts()).toEqual([
      'Dashboard',
      'Proposals',
      'Review dashboard',
    ]);
    await dashboard.openSection('Proposals');
    const list = new OrgaProposalListPage(page);
    const submitted = (await list.rows()).filter((row) => row.State === 'Submitted');
    // Other reviewers' scores stay hidden until this reviewer has reviewed the proposal.
    expect(submitted.map((row) => [row.Title, row.Reviews])).toEqual([[PROPOSAL.title, 'hidden until you review it']]);
    expect(await page.locator('main').innerText()).toContain('0 of 1 reviewed by you.');
    expect(await page.locator('main').innerText()).not.toContain(SPEAKER.name);
    await audit(page, 'reviewer: proposal list');

    await list.openProposal(PROPOSAL.title);
    const proposal = new OrgaProposalPage(page);
    expect(await proposal.heading.innerText()).toBe(PROPOSAL.title);
    expect(await proposal.speakers.locator('p').allInnerTexts()).toEqual([
      'Hidden: review at this event is anonymised.',
    ]);
    expect(await page.locator('main').innerText()).not.toContain(SPEAKER.name);
    await audit(page, 'reviewer: proposal with the review form');
    await screenshots(page, 'path-06-review-form');
    await darkScreenshots(page, 'path-06-review-form-dark');

    await proposal.review({ comment: REVIEW.comment });
    expect(await proposal.errorSummaryItems.allInnerTexts()).toEqual(['Score: must be a whole number from 1 to 5']);
    expect(await proposal.reviewForm.getByLabel('Comment').inputValue()).toBe(REVIEW.comment);
    await audit(page, 'reviewer: review form with errors');

    await proposal.review(REVIEW);
    expect(await proposal.flash.innerText()).toBe('Your review is saved.');
    expect(await proposal.reviewHeadings.allInnerTexts()).toEqual([`${REVIEWER.name} (you): 4 of 5`]);
    expect(await proposal.reviews.locator('.review-comment').innerText()).toBe(REVIEW.comment);
    await audit(page, 'reviewer: proposal, reviewed');

    await proposal.openSection('Review dashboard');
    await audit(page, 'reviewer: review dashboard');
    await screenshots(page, 'path-07-review-dashboard');
  });

  step('lets the organiser accept the proposal, read the decision mail as a draft and send the drafts', async () => {
    const { page } = organiser;
    await goto(page, `/orga/${EVENT}/proposals?state=submitted`);
    const list = new OrgaProposalListPage(page);
    expect((await list.rows()).map((row) => [row.Title, row.Reviews, row.Mean, row.Median])).toEqual([
      [PROPOSAL.title, '1', '4', '4'],
    ]);
    await audit(page, 'organiser: proposal list with the score');
    await screenshots(page, 'path-08-proposal-list');

    await list.openProposal(PROPOSAL.title);
    const proposal = new OrgaProposalPage(page);
    expect(await proposal.reviewHeadings.allInnerTexts()).toEqual([`${REVIEWER.name}: 4 of 5`]);
    const answers = page.getByRole('region', { name: "Answers to the event's questions" });
    expect(await answers.locator('dt').allInnerTexts()).toEqual([QUESTION.label]);
    expect(await answers.locator('dd').allInnerTexts()).toEqual([PROPOSAL.answer]);
    await audit(page, 'organiser: proposal with its review');

    await proposal.decide('Accept');
    expect(await proposal.state.innerText()).toBe('Accepted');
    expect(await proposal.flash.innerText()).toBe(
      `Accepted "${PROPOSAL.title}". 1 mail is a draft in the outbox: nothing is sent until you send the drafts.`,
    );
    await audit(page, 'organiser: decision made');
    await screenshots(page, 'path-09-decision');

    await proposal.openSection('Mail');
    const outbox = new OutboxPage(page);
    const subject = `[PyBay 2016] Your proposal "${PROPOSAL.title}" was accepted`;
    const mails = (await outbox.rows()).map((row) => [row.To, row.Subject, row.Status]);
    // Deciding sends nothing: the mail is a draft until the organiser sends the drafts.
    expect(mails[0]).toEqual([SPEAKER.email, subject, 'Draft']);
    expect(await page.getByRole('heading', { name: '1 draft not sent yet' }).count()).toBe(1);
    await audit(page, 'organiser: outbox');
    await screenshots(page, 'path-10-outbox');

    await outbox.openMessage(subject);
    expect(await page.getByRole('heading', { name: 'Text, as the recipient will get it' }).count()).toBe(1);
    const text = await outbox.mailBody.innerText();
    expect(text).toContain(`Hello ${SPEAKER.name},`);
    const link = /https?:\/\/\S+/.exec(text)?.[0];
    expect(link).toBe(`${TEST_PUBLIC_URL}${proposalUrl}`);
    await audit(page, 'organiser: decision mail');

    await outbox.press('Send all 1 draft');
    expect(await outbox.flash.innerText()).toBe('1 mail is queued to be sent now.');
    const [sent] = (await outbox.rows()).map((row) => [row.To, row.Subject, row.Status]);
    expect(sent!.slice(0, 2)).toEqual([SPEAKER.email, subject]);
    expect(['Waiting', 'Sending', 'Sent']).toContain(sent![2]);
    await audit(page, 'organiser: outbox, drafts sent');
  });

  step('lets the speaker confirm from the link in the mail, and puts the talk on the program', async () => {
    const { page } = speaker;
    // The mail links to Lectern's public address; this one runs on a local port.
    await goto(page, proposalUrl);
    const proposal = new SpeakerProposalPage(page);
    expect(await proposal.state.innerText()).toBe('Accepted');
    expect(await proposal.confirmation.getByRole('heading').innerText()).toBe('Will you give this talk?');
    await audit(page, 'speaker: proposal, accepted');
    await screenshots(page, 'path-11-confirm');

    await proposal.confirm();
    expect(await proposal.flash.innerText()).toBe(`Thank you! “${PROPOSAL.title}” is confirmed and joins the program.`);
    expect(await proposal.state.innerText()).toBe('Confirmed');
    expect(await proposal.stateExplanation.innerText()).toBe('Confirmed: this talk is on the program.');
    await audit(page, 'speaker: proposal, confirmed');
    await screenshots(page, 'path-12-confirmed');

    // The public program reloads on the change's notification, a moment after the commit.
    await expect
      .poll(() => lectern.agenda.event(EVENT)?.talks.some((talk) => talk.title === PROPOSAL.title))
      .toBe(true);
    await goto(page, `/${EVENT}`);
    const program = new ProgramPage(page);
    expect(await program.resultCount.innerText()).toBe('Showing all 39 talks.');
    const titled = page.getByRole('link', { name: PROPOSAL.title, exact: true });
    const card = program.talkCards.filter({ has: titled });
    expect(await card.locator('.talk-card__speakers').innerText()).toBe(`by ${SPEAKER.name}`);
    const badges = await card.locator('.badge').allTextContents();
    expect(badges.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(['Level: Intermediate']);
    const trackSection = page.locator('main section.track-section', { has: titled });
    expect(await trackSection.locator('h2 > a').innerText()).toBe(PROPOSAL.track);
    await audit(page, 'visitor: event program with the new talk');
    await screenshots(page, 'path-13-program');

    await program.openTalk(PROPOSAL.title);
    const talk = new TalkPage(page);
    expect(await talk.heading.innerText()).toBe(PROPOSAL.title);
    expect(await talk.byline.innerText()).toBe(`by ${SPEAKER.name}`);
    const answers = page.getByRole('region', { name: 'About this talk' });
    expect(await answers.locator('dt').allInnerTexts()).toEqual([QUESTION.label]);
    expect(await answers.locator('dd').allInnerTexts()).toEqual([PROPOSAL.answer]);
    expect(await talk.speakerBioHeadings.allInnerTexts()).toEqual([SPEAKER.name]);
    await audit(page, 'visitor: talk page');
    await screenshots(page, 'path-14-talk');
  });

  it('gives a refused form back with exactly what was typed, entities and markup included', async (context) => {
    if (failedStep) context.skip(`the step "${failedStep}" failed`);
    const { page } = speaker;
    const typed = 'Query strings: ?page=2&para=1 &amp; &lt;b&gt; "quoted" <i>tags</i>';
    await goto(page, `/${EVENT}/cfp/submit`);
    const form = new ProposalFormPage(page);
    await form.fill({ title: typed });
    await form.submitProposal();
    expect(await form.errorSummaryItems.count()).toBeGreaterThan(0);
    expect(await form.field('Title').inputValue()).toBe(typed);
  });

  it('passes axe on the other pages of the signed-in site too, in both colour schemes', async (context) => {
    if (failedStep) context.skip(`the step "${failedStep}" failed`);
    const found: Record<string, Record<string, string[]>> = {};
    const check = async (page: Page, path: string) => {
      await goto(page, path);
      const violations = await axeViolationsInBothSchemes(page);
      if (Object.keys(violations).length > 0) found[path] = violations;
    };
    const firstLink = async (page: Page, path: string, pattern: RegExp) => {
      await goto(page, path);
      const hrefs = await page
        .locator('main a[href]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
      const href = hrefs.find((candidate) => pattern.test(candidate));
      if (!href) throw new Error(`no link matching ${pattern} on ${path}`);
      return href;
    };
    const orga = `/orga/${EVENT}`;
    const organiserPages = [
      '/orga',
      '/account',
      `${orga}/talks`,
      `${orga}/talks/new`,
      await firstLink(organiser.page, `${orga}/talks`, /\/talks\/[A-Za-z0-9]+$/),
      `${orga}/speakers`,
      await firstLink(organiser.page, `${orga}/speakers`, /\/speakers\/\d+$/),
      `${orga}/tracks`,
      `${orga}/session-types`,
      `${orga}/team`,
      await firstLink(organiser.page, `${orga}/cfp`, /\/cfp\/questions\/\d+$/),
      `${orga}/mail/group`,
      `${orga}/mail/templates`,
      `${orga}/mail/templates/proposal-accepted`,
      `${orga}/api-tokens`,
      `${orga}/webhooks`,
    ];
    for (const path of organiserPages) await check(organiser.page, path);
    // A webhook endpoint's page (its secret, an empty delivery log), registered through the form.
    await goto(organiser.page, `${orga}/webhooks`);
    await organiser.page.getByLabel('Address').fill('https://hooks.example.org/journey');
    await organiser.page.getByRole('button', { name: 'Add endpoint' }).click();
    await organiser.page.waitForURL(/\/webhooks\/\d+$/);
    await check(organiser.page, new URL(organiser.page.url()).pathname);
    for (const path of [`/${EVENT}/me/profile`, `/${EVENT}/cfp`]) await check(speaker.page, path);
    const visitor = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await visitor.newPage();
      for (const path of ['/password/forgot', '/signup']) await check(page, path);
    } finally {
      await visitor.close();
    }
    expect(found).toEqual({});
  });

  it('makes "Skip to content" the first Tab stop of site pages, leading past their navigation, with focus always visible', async (context) => {
    if (failedStep) context.skip(`the step "${failedStep}" failed`);
    const pages: [Page, string, string][] = [
      // The back office: the skip link passes the header and the event's navigation beside <main>.
      [organiser.page, `/orga/${EVENT}/settings`, 'name'],
      // The speaker area: it passes the header and the area's navigation in it.
      [speaker.page, `/${EVENT}/me/profile`, 'name'],
    ];
    for (const [page, path, firstField] of pages) {
      await goto(page, path);
      await page.keyboard.press('Tab');
      expect(await page.evaluate('[document.activeElement.textContent.trim(), document.activeElement.hash]')).toEqual([
        'Skip to content',
        '#main',
      ]);
      const box = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
      expect(box !== null && box.y >= 0 && box.height > 0, `skip link shown on ${path}`).toBe(true);
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement.id')).toBe('main');
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.id'), `first Tab stop in ${path}`).toBe(firstField);
      expect(await focusRing(page)).toBe('3px solid');
    }

    // Tab goes through the page in reading order, and every stop shows where the focus is.
    const { page } = organiser;
    await goto(page, `/orga/${EVENT}/settings`);
    const stops: string[] = [];
    const rings: Record<string, string> = {};
    // A date input takes a Tab per part (month, day, year…): stops repeat, hence the generous bound.
    for (let tab = 0; tab < 120 && stops.at(-1) !== 'button:Save settings'; tab++) {
      await page.keyboard.press('Tab');
      const stop = (await page.evaluate(
        `(() => { const e = document.activeElement; return e.tagName.toLowerCase() + ':' + (e.id || e.textContent.trim()); })()`,
      )) as string;
      if (stop !== stops.at(-1)) stops.push(stop);
      rings[stop] = await focusRing(page);
    }
    expect(stops).toEqual([
      'a:Skip to content',
      'a:Lectern',
      'a:PyBay 2016',
      'a:Your events',
      `a:${ORGANISER.name}`,
      'button:Log out',
      ...['Dashboard', 'Proposals', 'Review dashboard', 'Program', 'Schedule', 'Interest'].map((a) => `a:${a}`),
      'a:Tracks and levels',
      'a:Session types',
      ...['Proposal form', 'Team', 'Mail', 'API tokens', 'Webhooks', 'Event settings'].map((a) => `a:${a}`),
      ...['name', 'slug', 'timezone', 'startsOn', 'endsOn', 'venueName'].map((id) => `input:${id}`),
      'textarea:venueAddress',
      'input:venueMapUrl',
      'textarea:description',
      ...['logoUrl', 'brandColor', 'cfpOpensAt', 'cfpClosesAt'].map((id) => `input:${id}`),
      ...['published', 'anonymisedReview', 'reviewClosed', 'reviewsShownBeforeReviewing'].map((id) => `input:${id}`),
      ...['reviewScoreMin', 'reviewScoreMax'].map((id) => `input:${id}`),
      'button:Save settings',
    ]);
    expect(Object.entries(rings).filter(([, ring]) => ring !== '3px solid')).toEqual([]);
  });

  it('audited every page of the path, and no page needed anything the Content Security Policy refuses', (context) => {
    if (failedStep) context.skip(`the step "${failedStep}" failed`);
    expect(audited).toEqual(AUDITED_PAGES);
    expect([...organiser.cspRefusals, ...reviewer.cspRefusals, ...speaker.cspRefusals]).toEqual([]);
  });
});
