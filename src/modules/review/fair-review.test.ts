import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { answers, events, questions, reviews, reviewScores, talks } from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { actorOf, createReviewEvent, createReviewTeam, writeReview } from '../../../test/routes/review-fixtures.js';
import { saveReviewCategories } from './categories.js';
import { loadReviewDashboard } from './dashboard.js';
import { getProposal, listProposals, listReviews } from './proposals.js';
import { loadReviewQueue, nextInQueue } from './review-queue.js';
import { deleteReview, saveReview } from './reviews.js';

async function setUp(traits: { reviewsHidden?: boolean; anonymised?: boolean } = {}) {
  const { db } = await testDatabase();
  const { event, web } = await createReviewEvent(db, traits);
  const team = await createReviewTeam(db, event.slug, [web.id]);
  const first = await createProposal(db, { eventSlug: event.slug, title: 'First', trackSlug: 'web' });
  const second = await createProposal(db, { eventSlug: event.slug, title: 'Second', trackSlug: 'web' });
  const third = await createProposal(db, { eventSlug: event.slug, title: 'Third', trackSlug: 'data' });
  // Submitted a day apart, oldest first.
  for (const [i, talk] of [first, second, third].entries()) {
    await db
      .update(talks)
      .set({ submittedAt: new Date(Date.UTC(2030, 0, 1 + i)) })
      .where(eq(talks.id, talk.id));
  }
  const reload = async () => (await db.select().from(events).where(eq(events.id, event.id)))[0]!;
  return { db, event, web, team, first, second, third, reload };
}

describe('reviews hidden until reviewed', () => {
  it("hides others' scores and comments from a reviewer until their own review exists, and never from organisers", async () => {
    const { db, event, team, first } = await setUp();
    await writeReview(db, first.id, 'orga@example.com', 3, 'Great.');
    const rita = await actorOf(db, team.rita.id);
    const before = await getProposal(db, rita, event, first.code);
    expect(before.reviewsHidden).toBe('not-reviewed');
    expect(before.reviews).toBeNull();
    expect(before.aggregates).toBeNull();
    expect(before.myReview).toBeNull();
    expect(await listReviews(db, rita, event)).toEqual([]);
    const listed = (await listProposals(db, rita, event)).proposals.find((p) => p.code === first.code)!;
    expect([listed.aggregates, listed.reviewsHidden]).toEqual([null, 'not-reviewed']);
    // Filtering by mean reveals nothing either.
    expect((await listProposals(db, rita, event, { minMean: 3 })).proposals).toEqual([]);

    await saveReview(db, rita, event, { code: first.code, score: '1', comment: 'Hm.' });
    const after = await getProposal(db, rita, event, first.code);
    expect(after.reviewsHidden).toBeUndefined();
    expect(after.reviews!.map((r) => [r.reviewer.name, r.score, r.comment])).toEqual([
      ['Olga Organiser', 3, 'Great.'],
      ['Rita Reviewer', 1, 'Hm.'],
    ]);
    expect(after.aggregates!.mean).toBe(2);
    expect((await listReviews(db, rita, event)).map((r) => r.score)).toEqual([3, 1]);

    const orga = await getProposal(db, await actorOf(db, team.orga.id), event, first.code);
    expect(orga.reviews!.map((r) => r.score)).toEqual([3, 1]);
  });

  it("counts in a reviewer's dashboard charts only the proposals they reviewed", async () => {
    const { db, event, team, first, second } = await setUp();
    await writeReview(db, first.id, 'orga@example.com', 3);
    await writeReview(db, second.id, 'orga@example.com', 0);
    await writeReview(db, second.id, 'rita@example.com', 1);
    const dashboard = await loadReviewDashboard(db, await actorOf(db, team.rita.id), event);
    expect(dashboard.distributions.find((d) => d.track?.slug === 'web')!.counts).toEqual([
      { score: 0, count: 1 },
      { score: 1, count: 1 },
      { score: 2, count: 0 },
      { score: 3, count: 0 },
    ]);
  });

  it('shows everything at once when the event turns the setting off', async () => {
    const { db, event, team, first } = await setUp({ reviewsHidden: false });
    await writeReview(db, first.id, 'orga@example.com', 3, 'Great.');
    const detail = await getProposal(db, await actorOf(db, team.rita.id), event, first.code);
    expect(detail.reviews!.map((r) => r.comment)).toEqual(['Great.']);
  });
});

describe('changing and deleting one’s own review', () => {
  it('deletes only the person’s own review, and refuses when they have none', async () => {
    const { db, event, team, first } = await setUp();
    await writeReview(db, first.id, 'rita@example.com', 2);
    await writeReview(db, first.id, 'orga@example.com', 3);
    expect(await deleteReview(db, await actorOf(db, team.rita.id), event, first.code.toLowerCase())).toEqual({
      code: first.code,
      title: 'First',
    });
    expect(await db.select({ userId: reviews.userId }).from(reviews)).toEqual([{ userId: team.orga.id }]);
    await expect(deleteReview(db, await actorOf(db, team.rita.id), event, first.code)).rejects.toThrow(
      new NotFoundError(`You have no review of proposal "${first.code}" to delete.`),
    );
  });

  it('refuses writing, changing and deleting reviews once the proposal is decided or reviewing is closed', async () => {
    const { db, event, team, first, reload } = await setUp();
    const rita = await actorOf(db, team.rita.id);
    await writeReview(db, first.id, 'rita@example.com', 2);
    await db.update(events).set({ reviewOpen: false }).where(eq(events.id, event.id));
    const closed = await reload();
    const message = 'Reviewing is closed at this event: reviews can no longer be written, changed or deleted.';
    await expect(saveReview(db, rita, closed, { code: first.code, score: '3', comment: '' })).rejects.toThrow(
      new ConflictError(message),
    );
    await expect(deleteReview(db, rita, closed, first.code)).rejects.toThrow(new ConflictError(message));
    expect((await getProposal(db, rita, closed, first.code)).reviewRefusal).toBe(message);

    await db.update(talks).set({ state: 'accepted' }).where(eq(talks.id, first.id));
    await expect(deleteReview(db, rita, event, first.code)).rejects.toThrow(
      new ConflictError('Reviews are closed: this proposal is accepted.'),
    );
    expect(await db.select({ score: reviews.score }).from(reviews)).toEqual([{ score: 2 }]);
  });
});

describe('score categories', () => {
  const TEXT = 'Relevance | weight 2 | 0 Off-topic | 1 Weak | 2 Good | 3 Core\nClarity | 1 Muddled | 2 Clear';

  it('saves categories, sets the scale to the weighted sums, and totals a review as the weighted sum', async () => {
    const { db, event, team, first, reload } = await setUp();
    const orga = await actorOf(db, team.orga.id);
    const saved = await saveReviewCategories(db, orga, event, TEXT);
    expect(saved.map(({ id: _id, ...c }) => c)).toEqual([
      { name: 'Relevance', weight: 2, minValue: 0, maxValue: 3, labels: ['Off-topic', 'Weak', 'Good', 'Core'] },
      { name: 'Clarity', weight: 1, minValue: 1, maxValue: 2, labels: ['Muddled', 'Clear'] },
    ]);
    const scaled = await reload();
    expect([scaled.reviewScoreMin, scaled.reviewScoreMax]).toEqual([1, 8]);
    const [relevance, clarity] = saved;
    const rita = await actorOf(db, team.rita.id);
    const result = await saveReview(db, rita, scaled, {
      code: first.code,
      score: '',
      comment: 'Fine.',
      categoryScores: { [relevance!.id]: '3', [clarity!.id]: '1' },
    });
    expect(result.score).toBe(7);
    expect(
      await db
        .select({ categoryId: reviewScores.categoryId, value: reviewScores.value })
        .from(reviewScores)
        .orderBy(asc(reviewScores.categoryId)),
    ).toEqual([
      { categoryId: relevance!.id, value: 3 },
      { categoryId: clarity!.id, value: 1 },
    ]);
    const detail = await getProposal(db, rita, scaled, first.code);
    expect(detail.myReview!.categoryScores).toEqual({ [relevance!.id]: 3, [clarity!.id]: 1 });
    expect(detail.reviews![0]!.categoryScores).toEqual([
      { category: 'Relevance', value: 3, label: '3 (Core)' },
      { category: 'Clarity', value: 1, label: '1 (Muddled)' },
    ]);
    const dashboard = await loadReviewDashboard(db, orga, scaled);
    expect(dashboard.categories).toEqual([
      {
        name: 'Relevance',
        weight: 2,
        reviews: 1,
        mean: 3,
        counts: [
          { value: 0, label: 'Off-topic', count: 0 },
          { value: 1, label: 'Weak', count: 0 },
          { value: 2, label: 'Good', count: 0 },
          { value: 3, label: 'Core', count: 1 },
        ],
      },
      {
        name: 'Clarity',
        weight: 1,
        reviews: 1,
        mean: 1,
        counts: [
          { value: 1, label: 'Muddled', count: 1 },
          { value: 2, label: 'Clear', count: 0 },
        ],
      },
    ]);
  });

  it('refuses a missing or off-scale category value by its field, writing nothing', async () => {
    const { db, event, team, first, reload } = await setUp();
    const [relevance, clarity] = await saveReviewCategories(db, await actorOf(db, team.orga.id), event, TEXT);
    const rita = await actorOf(db, team.rita.id);
    const attempt = saveReview(db, rita, await reload(), {
      code: first.code,
      score: '2',
      comment: '',
      categoryScores: { [relevance!.id]: '4', [clarity!.id]: '2' },
    });
    await expect(attempt).rejects.toThrow(
      new InvalidInputError('Relevance: choose a whole number from 0 to 3', `score-${relevance!.id}`),
    );
    const missing = saveReview(db, rita, await reload(), {
      code: first.code,
      score: '2',
      comment: '',
      categoryScores: { [relevance!.id]: '1' },
    });
    await expect(missing).rejects.toThrow(
      new InvalidInputError('Clarity: choose a whole number from 1 to 2', `score-${clarity!.id}`),
    );
    expect(await db.$count(reviews)).toBe(0);
  });

  it('fixes the categories once a review is written, and lets only organisers set them', async () => {
    const { db, event, team, first } = await setUp();
    await expect(saveReviewCategories(db, await actorOf(db, team.rita.id), event, TEXT)).rejects.toThrow(
      ForbiddenError,
    );
    await writeReview(db, first.id, 'rita@example.com', 2);
    await expect(saveReviewCategories(db, await actorOf(db, team.orga.id), event, TEXT)).rejects.toThrow(
      new ConflictError('The score categories cannot change once reviews are written: 1 review exists at Conf 2030.'),
    );
    // Saving them as they are (none) is no change, so it is not refused.
    expect(await saveReviewCategories(db, await actorOf(db, team.orga.id), event, '')).toEqual([]);
  });
});

describe('questions hidden from reviewers', () => {
  it('leaves out, under anonymised review, answers to questions not visible to reviewers, and flags answers naming a speaker', async () => {
    const { db, event, team } = await setUp({ anonymised: true });
    const talk = await createProposal(db, {
      eventSlug: event.slug,
      title: 'Answered',
      trackSlug: 'web',
      speakers: [{ name: 'Zyxwarp Quillfeather', userId: team.speaker.id }],
    });
    const [handle, company, why] = await db
      .insert(questions)
      .values([
        { eventId: event.id, label: 'Your handle', kind: 'text', position: 1, visibleToReviewers: false },
        { eventId: event.id, label: 'Company', kind: 'text', position: 2 },
        { eventId: event.id, label: 'Why you?', kind: 'text', position: 3 },
      ])
      .returning();
    await db.insert(answers).values([
      { talkId: talk.id, questionId: handle!.id, value: '@zyx' },
      { talkId: talk.id, questionId: company!.id, value: 'Quillfeather Ltd' },
      { talkId: talk.id, questionId: why!.id, value: 'Zyxwarp Quillfeather knows it' },
    ]);
    const reviewer = await getProposal(db, await actorOf(db, team.rita.id), event, talk.code);
    expect(reviewer.answers.map((a) => [a.question, a.value])).toEqual([
      ['Company', 'Quillfeather Ltd'],
      ['Why you?', '(name hidden) knows it'],
    ]);
    expect(reviewer.hiddenAnswers).toBe(1);
    expect(reviewer.namedAnswers).toEqual(['Why you?']);
    const organiser = await getProposal(db, await actorOf(db, team.orga.id), event, talk.code);
    expect(organiser.answers.map((a) => a.value)).toEqual([
      '@zyx',
      'Quillfeather Ltd',
      'Zyxwarp Quillfeather knows it',
    ]);
    expect([organiser.hiddenAnswers, organiser.namedAnswers]).toEqual([0, ['Why you?']]);
  });
});

describe('review queue', () => {
  it('lists the proposals left to review in the chosen order, with progress', async () => {
    const { db, event, team, first, second, third } = await setUp();
    const rita = await actorOf(db, team.rita.id);
    await writeReview(db, second.id, 'rita@example.com', 2);
    await writeReview(db, first.id, 'orga@example.com', 2);
    const oldest = await loadReviewQueue(db, rita, event);
    expect(oldest).toEqual({ order: 'oldest', total: 3, reviewed: 1, left: [first.code, third.code] });
    expect((await loadReviewQueue(db, rita, event, 'newest')).left).toEqual([third.code, first.code]);
    expect((await loadReviewQueue(db, rita, event, 'fewest-reviews')).left).toEqual([third.code, first.code]);
    const shuffled = await loadReviewQueue(db, rita, event, 'random');
    expect(shuffled.left.toSorted()).toEqual([first.code, third.code].toSorted());
    expect((await loadReviewQueue(db, rita, event, 'random')).left).toEqual(shuffled.left);
    expect(nextInQueue(oldest, first.code)).toBe(third.code);
    expect(nextInQueue(oldest)).toBe(first.code);
    // A track-limited reviewer's queue holds their tracks only.
    expect(await loadReviewQueue(db, await actorOf(db, team.wendy.id), event)).toEqual({
      order: 'oldest',
      total: 2,
      reviewed: 0,
      left: [first.code, second.code],
    });
    await expect(loadReviewQueue(db, rita, event, 'best')).rejects.toThrow(
      new InvalidInputError('must be one of oldest, newest, fewest-reviews, random', 'order'),
    );
  });
});
