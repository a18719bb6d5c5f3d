import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { speakers, talks } from '../../src/db/schema.js';
import { watchProgramChanges } from '../../src/modules/agenda/index.js';
import { buildTestApp } from '../helpers/app.js';
import { testDatabase } from '../helpers/database.js';
import { Browser, createOrganiserUser, createUser, followVerificationLink } from '../helpers/site.js';
import {
  answersOf,
  closeCfp,
  completeProposal,
  countRows,
  createCfpEvent,
  createQuestion,
  mailsTo,
  setState,
  speakersOf,
  submitProposal,
  talkByCode,
  waitFor,
  CLOSED_AT_TEXT,
  OPEN_UNTIL_TEXT,
} from './speaker-fixtures.js';

describe('speaker area: proposals', () => {
  it('takes a new speaker from sign-up through a draft, submission and edits, then refuses edits after the deadline', async () => {
    const { app, db } = await buildTestApp();
    const { event } = await createCfpEvent(db);
    const browser = new Browser(app);

    const cfp = await browser.get('/pycon-2099/cfp');
    expect(cfp.statusCode).toBe(200);
    expect(cfp.body).toContain(`The call for proposals is open until ${OPEN_UNTIL_TEXT}.`);
    expect(cfp.body).toContain('<li><strong>All things Web</strong></li>');
    expect(cfp.body).toContain('30 and 45 minutes');
    expect(cfp.body).toContain('href="/signup?next=%2Fpycon-2099%2Fcfp%2Fsubmit"');

    const anonymous = await browser.get('/pycon-2099/cfp/submit');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fpycon-2099%2Fcfp%2Fsubmit');
    await browser.get('/signup?next=%2Fpycon-2099%2Fcfp%2Fsubmit');
    const signup = await browser.post('/signup', {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      password: 'a perfectly long password',
      next: '/pycon-2099/cfp/submit',
    });
    expect(signup.statusCode).toBe(303);
    expect(signup.headers.location).toBe('/login');
    const verified = await followVerificationLink(browser, db, 'ada@example.com');
    expect(verified.headers.location).toBe('/pycon-2099/cfp/submit');

    const form = await browser.get('/pycon-2099/cfp/submit');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="speakerName" type="text" value="Ada Lovelace"');
    expect(form.body).toContain('<option value="45">45 minutes</option>');

    const code = await submitProposal(browser, 'pycon-2099', {
      intent: 'draft',
      title: 'Typing the untyped',
      description: '',
    });
    const draft = await talkByCode(db, code);
    expect(draft.state).toBe('draft');
    expect(draft.submittedAt).toBeNull();
    expect(await speakersOf(db, draft.id)).toEqual([{ email: 'ada@example.com', name: 'Ada Lovelace', biography: '' }]);

    const list = await browser.get('/pycon-2099/me/proposals');
    expect(list.body).toContain(`<a href="/pycon-2099/me/proposals/${code}">Typing the untyped</a>`);
    expect(list.body).toContain('<span class="state state--draft">Draft</span>');

    // The draft's speaker has no biography yet: the form asks for it again, and submitting needs it.
    const incomplete = await browser.post(`/pycon-2099/me/proposals/${code}`, completeProposal({ biography: '' }), {
      formUrl: `/pycon-2099/me/proposals/${code}`,
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('Your biography: tell the audience a little about yourself');
    expect((await talkByCode(db, code)).state).toBe('draft');

    const submitted = await browser.post(`/pycon-2099/me/proposals/${code}`, completeProposal(), {
      formUrl: `/pycon-2099/me/proposals/${code}`,
    });
    expect(submitted.statusCode).toBe(303);
    const afterSubmit = await talkByCode(db, code);
    expect(afterSubmit.state).toBe('submitted');
    expect(afterSubmit.submittedAt).not.toBeNull();
    expect(afterSubmit.durationMinutes).toBe(30);
    expect(await speakersOf(db, draft.id)).toEqual([
      { email: 'ada@example.com', name: 'Ada Lovelace', biography: 'Ada writes programs for engines.' },
    ]);
    const mails = await mailsTo(db, 'ada@example.com');
    expect(mails.map((m) => m.subject)).toEqual([
      'Confirm your address for Lectern',
      '[PyCon 2099] Your proposal "Typing the untyped" is submitted',
    ]);
    expect(mails[1]!.body).toContain(`http://lectern.test/pycon-2099/me/proposals/${code}`);

    const edited = await browser.post(
      `/pycon-2099/me/proposals/${code}`,
      {
        intent: 'submit',
        title: 'Typing the untyped, gradually',
        description: 'Gradual typing, step by step.',
        track: 'data',
        level: '',
        duration: '45',
      },
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    expect(edited.statusCode).toBe(303);
    const page = await browser.get(`/pycon-2099/me/proposals/${code}`);
    expect(page.body).toContain('Your changes are saved.');
    expect(page.body).toContain('value="Typing the untyped, gradually"');
    expect(page.body).toContain('<span class="state state--submitted">Submitted</span>');
    expect((await talkByCode(db, code)).durationMinutes).toBe(45);

    await closeCfp(db, event.id);
    const before = await talkByCode(db, code);
    const late = await browser.post(`/pycon-2099/me/proposals/${code}`, completeProposal({ title: 'Too late' }), {
      formUrl: `/pycon-2099/me/proposals/${code}`,
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain(
      `The call for proposals of PyCon 2099 closed on ${CLOSED_AT_TEXT}: proposals can no longer be submitted or edited.`,
    );
    expect(late.body).not.toContain('name="title"');
    expect(await talkByCode(db, code)).toEqual(before);

    const lateNew = await browser.post('/pycon-2099/cfp/submit', completeProposal({ title: 'Another' }), {
      formUrl: '/pycon-2099/cfp',
    });
    expect(lateNew.statusCode).toBe(409);
    expect(lateNew.body).toContain(`closed on ${CLOSED_AT_TEXT}`);
    expect(await db.$count(talks)).toBe(1);

    // Withdrawing stays possible after the deadline.
    const withdrawn = await browser.post(
      `/pycon-2099/me/proposals/${code}/withdraw`,
      {},
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    expect(withdrawn.statusCode).toBe(303);
    expect((await talkByCode(db, code)).state).toBe('withdrawn');
    const listAfter = await browser.get('/pycon-2099/me/proposals');
    expect(listAfter.body).toContain('<span class="state state--withdrawn">Withdrawn</span>');
  });

  it('names every missing or invalid field at once and writes nothing', async () => {
    const { app, db } = await buildTestApp();
    const { event } = await createCfpEvent(db, { fields: { abstract: 'required', level: 'required' } });
    const level = await createQuestion(db, event.id, {
      label: 'Have you spoken before?',
      kind: 'boolean',
      required: true,
      position: 1,
    });
    const format = await createQuestion(db, event.id, {
      label: 'Format',
      kind: 'choice',
      choices: ['Talk', 'Workshop'],
      position: 2,
    });
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const browser = new Browser(app);
    await browser.login('ada@example.com');
    const before = await countRows(db);

    const response = await browser.post(
      '/pycon-2099/cfp/submit',
      completeProposal({
        title: '   ',
        description: '',
        track: 'nope',
        level: '',
        duration: '17',
        biography: '',
        [`question-${format.id}`]: 'Keynote',
      }),
      { formUrl: '/pycon-2099/cfp/submit' },
    );
    expect(response.statusCode).toBe(400);
    for (const problem of [
      'Title: give your proposal a title',
      'Description: describe your talk: reviewers, and later the audience, read this first',
      'Abstract: write the abstract: the longer text of your talk',
      'Track: choose one of All things Web, Dealing with Data',
      'Level: choose a level',
      'Talk length: choose one of 30 minutes, 45 minutes',
      'Have you spoken before?: answer this question',
      'Format: choose one of: Talk, Workshop',
      'Your biography: tell the audience a little about yourself',
    ]) {
      expect(response.body).toContain(problem);
    }
    expect(response.body).toContain(`<a href="#question-${level.id}">`);
    // What was typed is shown again.
    expect(response.body).toContain('name="speakerName" type="text" value="Ada Lovelace"');
    expect(await countRows(db)).toEqual(before);
  });

  it('asks custom questions only on submission, checks their choices even in drafts, and saves the answers', async () => {
    const { app, db } = await buildTestApp();
    const { event } = await createCfpEvent(db);
    const format = await createQuestion(db, event.id, {
      label: 'Format',
      kind: 'choice',
      choices: ['Talk', 'Workshop'],
      required: true,
      position: 1,
    });
    const firstTime = await createQuestion(db, event.id, {
      label: 'First time speaking?',
      kind: 'boolean',
      required: true,
      position: 2,
    });
    const needs = await createQuestion(db, event.id, { label: 'Anything we should know?', kind: 'text', position: 3 });
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const browser = new Browser(app);
    await browser.login('ada@example.com');

    const badChoice = await browser.post(
      '/pycon-2099/cfp/submit',
      { intent: 'draft', title: 'Draft with a bad answer', description: '', [`question-${format.id}`]: 'Panel' },
      { formUrl: '/pycon-2099/cfp/submit' },
    );
    expect(badChoice.statusCode).toBe(400);
    expect(badChoice.body).toContain('Format: choose one of: Talk, Workshop');
    expect(await db.$count(talks)).toBe(0);

    const code = await submitProposal(browser, 'pycon-2099', {
      intent: 'draft',
      title: 'Draft without answers',
      description: '',
    });
    expect(await answersOf(db, (await talkByCode(db, code)).id)).toEqual([]);

    const missing = await browser.post(
      `/pycon-2099/me/proposals/${code}`,
      completeProposal({ title: 'Draft without answers' }),
      {
        formUrl: `/pycon-2099/me/proposals/${code}`,
      },
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Format: answer this question');
    expect(missing.body).toContain('First time speaking?: answer this question');
    expect(missing.body).not.toContain('Anything we should know?: answer this question');

    const yesNo = await browser.post(
      `/pycon-2099/me/proposals/${code}`,
      completeProposal({ [`question-${format.id}`]: 'Workshop', [`question-${firstTime.id}`]: 'maybe' }),
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    expect(yesNo.statusCode).toBe(400);
    expect(yesNo.body).toContain('First time speaking?: answer yes or no');

    const ok = await browser.post(
      `/pycon-2099/me/proposals/${code}`,
      completeProposal({
        [`question-${format.id}`]: 'Workshop',
        [`question-${firstTime.id}`]: 'yes',
        [`question-${needs.id}`]: '',
      }),
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    expect(ok.statusCode).toBe(303);
    const talk = await talkByCode(db, code);
    expect(talk.state).toBe('submitted');
    expect(await answersOf(db, talk.id)).toEqual([
      { questionId: format.id, value: 'Workshop' },
      { questionId: firstTime.id, value: 'yes' },
    ]);
  });

  it('confirms an accepted proposal: the talk joins the public program with its speakers, bios and public answers only', async () => {
    const { app, db, agenda } = await buildTestApp();
    const stop = await watchProgramChanges(await testDatabase(), agenda, (error) => {
      throw error;
    });
    try {
      const { event } = await createCfpEvent(db);
      const publicQuestion = await createQuestion(db, event.id, {
        label: 'Who is it for?',
        isPublic: true,
        position: 1,
      });
      const privateQuestion = await createQuestion(db, event.id, {
        label: 'Travel grant needed?',
        kind: 'boolean',
        position: 2,
      });
      await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
      const browser = new Browser(app);
      await browser.login('ada@example.com');
      const code = await submitProposal(
        browser,
        'pycon-2099',
        completeProposal({
          title: 'Caffè & Jupyter: it’s not rocket science',
          [`question-${publicQuestion.id}`]: 'Data people who <script>love</script> notebooks',
          [`question-${privateQuestion.id}`]: 'yes',
        }),
      );

      const early = await browser.post(
        `/pycon-2099/me/proposals/${code}/confirm`,
        {},
        { formUrl: `/pycon-2099/me/proposals/${code}` },
      );
      expect(early.statusCode).toBe(409);
      expect(early.body).toContain('This proposal is submitted: only accepted proposals can be confirmed.');

      await setState(db, code, 'accepted');
      const page = await browser.get(`/pycon-2099/me/proposals/${code}`);
      expect(page.body).toContain('Confirm: I will give this talk');
      expect(page.body).toContain(`action="/pycon-2099/me/proposals/${code}/withdraw"`);
      expect((await app.inject({ url: '/pycon-2099' })).body).not.toContain('Caffè &amp; Jupyter');

      const confirmed = await browser.post(`/pycon-2099/me/proposals/${code}/confirm`, {});
      expect(confirmed.statusCode).toBe(303);
      const talk = await talkByCode(db, code);
      expect(talk.state).toBe('confirmed');
      expect(talk.slug).toBe('caffe-jupyter-its-not-rocket-science');
      expect(talk.stateChangedAt).not.toBeNull();
      expect(talk.search).not.toBeNull();

      await waitFor(
        async () => (await app.inject({ url: '/pycon-2099' })).body.includes('Caffè &amp; Jupyter'),
        'the program to show the talk',
      );
      const talkPage = await app.inject({ url: '/pycon-2099/talks/caffe-jupyter-its-not-rocket-science' });
      expect(talkPage.statusCode).toBe(200);
      expect(talkPage.body).toContain(
        '<dt>Who is it for?</dt><dd>Data people who &lt;script>love&lt;/script> notebooks</dd>',
      );
      expect(talkPage.body).not.toContain('Travel grant needed?');
      expect(talkPage.body).toContain('Ada Lovelace');
      expect(talkPage.body).toContain('<p>Ada writes programs for engines.</p>');
      const search = await app.inject({ url: '/pycon-2099/search?q=jupyter' });
      expect(search.body).toContain('1 talk found');

      const again = await browser.post(
        `/pycon-2099/me/proposals/${code}/confirm`,
        {},
        { formUrl: `/pycon-2099/me/proposals/${code}` },
      );
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('This talk is already confirmed.');

      // A confirmed talk can still be withdrawn: it leaves the program.
      const withdrawn = await browser.post(`/pycon-2099/me/proposals/${code}/withdraw`, {});
      expect(withdrawn.statusCode).toBe(303);
      await waitFor(
        async () =>
          (await app.inject({ url: '/pycon-2099/talks/caffe-jupyter-its-not-rocket-science' })).statusCode === 404,
        'the talk to leave the program',
      );
      expect((await talkByCode(db, code)).state).toBe('withdrawn');
    } finally {
      await stop();
    }
  });

  it('answers 404 for another speaker’s proposal and for a proposal of another event, and lets organisers only look', async () => {
    const { app, db } = await buildTestApp();
    await createCfpEvent(db);
    await createCfpEvent(db, { slug: 'djangocon-2099', name: 'DjangoCon 2099' });
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    await createUser(db, { email: 'bob@example.com', name: 'Bob Babbage' });
    await createOrganiserUser(db, 'pycon-2099', 'olga@example.com');
    await createOrganiserUser(db, 'djangocon-2099', 'otto@example.com');
    const ada = new Browser(app);
    await ada.login('ada@example.com');
    const code = await submitProposal(ada, 'pycon-2099', completeProposal());
    const before = await talkByCode(db, code);

    const bob = new Browser(app);
    await bob.login('bob@example.com');
    expect((await bob.get(`/pycon-2099/me/proposals/${code}`)).statusCode).toBe(404);
    const bobEdit = await bob.post(`/pycon-2099/me/proposals/${code}`, completeProposal({ title: 'Mine now' }), {
      formUrl: '/pycon-2099/cfp',
    });
    expect(bobEdit.statusCode).toBe(404);
    expect((await bob.post(`/pycon-2099/me/proposals/${code}/withdraw`, {})).statusCode).toBe(404);
    expect(
      (await bob.post(`/pycon-2099/me/proposals/${code}/invitations`, { email: 'bob2@example.com' })).statusCode,
    ).toBe(404);
    // Bob has a proposal of his own at the other event: the code still means nothing there.
    await submitProposal(bob, 'djangocon-2099', completeProposal({ speakerName: 'Bob Babbage' }));
    expect((await ada.get(`/djangocon-2099/me/proposals/${code}`)).statusCode).toBe(404);

    const otto = new Browser(app);
    await otto.login('otto@example.com');
    expect((await otto.get(`/pycon-2099/me/proposals/${code}`)).statusCode).toBe(404);

    const olga = new Browser(app);
    await olga.login('olga@example.com');
    const look = await olga.get(`/pycon-2099/me/proposals/${code}`);
    expect(look.statusCode).toBe(200);
    expect(look.body).toContain(
      'You organise this event: you see this proposal as its speakers do, without changing it.',
    );
    expect(look.body).not.toContain('name="title"');
    expect(
      (await olga.post(`/pycon-2099/me/proposals/${code}`, completeProposal({ title: 'Organised' }))).statusCode,
    ).toBe(404);
    expect(await talkByCode(db, code)).toEqual(before);
  });

  it('shows a closed call for proposals with its closing time in the event’s zone and refuses the form with 409', async () => {
    const { app, db } = await buildTestApp();
    const { event } = await createCfpEvent(db);
    await closeCfp(db, event.id);
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const cfp = await app.inject({ url: '/pycon-2099/cfp' });
    expect(cfp.statusCode).toBe(200);
    expect(cfp.body).toContain(`The call for proposals closed on ${CLOSED_AT_TEXT}.`);
    expect(cfp.body).not.toContain('Propose a talk</a>');
    const browser = new Browser(app);
    await browser.login('ada@example.com');
    const form = await browser.get('/pycon-2099/cfp/submit');
    expect(form.statusCode).toBe(409);
    expect(form.body).toContain(`closed on ${CLOSED_AT_TEXT}: proposals can no longer be submitted or edited.`);
    expect(form.body).not.toContain('name="title"');
    expect((await app.inject({ url: '/no-such-event/cfp' })).statusCode).toBe(404);
  });

  it('warns, without blocking, when anonymised review is on and a speaker’s name is in the proposal', async () => {
    const { app, db } = await buildTestApp();
    await createCfpEvent(db, { anonymised: true });
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const browser = new Browser(app);
    await browser.login('ada@example.com');
    const code = await submitProposal(
      browser,
      'pycon-2099',
      completeProposal({ title: 'Engines', description: 'Notes from my years with Babbage, by ada lovelace.' }),
    );
    expect((await talkByCode(db, code)).state).toBe('submitted');
    const page = await browser.get(`/pycon-2099/me/proposals/${code}`);
    expect(page.body).toContain('Reviews are anonymous at');
    expect(page.body).toContain(
      'The title, description, abstract or an answer reviewers see names Ada Lovelace: reviewers would know who proposed the talk.',
    );

    const renamed = await browser.post(`/pycon-2099/me/proposals/${code}`, completeProposal({ title: 'On engines' }), {
      formUrl: `/pycon-2099/me/proposals/${code}`,
    });
    expect(renamed.statusCode).toBe(303);
    expect((await browser.get(`/pycon-2099/me/proposals/${code}`)).body).not.toContain('Reviews are anonymous at');
    expect((await db.select({ title: talks.title }).from(talks).where(eq(talks.code, code)))[0]!.title).toBe(
      'On engines',
    );
  });

  it('warns about a speaker’s name in an answer reviewers see, not in one hidden from them', async () => {
    const { app, db } = await buildTestApp();
    const { event } = await createCfpEvent(db, { anonymised: true });
    const seen = await createQuestion(db, event.id, { label: 'Why you?', position: 1 });
    const hidden = await createQuestion(db, event.id, { label: 'Company', position: 2, visibleToReviewers: false });
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const browser = new Browser(app);
    await browser.login('ada@example.com');
    const code = await submitProposal(
      browser,
      'pycon-2099',
      completeProposal({ [`question-${hidden.id}`]: 'Ada Lovelace Ltd', [`question-${seen.id}`]: 'Experience.' }),
    );
    expect((await browser.get(`/pycon-2099/me/proposals/${code}`)).body).not.toContain('Reviews are anonymous at');
    const named = await browser.post(
      `/pycon-2099/me/proposals/${code}`,
      completeProposal({ [`question-${seen.id}`]: 'I am Ada Lovelace.', [`question-${hidden.id}`]: '' }),
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    expect(named.statusCode).toBe(303);
    expect((await browser.get(`/pycon-2099/me/proposals/${code}`)).body).toContain(
      'The title, description, abstract or an answer reviewers see names Ada Lovelace',
    );
  });

  it('edits the speaker profile, and shows the new biography on the program at once for a confirmed talk', async () => {
    const { app, db, agenda } = await buildTestApp();
    await createCfpEvent(db);
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const browser = new Browser(app);
    await browser.login('ada@example.com');
    expect((await browser.get('/pycon-2099/me/profile')).body).toContain(
      'You have no speaker profile at this event yet',
    );
    const code = await submitProposal(browser, 'pycon-2099', completeProposal());
    await setState(db, code, 'confirmed');
    const bad = await browser.post(
      '/pycon-2099/me/profile',
      { name: ' ', biography: 'x' },
      { formUrl: '/pycon-2099/me/profile' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Your name: give the name to show with your talk');
    const saved = await browser.post('/pycon-2099/me/profile', {
      name: 'Augusta Ada King',
      biography: 'Countess of *Lovelace*.',
    });
    expect(saved.statusCode).toBe(303);
    await agenda.reload('pycon-2099');
    const talk = await talkByCode(db, code);
    const byId = await app.inject({ url: `/pycon-2099/talks/${talk.slug}` });
    expect(byId.body).toContain('<p>Countess of <em>Lovelace</em>.</p>');
    expect(byId.body).toContain('Augusta Ada King');
  });

  it('takes an https photo address in the speaker profile, shows it on the program in place of the initials and in the API, and refuses javascript: and http: with a 400 naming the field', async () => {
    const { app, db, agenda } = await buildTestApp();
    await createCfpEvent(db);
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const browser = new Browser(app);
    await browser.login('ada@example.com');
    const code = await submitProposal(browser, 'pycon-2099', completeProposal());
    await setState(db, code, 'confirmed');
    await agenda.reload('pycon-2099');
    const talk = await talkByCode(db, code);
    const talkPage = async () => (await app.inject({ url: `/pycon-2099/talks/${talk.slug}` })).body;
    // No photo yet: the initials, and the API says null.
    expect(await talkPage()).toContain('<span class="avatar avatar--tone');
    expect(await talkPage()).not.toContain('<img class="avatar');
    const apiSpeakers = async () =>
      (await app.inject({ url: '/api/events/pycon-2099/speakers' }))
        .json()
        .speakers.map((s: { name: string; photoUrl: string | null }) => [s.name, s.photoUrl]);
    expect(await apiSpeakers()).toEqual([['Ada Lovelace', null]]);
    expect((await browser.get('/pycon-2099/me/profile')).body).toMatch(
      /<label for="photoUrl">Photo URL<\/label>[\s\S]*<input id="photoUrl" name="photoUrl" type="url"/,
    );

    const profile = { name: 'Ada Lovelace', biography: 'Counts.' };
    for (const [photoUrl, message] of [
      [
        'javascript:alert(1)',
        'Photo URL: &#34;javascript:alert(1)&#34; is not an https:// address; give the photo&#39;s full address, starting with https://',
      ],
      [
        'http://example.org/ada.jpg',
        'Photo URL: &#34;http://example.org/ada.jpg&#34; is not an https:// address; give the photo&#39;s full address, starting with https://',
      ],
    ] as const) {
      const refused = await browser.post(
        '/pycon-2099/me/profile',
        { ...profile, photoUrl },
        { formUrl: '/pycon-2099/me/profile' },
      );
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(message);
      // The form keeps what was typed, escaped, and marks the field.
      expect(refused.body).toMatch(
        /<input id="photoUrl" name="photoUrl" type="url" value="[^"]+"[^>]*aria-invalid="true"/,
      );
    }
    const [row] = await db
      .select({ slug: speakers.slug, photoUrl: speakers.photoUrl })
      .from(speakers)
      .where(eq(speakers.name, 'Ada Lovelace'));
    expect(row!.photoUrl).toBeNull();

    const photo = 'https://cdn.example.org/people/ada.jpg?size=88&crop=1';
    const saved = await browser.post('/pycon-2099/me/profile', { ...profile, photoUrl: ` ${photo} ` });
    expect(saved.statusCode).toBe(303);
    await agenda.reload('pycon-2099');
    const page = await talkPage();
    expect(page).toContain(
      '<img class="avatar avatar--photo" src="https://cdn.example.org/people/ada.jpg?size=88&amp;crop=1" alt="" width="44" height="44" loading="lazy" decoding="async" referrerpolicy="no-referrer"/>',
    );
    expect(page).not.toContain('<span class="avatar avatar--tone');
    const speakerPage = (await app.inject({ url: `/pycon-2099/speakers/${row!.slug}` })).body;
    expect(speakerPage).toContain(
      '<img class="avatar avatar--photo avatar--large" src="https://cdn.example.org/people/ada.jpg?size=88&amp;crop=1" alt="" width="72" height="72"',
    );
    expect(await apiSpeakers()).toEqual([['Ada Lovelace', photo]]);

    // Emptying the field removes the photo: the initials are back.
    expect((await browser.post('/pycon-2099/me/profile', { ...profile, photoUrl: '' })).statusCode).toBe(303);
    await agenda.reload('pycon-2099');
    expect(await talkPage()).toContain('<span class="avatar avatar--tone');
    expect(await apiSpeakers()).toEqual([['Ada Lovelace', null]]);
  });
});
