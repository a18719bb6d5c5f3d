import type { TalkState } from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { isOrganiser, requireOrganiser, requireTeamMember, visibleTrackIds, type Actor } from '../accounts/index.js';

/**
 * The review rules. Every function of the review module starts from one of these: who may
 * see which proposals, who may score them, who may decide, and what a decision may change.
 */

export interface ReviewEvent {
  id: number;
  name: string;
  slug: string;
  reviewScoreMin: number;
  reviewScoreMax: number;
  anonymisedReview: boolean;
  /** Reviewing is open: reviews may be written, changed and deleted. */
  reviewOpen: boolean;
  /** Reviewers see others' reviews of a proposal only once they reviewed it themselves. */
  reviewsHiddenUntilReviewed: boolean;
}

/** What one team member may see of an event's proposals. */
export interface ReviewScope {
  actor: Actor;
  userId: number;
  organiser: boolean;
  /** The tracks whose proposals they see; a track-limited reviewer never sees proposals without a track. */
  trackIds: number[] | 'all';
  /** Speakers' names, emails and bios are hidden from them (anonymised review, for reviewers). */
  anonymised: boolean;
  /** The proposal states they see. */
  states: readonly TalkState[];
  /** Others' reviews of a proposal are hidden from them until they reviewed it (never for organisers). */
  hiddenUntilReviewed: boolean;
}

/** Drafts are their speakers' unfinished work: the team never sees them. */
const REVIEWER_STATES: readonly TalkState[] = ['submitted', 'waitlisted', 'accepted', 'rejected', 'confirmed'];
/** Organisers also see withdrawn proposals, to know what happened to them. */
const ORGANISER_STATES: readonly TalkState[] = [...REVIEWER_STATES, 'withdrawn'];

/** Only proposals awaiting a decision take new reviews; decided ones keep theirs, read-only. */
export const REVIEWABLE_STATES: readonly TalkState[] = ['submitted'];

/** A proposal with fewer reviews than this "lacks reviews". */
export const REVIEWS_WANTED = 3;

export function reviewScope(actor: Actor | undefined, event: ReviewEvent): ReviewScope {
  const member = requireTeamMember(actor, event);
  const organiser = isOrganiser(member, event.id);
  const tracks = visibleTrackIds(member, event.id);
  return {
    actor: member,
    userId: member.user.id,
    organiser,
    trackIds: tracks === 'none' ? [] : tracks,
    anonymised: event.anonymisedReview && !organiser,
    states: organiser ? ORGANISER_STATES : REVIEWER_STATES,
    hiddenUntilReviewed: event.reviewsHiddenUntilReviewed && !organiser,
  };
}

export function canSeeProposal(scope: ReviewScope, proposal: { state: TalkState; trackId: number | null }): boolean {
  if (!scope.states.includes(proposal.state)) return false;
  if (scope.trackIds === 'all') return true;
  return proposal.trackId !== null && scope.trackIds.includes(proposal.trackId);
}

/**
 * A proposal the person may not see is, for them, not there: the same 404 as for a mistyped
 * code, so that a track-limited reviewer learns nothing about other tracks.
 */
export function requireVisibleProposal<P extends { state: TalkState; trackId: number | null }>(
  scope: ReviewScope,
  proposal: P | undefined,
  code: string,
): P {
  if (!proposal || !canSeeProposal(scope, proposal))
    throw new NotFoundError(`There is no proposal "${code}" for you to see here.`);
  return proposal;
}

/**
 * Whether they see others' reviews and scores of a proposal, and if not, why: organisers see
 * all; nobody else sees those of a proposal they speak on; and while the event hides reviews
 * until reviewed, a reviewer sees them only once their own review exists.
 */
export function reviewsHiddenBecause(
  scope: ReviewScope,
  own: boolean,
  reviewedByMe: boolean,
): 'own' | 'not-reviewed' | undefined {
  if (scope.organiser) return undefined;
  if (own) return 'own';
  if (scope.hiddenUntilReviewed && !reviewedByMe) return 'not-reviewed';
  return undefined;
}

export function seesReviewsOf(scope: ReviewScope, own: boolean, reviewedByMe: boolean): boolean {
  return reviewsHiddenBecause(scope, own, reviewedByMe) === undefined;
}

/**
 * Why this person may not write, change or delete their review of this proposal now, or
 * undefined when they may: not on their own proposal, not while reviewing is closed at the
 * event, and not once the proposal has a decision.
 */
export function reviewRefusal(
  event: Pick<ReviewEvent, 'reviewOpen'>,
  proposal: { state: TalkState; title: string },
  own: boolean,
): string | undefined {
  if (own) return 'You are a speaker of this proposal, so you may not review it.';
  if (!event.reviewOpen)
    return 'Reviewing is closed at this event: reviews can no longer be written, changed or deleted.';
  if (!REVIEWABLE_STATES.includes(proposal.state)) {
    return `Reviews are closed: this proposal is ${STATE_WORDS[proposal.state]}.`;
  }
  return undefined;
}

export function requireReviewable(
  event: Pick<ReviewEvent, 'reviewOpen'>,
  proposal: { state: TalkState; title: string },
  own: boolean,
): void {
  const refusal = reviewRefusal(event, proposal, own);
  if (!refusal) return;
  if (own) throw new ForbiddenError(refusal);
  throw new ConflictError(refusal);
}

/** A score on the event's scale: a whole number from its lowest to its highest score. */
export function requireScore(event: ReviewEvent, raw: string | number): number {
  const text = String(raw).trim();
  const score = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(score) || score < event.reviewScoreMin || score > event.reviewScoreMax) {
    throw new InvalidInputError(
      `must be a whole number from ${event.reviewScoreMin} to ${event.reviewScoreMax}`,
      'score',
    );
  }
  return score;
}

export const MAX_COMMENT_LENGTH = 10_000;

export function requireComment(raw: string): string {
  const comment = raw.replace(/\r\n/g, '\n').trim();
  if (comment.length > MAX_COMMENT_LENGTH)
    throw new InvalidInputError(`must be at most ${MAX_COMMENT_LENGTH} characters`, 'comment');
  return comment;
}

export const DECISIONS = { accept: 'accepted', reject: 'rejected', waitlist: 'waitlisted' } as const satisfies Record<
  string,
  TalkState
>;
export type Decision = keyof typeof DECISIONS;
export const DECISION_NAMES = Object.keys(DECISIONS) as Decision[];

export function isDecision(value: string): value is Decision {
  return Object.hasOwn(DECISIONS, value);
}

/**
 * The states a decision may start from. A proposal awaiting a decision (submitted, wait-listed)
 * may be decided, and a decision may be changed while its speakers have not confirmed (accepted
 * → rejected or wait-listed, rejected → accepted or wait-listed). Drafts, withdrawn and
 * confirmed talks are not the review's to change.
 */
export const DECIDABLE_STATES: readonly TalkState[] = ['submitted', 'waitlisted', 'accepted', 'rejected'];

/** Organisers decide; reviewers only advise. */
export function requireDecider(actor: Actor | undefined, event: ReviewEvent): Actor {
  return requireOrganiser(actor, event);
}

/**
 * What deciding does to a proposal: 'change' to its new state, or 'same' when it is already
 * there (a no-op: no second mail). Throws for a proposal that may not be decided.
 */
export function decisionEffect(
  proposal: { state: TalkState; title: string; code: string },
  decision: Decision,
): 'change' | 'same' {
  if (proposal.state === DECISIONS[decision]) return 'same';
  if (!DECIDABLE_STATES.includes(proposal.state)) {
    throw new ConflictError(
      `"${proposal.title}" (${proposal.code}) is ${STATE_WORDS[proposal.state]} and cannot be decided: only submitted, wait-listed, accepted or rejected proposals can.`,
    );
  }
  return 'change';
}

export const STATE_WORDS: Record<TalkState, string> = {
  draft: 'a draft',
  submitted: 'submitted',
  accepted: 'accepted',
  rejected: 'rejected',
  waitlisted: 'wait-listed',
  confirmed: 'confirmed',
  withdrawn: 'withdrawn',
};
