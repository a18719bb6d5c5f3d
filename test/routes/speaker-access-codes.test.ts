import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { accessCodes, events, outbox, sessionTypes, talks, tracks } from '../../src/db/schema.js';
import { testAppPerFile } from '../helpers/app.js';
import { addToTeam, Browser, createUser } from '../helpers/site.js';
import {
  CLOSED_AT,
  closeCfp,
  completeProposal,
  countRows,
  createCfpEvent,
  submitProposal,
  talkByCode,
} from './speaker-fixtures.js';

/**
 * PyCon 2099, its CFP closed, with a hidden Keynote session type and a hidden Invited track,
 * and three access codes: INVITED-2099 (no limits, unlocks the keynote and the invited track),
 * ONCE-ONLY (one use), EXPIRED-CODE (valid until the CFP closed). Secret 2099, unpublished and
 * closed, has a code of its own.
 */
async function world(db: Database): Promise<void> {
  const { event } = await createCfpEvent(db);
  await closeCfp(db, event.id);
  const [, keynote] = await db
    .insert(sessionTypes)
    .values([
      { eventId: event.id, slug: 'talk', name: 'Talk', durationMinutes: 30, deadline: CLOSED_AT, position: 1 },
      { eventId: event.id, slug: 'keynote', name: 'Keynote', durationMinutes: 60, isPublic: false, position: 2 },
    ])
    .returning();
  const [invited] = await db
    .insert(tracks)
    .values({ eventId: event.id, slug: 'invited', name: 'Invited talks', position: 3, isPublic: false })
    .returning();
  await db.insert(accessCodes).values([
    { eventId: event.id, code: 'INVITED-2099', sessionTypeId: keynote!.id, trackId: invited!.id },
    { eventId: event.id, code: 'ONCE-ONLY', maxUses: 1 },
    { eventId: event.id, code: 'EXPIRED-CODE', validUntil: CLOSED_AT },
  ]);
  const { event: secret } = await createCfpEvent(db, {
    slug: 'secret-2099',
    name: 'Secret Summit 2099',
    published: false,
  });
  await closeCfp(db, secret.id);
  await db.insert(accessCodes).values({ eventId: secret.id, code: 'SECRET-CODE' });
  await db
    .update(events)
    .set({ cfpIntro: 'We want **your** stories.\n\n<img src=x onerror=alert(1)>' })
    .where(eq(events.id, event.id));
  await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
  const olga = await createUser(db, { email: 'olga@example.com', name: 'Olga' });
  await addToTeam(db, 'secret-2099', olga.id, 'organiser');
}

const t = testAppPerFile(world);

async function login(email = 'ada@example.com'): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(email);
  return browser;
}

async function usesOf(code: string): Promise<number> {
  const [row] = await t.db.select({ uses: accessCodes.uses }).from(accessCodes).where(eq(accessCodes.code, code));
  return row!.uses;
}

const keynoteProposal = (code: string) =>
  completeProposal({ sessionType: 'keynote', track: 'invited', accessCode: code, duration: '' });

describe('the CFP page', () => {
  it('shows the organisers’ introduction rendered from Markdown, raw HTML as text', async () => {
    const page = await t.app.inject('/pycon-2099/cfp');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<div class="prose cfp-intro"><p>We want <strong>your</strong> stories.</p>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>\n</div>',
    );
  });

  it('offers a field for an access code, which is the pretalx link’s own parameter', async () => {
    const page = await t.app.inject('/pycon-2099/cfp');
    expect(page.body).toContain('<form class="form" method="get" action="/pycon-2099/cfp" novalidate>');
    expect(page.body).toContain('<input id="access_code" name="access_code" type="text"');
    expect(page.body).not.toContain('Propose a talk</a>');
  });

  it('with a valid code, says what it unlocks and links the proposal form with the code, though the CFP is closed', async () => {
    const page = await t.app.inject('/pycon-2099/cfp?access_code=invited-2099');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      'Your access code INVITED-2099 lets you propose whether or not the call for proposals is open, and offers the session type Keynote and the track Invited talks.',
    );
    expect(page.body).toContain('href="/signup?next=%2Fpycon-2099%2Fcfp%2Fsubmit%3Faccess_code%3DINVITED-2099"');
  });

  it.each([
    ['NOPE-NOPE', 'PyCon 2099 has no such access code: check it against the mail you got'],
    ['EXPIRED-CODE', 'the access code EXPIRED-CODE expired on Sat 29 Feb 2020, 23:59 PST'],
  ])('refuses the code %s with a 400 and the reason under the field', async (code, message) => {
    const page = await t.app.inject(`/pycon-2099/cfp?access_code=${code}`);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain(`<p class="error" id="access_code-error">${message}</p>`);
  });

  it('answers an unpublished event’s closed CFP exactly as an unknown event, to the public and to speakers', async () => {
    const unknown = await t.app.inject('/no-such-2099/cfp');
    const secret = await t.app.inject('/secret-2099/cfp');
    expect(secret.statusCode).toBe(404);
    expect(secret.body).not.toContain('Secret Summit');
    expect(secret.body.replaceAll('secret-2099', 'no-such-2099')).toBe(unknown.body);
    const ada = await login();
    const submit = await ada.get('/secret-2099/cfp/submit');
    expect(submit.statusCode).toBe(404);
    expect(submit.body).not.toContain('Secret Summit');
    const wrongCode = await t.app.inject('/secret-2099/cfp?access_code=NOPE-NOPE');
    expect(wrongCode.statusCode).toBe(404);
    expect(wrongCode.body).not.toContain('Secret Summit');
  });

  it('shows an unpublished event’s CFP to a valid code’s holder, and to its team', async () => {
    const withCode = await t.app.inject('/secret-2099/cfp?access_code=SECRET-CODE');
    expect(withCode.statusCode).toBe(200);
    expect(withCode.body).toContain('Call for proposals: Secret Summit 2099');
    const olga = await login('olga@example.com');
    expect((await olga.get('/secret-2099/cfp')).statusCode).toBe(200);
  });

  it('shows an unpublished event’s CFP while it is open', async () => {
    await t.db
      .update(events)
      .set({ cfpClosesAt: new Date('2099-12-02T07:59:00Z') })
      .where(eq(events.slug, 'secret-2099'));
    try {
      expect((await t.app.inject('/secret-2099/cfp')).statusCode).toBe(200);
    } finally {
      await closeCfp(t.db, (await t.db.select().from(events).where(eq(events.slug, 'secret-2099')))[0]!.id);
    }
  });
});

describe('proposing with an access code', () => {
  it('refuses a proposal after the deadline without a code', async () => {
    const ada = await login();
    const before = await countRows(t.db);
    const response = await ada.post('/pycon-2099/cfp/submit', completeProposal({ sessionType: 'talk' }), {
      formUrl: '/pycon-2099/cfp',
    });
    expect(response.statusCode).toBe(409);
    expect(await countRows(t.db)).toEqual(before);
  });

  it('offers the hidden session type and track on the form only with the code, carrying the code in the form', async () => {
    const ada = await login();
    const plain = await ada.get('/pycon-2099/cfp/submit');
    expect(plain.statusCode).toBe(409);
    const form = await ada.get('/pycon-2099/cfp/submit?access_code=INVITED-2099');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="keynote"');
    expect(form.body).toContain('<option value="invited">Invited talks</option>');
    expect(form.body).toContain('<input id="accessCode" name="accessCode" type="text" value="INVITED-2099"');
  });

  it('takes a proposal after both deadlines, of the hidden type and track, counting one use with it', async () => {
    const ada = await login();
    const code = await submitProposal(ada, 'pycon-2099', {
      ...completeProposal({ sessionType: 'talk', accessCode: 'INVITED-2099' }),
      title: 'A talk after its deadline',
    });
    const talk = await talkByCode(t.db, code);
    expect(talk.state).toBe('submitted');
    expect(await usesOf('INVITED-2099')).toBe(1);
    const keynote = await submitProposal(ada, 'pycon-2099', keynoteProposal('INVITED-2099'));
    const [codeRow] = await t.db.select().from(accessCodes).where(eq(accessCodes.code, 'INVITED-2099'));
    const made = await talkByCode(t.db, keynote);
    const [type] = await t.db.select().from(sessionTypes).where(eq(sessionTypes.id, made.sessionTypeId!));
    const [track] = await t.db.select().from(tracks).where(eq(tracks.id, made.trackId!));
    expect([type!.slug, track!.slug, made.accessCodeId, codeRow!.uses]).toEqual(['keynote', 'invited', codeRow!.id, 2]);
  });

  it('lets the speaker edit a proposal made with a code after the deadline, while the code lasts', async () => {
    const ada = await login();
    const code = await submitProposal(ada, 'pycon-2099', {
      ...keynoteProposal('INVITED-2099'),
      title: 'Editable keynote',
    });
    const uses = await usesOf('INVITED-2099');
    const page = await ada.get(`/pycon-2099/me/proposals/${code}`);
    expect(page.body).toContain('value="keynote"');
    const response = await ada.post(
      `/pycon-2099/me/proposals/${code}`,
      { ...keynoteProposal(''), title: 'Edited keynote' },
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    expect(response.statusCode).toBe(303);
    expect((await talkByCode(t.db, code)).title).toBe('Edited keynote');
    expect(await usesOf('INVITED-2099')).toBe(uses);
  });

  it('refuses a hidden session type without a code, naming the field', async () => {
    await t.db
      .update(events)
      .set({ cfpClosesAt: new Date('2099-12-02T07:59:00Z') })
      .where(eq(events.slug, 'pycon-2099'));
    try {
      const ada = await login();
      const before = await countRows(t.db);
      const response = await ada.post('/pycon-2099/cfp/submit', keynoteProposal(''), { formUrl: '/pycon-2099/cfp' });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('<p class="error" id="sessionType-error">choose one of Talk</p>');
      expect(response.body).toContain(
        '<p class="error" id="track-error">choose one of All things Web, Dealing with Data</p>',
      );
      expect(await countRows(t.db)).toEqual(before);
    } finally {
      await t.db.update(events).set({ cfpClosesAt: CLOSED_AT }).where(eq(events.slug, 'pycon-2099'));
    }
  });

  it.each([
    ['NOPE-NOPE', 'PyCon 2099 has no such access code: check it against the mail you got'],
    ['EXPIRED-CODE', 'the access code EXPIRED-CODE expired on Sat 29 Feb 2020, 23:59 PST'],
  ])('refuses the code %s at submission with a 400 under the field, saving nothing', async (accessCode, message) => {
    const ada = await login();
    const before = await countRows(t.db);
    const response = await ada.post('/pycon-2099/cfp/submit', completeProposal({ sessionType: 'talk', accessCode }), {
      formUrl: '/pycon-2099/cfp',
    });
    expect(response.statusCode).toBe(400);
    // The CFP being closed, the page offers to try another code (the link's field, access_code).
    expect(response.body).toContain(`<p class="error" id="access_code-error">${message}</p>`);
    expect(await countRows(t.db)).toEqual(before);
  });

  it('while the CFP is open, shows a refused code under the proposal form’s own field, with what was typed', async () => {
    await t.db
      .update(events)
      .set({ cfpClosesAt: new Date('2099-12-02T07:59:00Z') })
      .where(eq(events.slug, 'pycon-2099'));
    try {
      const ada = await login();
      const before = await countRows(t.db);
      const response = await ada.post(
        '/pycon-2099/cfp/submit',
        completeProposal({ sessionType: 'talk', accessCode: 'EXPIRED-CODE', title: 'Kept as typed' }),
        { formUrl: '/pycon-2099/cfp' },
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(
        '<p class="error" id="accessCode-error">the access code EXPIRED-CODE expired on Sat 29 Feb 2020, 23:59 PST</p>',
      );
      expect(response.body).toContain('<input id="accessCode" name="accessCode" type="text" value="EXPIRED-CODE"');
      expect(response.body).toContain('value="Kept as typed"');
      expect(await countRows(t.db)).toEqual(before);
    } finally {
      await t.db.update(events).set({ cfpClosesAt: CLOSED_AT }).where(eq(events.slug, 'pycon-2099'));
    }
  });

  it('refuses a code used as often as it may, leaving its count', async () => {
    const ada = await login();
    await submitProposal(ada, 'pycon-2099', completeProposal({ sessionType: 'talk', accessCode: 'ONCE-ONLY' }));
    expect(await usesOf('ONCE-ONLY')).toBe(1);
    const before = await countRows(t.db);
    const response = await ada.post(
      '/pycon-2099/cfp/submit',
      completeProposal({ sessionType: 'talk', accessCode: 'ONCE-ONLY' }),
      { formUrl: '/pycon-2099/cfp' },
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="access_code-error">the access code ONCE-ONLY has been used 1 time, as often as it may</p>',
    );
    expect(await countRows(t.db)).toEqual(before);
    expect(await usesOf('ONCE-ONLY')).toBe(1);
  });

  it('does not count a use when the proposal itself is refused', async () => {
    const ada = await login();
    const uses = await usesOf('INVITED-2099');
    const response = await ada.post(
      '/pycon-2099/cfp/submit',
      completeProposal({ sessionType: 'talk', accessCode: 'INVITED-2099', title: '' }),
      { formUrl: '/pycon-2099/cfp' },
    );
    expect(response.statusCode).toBe(400);
    expect(await usesOf('INVITED-2099')).toBe(uses);
    expect(await t.db.$count(talks, eq(talks.title, ''))).toBe(0);
    expect(await t.db.$count(outbox, eq(outbox.subject, ''))).toBe(0);
  });
});
