import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, questions } from '../../src/db/schema.js';
import { buildTestApp } from '../helpers/app.js';
import { addToTeam, Browser, createOrganiserUser, createUser } from '../helpers/site.js';
import {
  completeProposal,
  createCfpEvent,
  createQuestion,
  submitProposal,
  answersOf,
  talkByCode,
} from './speaker-fixtures.js';

async function questionList(db: Awaited<ReturnType<typeof buildTestApp>>['db'], eventId: number) {
  return db
    .select({
      label: questions.label,
      kind: questions.kind,
      choices: questions.choices,
      required: questions.required,
      isPublic: questions.isPublic,
    })
    .from(questions)
    .where(eq(questions.eventId, eventId))
    .orderBy(asc(questions.position), asc(questions.id));
}

describe('organiser: proposal form', () => {
  it('sets which built-in fields are required, optional or hidden and the talk lengths, and the speaker form follows', async () => {
    const { app, db } = await buildTestApp();
    const { event } = await createCfpEvent(db);
    await createOrganiserUser(db, 'pycon-2099');
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const olga = new Browser(app);
    await olga.login('orga@example.com');

    const page = await olga.get('/orga/pycon-2099/cfp');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Proposal form</h1>');
    expect(page.body).toContain('name="durations" type="text" value="30, 45"');

    const saved = await olga.post('/orga/pycon-2099/cfp', {
      abstract: 'required',
      track: 'optional',
      level: 'hidden',
      duration: 'required',
      notes: 'hidden',
      durations: '20, 40 ,20',
    });
    expect(saved.statusCode).toBe(303);
    const [after] = await db.select().from(events).where(eq(events.id, event.id));
    expect(after!.cfpFields).toEqual({
      abstract: 'required',
      track: 'optional',
      level: 'hidden',
      duration: 'required',
      notes: 'hidden',
    });
    expect(after!.durations).toEqual([20, 40]);

    const ada = new Browser(app);
    await ada.login('ada@example.com');
    const form = await ada.get('/pycon-2099/cfp/submit');
    expect(form.body).toContain('<label for="abstract">Abstract (required)</label>');
    expect(form.body).not.toContain('name="level"');
    expect(form.body).not.toContain('name="notes"');
    expect(form.body).toContain('<option value="40">40 minutes</option>');
    const missing = await ada.post(
      '/pycon-2099/cfp/submit',
      completeProposal({ duration: '', level: 'advanced', notes: 'ignored' }),
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Abstract: write the abstract: the longer text of your talk');
    expect(missing.body).toContain('Talk length: choose a talk length');
    const code = await submitProposal(
      ada,
      'pycon-2099',
      completeProposal({ abstract: 'Longer.', duration: '40', level: 'advanced', notes: 'ignored' }),
    );
    const talk = await talkByCode(db, code);
    expect({ levelId: talk.levelId, notes: talk.notes, durationMinutes: talk.durationMinutes }).toEqual({
      levelId: null,
      notes: '',
      durationMinutes: 40,
    });
  });

  it('names the field of a bad setting and saves nothing', async () => {
    const { app, db } = await buildTestApp();
    const { event } = await createCfpEvent(db);
    await createOrganiserUser(db, 'pycon-2099');
    const olga = new Browser(app);
    await olga.login('orga@example.com');
    const [before] = await db.select().from(events).where(eq(events.id, event.id));

    const badLength = await olga.post(
      '/orga/pycon-2099/cfp',
      { abstract: 'required', durations: '30, 2 hours' },
      { formUrl: '/orga/pycon-2099/cfp' },
    );
    expect(badLength.statusCode).toBe(400);
    expect(badLength.body).toContain('Talk lengths: &#34;2&#34; is not a talk length: use whole minutes from 5 to 600');
    expect(badLength.body).toContain('name="durations" type="text" value="30, 2 hours"');
    const badSetting = await olga.post(
      '/orga/pycon-2099/cfp',
      { abstract: 'mandatory', durations: '30' },
      { formUrl: '/orga/pycon-2099/cfp' },
    );
    expect(badSetting.statusCode).toBe(400);
    expect(badSetting.body).toContain('Abstract: must be required, optional or hidden');
    const [after] = await db.select().from(events).where(eq(events.id, event.id));
    expect(after).toEqual(before);

    const oneChoice = await olga.post(
      '/orga/pycon-2099/cfp/questions',
      { label: 'Format', kind: 'choice', choices: 'Talk\n' },
      { formUrl: '/orga/pycon-2099/cfp' },
    );
    expect(oneChoice.statusCode).toBe(400);
    expect(oneChoice.body).toContain('Choices: list at least two choices, one per line');
    const noLabel = await olga.post(
      '/orga/pycon-2099/cfp/questions',
      { label: '  ', kind: 'text' },
      { formUrl: '/orga/pycon-2099/cfp' },
    );
    expect(noLabel.statusCode).toBe(400);
    expect(noLabel.body).toContain('Question: give the question a text');
    const badKind = await olga.post(
      '/orga/pycon-2099/cfp/questions',
      { label: 'Why?', kind: 'essay' },
      { formUrl: '/orga/pycon-2099/cfp' },
    );
    expect(badKind.statusCode).toBe(400);
    expect(badKind.body).toContain('Kind: must be text, choice or yes/no');
    expect(await questionList(db, event.id)).toEqual([]);
  });

  it('adds, edits, reorders and deletes custom questions, deleting their answers with them', async () => {
    const { app, db } = await buildTestApp();
    const { event } = await createCfpEvent(db);
    await createOrganiserUser(db, 'pycon-2099');
    const olga = new Browser(app);
    await olga.login('orga@example.com');
    const add = (form: Record<string, string>) =>
      olga.post('/orga/pycon-2099/cfp/questions', form, { formUrl: '/orga/pycon-2099/cfp' });

    expect(
      (await add({ label: 'Who is it for?', helpText: 'One sentence.', kind: 'text', isPublic: 'on' })).statusCode,
    ).toBe(303);
    expect(
      (await add({ label: 'Format', kind: 'choice', choices: ' Talk \r\nWorkshop\r\n\r\n', required: 'on' }))
        .statusCode,
    ).toBe(303);
    expect((await add({ label: 'Travel grant needed?', kind: 'boolean' })).statusCode).toBe(303);
    expect(await questionList(db, event.id)).toEqual([
      { label: 'Who is it for?', kind: 'text', choices: [], required: false, isPublic: true },
      { label: 'Format', kind: 'choice', choices: ['Talk', 'Workshop'], required: true, isPublic: false },
      { label: 'Travel grant needed?', kind: 'boolean', choices: [], required: false, isPublic: false },
    ]);
    const [who, format, travel] = await db.select().from(questions).orderBy(asc(questions.position));

    const page = await olga.get('/orga/pycon-2099/cfp');
    expect(page.body).toContain(`<a href="/orga/pycon-2099/cfp/questions/${format!.id}">Format</a>`);
    expect(page.body).toContain('Talk · Workshop');

    expect((await olga.post(`/orga/pycon-2099/cfp/questions/${travel!.id}/move`, { direction: 'up' })).statusCode).toBe(
      303,
    );
    expect((await olga.post(`/orga/pycon-2099/cfp/questions/${who!.id}/move`, { direction: 'up' })).statusCode).toBe(
      303,
    );
    expect((await questionList(db, event.id)).map((q) => q.label)).toEqual([
      'Who is it for?',
      'Travel grant needed?',
      'Format',
    ]);
    expect((await olga.post(`/orga/pycon-2099/cfp/questions/${who!.id}/move`, { direction: 'down' })).statusCode).toBe(
      303,
    );
    expect((await questionList(db, event.id)).map((q) => q.label)).toEqual([
      'Travel grant needed?',
      'Who is it for?',
      'Format',
    ]);

    const edit = await olga.get(`/orga/pycon-2099/cfp/questions/${format!.id}`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Talk\nWorkshop</textarea>');
    const edited = await olga.post(`/orga/pycon-2099/cfp/questions/${format!.id}`, {
      label: 'Session format',
      kind: 'choice',
      choices: 'Talk\nWorkshop\nPanel',
      isPublic: 'on',
    });
    expect(edited.statusCode).toBe(303);
    expect((await questionList(db, event.id))[2]).toEqual({
      label: 'Session format',
      kind: 'choice',
      choices: ['Talk', 'Workshop', 'Panel'],
      required: false,
      isPublic: true,
    });

    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const ada = new Browser(app);
    await ada.login('ada@example.com');
    const code = await submitProposal(
      ada,
      'pycon-2099',
      completeProposal({ [`question-${format!.id}`]: 'Panel', [`question-${who!.id}`]: 'Everyone' }),
    );
    const talk = await talkByCode(db, code);
    expect(await answersOf(db, talk.id)).toHaveLength(2);

    const confirmDelete = await olga.get(`/orga/pycon-2099/cfp/questions/${format!.id}`);
    expect(confirmDelete.body).toContain('Deleting it also deletes the answer given to it.');
    const deleted = await olga.post(`/orga/pycon-2099/cfp/questions/${format!.id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect((await questionList(db, event.id)).map((q) => q.label)).toEqual(['Travel grant needed?', 'Who is it for?']);
    expect(await answersOf(db, talk.id)).toEqual([{ questionId: who!.id, value: 'Everyone' }]);
  });

  it('is the organisers’ alone: 403 for reviewers, speakers and organisers of another event, 404 for another event’s question', async () => {
    const { app, db } = await buildTestApp();
    const { event } = await createCfpEvent(db);
    const other = await createCfpEvent(db, { slug: 'djangocon-2099', name: 'DjangoCon 2099' });
    const foreign = await createQuestion(db, other.event.id, { label: 'Django version?' });
    await createOrganiserUser(db, 'pycon-2099');
    await createOrganiserUser(db, 'djangocon-2099', 'otto@example.com');
    const rita = await createUser(db, { email: 'rita@example.com', name: 'Rita Reviewer' });
    await addToTeam(db, 'pycon-2099', rita.id, 'reviewer');
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const [before] = await db.select().from(events).where(eq(events.id, event.id));

    for (const email of ['rita@example.com', 'otto@example.com', 'ada@example.com']) {
      const browser = new Browser(app);
      await browser.login(email);
      expect((await browser.get('/orga/pycon-2099/cfp')).statusCode).toBe(403);
      expect((await browser.post('/orga/pycon-2099/cfp', { abstract: 'hidden', durations: '10' })).statusCode).toBe(
        403,
      );
      expect((await browser.post('/orga/pycon-2099/cfp/questions', { label: 'Sneaky', kind: 'text' })).statusCode).toBe(
        403,
      );
    }
    const anonymous = await app.inject({ url: '/orga/pycon-2099/cfp' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Forga%2Fpycon-2099%2Fcfp');

    const olga = new Browser(app);
    await olga.login('orga@example.com');
    expect((await olga.get(`/orga/pycon-2099/cfp/questions/${foreign.id}`)).statusCode).toBe(404);
    expect(
      (await olga.post(`/orga/pycon-2099/cfp/questions/${foreign.id}/delete`, {}, { formUrl: '/orga/pycon-2099/cfp' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await olga.post(`/orga/pycon-2099/cfp/questions/${foreign.id}`, { label: 'Mine', kind: 'text' })).statusCode,
    ).toBe(404);
    expect((await olga.post(`/orga/pycon-2099/cfp/questions/${foreign.id}/move`, { direction: 'up' })).statusCode).toBe(
      404,
    );

    const [after] = await db.select().from(events).where(eq(events.id, event.id));
    expect(after).toEqual(before);
    expect((await db.select().from(questions)).map((q) => q.label)).toEqual(['Django version?']);
  });
});
