import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reviews } from '../../db/schema.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  UnauthenticatedError,
} from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { actorOf, createReviewEvent, createReviewTeam } from '../../../test/routes/review-fixtures.js';
import { addToTeam, createUser } from '../../../test/helpers/site.js';
import { saveReview } from './reviews.js';

async function setUp() {
  const { db } = await testDatabase();
  const { event, web, data } = await createReviewEvent(db, { scoreMin: 1, scoreMax: 5 });
  const team = await createReviewTeam(db, event.slug, [web.id]);
  const webTalk = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Web things',
    trackSlug: 'web',
    speakers: [{ name: 'Pat Speaker' }],
  });
  const dataTalk = await createProposal(db, { eventSlug: event.slug, title: 'Data things', trackSlug: 'data' });
  return { db, event, web, data, team, webTalk, dataTalk };
}

async function reviewsOf(db: Awaited<ReturnType<typeof setUp>>['db'], talkId: number) {
  return db
    .select({ userId: reviews.userId, score: reviews.score, comment: reviews.comment })
    .from(reviews)
    .where(eq(reviews.talkId, talkId));
}

describe('saveReview', () => {
  it('saves a first review and then changes it, keeping one review per person', async () => {
    const { db, event, team, webTalk } = await setUp();
    const rita = await actorOf(db, team.rita.id);
    expect(await saveReview(db, rita, event, { code: webTalk.code, score: '4', comment: '  Clear plan.  ' })).toEqual({
      created: true,
      score: 4,
      comment: 'Clear plan.',
    });
    expect(
      await saveReview(db, rita, event, { code: webTalk.code.toLowerCase(), score: 2, comment: 'On second thought.' }),
    ).toEqual({
      created: false,
      score: 2,
      comment: 'On second thought.',
    });
    expect(await reviewsOf(db, webTalk.id)).toEqual([
      { userId: team.rita.id, score: 2, comment: 'On second thought.' },
    ]);
  });

  it('lets organisers review too', async () => {
    const { db, event, team, dataTalk } = await setUp();
    await saveReview(db, await actorOf(db, team.orga.id), event, { code: dataTalk.code, score: '5', comment: '' });
    expect(await reviewsOf(db, dataTalk.id)).toEqual([{ userId: team.orga.id, score: 5, comment: '' }]);
  });

  it('refuses scores off the scale or not whole, writing nothing', async () => {
    const { db, event, team, webTalk } = await setUp();
    const rita = await actorOf(db, team.rita.id);
    for (const score of ['0', '6', '2.5', '', 'three', '1e0']) {
      const attempt = saveReview(db, rita, event, { code: webTalk.code, score, comment: '' });
      await expect(attempt).rejects.toThrow(new InvalidInputError('must be a whole number from 1 to 5', 'score'));
    }
    expect(await reviewsOf(db, webTalk.id)).toEqual([]);
  });

  it('refuses a review of a proposal the reviewer is a speaker of', async () => {
    const { db, event, team } = await setUp();
    const own = await createProposal(db, {
      eventSlug: event.slug,
      title: 'Mine',
      trackSlug: 'web',
      speakers: [{ name: 'Rita Reviewer', userId: team.rita.id }],
    });
    const attempt = saveReview(db, await actorOf(db, team.rita.id), event, {
      code: own.code,
      score: 5,
      comment: 'Brilliant!',
    });
    await expect(attempt).rejects.toThrow(
      new ForbiddenError('You are a speaker of this proposal, so you may not review it.'),
    );
    expect(await reviewsOf(db, own.id)).toEqual([]);
  });

  it('refuses an organiser who is a speaker of the proposal too', async () => {
    const { db, event, team } = await setUp();
    const own = await createProposal(db, {
      eventSlug: event.slug,
      title: 'Mine',
      speakers: [{ name: 'Olga Organiser', userId: team.orga.id }],
    });
    await expect(
      saveReview(db, await actorOf(db, team.orga.id), event, { code: own.code, score: 5, comment: '' }),
    ).rejects.toThrow(ForbiddenError);
  });

  it('hides proposals of other tracks from a track-limited reviewer', async () => {
    const { db, event, team, webTalk, dataTalk } = await setUp();
    const wendy = await actorOf(db, team.wendy.id);
    await saveReview(db, wendy, event, { code: webTalk.code, score: 3, comment: '' });
    const attempt = saveReview(db, wendy, event, { code: dataTalk.code, score: 3, comment: '' });
    await expect(attempt).rejects.toThrow(
      new NotFoundError(`There is no proposal "${dataTalk.code}" for you to see here.`),
    );
    expect(await reviewsOf(db, dataTalk.id)).toEqual([]);
  });

  it('hides proposals without a track from a track-limited reviewer', async () => {
    const { db, event, team } = await setUp();
    const loose = await createProposal(db, { eventSlug: event.slug, title: 'No track' });
    await expect(
      saveReview(db, await actorOf(db, team.wendy.id), event, { code: loose.code, score: 3, comment: '' }),
    ).rejects.toThrow(NotFoundError);
  });

  it('treats drafts and withdrawn proposals as absent and closes reviews of decided ones', async () => {
    const { db, event, team } = await setUp();
    const rita = await actorOf(db, team.rita.id);
    for (const state of ['draft', 'withdrawn'] as const) {
      const talk = await createProposal(db, { eventSlug: event.slug, title: `A ${state}`, state });
      await expect(saveReview(db, rita, event, { code: talk.code, score: 3, comment: '' })).rejects.toThrow(
        NotFoundError,
      );
    }
    const accepted = await createProposal(db, { eventSlug: event.slug, title: 'Accepted one', state: 'accepted' });
    await expect(saveReview(db, rita, event, { code: accepted.code, score: 3, comment: '' })).rejects.toThrow(
      new ConflictError('Reviews are closed: this proposal is accepted.'),
    );
    expect(await db.$count(reviews)).toBe(0);
  });

  it('refuses people outside the team and organisers of another event', async () => {
    const { db, event, team, webTalk } = await setUp();
    await expect(saveReview(db, undefined, event, { code: webTalk.code, score: 3, comment: '' })).rejects.toThrow(
      UnauthenticatedError,
    );
    await expect(
      saveReview(db, await actorOf(db, team.speaker.id), event, { code: webTalk.code, score: 3, comment: '' }),
    ).rejects.toThrow(new ForbiddenError('Only the organisers and reviewers of Conf 2030 may see this.'));
    await expect(
      saveReview(db, await actorOf(db, team.stranger.id), event, { code: webTalk.code, score: 3, comment: '' }),
    ).rejects.toThrow(ForbiddenError);
  });

  it('refuses a comment longer than 10000 characters', async () => {
    const { db, event, team, webTalk } = await setUp();
    const attempt = saveReview(db, await actorOf(db, team.rita.id), event, {
      code: webTalk.code,
      score: 3,
      comment: 'x'.repeat(10_001),
    });
    await expect(attempt).rejects.toThrow(new InvalidInputError('must be at most 10000 characters', 'comment'));
  });

  it('lets a reviewer limited to two tracks review both', async () => {
    const { db, event, web, data, webTalk, dataTalk } = await setUp();
    const both = await createUser(db, { email: 'both@example.com' });
    await addToTeam(db, event.slug, both.id, 'reviewer', [web.id, data.id]);
    const actor = await actorOf(db, both.id);
    await saveReview(db, actor, event, { code: webTalk.code, score: 1, comment: '' });
    await saveReview(db, actor, event, { code: dataTalk.code, score: 2, comment: '' });
    expect(await db.$count(reviews, and(eq(reviews.userId, both.id)))).toBe(2);
  });
});
