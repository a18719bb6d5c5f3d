import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, speakerInvitations, talkSpeakers, users } from '../../db/schema.js';
import { ConflictError, ForbiddenError } from '../../shared/errors.js';
import { hashToken, newToken } from '../../shared/tokens.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { createUser } from '../../../test/helpers/site.js';
import { createReviewEvent } from '../../../test/routes/review-fixtures.js';
import { loadActor, type Actor } from '../accounts/index.js';
import { findEventBySlug } from '../program/index.js';
import { acceptInvitation, declineInvitation, maskEmail, peekInvitation } from './co-speakers.js';

const NOW = new Date('2030-03-01T10:00:00Z');
const OPTIONS = { publicUrl: 'https://lectern.example', now: NOW };

async function world() {
  const { db } = await testDatabase();
  await createReviewEvent(db, { slug: 'conf-2030' });
  const event = await findEventBySlug(db, 'conf-2030');
  const ada = await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
  const talk = await createProposal(db, {
    eventSlug: 'conf-2030',
    title: 'Engines of Thought',
    state: 'submitted',
    speakers: [{ name: 'Ada Lovelace', userId: ada.id }],
  });
  const token = newToken();
  const [invitation] = await db
    .insert(speakerInvitations)
    .values({
      talkId: talk.id,
      email: 'grace@example.com',
      tokenHash: hashToken(token),
      invitedBy: ada.id,
      expiresAt: new Date('2030-03-08T10:00:00Z'),
    })
    .returning();
  return { db, event, talk, token, invitation: invitation! };
}

describe('co-speaker invitations', () => {
  it('masks an address but for its first letter and its domain', () => {
    expect(maskEmail('grace@example.com')).toBe('g***@example.com');
    expect(maskEmail('g@example.com')).toBe('g***@example.com');
    expect(maskEmail('a@b@example.com')).toBe('a***@example.com');
    expect(maskEmail('nonsense')).toBe('***');
  });

  it('shows the invitation to a signed-out holder of the link, without the full address', async () => {
    const w = await world();
    expect(await peekInvitation(w.db, undefined, w.event, w.token, NOW)).toEqual({
      status: 'valid',
      problem: undefined,
      maskedEmail: 'g***@example.com',
      proposal: { code: w.talk.code, title: 'Engines of Thought' },
      invitedBy: 'Ada Lovelace',
      alreadySpeaker: false,
      forViewer: undefined,
    });
  });

  it('is accepted only by a verified account of the invited address, in any case', async () => {
    const w = await world();
    const mallory = await createUser(w.db, { email: 'mallory@example.com' });
    const malloryActor = (await loadActor(w.db, mallory.id))!;
    expect((await peekInvitation(w.db, malloryActor, w.event, w.token, NOW)).forViewer).toBe(false);
    const refused = acceptInvitation(w.db, malloryActor, w.event, w.token, NOW);
    await expect(refused).rejects.toThrow(ForbiddenError);
    await expect(refused).rejects.toThrow(
      'This invitation is for g***@example.com, and you are logged in with another address.',
    );

    // The address's account, before it is verified, is no owner yet: it gets no actor at all, and
    // accepting checks the account itself, whatever actor it is handed.
    const grace = await createUser(w.db, { email: 'grace@example.com', name: 'Grace Hopper', verified: false });
    expect(await loadActor(w.db, grace.id)).toBeUndefined();
    const graceActor: Actor = {
      user: { id: grace.id, email: grace.email, name: grace.name },
      via: 'session',
      roles: new Map(),
    };
    expect((await peekInvitation(w.db, graceActor, w.event, w.token, NOW)).forViewer).toBe(true);
    await expect(acceptInvitation(w.db, graceActor, w.event, w.token, NOW)).rejects.toThrow(ForbiddenError);
    expect(await w.db.$count(talkSpeakers, eq(talkSpeakers.talkId, w.talk.id))).toBe(1);

    await w.db.update(users).set({ emailVerifiedAt: NOW }).where(eq(users.id, grace.id));
    await w.db.update(speakerInvitations).set({ email: 'Grace@Example.com' });
    expect(await acceptInvitation(w.db, graceActor, w.event, w.token, NOW)).toEqual({
      code: w.talk.code,
      title: 'Engines of Thought',
      needsBiography: true,
    });
    expect(await w.db.$count(talkSpeakers, eq(talkSpeakers.talkId, w.talk.id))).toBe(2);
  });

  it('is declined once by whoever holds the link, which tells the inviter and accepts nobody after', async () => {
    const w = await world();
    expect(await declineInvitation(w.db, w.event, w.token, OPTIONS)).toEqual({ title: 'Engines of Thought' });
    const [row] = await w.db.select().from(speakerInvitations);
    expect(row!.declinedAt).toEqual(NOW);
    const mails = await w.db.select().from(outbox).where(eq(outbox.recipient, 'ada@example.com'));
    expect(mails.map((m) => [m.subject, m.sensitive])).toEqual([
      ['[Conf 2030] grace@example.com declined your invitation', false],
    ]);
    expect(mails[0]!.body).toContain(`https://lectern.example/conf-2030/me/proposals/${w.talk.code}`);

    await expect(declineInvitation(w.db, w.event, w.token, OPTIONS)).rejects.toThrow(ConflictError);
    const grace = await createUser(w.db, { email: 'grace@example.com' });
    await expect(acceptInvitation(w.db, (await loadActor(w.db, grace.id))!, w.event, w.token, NOW)).rejects.toThrow(
      'This invitation was declined.',
    );
    expect((await peekInvitation(w.db, undefined, w.event, w.token, NOW)).status).toBe('declined');
  });

  it('cannot be declined once expired or accepted', async () => {
    const w = await world();
    const late = new Date('2030-03-09T10:00:00Z');
    await expect(declineInvitation(w.db, w.event, w.token, { ...OPTIONS, now: late })).rejects.toThrow(
      'This invitation expired on',
    );
    await w.db.update(speakerInvitations).set({ acceptedAt: NOW });
    await expect(declineInvitation(w.db, w.event, w.token, OPTIONS)).rejects.toThrow(
      'This invitation was already accepted',
    );
    expect(await w.db.$count(outbox)).toBe(0);
  });
});
