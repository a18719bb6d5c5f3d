import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, talks, talkStateChanges } from '../../db/schema.js';
import { ConflictError } from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal as writeProposal } from '../../../test/helpers/proposals.js';
import { addToTeam, createUser } from '../../../test/helpers/site.js';
import { loadActor } from '../accounts/index.js';
import { findEventBySlug } from '../program/index.js';
import { createReviewEvent } from '../../../test/routes/review-fixtures.js';
import { answersFromFields, confirmProposal, listOwnProposals, normaliseCode, withdrawProposal } from './proposals.js';

const NOW = new Date('2030-03-01T10:00:00Z');
const URL = 'https://lectern.test';

async function world() {
  const { db } = await testDatabase();
  await createReviewEvent(db, { slug: 'conf-2030' });
  const event = await findEventBySlug(db, 'conf-2030');
  const user = await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
  const stranger = await createUser(db, { email: 'grace@example.com', name: 'Grace Hopper' });
  const proposal = (title: string, state: 'submitted' | 'accepted' | 'confirmed' | 'rejected') =>
    writeProposal(db, { eventSlug: 'conf-2030', title, state, speakers: [{ name: 'Ada Lovelace', userId: user.id }] });
  return {
    db,
    event,
    /** Loaded once the proposals exist: an actor knows the speaker profiles it has then. */
    speaker: async () => (await loadActor(db, user.id))!,
    stranger: (await loadActor(db, stranger.id))!,
    proposal,
  };
}

async function stateOf(db: Awaited<ReturnType<typeof world>>['db'], code: string) {
  const [row] = await db
    .select({ state: talks.state, slug: talks.slug, stateChangedAt: talks.stateChangedAt })
    .from(talks)
    .where(eq(talks.code, code));
  return row;
}

describe('proposals', () => {
  it('reads codes whatever their case and spacing, and answers from question-{id} fields only', () => {
    expect(normaliseCode('  ab12cd34 ')).toBe('AB12CD34');
    expect(answersFromFields({ 'question-3': 'Yes', 'question-x': 'no', title: 'T', 'question-12': ['a'] })).toEqual({
      3: 'Yes',
      12: undefined,
    });
  });

  it('confirms an accepted proposal with a slug from its title, once, for its speaker only', async () => {
    const w = await world();
    const { code } = await w.proposal('Engines of Thought', 'accepted');

    await expect(confirmProposal(w.db, w.stranger, w.event, code, NOW)).rejects.toThrow();
    expect(await confirmProposal(w.db, await w.speaker(), w.event, code, NOW)).toEqual({
      code,
      slug: 'engines-of-thought',
      title: 'Engines of Thought',
    });
    expect(await stateOf(w.db, code)).toEqual({ state: 'confirmed', slug: 'engines-of-thought', stateChangedAt: NOW });
    await expect(confirmProposal(w.db, await w.speaker(), w.event, code, NOW)).rejects.toEqual(
      new ConflictError('This talk is already confirmed.'),
    );
  });

  it('withdraws a proposal, saying whether it was on the program, and never a rejected one', async () => {
    const w = await world();
    const submitted = await w.proposal('Looms', 'submitted');
    const confirmed = await w.proposal('Compilers', 'confirmed');
    const rejected = await w.proposal('Drafts', 'rejected');

    expect(
      await withdrawProposal(w.db, await w.speaker(), w.event, submitted.code, { publicUrl: URL, now: NOW }),
    ).toEqual({
      code: submitted.code,
      title: 'Looms',
      wasConfirmed: false,
      organisersMailed: 0,
    });
    expect(
      await withdrawProposal(w.db, await w.speaker(), w.event, confirmed.code.toLowerCase(), {
        publicUrl: URL,
        now: NOW,
      }),
    ).toEqual({
      code: confirmed.code,
      title: 'Compilers',
      wasConfirmed: true,
      organisersMailed: 0,
    });
    await expect(
      withdrawProposal(w.db, await w.speaker(), w.event, rejected.code, { publicUrl: URL, now: NOW }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await stateOf(w.db, submitted.code))?.state).toBe('withdrawn');
    expect((await stateOf(w.db, rejected.code))?.state).toBe('rejected');
  });

  it('withdraws a confirmed talk with the speaker’s reason kept, and mails each organiser of the event in the same step', async () => {
    const w = await world();
    const olga = await createUser(w.db, { email: 'olga@example.com', name: 'Olga Organiser' });
    const omar = await createUser(w.db, { email: 'omar@example.com', name: '' });
    const unproven = await createUser(w.db, { email: 'uma@example.com', name: 'Uma', verified: false });
    const rita = await createUser(w.db, { email: 'rita@example.com', name: 'Rita Reviewer' });
    await addToTeam(w.db, 'conf-2030', olga.id, 'organiser');
    await addToTeam(w.db, 'conf-2030', omar.id, 'organiser');
    await addToTeam(w.db, 'conf-2030', unproven.id, 'organiser');
    await addToTeam(w.db, 'conf-2030', rita.id, 'reviewer');
    const confirmed = await w.proposal('Compilers', 'confirmed');
    const submitted = await w.proposal('Looms', 'submitted');

    const result = await withdrawProposal(w.db, await w.speaker(), w.event, confirmed.code, {
      reason: '  I broke my leg.\r\nSorry!  ',
      publicUrl: URL,
      now: NOW,
    });
    await withdrawProposal(w.db, await w.speaker(), w.event, submitted.code, {
      reason: 'Changed my mind',
      publicUrl: URL,
    });

    expect(result).toEqual({ code: confirmed.code, title: 'Compilers', wasConfirmed: true, organisersMailed: 2 });
    const records = await w.db
      .select({
        talkId: talkStateChanges.talkId,
        from: talkStateChanges.fromState,
        to: talkStateChanges.toState,
        role: talkStateChanges.actorRole,
        reason: talkStateChanges.reason,
        at: talkStateChanges.at,
      })
      .from(talkStateChanges)
      .orderBy(asc(talkStateChanges.id));
    expect(records).toEqual([
      {
        talkId: confirmed.id,
        from: 'confirmed',
        to: 'withdrawn',
        role: 'speaker',
        reason: 'I broke my leg.\nSorry!',
        at: NOW,
      },
      {
        talkId: submitted.id,
        from: 'submitted',
        to: 'withdrawn',
        role: 'speaker',
        reason: 'Changed my mind',
        at: records[1]!.at,
      },
    ]);
    const body = (greeting: string) => `Hello ${greeting},

Ada Lovelace withdrew the confirmed talk “Compilers” from Conf 2030. It is no longer on the program, nor on the public schedule; the next release of the schedule lists it as cancelled.

Their reason:
I broke my leg.
Sorry!

The talk in the back office:
https://lectern.test/orga/conf-2030/proposals/${confirmed.code}`;
    expect(
      await w.db
        .select({ to: outbox.recipient, subject: outbox.subject, body: outbox.body, status: outbox.status })
        .from(outbox)
        .orderBy(asc(outbox.id)),
    ).toEqual([
      {
        to: 'olga@example.com',
        subject: '[Conf 2030] “Compilers” was withdrawn by its speaker',
        body: body('Olga Organiser'),
        status: 'pending',
      },
      {
        to: 'omar@example.com',
        subject: '[Conf 2030] “Compilers” was withdrawn by its speaker',
        body: body('omar@example.com'),
        status: 'pending',
      },
    ]);
  });

  it('refuses too long a reason under its field, withdrawing nothing and mailing nobody', async () => {
    const w = await world();
    const olga = await createUser(w.db, { email: 'olga@example.com', name: 'Olga Organiser' });
    await addToTeam(w.db, 'conf-2030', olga.id, 'organiser');
    const confirmed = await w.proposal('Compilers', 'confirmed');

    await expect(
      withdrawProposal(w.db, await w.speaker(), w.event, confirmed.code, { reason: 'x'.repeat(2001), publicUrl: URL }),
    ).rejects.toThrow('reason: is 2001 characters long; at most 2000 fit');

    expect((await stateOf(w.db, confirmed.code))?.state).toBe('confirmed');
    expect(await w.db.$count(outbox)).toBe(0);
    expect(await w.db.$count(talkStateChanges)).toBe(0);
  });

  it('says nobody is mailed when a talk that was not confirmed is withdrawn', async () => {
    const w = await world();
    const olga = await createUser(w.db, { email: 'olga@example.com', name: 'Olga Organiser' });
    await addToTeam(w.db, 'conf-2030', olga.id, 'organiser');
    const accepted = await w.proposal('Engines', 'accepted');

    const result = await withdrawProposal(w.db, await w.speaker(), w.event, accepted.code, { publicUrl: URL });

    expect(result.organisersMailed).toBe(0);
    expect(await w.db.$count(outbox)).toBe(0);
  });

  it('lists the speaker’s own proposals with their states, and none of them to someone else', async () => {
    const w = await world();
    await w.proposal('Looms', 'submitted');
    await w.proposal('Compilers', 'accepted');

    const own = await listOwnProposals(w.db, await w.speaker(), w.event);

    expect(own.map((p) => [p.title, p.state, p.speakerNames]).sort()).toEqual([
      ['Compilers', 'accepted', ['Ada Lovelace']],
      ['Looms', 'submitted', ['Ada Lovelace']],
    ]);
    expect(await listOwnProposals(w.db, w.stranger, w.event)).toEqual([]);
  });
});
