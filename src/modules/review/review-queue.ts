import { and, asc, count, eq, inArray, not, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { reviews, talks } from '../../db/schema.js';
import { InvalidInputError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { isSpeakerOf, visibleProposals } from './proposals.queries.js';
import { REVIEWABLE_STATES, reviewScope, type ReviewEvent } from './policy.js';

/**
 * The review queue: the proposals a person may review (awaiting a decision, in their tracks,
 * not their own), how many of them they reviewed, and which they have left, in an order they
 * choose, for "Save and next".
 */

export const REVIEW_ORDERS = ['oldest', 'newest', 'fewest-reviews', 'random'] as const;
export type ReviewOrder = (typeof REVIEW_ORDERS)[number];

export const REVIEW_ORDER_NAMES: Record<ReviewOrder, string> = {
  oldest: 'Oldest first',
  newest: 'Newest first',
  'fewest-reviews': 'Fewest reviews first',
  random: 'Shuffled (the same order each time for you)',
};

export function requireReviewOrder(raw: string | undefined): ReviewOrder {
  const order = raw?.trim() || 'oldest';
  if (!(REVIEW_ORDERS as readonly string[]).includes(order))
    throw new InvalidInputError(`must be one of ${REVIEW_ORDERS.join(', ')}`, 'order');
  return order as ReviewOrder;
}

export interface ReviewQueue {
  order: ReviewOrder;
  /** Proposals the person may review now. */
  total: number;
  /** Of those, the ones they reviewed. */
  reviewed: number;
  /** The codes of those they have not reviewed, in the queue's order. */
  left: string[];
}

export async function loadReviewQueue(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
  rawOrder?: string,
): Promise<ReviewQueue> {
  const scope = reviewScope(actor, event);
  const order = requireReviewOrder(rawOrder);
  const reviewCounts = db
    .select({ talkId: reviews.talkId, count: count().as('queue_review_count') })
    .from(reviews)
    .groupBy(reviews.talkId)
    .as('queue_review_counts');
  const mine = db.select({ talkId: reviews.talkId }).from(reviews).where(eq(reviews.userId, scope.userId)).as('mine');
  const ordering = {
    oldest: [sql`${talks.submittedAt} asc nulls last`],
    newest: [sql`${talks.submittedAt} desc nulls last`],
    'fewest-reviews': [asc(sql`coalesce(${reviewCounts.count}, 0)`), sql`${talks.submittedAt} asc nulls last`],
    // Shuffled per person, but stable: the same person gets the same order on every visit.
    random: [asc(sql`md5(${talks.code} || ':' || ${scope.userId}::text)`)],
  }[order];
  const rows = await db
    .select({ code: talks.code, reviewed: sql<boolean>`${mine.talkId} is not null` })
    .from(talks)
    .leftJoin(reviewCounts, eq(reviewCounts.talkId, talks.id))
    .leftJoin(mine, eq(mine.talkId, talks.id))
    .where(
      and(
        visibleProposals(scope, event.id),
        inArray(talks.state, [...REVIEWABLE_STATES]),
        not(isSpeakerOf(scope.userId)),
      ),
    )
    .orderBy(...ordering, asc(talks.id));
  return {
    order,
    total: rows.length,
    reviewed: rows.filter((r) => Boolean(r.reviewed)).length,
    left: rows.filter((r) => !r.reviewed).map((r) => r.code),
  };
}

/** The next proposal left to review after the given one (or the first left), if any. */
export function nextInQueue(queue: ReviewQueue, after?: string): string | undefined {
  return queue.left.find((code) => code !== after?.trim().toUpperCase());
}
