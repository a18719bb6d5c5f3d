import { describe, expect, it } from 'vitest';
import { mailTemplates } from '../../src/db/schema.js';
import { EDITABLE_TEMPLATES, loadTemplate } from '../../src/modules/mail/index.js';
import { buildTestApp } from '../helpers/app.js';
import { loggedIn } from '../helpers/site.js';
import { createMailEvents } from '../mail/fixtures.js';

const PAGE = '/orga/conf-2030/mail/templates/proposal-rejected';

async function setUp() {
  const { app, db } = await buildTestApp();
  const team = await createMailEvents(db);
  return { app, db, ...team };
}

describe('the decision mail templates', () => {
  it('lists the editable mails', async () => {
    const { app } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');

    const page = await browser.get('/orga/conf-2030/mail/templates');

    expect(page.statusCode).toBe(200);
    const links = [...page.body.matchAll(/<a href="\/orga\/conf-2030\/mail\/templates\/([a-z-]+)">([^<]+)<\/a>/g)].map(
      (m) => [m[1], m[2]],
    );
    expect(links).toEqual([
      ['proposal-accepted', 'Proposal accepted'],
      ['proposal-rejected', 'Proposal rejected'],
      ['proposal-waitlisted', 'Proposal on the wait list'],
      ['talk-scheduled', 'Talk scheduled (first release)'],
      ['schedule-changed', 'Schedule changed (later releases)'],
    ]);
  });

  it('shows the built-in wording with a preview filled with sample values', async () => {
    const { app } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');

    const page = await browser.get('/orga/conf-2030/mail/templates/proposal-accepted');

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${EDITABLE_TEMPLATES['proposal-accepted'].subject.replaceAll('"', '&#34;')}"`);
    expect(page.body).toContain(
      '<strong>Subject:</strong> <span>[Conf 2030] Your proposal &#34;Notes on the Analytical Engine&#34; was accepted</span>',
    );
    expect(page.body).toContain('<span>http://lectern.test/conf-2030/me/proposals/EXAMPLE</span>');
    expect(page.body).toContain('<span>Hello Ada Lovelace,</span>');
  });

  it('saves an edited template, which decision mails then use', async () => {
    const { app, db, conf } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(PAGE);

    const response = await browser.post(PAGE, {
      subject: ' {event_name}: about {proposal_title} ',
      body: 'Dear {speaker_name},\r\n\r\nNot this time, sorry.\r\n',
      intent: 'save',
    });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(PAGE);
    expect(await loadTemplate(db, conf.id, 'proposal-rejected')).toEqual({
      subject: '{event_name}: about {proposal_title}',
      body: 'Dear {speaker_name},\n\nNot this time, sorry.',
    });
    const page = await browser.get(PAGE);
    expect(page.body).toContain('The mail &#34;Proposal rejected&#34; is saved.');
    expect(page.body).toContain('You changed this mail from the built-in wording.');
    expect(page.body).toContain(
      '<strong>Subject:</strong> <span>Conf 2030: about Notes on the Analytical Engine</span>',
    );
  });

  it('refuses a placeholder the mail does not have, naming it, and saves nothing', async () => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(PAGE);

    const response = await browser.post(PAGE, {
      subject: 'About {proposal_title}',
      body: 'Dear {speaker},\n\nNo.',
      intent: 'save',
    });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      'Text: unknown placeholder {speaker}; this mail has {speaker_name}, {proposal_title}, {event_name}, {proposal_url}',
    );
    expect(response.body).toContain('Dear {speaker},');
    expect(await db.select().from(mailTemplates)).toEqual([]);
  });

  it('refuses an acceptance mail without the confirmation link, and saves nothing', async () => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    const page = '/orga/conf-2030/mail/templates/proposal-accepted';
    await browser.get(page);

    const response = await browser.post(page, {
      subject: 'Yes',
      body: 'Dear {speaker_name}, you are in.',
      intent: 'save',
    });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Text: must contain {proposal_url}: without it the speaker cannot answer');
    expect(await db.select().from(mailTemplates)).toEqual([]);
  });

  it('previews the release mail with a sample change in the event’s zone, and refuses it without {schedule_changes}', async () => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    const page = '/orga/conf-2030/mail/templates/schedule-changed';

    const shown = await browser.get(page);
    const refused = await browser.post(page, {
      subject: 'The schedule changed',
      body: 'Hello {speaker_name}, see {schedule_url}.',
      intent: 'save',
    });

    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain(
      '<strong>Subject:</strong> <span>[Conf 2030] The schedule changed for your talk</span>',
    );
    expect(shown.body).toContain(
      '<span>Moved: “Notes on the Analytical Engine”, from Sat 20 Aug 2016 10:00–10:30, Main Hall to Sun 21 Aug 2016 14:00–14:30, Room 2</span>',
    );
    expect(shown.body).toContain('<span>  http://lectern.test/conf-2030/talks/notes-on-the-analytical-engine</span>');
    expect(shown.body).toContain('<span>Times are in the event’s time zone, Europe/Paris.</span>');
    expect(shown.body).toContain('<span>http://lectern.test/conf-2030/schedule</span>');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      'Text: must contain {schedule_changes}: without it the speaker is not told what changed',
    );
    expect(await db.select().from(mailTemplates)).toEqual([]);
  });

  it('refuses an empty subject, and saves nothing', async () => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(PAGE);

    const response = await browser.post(PAGE, { subject: '  ', body: 'Dear {speaker_name}.', intent: 'save' });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Subject: must not be empty');
    expect(await db.select().from(mailTemplates)).toEqual([]);
  });

  it('previews typed text without saving it', async () => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(PAGE);

    const response = await browser.post(PAGE, {
      subject: 'Sorry, {speaker_name}',
      body: 'Not {proposal_title}.',
      intent: 'preview',
    });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Preview of your changes (not saved yet)');
    expect(response.body).toContain('<strong>Subject:</strong> <span>Sorry, Ada Lovelace</span>');
    expect(response.body).toContain('<span>Not Notes on the Analytical Engine.</span>');
    expect(await db.select().from(mailTemplates)).toEqual([]);
  });

  it('goes back to the built-in wording', async () => {
    const { app, db, conf } = await setUp();
    await db
      .insert(mailTemplates)
      .values({ eventId: conf.id, key: 'proposal-rejected', subject: 'Custom', body: 'Custom {speaker_name}' });
    const browser = await loggedIn(app, 'olga@example.com');
    await browser.get(PAGE);

    const response = await browser.post(`${PAGE}/reset`, {});

    expect(response.statusCode).toBe(303);
    expect(await db.select().from(mailTemplates)).toEqual([]);
    expect(await loadTemplate(db, conf.id, 'proposal-rejected')).toEqual({
      subject: EDITABLE_TEMPLATES['proposal-rejected'].subject,
      body: EDITABLE_TEMPLATES['proposal-rejected'].body,
    });
  });

  it('answers 404 for a template that does not exist', async () => {
    const { app } = await setUp();
    const browser = await loggedIn(app, 'olga@example.com');

    const response = await browser.get('/orga/conf-2030/mail/templates/proposal-lost');

    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('There is no mail template &#34;proposal-lost&#34;.');
  });

  it.each([
    ['a reviewer of the event', 'rita@example.com'],
    ['the organiser of another event', 'otto@example.com'],
  ])('answers 403 to %s and saves nothing', async (_who, email) => {
    const { app, db } = await setUp();
    const browser = await loggedIn(app, email);

    const page = await browser.get(PAGE);
    const save = await browser.post(
      PAGE,
      { subject: 'Hi', body: 'Hi {speaker_name}', intent: 'save' },
      { formUrl: '/account' },
    );

    expect([page.statusCode, save.statusCode]).toEqual([403, 403]);
    expect(await db.select().from(mailTemplates)).toEqual([]);
  });
});
