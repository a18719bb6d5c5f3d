import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { talks } from '../../db/schema.js';
import { ConflictError } from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal as writeProposal } from '../../../test/helpers/proposals.js';
import { createUser } from '../../../test/helpers/site.js';
import { loadActor } from '../accounts/index.js';
import { findEventBySlug } from '../program/index.js';
import { createReviewEvent } from '../../../test/routes/review-fixtures.js';
import { answersFromFields, confirmProposal, listOwnProposals, normaliseCode, withdrawProposal } from './proposals.js';

const NOW = new Date('2030-03-01T10:00:00Z');

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

    expect(await withdrawProposal(w.db, await w.speaker(), w.event, submitted.code, NOW)).toEqual({
      code: submitted.code,
      title: 'Looms',
      wasConfirmed: false,
    });
    expect(await withdrawProposal(w.db, await w.speaker(), w.event, confirmed.code.toLowerCase(), NOW)).toEqual({
      code: confirmed.code,
      title: 'Compilers',
      wasConfirmed: true,
    });
    await expect(withdrawProposal(w.db, await w.speaker(), w.event, rejected.code, NOW)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await stateOf(w.db, submitted.code))?.state).toBe('withdrawn');
    expect((await stateOf(w.db, rejected.code))?.state).toBe('rejected');
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
