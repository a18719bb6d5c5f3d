import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { speakerInvitations } from '../../src/db/schema.js';
import { buildTestApp } from '../helpers/app.js';
import { Browser, createUser, followVerificationLink } from '../helpers/site.js';
import {
  closeCfp,
  completeProposal,
  createCfpEvent,
  mailsTo,
  setState,
  speakersOf,
  submitProposal,
  talkByCode,
} from './speaker-fixtures.js';

const LINK = /http:\/\/lectern\.test(\/pycon-2099\/me\/invitations\/([A-Za-z0-9_-]+))/;

describe('speaker area: co-speakers', () => {
  it('invites a co-speaker by mail, who signs up from the link, accepts, writes their own bio and edits the proposal', async () => {
    const { app, db } = await buildTestApp();
    await createCfpEvent(db);
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const ada = new Browser(app);
    await ada.login('ada@example.com');
    const code = await submitProposal(ada, 'pycon-2099', completeProposal());
    const talk = await talkByCode(db, code);

    const invited = await ada.post(
      `/pycon-2099/me/proposals/${code}/invitations`,
      { email: ' Charles@Example.com ' },
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    expect(invited.statusCode).toBe(303);
    const page = await ada.get(`/pycon-2099/me/proposals/${code}`);
    expect(page.body).toContain('We have sent an invitation to charles@example.com.');
    expect(page.body).toContain('charles@example.com — valid until');
    const [mail, ...more] = await mailsTo(db, 'charles@example.com');
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('[PyCon 2099] Ada Lovelace invites you to speak with them');
    expect(mail!.sensitive).toBe(true);
    expect(mail!.eventId).toBe(talk.eventId);
    const [, path, token] = LINK.exec(mail!.body)!;
    const [invitation] = await db.select().from(speakerInvitations).where(eq(speakerInvitations.talkId, talk.id));
    expect(invitation!.tokenHash).not.toBe(token);
    expect(invitation!.tokenHash).toHaveLength(64);
    expect(invitation!.expiresAt.getTime() - invitation!.createdAt.getTime()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(invitation!.expiresAt.getTime() - invitation!.createdAt.getTime()).toBeLessThan(7 * 86_400_000 + 60_000);

    const charles = new Browser(app);
    const toLogin = await charles.get(path!);
    expect(toLogin.statusCode).toBe(303);
    const next = encodeURIComponent(path!);
    expect(toLogin.headers.location).toBe(`/login?next=${next}`);
    const login = await charles.get(`/login?next=${next}`);
    expect(login.body).toContain(`href="/signup?next=${next}"`);
    await charles.get(`/signup?next=${next}`);
    const signup = await charles.post('/signup', {
      name: 'Charles Babbage',
      email: 'charles@example.com',
      password: 'a perfectly long password',
      next: path!,
    });
    expect(signup.statusCode).toBe(303);
    expect(signup.headers.location).toBe('/login');
    const verified = await followVerificationLink(charles, db, 'charles@example.com');
    expect(verified.headers.location).toBe(path);

    const offer = await charles.get(path!);
    expect(offer.statusCode).toBe(200);
    expect(offer.headers['referrer-policy']).toBe('no-referrer');
    expect(offer.body).toContain('Ada Lovelace invites you to be a co-speaker of “Typing the untyped” at PyCon 2099.');
    const accepted = await charles.post(path!, {});
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/pycon-2099/me/profile');
    const profile = await charles.get('/pycon-2099/me/profile');
    expect(profile.body).toContain(
      'You are now a speaker of “Typing the untyped”. Please check your name and write your biography.',
    );
    expect(profile.body).toContain('name="name" type="text" value="Charles Babbage"');
    const bio = await charles.post('/pycon-2099/me/profile', {
      name: 'Charles Babbage',
      biography: 'Charles designs engines.',
    });
    expect(bio.statusCode).toBe(303);

    expect(await speakersOf(db, talk.id)).toEqual([
      { email: 'ada@example.com', name: 'Ada Lovelace', biography: 'Ada writes programs for engines.' },
      { email: 'charles@example.com', name: 'Charles Babbage', biography: 'Charles designs engines.' },
    ]);
    const [used] = await db.select().from(speakerInvitations).where(eq(speakerInvitations.talkId, talk.id));
    expect(used!.acceptedAt).not.toBeNull();

    // The co-speaker sees and edits the proposal like the first speaker.
    const list = await charles.get('/pycon-2099/me/proposals');
    expect(list.body).toContain(`<a href="/pycon-2099/me/proposals/${code}">Typing the untyped</a>`);
    expect(list.body).toContain('<td>Ada Lovelace, Charles Babbage</td>');
    const edit = await charles.post(
      `/pycon-2099/me/proposals/${code}`,
      completeProposal({ title: 'Typing the untyped, together' }),
      {
        formUrl: `/pycon-2099/me/proposals/${code}`,
      },
    );
    expect(edit.statusCode).toBe(303);
    expect((await talkByCode(db, code)).title).toBe('Typing the untyped, together');
    const adaView = await ada.get(`/pycon-2099/me/proposals/${code}`);
    expect(adaView.body).toContain('<h3>Charles Babbage</h3>');
    expect(adaView.body).toContain('<p>Charles designs engines.</p>');
    expect(adaView.body).not.toContain('charles@example.com — valid until');

    // Each link works once.
    const reused = await charles.get(path!);
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain('This invitation was already accepted: each link works once.');
    expect((await charles.post(path!, {})).statusCode).toBe(409);
  });

  it('refuses expired and unknown invitation links with a clear message, and writes nothing', async () => {
    const { app, db } = await buildTestApp();
    await createCfpEvent(db);
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    await createUser(db, { email: 'charles@example.com', name: 'Charles Babbage' });
    const ada = new Browser(app);
    await ada.login('ada@example.com');
    const code = await submitProposal(ada, 'pycon-2099', completeProposal());
    await ada.post(
      `/pycon-2099/me/proposals/${code}/invitations`,
      { email: 'charles@example.com' },
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    const [, path] = LINK.exec((await mailsTo(db, 'charles@example.com'))[0]!.body)!;
    await db.update(speakerInvitations).set({ expiresAt: new Date('2020-03-01T07:59:00Z') });

    const charles = new Browser(app);
    await charles.login('charles@example.com');
    const expired = await charles.get(path!);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain(
      'This invitation expired on Sat 29 Feb 2020, 23:59 PST. Ask the speaker who invited you to send a new one.',
    );
    expect(expired.body).not.toContain('Accept the invitation');
    const accept = await charles.post(path!, {});
    expect(accept.statusCode).toBe(409);
    expect(await speakersOf(db, (await talkByCode(db, code)).id)).toHaveLength(1);

    const unknown = await charles.get('/pycon-2099/me/invitations/not-a-real-token');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('This invitation link is not valid');
    // A valid link of one event means nothing at another.
    await createCfpEvent(db, { slug: 'djangocon-2099', name: 'DjangoCon 2099' });
    expect((await charles.get(path!.replace('pycon-2099', 'djangocon-2099'))).statusCode).toBe(404);
  });

  it('removes a pending invitation, whose link then stops working', async () => {
    const { app, db } = await buildTestApp();
    await createCfpEvent(db);
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    await createUser(db, { email: 'charles@example.com', name: 'Charles Babbage' });
    const ada = new Browser(app);
    await ada.login('ada@example.com');
    const code = await submitProposal(ada, 'pycon-2099', completeProposal());
    await ada.post(
      `/pycon-2099/me/proposals/${code}/invitations`,
      { email: 'charles@example.com' },
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    const [invitation] = await db.select().from(speakerInvitations);
    const [, path] = LINK.exec((await mailsTo(db, 'charles@example.com'))[0]!.body)!;

    const charles = new Browser(app);
    await charles.login('charles@example.com');
    expect(
      (await charles.post(`/pycon-2099/me/proposals/${code}/invitations/${invitation!.id}/delete`, {})).statusCode,
    ).toBe(404);

    const removed = await ada.post(
      `/pycon-2099/me/proposals/${code}/invitations/${invitation!.id}/delete`,
      {},
      { formUrl: `/pycon-2099/me/proposals/${code}` },
    );
    expect(removed.statusCode).toBe(303);
    expect(await db.$count(speakerInvitations)).toBe(0);
    expect((await charles.get(path!)).statusCode).toBe(404);
  });

  it('refuses to invite oneself, a speaker already on the proposal or an address twice, naming the email field', async () => {
    const { app, db } = await buildTestApp();
    const { event } = await createCfpEvent(db);
    await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const ada = new Browser(app);
    await ada.login('ada@example.com');
    const code = await submitProposal(ada, 'pycon-2099', completeProposal());
    const url = `/pycon-2099/me/proposals/${code}/invitations`;
    const form = { formUrl: `/pycon-2099/me/proposals/${code}` };

    const self = await ada.post(url, { email: 'ADA@example.com' }, form);
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('Email: this is your own address: you are already a speaker');
    const notAnAddress = await ada.post(url, { email: 'charles at example' }, form);
    expect(notAnAddress.statusCode).toBe(400);
    expect(notAnAddress.body).toContain('Email: &#34;charles at example&#34; is not an email address');
    expect((await ada.post(url, { email: 'charles@example.com' }, form)).statusCode).toBe(303);
    const twice = await ada.post(url, { email: 'charles@example.com' }, form);
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain(
      'Email: charles@example.com is already invited; remove that invitation first to send a new one',
    );
    expect(await db.$count(speakerInvitations)).toBe(1);
    expect(await mailsTo(db, 'charles@example.com')).toHaveLength(1);

    // After the deadline a submitted proposal takes no new co-speakers; an accepted one does.
    await closeCfp(db, event.id);
    const late = await ada.post(url, { email: 'dora@example.com' }, form);
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('closed on Sat 29 Feb 2020, 23:59 PST');
    await setState(db, code, 'accepted');
    expect((await ada.post(url, { email: 'dora@example.com' }, form)).statusCode).toBe(303);
  });
});
