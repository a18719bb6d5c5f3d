import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { speakerInvitations } from '../../src/db/schema.js';
import { buildTestApp } from '../helpers/app.js';
import { Browser, createUser, followVerificationLink, TEST_PASSWORD } from '../helpers/site.js';
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

/**
 * A CFP event where Ada submits a proposal and invites Charles (at `invitedAs`, his address as
 * typed), both with accounts: the app, the database, Ada's browser, the proposal's code and the
 * invitation link's path from Charles's mail.
 */
async function adaInvitesCharles(invitedAs = 'charles@example.com') {
  const { app, db } = await buildTestApp();
  await createCfpEvent(db);
  await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
  await createUser(db, { email: 'charles@example.com', name: 'Charles Babbage' });
  const ada = new Browser(app);
  await ada.login('ada@example.com');
  const code = await submitProposal(ada, 'pycon-2099', completeProposal());
  await ada.post(
    `/pycon-2099/me/proposals/${code}/invitations`,
    { email: invitedAs },
    { formUrl: `/pycon-2099/me/proposals/${code}` },
  );
  const [, path] = LINK.exec((await mailsTo(db, 'charles@example.com'))[0]!.body)!;
  return { app, db, ada, code, path: path! };
}

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

    // Signed out, the link explains the invitation and offers to log in or sign up, coming back.
    const charles = new Browser(app);
    const signedOut = await charles.get(path!);
    expect(signedOut.statusCode).toBe(200);
    expect(signedOut.headers['referrer-policy']).toBe('no-referrer');
    expect(signedOut.body).toContain(
      'Ada Lovelace invites you to be a co-speaker of “Typing the untyped” at PyCon 2099.',
    );
    expect(signedOut.body).toContain(
      'The invitation was sent to c***@example.com: only the account with that address can accept it.',
    );
    expect(signedOut.body).not.toContain('charles@example.com');
    expect(signedOut.body).not.toContain('Accept the invitation');
    const next = encodeURIComponent(path!);
    expect(signedOut.body).toContain(`<a class="button" href="/login?next=${next}">Log in to accept</a>`);
    expect(signedOut.body).toContain(
      `<a class="button button--secondary" href="/signup?next=${next}">Sign up to accept</a>`,
    );
    // The header's links come back here too.
    expect(signedOut.body).toContain(`<a href="/login?next=${next}">Log in</a>`);
    expect(signedOut.body).toContain(`<a href="/signup?next=${next}">Sign up</a>`);
    const login = await charles.get(`/login?next=${next}`);
    expect(login.body).toContain(`href="/signup?next=${next}"`);
    const signupPage = await charles.get(`/signup?next=${next}`);
    expect(signupPage.body).toContain(`<a href="/login?next=${next}">Log in</a>`);
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

  it('lets whoever holds the link decline it, signed out, and tells the inviter; a declined link accepts nobody', async () => {
    const { app, db, ada, code, path } = await adaInvitesCharles();

    const visitor = new Browser(app);
    const page = await visitor.get(path!);
    expect(page.body).toContain(`<form class="form" method="post" action="${path}/decline">`);
    // Without the form's CSRF token, nothing happens.
    const forged = await visitor.post(`${path}/decline`, {}, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect((await db.select().from(speakerInvitations))[0]!.declinedAt).toBeNull();

    const declined = await visitor.post(`${path}/decline`, {}, { formUrl: path! });
    expect(declined.statusCode).toBe(303);
    expect(declined.headers.location).toBe(path);
    const after = await visitor.get(path!);
    expect(after.statusCode).toBe(410);
    expect(after.body).toContain(
      'You declined the invitation to speak on “Typing the untyped”. We have told the speaker who invited you.',
    );
    expect(after.body).toContain(
      'This invitation was declined. If you changed your mind, ask the speaker who invited you to send a new one.',
    );
    expect(after.body).not.toContain('Log in to accept');
    expect(after.body).not.toContain('Decline the invitation');
    const [row] = await db.select().from(speakerInvitations);
    expect(row!.declinedAt).not.toBeNull();
    const [told, ...more] = (await mailsTo(db, 'ada@example.com')).filter((m) => m.subject.includes('declined'));
    expect(more).toEqual([]);
    expect(told!.subject).toBe('[PyCon 2099] charles@example.com declined your invitation');
    expect(told!.body).toContain(
      'charles@example.com declined your invitation to be a co-speaker of "Typing the untyped" at PyCon 2099.',
    );
    expect(told!.body).toContain(`http://lectern.test/pycon-2099/me/proposals/${code}`);
    const adaView = await ada.get(`/pycon-2099/me/proposals/${code}`);
    expect(adaView.body).toMatch(/charles@example\.com — declined on /);

    // Declined is final for this link: no second decline, no accepting.
    const again = await visitor.post(`${path}/decline`, {}, { formUrl: path! });
    expect(again.statusCode).toBe(409);
    const charles = new Browser(app);
    await charles.login('charles@example.com');
    const accept = await charles.post(path!, {}, { formUrl: path! });
    expect(accept.statusCode).toBe(409);
    expect(await speakersOf(db, (await talkByCode(db, code)).id)).toHaveLength(1);
    // Ada may invite the address again: a declined invitation is not an open one.
    expect(
      (
        await ada.post(
          `/pycon-2099/me/proposals/${code}/invitations`,
          { email: 'charles@example.com' },
          { formUrl: `/pycon-2099/me/proposals/${code}` },
        )
      ).statusCode,
    ).toBe(303);
    expect((await visitor.post('/pycon-2099/me/invitations/not-a-real-token/decline', {})).statusCode).toBe(404);
  });

  it('is accepted only by the account of the invited address; another account gets a 403 naming it, masked, and a log-out back to the link', async () => {
    const { app, db, code, path } = await adaInvitesCharles('Charles@Example.COM');
    await createUser(db, { email: 'mallory@example.com', name: 'Mallory' });
    const talk = await talkByCode(db, code);

    const mallory = new Browser(app);
    await mallory.login('mallory@example.com');
    const seen = await mallory.get(path!);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain(
      'This invitation is for c***@example.com, and you are logged in with another address. To accept it, log out, then log in or sign up with that address.',
    );
    expect(seen.body).not.toContain('Accept the invitation');
    expect(seen.body).not.toContain('charles@example.com');
    const refused = await mallory.post(path!, {}, { formUrl: path! });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(
      'This invitation is for c***@example.com, and you are logged in with another address. Log out, then log in or sign up with the address the invitation was sent to.',
    );
    expect(refused.body).toContain(`<input type="hidden" name="next" value="${path}"/>`);
    expect(refused.body).toContain('Log out and log in with that address');
    expect(await speakersOf(db, talk.id)).toHaveLength(1);
    expect((await db.select().from(speakerInvitations))[0]!.acceptedAt).toBeNull();
    const loggedOut = await mallory.post('/logout', { next: path! }, { formUrl: path! });
    expect(loggedOut.statusCode).toBe(303);
    expect(loggedOut.headers.location).toBe(`/login?next=${encodeURIComponent(path!)}`);
    // A next to another site is not followed.
    const other = new Browser(app);
    await other.login('mallory@example.com');
    const elsewhere = await other.post('/logout', { next: '//evil.example/x' }, { formUrl: '/account' });
    expect(elsewhere.headers.location).toBe('/login');

    // The owner of the address (in whatever case either was typed) logs in, comes back and accepts.
    const charles = new Browser(app);
    const login = await charles.post(
      '/login',
      { email: 'CHARLES@example.com', password: TEST_PASSWORD, next: path! },
      { formUrl: `/login?next=${encodeURIComponent(path!)}` },
    );
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe(path);
    const offer = await charles.get(path!);
    expect(offer.body).toContain('Accept the invitation');
    const accepted = await charles.post(path!, {}, { formUrl: path! });
    expect(accepted.statusCode).toBe(303);
    expect((await speakersOf(db, talk.id)).map((s) => s.email)).toEqual(['ada@example.com', 'charles@example.com']);
  });

  it('refuses expired and unknown invitation links with a clear message, and writes nothing', async () => {
    const { app, db, code, path } = await adaInvitesCharles();
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
    const { app, db, ada, code, path } = await adaInvitesCharles();
    const [invitation] = await db.select().from(speakerInvitations);

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
