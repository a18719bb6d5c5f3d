import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, speakers } from '../../src/db/schema.js';
import { buildTestApp } from '../helpers/app.js';
import { createProposal } from '../helpers/proposals.js';
import { Browser, createUser } from '../helpers/site.js';
import { createReviewEvent, createReviewTeam } from './review-fixtures.js';

/**
 * Conf 2030: Ada has an accepted proposal (web) and a confirmed one (data); Grace a confirmed one
 * (data) with Imported Irma (no account); Bob a rejected one (web); Wanda a submitted one (web)
 * and a withdrawn one (web); Dora only a draft (data).
 */
async function setUp() {
  const { app, db } = await buildTestApp();
  const { event } = await createReviewEvent(db);
  await createReviewTeam(db, event.slug, []);
  const ada = await createUser(db, { email: 'ada@example.com', name: 'Ada' });
  const grace = await createUser(db, { email: 'grace@example.com', name: 'Grace' });
  const bob = await createUser(db, { email: 'bob@example.com', name: 'Bob' });
  const wanda = await createUser(db, { email: 'wanda@example.com', name: 'Wanda' });
  const dora = await createUser(db, { email: 'dora@example.com', name: 'Dora' });
  const engines = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Engines <1843>',
    state: 'accepted',
    trackSlug: 'web',
    speakers: [{ name: 'Ada Lovelace', userId: ada.id }],
  });
  const notes = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Notes',
    state: 'confirmed',
    trackSlug: 'data',
    speakers: [{ name: 'Ada Lovelace', userId: ada.id }],
  });
  const cobol = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Cobol',
    state: 'confirmed',
    trackSlug: 'data',
    speakers: [{ name: 'Grace Hopper', userId: grace.id }, { name: 'Imported Irma' }],
  });
  await createProposal(db, {
    eventSlug: event.slug,
    title: 'Rejected idea',
    state: 'rejected',
    trackSlug: 'web',
    speakers: [{ name: 'Bob Builder', userId: bob.id }],
  });
  const waves = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Waves',
    state: 'submitted',
    trackSlug: 'web',
    speakers: [{ name: 'Wanda Web', userId: wanda.id }],
  });
  await createProposal(db, {
    eventSlug: event.slug,
    title: 'Gone',
    state: 'withdrawn',
    trackSlug: 'web',
    speakers: [{ name: 'Wanda Web', userId: wanda.id }],
  });
  await createProposal(db, {
    eventSlug: event.slug,
    title: 'Unfinished',
    state: 'draft',
    trackSlug: 'data',
    speakers: [{ name: 'Dora Draft', userId: dora.id }],
  });
  const speakerIds = Object.fromEntries(
    (await db.select({ id: speakers.id, name: speakers.name }).from(speakers)).map((s) => [s.name, s.id]),
  );
  const orga = new Browser(app);
  await orga.login('orga@example.com');
  return { app, db, event, orga, engines, notes, cobol, waves, speakerIds };
}

async function drafts(db: Awaited<ReturnType<typeof setUp>>['db']) {
  return db
    .select({ to: outbox.recipient, subject: outbox.subject, body: outbox.body, status: outbox.status })
    .from(outbox)
    .orderBy(asc(outbox.id));
}

const MAIL = {
  subject: '[{event_name}] Speaker dinner',
  body: 'Hello {speaker_name},\n\nAbout "{proposal_title}": {proposal_url}',
};

describe('mail to a group', () => {
  it('offers the groups, the tracks and the speakers to pick, escaped', async () => {
    const { orga, speakerIds } = await setUp();

    const page = await orga.get('/orga/conf-2030/mail/group');

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Mail to a group of speakers</h1>');
    expect(page.body).toContain('<option value="web">All things Web</option>');
    expect(page.body).toContain(
      `<input type="checkbox" name="speakers" value="${speakerIds['Ada Lovelace']}"/><span>Ada Lovelace &lt;ada@example.com></span>`,
    );
    expect(page.body).toContain(
      `<input type="checkbox" name="speakers" value="${speakerIds['Imported Irma']}" disabled/><span>Imported Irma (no address)</span>`,
    );
  });

  it('previews the confirmed speakers with a count and the first mail as its recipient gets it, writing nothing', async () => {
    const { db, orga, notes } = await setUp();

    const page = await orga.post('/orga/conf-2030/mail/group', { audience: 'confirmed', ...MAIL, intent: 'preview' });

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="preview">2 speakers would get this mail</h2>');
    expect(page.body).toContain('<li>Ada Lovelace &lt;ada@example.com> (Notes)</li>');
    expect(page.body).toContain('<li>Grace Hopper &lt;grace@example.com> (Cobol)</li>');
    expect(page.body).toContain('<p>Not mailed (no account): Imported Irma.</p>');
    expect(page.body).toContain('<strong>Subject:</strong> <span>[Conf 2030] Speaker dinner</span>');
    expect(page.body).toContain(
      `<span>About &#34;Notes&#34;: http://lectern.test/conf-2030/me/proposals/${notes.code}</span>`,
    );
    expect(await drafts(db)).toEqual([]);
  });

  it('writes one draft per confirmed speaker, with the placeholders filled, and nothing is sent', async () => {
    const { db, orga, notes, cobol } = await setUp();

    const response = await orga.post('/orga/conf-2030/mail/group', { audience: 'confirmed', ...MAIL, intent: 'draft' });
    const outboxPage = await orga.get(response.headers.location as string);

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/orga/conf-2030/mail?status=draft');
    expect(outboxPage.body).toContain('2 drafts are written, one per speaker. Read them, then send the drafts.');
    expect(outboxPage.body).toContain('<button type="submit">Send all 2 drafts</button>');
    expect(outboxPage.body).toContain('<a href="/orga/conf-2030/mail/group">Write to a group of speakers</a>');
    expect(await drafts(db)).toEqual([
      {
        to: 'ada@example.com',
        subject: '[Conf 2030] Speaker dinner',
        body: `Hello Ada Lovelace,\n\nAbout "Notes": http://lectern.test/conf-2030/me/proposals/${notes.code}`,
        status: 'draft',
      },
      {
        to: 'grace@example.com',
        subject: '[Conf 2030] Speaker dinner',
        body: `Hello Grace Hopper,\n\nAbout "Cobol": http://lectern.test/conf-2030/me/proposals/${cobol.code}`,
        status: 'draft',
      },
    ]);
  });

  it.each([
    ['accepted', {}, ['ada@example.com']],
    ['rejected', {}, ['bob@example.com']],
    ['track', { track: 'web' }, ['ada@example.com', 'wanda@example.com']],
    ['track', { track: 'data' }, ['ada@example.com', 'grace@example.com']],
  ])('writes to the speakers of the %s group %j', async (audience, extra, expected) => {
    const { db, orga } = await setUp();

    const response = await orga.post('/orga/conf-2030/mail/group', { audience, ...extra, ...MAIL, intent: 'draft' });

    expect(response.statusCode).toBe(303);
    expect((await drafts(db)).map((d) => d.to)).toEqual(expected);
  });

  it('writes once to a picked speaker, naming all their live proposals and linking to their list', async () => {
    const { db, orga, speakerIds } = await setUp();

    const response = await orga.post('/orga/conf-2030/mail/group', {
      audience: 'picked',
      speakers: [
        String(speakerIds['Ada Lovelace']),
        String(speakerIds['Wanda Web']),
        String(speakerIds['Ada Lovelace']),
      ],
      ...MAIL,
      intent: 'draft',
    });

    expect(response.statusCode).toBe(303);
    const written = await drafts(db);
    expect(written.map((d) => d.to)).toEqual(['ada@example.com', 'wanda@example.com']);
    expect(written[0]!.body).toBe(
      'Hello Ada Lovelace,\n\nAbout "Engines <1843>, Notes": http://lectern.test/conf-2030/me/proposals',
    );
    expect(written[1]!.body).toContain('About "Waves": http://lectern.test/conf-2030/me/proposals/');
  });

  it.each([
    ['no speaker picked', { audience: 'picked', ...MAIL }, 'speakers', 'choose at least one speaker'],
    [
      'an unknown speaker',
      { audience: 'picked', speakers: '999999', ...MAIL },
      'speakers',
      'no speaker 999999 at Conf 2030',
    ],
    ['no track', { audience: 'track', ...MAIL }, 'track', 'choose a track'],
    [
      'an unknown track',
      { audience: 'track', track: 'nope', ...MAIL },
      'track',
      'no track &#34;nope&#34; at Conf 2030',
    ],
    ['no group', { ...MAIL }, 'audience', 'must be one of accepted, confirmed, rejected, track, picked'],
    [
      'an unknown placeholder',
      { audience: 'confirmed', subject: 'Hi {nickname}', body: 'x' },
      'subject',
      'unknown placeholder {nickname}',
    ],
    ['an empty text', { audience: 'confirmed', subject: 'Hi', body: '  ' }, 'body', 'must not be empty'],
  ])('refuses %s with 400 naming the field %s, and writes nothing', async (_case, form, field, message) => {
    const { db, orga } = await setUp();

    const response = await orga.post('/orga/conf-2030/mail/group', { ...form, intent: 'draft' });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<a href="#${field}">`);
    expect(response.body).toContain(message);
    expect(await drafts(db)).toEqual([]);
  });

  it('refuses a speaker id that is not a number, and an unknown group, with 400', async () => {
    const { db, orga } = await setUp();

    const bad = await orga.post('/orga/conf-2030/mail/group', { audience: 'picked', speakers: 'ada', ...MAIL });
    const unknown = await orga.post('/orga/conf-2030/mail/group', { audience: 'everyone', ...MAIL });

    expect([bad.statusCode, unknown.statusCode]).toEqual([400, 400]);
    expect(bad.body).toContain('speakers');
    expect(unknown.body).toContain('audience');
    expect(await drafts(db)).toEqual([]);
  });

  it('does not write to a picked speaker of another event', async () => {
    const { db, orga } = await setUp();
    await createProposal(db, {
      eventSlug: 'other-2030',
      title: 'Elsewhere',
      state: 'confirmed',
      speakers: [{ name: 'Ellie Else', userId: (await createUser(db, { email: 'ellie@example.com' })).id }],
    });
    const [ellie] = await db.select({ id: speakers.id }).from(speakers).where(eq(speakers.name, 'Ellie Else'));

    const response = await orga.post('/orga/conf-2030/mail/group', {
      audience: 'picked',
      speakers: String(ellie!.id),
      ...MAIL,
      intent: 'draft',
    });

    expect(response.statusCode).toBe(400);
    expect(await drafts(db)).toEqual([]);
  });

  it.each([
    ['a reviewer of the event', 'rita@example.com'],
    ['the organiser of another event', 'otto@example.com'],
  ])('answers 403 to %s, and writes nothing', async (_who, email) => {
    const { app, db } = await setUp();
    const browser = new Browser(app);
    await browser.login(email);

    const page = await browser.get('/orga/conf-2030/mail/group');
    const post = await browser.post(
      '/orga/conf-2030/mail/group',
      { audience: 'confirmed', ...MAIL, intent: 'draft' },
      { formUrl: '/account' },
    );

    expect([page.statusCode, post.statusCode]).toEqual([403, 403]);
    expect(await drafts(db)).toEqual([]);
  });
});
