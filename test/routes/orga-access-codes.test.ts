import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { accessCodes, events, outbox, sessionTypes } from '../../src/db/schema.js';
import { testAppPerFile } from '../helpers/app.js';
import { Browser, createOrganiserUser } from '../helpers/site.js';
import { createCfpEvent } from './speaker-fixtures.js';

const BASE = '/orga/pycon-2099/cfp/access-codes';

/** PyCon 2099 with a hidden Keynote session type, its organiser, and another event with a code of its own. */
async function world(db: Database): Promise<void> {
  const { event } = await createCfpEvent(db);
  await db
    .insert(sessionTypes)
    .values({ eventId: event.id, slug: 'keynote', name: 'Keynote', durationMinutes: 60, isPublic: false, position: 1 });
  await createOrganiserUser(db, 'pycon-2099');
  const { event: other } = await createCfpEvent(db, { slug: 'other-2099', name: 'Other 2099' });
  await db.insert(accessCodes).values({ eventId: other.id, code: 'OTHER-EVENT' });
}

const t = testAppPerFile(world);

async function olga(): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login('orga@example.com');
  return browser;
}

async function eventId(slug = 'pycon-2099'): Promise<number> {
  const [row] = await t.db.select({ id: events.id }).from(events).where(eq(events.slug, slug));
  return row!.id;
}

async function codesOf(slug = 'pycon-2099') {
  return t.db
    .select()
    .from(accessCodes)
    .where(eq(accessCodes.eventId, await eventId(slug)))
    .orderBy(asc(accessCodes.id));
}

describe('organiser: access codes', () => {
  it('links the access codes from the proposal form’s settings', async () => {
    const browser = await olga();
    const page = await browser.get('/orga/pycon-2099/cfp');
    expect(page.body).toContain(`<a href="${BASE}">Access codes</a>`);
  });

  it('makes a random code nobody can guess when none is typed, and lists it', async () => {
    const browser = await olga();
    const response = await browser.post(BASE, { code: '', validUntil: '', maxUses: '' });
    expect(response.statusCode).toBe(303);
    const [made] = await codesOf();
    expect(made!.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{16}$/);
    expect(response.headers.location).toBe(`${BASE}/${made!.id}`);
    const list = await browser.get(BASE);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`<a href="${BASE}/${made!.id}"><code>${made!.code}</code></a>`);
    expect(list.body).toContain('<td>No limit</td><td>0 (no limit)</td><td>—</td>');
    expect(list.body).not.toContain('OTHER-EVENT');
    await browser.post(`${BASE}/${made!.id}/delete`, {});
  });

  it('makes a typed code, valid until a time in the event’s zone, for some uses, unlocking a hidden session type', async () => {
    const browser = await olga();
    const [keynote] = await t.db.select().from(sessionTypes).where(eq(sessionTypes.slug, 'keynote'));
    const response = await browser.post(BASE, {
      code: 'Keynote-Invite',
      validUntil: '2099-06-30T23:59',
      maxUses: '2',
      sessionTypeId: String(keynote!.id),
      trackId: '',
    });
    expect(response.statusCode).toBe(303);
    const made = (await codesOf()).find((row) => row.code === 'Keynote-Invite')!;
    expect(made).toMatchObject({
      validUntil: new Date('2099-07-01T06:59:00Z'),
      maxUses: 2,
      uses: 0,
      sessionTypeId: keynote!.id,
      trackId: null,
    });
    const page = await browser.get(`${BASE}/${made.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<dd>Tue 30 Jun 2099, 23:59 PDT</dd><dt>Uses</dt><dd>0 of 2</dd>');
    expect(page.body).toContain('<dd>session type Keynote</dd>');
    expect(page.body).toContain('<code>http://lectern.test/pycon-2099/cfp?access_code=Keynote-Invite</code>');
  });

  it.each<[Record<string, string>, string, string | undefined]>([
    [{ code: 'short' }, 'code', 'use 6 to 64 letters, digits, - or _ (or leave it empty for a random code)'],
    [{ code: 'has spaces in it' }, 'code', 'use 6 to 64 letters, digits, - or _ (or leave it empty for a random code)'],
    [{ code: 'keynote-invite' }, 'code', 'PyCon 2099 already has the access code keynote-invite'],
    [{ maxUses: '0' }, 'maxUses', 'must be a whole number from 1 to 10000, or empty'],
    [{ validUntil: 'soon' }, 'validUntil', undefined],
    [{ sessionTypeId: '999999' }, 'sessionTypeId', 'PyCon 2099 has no such session type'],
    [{ trackId: 'web' }, 'trackId', 'choose one from the list'],
  ])('refuses %j with a 400 naming the field, making nothing', async (fields, field, message) => {
    const browser = await olga();
    if (fields.code === 'keynote-invite')
      await t.db.insert(accessCodes).values({ eventId: await eventId(), code: 'KEYNOTE-INVITE' });
    const before = await codesOf();
    const response = await browser.post(BASE, { code: '', validUntil: '', maxUses: '', ...fields });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<p class="error" id="${field}-error">${message ?? ''}`);
    expect(await codesOf()).toEqual(before);
  });

  it('sends a code to an address, queued in the outbox with its link, and refuses a mail without the code', async () => {
    const browser = await olga();
    await t.db.insert(accessCodes).values({ eventId: await eventId(), code: 'MAIL-ME-2099' });
    const code = (await codesOf()).find((row) => row.code === 'MAIL-ME-2099')!;
    const page = await browser.get(`${BASE}/${code.id}`);
    expect(page.body).toContain('value="[PyCon 2099] Your access code for the call for proposals"');
    expect(page.body).toContain('http://lectern.test/pycon-2099/cfp?access_code=MAIL-ME-2099');

    const refused = await browser.post(`${BASE}/${code.id}/send`, {
      to: 'grace@example.com',
      subject: 'Come and speak',
      body: 'No code here.',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      '<p class="error" id="body-error">must contain the code MAIL-ME-2099: without it the mail gives nothing</p>',
    );
    const badAddress = await browser.post(`${BASE}/${code.id}/send`, {
      to: 'not an address',
      subject: 'Come and speak',
      body: 'Use MAIL-ME-2099.',
    });
    expect(badAddress.statusCode).toBe(400);
    expect(badAddress.body).toContain(
      '<p class="error" id="to-error">&#34;not an address&#34; is not an email address</p>',
    );
    expect(await t.db.$count(outbox, eq(outbox.recipient, 'grace@example.com'))).toBe(0);

    const sent = await browser.post(`${BASE}/${code.id}/send`, {
      to: ' Grace@Example.com ',
      subject: 'Come and speak',
      body: 'Hello Grace,\r\n\r\nUse http://lectern.test/pycon-2099/cfp?access_code=MAIL-ME-2099 to propose.',
    });
    expect(sent.statusCode).toBe(303);
    const mails = await t.db.select().from(outbox).where(eq(outbox.recipient, 'grace@example.com'));
    expect(mails.map((m) => [m.eventId, m.subject, m.body, m.status, m.sensitive])).toEqual([
      [
        await eventId(),
        'Come and speak',
        'Hello Grace,\n\nUse http://lectern.test/pycon-2099/cfp?access_code=MAIL-ME-2099 to propose.',
        'pending',
        false,
      ],
    ]);
    expect((await browser.get(`${BASE}/${code.id}`)).body).toContain(
      'The access code is on its way to grace@example.com (see the outbox).',
    );
  });

  it('deletes a code, whose link then no longer works', async () => {
    const browser = await olga();
    await t.db.insert(accessCodes).values({ eventId: await eventId(), code: 'DELETE-ME-2099' });
    const code = (await codesOf()).find((row) => row.code === 'DELETE-ME-2099')!;
    const response = await browser.post(`${BASE}/${code.id}/delete`, {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(BASE);
    expect((await codesOf()).some((row) => row.code === 'DELETE-ME-2099')).toBe(false);
    expect((await t.app.inject('/pycon-2099/cfp?access_code=DELETE-ME-2099')).statusCode).toBe(400);
  });

  it('answers 404 for another event’s code, at every address of a code', async () => {
    const browser = await olga();
    const [other] = await codesOf('other-2099');
    expect((await browser.get(`${BASE}/${other!.id}`)).statusCode).toBe(404);
    expect((await browser.post(`${BASE}/${other!.id}/delete`, {})).statusCode).toBe(404);
    expect(
      (await browser.post(`${BASE}/${other!.id}/send`, { to: 'a@example.com', subject: 's', body: 'OTHER-EVENT' }))
        .statusCode,
    ).toBe(404);
    expect(await codesOf('other-2099')).toEqual([other]);
  });
});

describe('organiser: the CFP introduction', () => {
  it('saves the introduction with the proposal form’s fields, and the CFP page shows it', async () => {
    const browser = await olga();
    const response = await browser.post('/orga/pycon-2099/cfp', {
      abstract: 'optional',
      track: 'optional',
      level: 'optional',
      duration: 'optional',
      notes: 'optional',
      durations: '30, 45',
      intro: '  We look for *first-time* speakers.\r\n',
    });
    expect(response.statusCode).toBe(303);
    const [row] = await t.db.select({ cfpIntro: events.cfpIntro }).from(events).where(eq(events.slug, 'pycon-2099'));
    expect(row!.cfpIntro).toBe('We look for *first-time* speakers.');
    expect((await browser.get('/orga/pycon-2099/cfp')).body).toContain('We look for *first-time* speakers.</textarea>');
    expect((await t.app.inject('/pycon-2099/cfp')).body).toContain(
      '<div class="prose cfp-intro"><p>We look for <em>first-time</em> speakers.</p>\n</div>',
    );
  });

  it('refuses an introduction over 10000 characters under its field, saving nothing', async () => {
    const browser = await olga();
    const [before] = await t.db.select().from(events).where(eq(events.slug, 'pycon-2099'));
    const response = await browser.post('/orga/pycon-2099/cfp', { durations: '30, 45', intro: 'x'.repeat(10_001) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="intro-error">must be at most 10000 characters (it has 10001)</p>',
    );
    const [after] = await t.db.select().from(events).where(eq(events.slug, 'pycon-2099'));
    expect(after).toEqual(before);
  });
});
