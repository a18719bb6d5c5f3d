import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { reviews } from '../../db/schema.js';
import type { Actor } from '../accounts/index.js';
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
  /** As typed: a whole number on the event's scale. */
  score: string | number;
  comment: string;
}

/**
 * Saves the person's review of a proposal: their first, or a change to the one they wrote
 * (one review per person per proposal). Refused for a proposal they cannot see, one they are
 * a speaker of, one no longer awaiting a decision, and a score off the event's scale.
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
    requireReviewable(proposal, proposal.own);
    const score = requireScore(event, input.score);
    const comment = requireComment(input.comment);
    const [existing] = await tx
      .select({ id: reviews.id })
      .from(reviews)
      .where(and(eq(reviews.talkId, proposal.id), eq(reviews.userId, scope.userId)));
    await tx
      .insert(reviews)
      .values({ talkId: proposal.id, userId: scope.userId, score, comment })
      .onConflictDoUpdate({ target: [reviews.talkId, reviews.userId], set: { score, comment, updatedAt: new Date() } });
    return { created: !existing, score, comment };
  });
}
