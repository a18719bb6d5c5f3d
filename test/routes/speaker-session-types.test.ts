import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import {
  answers,
  questions,
  sessionTypes,
  speakerInvitations,
  speakers,
  talkSpeakers,
  talks,
} from '../../src/db/schema.js';
import { testAppPerFile } from '../helpers/app.js';
import { addToTeam, Browser, createUser } from '../helpers/site.js';
import {
  CLOSED_AT,
  closeCfp,
  completeProposal,
  createCfpEvent,
  submitProposal,
  talkByCode,
} from './speaker-fixtures.js';

const SUBMIT = '/pycon-2099/cfp/submit';

/** PyCon 2099 (CFP open) with a talk, a workshop of at most two speakers, a closed lightning talk and a hidden keynote. */
async function world(db: Database): Promise<void> {
  const { event } = await createCfpEvent(db);
  await db.insert(sessionTypes).values([
    { eventId: event.id, slug: 'talk', name: 'Talk', durationMinutes: 30, position: 1 },
    { eventId: event.id, slug: 'workshop', name: 'Workshop', durationMinutes: 90, maxSpeakers: 2, position: 2 },
    {
      eventId: event.id,
      slug: 'lightning-talk',
      name: 'Lightning talk',
      durationMinutes: 5,
      deadline: CLOSED_AT,
      position: 3,
    },
    { eventId: event.id, slug: 'keynote', name: 'Keynote', durationMinutes: 60, isPublic: false, position: 4 },
  ]);
  await createCfpEvent(db, { slug: 'plain-2099', name: 'Plain 2099' });
  await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
}

const t = testAppPerFile(world);

async function ada(): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login('ada@example.com');
  return browser;
}

async function talkCount(db: Database): Promise<number> {
  return (await db.select({ id: talks.id }).from(talks)).length;
}

async function typeIdOf(db: Database, slug: string): Promise<number> {
  const [row] = await db.select({ id: sessionTypes.id }).from(sessionTypes).where(eq(sessionTypes.slug, slug));
  return row!.id;
}

describe('session types on the proposal form', () => {
  it('asks nothing of the kind while the event has no session types', async () => {
    const browser = await ada();
    const form = await browser.get('/plain-2099/cfp/submit');
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('name="sessionType"');
    expect(form.body).toContain('<option value="45">45 minutes</option>');
    const code = await submitProposal(browser, 'plain-2099', completeProposal());
    expect((await talkByCode(t.db, code)).sessionTypeId).toBeNull();
  });

  it('offers the public session types as radio buttons with their lengths, deadlines and limits, instead of a talk length', async () => {
    const browser = await ada();
    const form = await browser.get(SUBMIT);
    expect(form.body).toContain('<legend>Session type (required)</legend>');
    expect(form.body).toContain(
      '<input type="radio" name="sessionType" value="talk" required id="sessionType"/><span>Talk, 30 minutes</span>',
    );
    expect(form.body).toContain('<span>Workshop, 90 minutes (at most 2 speakers)</span>');
    expect(form.body).toContain('<span>Lightning talk, 5 minutes (until Sat 29 Feb 2020, 23:59 PST)</span>');
    expect(form.body).not.toContain('Keynote');
    expect(form.body).not.toContain('name="duration"');
  });

  it('lists the public session types on the call for proposals page', async () => {
    const page = await t.app.inject('/pycon-2099/cfp');
    expect(page.body).toContain(
      '<dt>Session types</dt><dd><ul><li>Talk, 30 minutes</li><li>Workshop, 90 minutes (at most 2 speakers)</li><li>Lightning talk, 5 minutes (until Sat 29 Feb 2020, 23:59 PST)</li></ul></dd>',
    );
    expect(page.body).not.toContain('<dt>Talk lengths</dt>');
  });

  it('refuses a submission without a session type, naming the field, and creates nothing', async () => {
    const browser = await ada();
    const response = await browser.post(SUBMIT, completeProposal({ duration: '' }), { formUrl: SUBMIT });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<a href="#sessionType">Session type: choose a session type</a>');
    expect(await talkCount(t.db)).toBe(0);
  });

  it.each([
    ['keynote', 'choose one of Talk, Workshop, Lightning talk'],
    ['panel', 'choose one of Talk, Workshop, Lightning talk'],
    ['lightning-talk', 'Lightning talk took proposals until Sat 29 Feb 2020, 23:59 PST: choose another session type'],
  ])('refuses the session type %s: %s', async (slug, message) => {
    const browser = await ada();
    const response = await browser.post(SUBMIT, completeProposal({ sessionType: slug }), { formUrl: SUBMIT });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<a href="#sessionType">Session type: ${message}</a>`);
    expect(await talkCount(t.db)).toBe(0);
  });

  it("stores the chosen type, whose duration is the talk's length, and shows it on the proposal", async () => {
    const browser = await ada();
    const code = await submitProposal(browser, 'pycon-2099', completeProposal({ sessionType: 'workshop' }));
    const talk = await talkByCode(t.db, code);
    expect(talk.sessionTypeId).toBe(await typeIdOf(t.db, 'workshop'));
    expect(talk.durationMinutes).toBeNull();
    const page = await browser.get(`/pycon-2099/me/proposals/${code}`);
    // While it may be edited, the form shows it chosen.
    expect(page.body).toContain('<input type="radio" name="sessionType" value="workshop" checked required');

    // Editing keeps it, or moves the proposal to another open type.
    const edited = await browser.post(`/pycon-2099/me/proposals/${code}`, completeProposal({ sessionType: 'talk' }), {
      formUrl: `/pycon-2099/me/proposals/${code}`,
    });
    expect(edited.statusCode).toBe(303);
    expect((await talkByCode(t.db, code)).sessionTypeId).toBe(await typeIdOf(t.db, 'talk'));
    const closed = await browser.post(
      `/pycon-2099/me/proposals/${code}`,
      completeProposal({ sessionType: 'lightning-talk' }),
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    expect(closed.statusCode).toBe(400);
    expect((await talkByCode(t.db, code)).sessionTypeId).toBe(await typeIdOf(t.db, 'talk'));

    // Once the CFP closes, the proposal's details say it.
    await closeCfp(t.db, talk.eventId);
    expect((await browser.get(`/pycon-2099/me/proposals/${code}`)).body).toContain(
      '<dt>Session type</dt><dd>Talk (30 minutes)</dd>',
    );
  });

  it('keeps a hidden type the organisers gave a proposal when its speaker edits it', async () => {
    const browser = await ada();
    const code = await submitProposal(browser, 'pycon-2099', completeProposal({ sessionType: 'talk' }));
    const keynote = await typeIdOf(t.db, 'keynote');
    await t.db.update(talks).set({ sessionTypeId: keynote }).where(eq(talks.code, code));
    const page = `/pycon-2099/me/proposals/${code}`;
    expect((await browser.get(page)).body).toContain(
      '<input type="radio" name="sessionType" value="keynote" checked required',
    );
    const edited = await browser.post(page, completeProposal({ sessionType: 'keynote', title: 'Typing, revised' }), {
      formUrl: page,
    });
    expect(edited.statusCode).toBe(303);
    expect(await talkByCode(t.db, code)).toMatchObject({ title: 'Typing, revised', sessionTypeId: keynote });
  });

  it("limits co-speaker invitations to the type's speaker limit, open invitations counted", async () => {
    const browser = await ada();
    const code = await submitProposal(browser, 'pycon-2099', completeProposal({ sessionType: 'workshop' }));
    const page = `/pycon-2099/me/proposals/${code}`;
    const first = await browser.post(`${page}/invitations`, { email: 'charles@example.com' }, { formUrl: page });
    expect(first.statusCode).toBe(303);
    const second = await browser.post(`${page}/invitations`, { email: 'grace@example.com' }, { formUrl: page });
    expect(second.statusCode).toBe(400);
    expect(second.body).toContain(
      'Workshop proposals have at most 2 speakers: this proposal has 1 and 1 open invitation',
    );
    const talk = await talkByCode(t.db, code);
    const invited = await t.db
      .select({ email: speakerInvitations.email })
      .from(speakerInvitations)
      .where(eq(speakerInvitations.talkId, talk.id));
    expect(invited).toEqual([{ email: 'charles@example.com' }]);
  });

  it('refuses moving a proposal to a type whose speaker limit its speakers exceed', async () => {
    const browser = await ada();
    const code = await submitProposal(browser, 'pycon-2099', completeProposal({ sessionType: 'talk' }));
    const talk = await talkByCode(t.db, code);
    const [charles] = await t.db
      .insert(speakers)
      .values({ eventId: talk.eventId, slug: 'charles-babbage', name: 'Charles Babbage', nameKey: 'Charles Babbage' })
      .returning();
    await t.db.insert(talkSpeakers).values({ talkId: talk.id, speakerId: charles!.id, position: 2 });
    await t.db.update(sessionTypes).set({ maxSpeakers: 1 }).where(eq(sessionTypes.slug, 'workshop'));
    const page = `/pycon-2099/me/proposals/${code}`;
    const refused = await browser.post(page, completeProposal({ sessionType: 'workshop' }), { formUrl: page });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      'Session type: Workshop proposals have at most 1 speaker, and this proposal has 2: choose another session type',
    );
    expect((await talkByCode(t.db, code)).sessionTypeId).toBe(await typeIdOf(t.db, 'talk'));
  });

  describe('questions for one session type', () => {
    it('asks a question only of proposals of its type, and requires it only of them', async () => {
      const workshop = await typeIdOf(t.db, 'workshop');
      const [event] = await t.db
        .select({ id: sessionTypes.eventId })
        .from(sessionTypes)
        .where(eq(sessionTypes.id, workshop));
      const [question] = await t.db
        .insert(questions)
        .values({
          eventId: event!.id,
          label: 'What should people bring?',
          kind: 'text',
          required: true,
          sessionTypeId: workshop,
          position: 1,
        })
        .returning();
      const browser = await ada();
      const form = await browser.get(SUBMIT);
      expect(form.body).toContain('For Workshop proposals only, which must answer it.');
      expect(form.body).toContain('<label for="question-' + question!.id + '">What should people bring?</label>');

      const missing = await browser.post(SUBMIT, completeProposal({ sessionType: 'workshop' }), { formUrl: SUBMIT });
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain(
        `<a href="#question-${question!.id}">What should people bring?: answer this question</a>`,
      );

      // A talk need not answer it, and an answer it sends anyway is not kept.
      const talkCode = await submitProposal(
        browser,
        'pycon-2099',
        completeProposal({ sessionType: 'talk', [`question-${question!.id}`]: 'A laptop' }),
      );
      const workshopCode = await submitProposal(
        browser,
        'pycon-2099',
        completeProposal({ sessionType: 'workshop', [`question-${question!.id}`]: 'A laptop' }),
      );
      const answered = await t.db.select({ talkId: answers.talkId, value: answers.value }).from(answers);
      expect(answered).toEqual([{ talkId: (await talkByCode(t.db, workshopCode)).id, value: 'A laptop' }]);
      expect((await talkByCode(t.db, talkCode)).state).toBe('submitted');
    });

    it('lets organisers ask a question of one session type, refusing a type of no event of theirs by field', async () => {
      const organiser = await createUser(t.db, { email: 'olga@example.com', name: 'Olga Organiser' });
      await addToTeam(t.db, 'pycon-2099', organiser.id, 'organiser');
      const browser = new Browser(t.app);
      await browser.login('olga@example.com');
      const page = await browser.get('/orga/pycon-2099/cfp');
      expect(page.body).toContain('<option value="">Every proposal</option>');
      const workshop = await typeIdOf(t.db, 'workshop');
      const form = { label: 'What should people bring?', helpText: '', kind: 'text', choices: '', required: 'on' };
      const added = await browser.post(
        '/orga/pycon-2099/cfp/questions',
        { ...form, sessionTypeId: String(workshop) },
        { formUrl: '/orga/pycon-2099/cfp' },
      );
      expect(added.statusCode).toBe(303);
      const refused = await browser.post(
        '/orga/pycon-2099/cfp/questions',
        { ...form, sessionTypeId: '999999' },
        { formUrl: '/orga/pycon-2099/cfp' },
      );
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Asked of: choose a session type from the list, or every proposal');
      const rows = await t.db
        .select({ label: questions.label, sessionTypeId: questions.sessionTypeId })
        .from(questions);
      expect(rows).toEqual([{ label: 'What should people bring?', sessionTypeId: workshop }]);
      const list = await browser.get('/orga/pycon-2099/cfp');
      expect(list.body).toContain('<td>Private</td><td>Workshop</td>');
    });
  });
});
