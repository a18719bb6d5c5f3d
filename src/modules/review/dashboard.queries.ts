import { and, asc, count, eq, inArray, not, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { eventMembers, reviewCategories, reviews, reviewScores, talks, users } from '../../db/schema.js';
import { isSpeakerOf, reviewedBy, visibleProposals } from './proposals.queries.js';
import { REVIEWABLE_STATES, REVIEWS_WANTED, type ReviewScope } from './policy.js';

/** The proposals whose reviews the person may count: those they see, less their own unless they organise. */
function countedProposals(scope: ReviewScope, eventId: number): SQL {
  return scope.organiser
    ? visibleProposals(scope, eventId)
    : and(visibleProposals(scope, eventId), not(isSpeakerOf(scope.userId)))!;
}

/**
 * The proposals whose scores the person may count: as above, and, while the event hides reviews
 * until reviewed, only those they reviewed (so that a track's chart gives nothing away).
 */
function scoredProposals(scope: ReviewScope, eventId: number): SQL {
  return scope.hiddenUntilReviewed
    ? and(countedProposals(scope, eventId), reviewedBy(scope.userId))!
    : countedProposals(scope, eventId);
}

/** How many reviews gave each score, per track (null: proposals without a track). */
export async function selectScoreCounts(db: Database, scope: ReviewScope, eventId: number) {
  const rows = await db
    .select({ trackId: talks.trackId, score: reviews.score, count: count() })
    .from(reviews)
    .innerJoin(talks, eq(talks.id, reviews.talkId))
    .where(scoredProposals(scope, eventId))
    .groupBy(talks.trackId, reviews.score);
  return rows.map((row) => ({ trackId: row.trackId, score: row.score, count: Number(row.count) }));
}

/** Reviews written per person, on the proposals the asker sees; every team member is listed, with 0 if need be. */
export async function selectReviewsPerReviewer(db: Database, scope: ReviewScope, eventId: number) {
  const written = await db
    .select({ userId: reviews.userId, count: count() })
    .from(reviews)
    .innerJoin(talks, eq(talks.id, reviews.talkId))
    .where(countedProposals(scope, eventId))
    .groupBy(reviews.userId);
  const counts = new Map(written.map((row) => [row.userId, Number(row.count)]));
  const team = await db
    .selectDistinct({ id: users.id })
    .from(eventMembers)
    .innerJoin(users, eq(users.id, eventMembers.userId))
    .where(eq(eventMembers.eventId, eventId));
  const ids = [...new Set([...team.map((m) => m.id), ...counts.keys()])];
  if (ids.length === 0) return [];
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, ids))
    .orderBy(asc(users.id));
  return people.map((person) => ({
    id: person.id,
    name: person.name || person.email,
    reviews: counts.get(person.id) ?? 0,
  }));
}

/** Overall progress on the proposals awaiting a decision, and the person's own. */
export async function selectProgress(db: Database, scope: ReviewScope, eventId: number) {
  const reviewCounts = db
    .select({ talkId: reviews.talkId, count: count().as('review_count') })
    .from(reviews)
    .groupBy(reviews.talkId)
    .as('review_counts');
  const mine = db.select({ talkId: reviews.talkId }).from(reviews).where(eq(reviews.userId, scope.userId)).as('mine');
  const own = isSpeakerOf(scope.userId);
  const [row] = await db
    .select({
      proposals: sql<number>`count(*)::int`,
      fullyReviewed: sql<number>`(count(*) filter (where coalesce(${reviewCounts.count}, 0) >= ${REVIEWS_WANTED}))::int`,
      reviews: sql<number>`coalesce(sum(${reviewCounts.count}), 0)::int`,
      reviewableByMe: sql<number>`(count(*) filter (where not ${own}))::int`,
      reviewedByMe: sql<number>`(count(*) filter (where ${mine.talkId} is not null))::int`,
    })
    .from(talks)
    .leftJoin(reviewCounts, eq(reviewCounts.talkId, talks.id))
    .leftJoin(mine, eq(mine.talkId, talks.id))
    .where(and(countedProposals(scope, eventId), inArray(talks.state, [...REVIEWABLE_STATES])));
  return {
    proposals: Number(row?.proposals ?? 0),
    fullyReviewed: Number(row?.fullyReviewed ?? 0),
    reviews: Number(row?.reviews ?? 0),
    reviewableByMe: Number(row?.reviewableByMe ?? 0),
    reviewedByMe: Number(row?.reviewedByMe ?? 0),
  };
}

/** How many reviews gave each value of each score category, on the proposals whose scores the person may count. */
export async function selectCategoryCounts(db: Database, scope: ReviewScope, eventId: number) {
  const rows = await db
    .select({ categoryId: reviewScores.categoryId, value: reviewScores.value, count: count() })
    .from(reviewScores)
    .innerJoin(reviewCategories, eq(reviewCategories.id, reviewScores.categoryId))
    .innerJoin(reviews, eq(reviews.id, reviewScores.reviewId))
    .innerJoin(talks, eq(talks.id, reviews.talkId))
    .where(and(eq(reviewCategories.eventId, eventId), scoredProposals(scope, eventId)))
    .groupBy(reviewScores.categoryId, reviewScores.value);
  return rows.map((row) => ({ categoryId: row.categoryId, value: row.value, count: Number(row.count) }));
}
