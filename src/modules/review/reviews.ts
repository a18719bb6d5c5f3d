import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { reviews, reviewScores } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { listReviewCategories, weightedTotal, type ReviewCategory } from './categories.js';
import { selectProposalByCode } from './proposals.queries.js';
import {
  requireComment,
  requireReviewable,
  requireScore,
  requireVisibleProposal,
  reviewScope,
  type ReviewEvent,
} from './policy.js';

export interface ReviewInput {
  code: string;
  /** As typed: a whole number on the event's scale. Ignored when the event has score categories. */
  score: string | number;
  comment: string;
  /** With score categories: each category's value as typed, by category id. */
  categoryScores?: Record<number, string | number> | undefined;
}

/** The form field of a category's value: `score-<id>`, which errors name. */
export function categoryField(categoryId: number): string {
  return `score-${categoryId}`;
}

function requireCategoryValues(
  categories: ReviewCategory[],
  raw: Record<number, string | number>,
): Map<number, number> {
  const values = new Map<number, number>();
  for (const category of categories) {
    const text = String(raw[category.id] ?? '').trim();
    const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(value) || value < category.minValue || value > category.maxValue) {
      throw new InvalidInputError(
        `${category.name}: choose a whole number from ${category.minValue} to ${category.maxValue}`,
        categoryField(category.id),
      );
    }
    values.set(category.id, value);
  }
  return values;
}

/**
 * Saves the person's review of a proposal: their first, or a change to the one they wrote
 * (one review per person per proposal). Refused for a proposal they cannot see, one they are
 * a speaker of, one no longer awaiting a decision, while reviewing is closed, and for a score
 * off the event's scale. With score categories, the score is the weighted sum of the values.
 */
export async function saveReview(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
  input: ReviewInput,
): Promise<{ created: boolean; score: number; comment: string }> {
  const scope = reviewScope(actor, event);
  return db.transaction(async (tx) => {
    const proposal = requireVisibleProposal(
      scope,
      await selectProposalByCode(tx, scope, event.id, input.code),
      input.code,
    );
    requireReviewable(event, proposal, proposal.own);
    const categories = await listReviewCategories(tx, event.id);
    const values = categories.length > 0 ? requireCategoryValues(categories, input.categoryScores ?? {}) : undefined;
    const score = values ? weightedTotal(categories, values) : requireScore(event, input.score);
    const comment = requireComment(input.comment);
    const [existing] = await tx
      .select({ id: reviews.id })
      .from(reviews)
      .where(and(eq(reviews.talkId, proposal.id), eq(reviews.userId, scope.userId)));
    const [saved] = await tx
      .insert(reviews)
      .values({ talkId: proposal.id, userId: scope.userId, score, comment })
      .onConflictDoUpdate({ target: [reviews.talkId, reviews.userId], set: { score, comment, updatedAt: new Date() } })
      .returning({ id: reviews.id });
    if (values) {
      await tx.delete(reviewScores).where(eq(reviewScores.reviewId, saved!.id));
      await tx
        .insert(reviewScores)
        .values([...values].map(([categoryId, value]) => ({ reviewId: saved!.id, categoryId, value })));
    }
    return { created: !existing, score, comment };
  });
}

/**
 * Deletes the person's own review of a proposal (with its category values), under the same
 * rules as changing it: only while reviewing is open and the proposal awaits a decision.
 */
export async function deleteReview(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
  code: string,
): Promise<{ code: string; title: string }> {
  const scope = reviewScope(actor, event);
  return db.transaction(async (tx) => {
    const proposal = requireVisibleProposal(scope, await selectProposalByCode(tx, scope, event.id, code), code);
    requireReviewable(event, proposal, proposal.own);
    const deleted = await tx
      .delete(reviews)
      .where(and(eq(reviews.talkId, proposal.id), eq(reviews.userId, scope.userId)))
      .returning({ id: reviews.id });
    if (deleted.length === 0) throw new NotFoundError(`You have no review of proposal "${proposal.code}" to delete.`);
    return { code: proposal.code, title: proposal.title };
  });
}
