import type { Database } from '../../db/client.js';
import type { Actor } from '../accounts/index.js';
import { hideSpeakerNames } from './anonymise.js';
import { listReviewCategories } from './categories.js';
import {
  selectCategoryCounts,
  selectProgress,
  selectReviewsPerReviewer,
  selectScoreCounts,
} from './dashboard.queries.js';
import { selectProposals, selectSpeakers, selectTracksAndLevels } from './proposals.queries.js';
import { REVIEWS_WANTED, reviewScope, type ReviewEvent } from './policy.js';

export interface ScoreDistribution {
  /** Null for the proposals without a track. */
  track: { slug: string; name: string } | null;
  reviews: number;
  /** Every score of the scale, lowest first, with how many reviews gave it. */
  counts: { score: number; count: number }[];
}

export interface CategorySummary {
  name: string;
  weight: number;
  reviews: number;
  mean: number | null;
  counts: { value: number; label: string; count: number }[];
}

export interface ReviewDashboard {
  organiser: boolean;
  scale: { min: number; max: number };
  /** How many reviews a proposal should have. */
  wanted: number;
  progress: {
    /** Proposals awaiting a decision that the person sees. */
    proposals: number;
    /** Of those, the ones with at least `wanted` reviews. */
    fullyReviewed: number;
    reviews: number;
    /** Those the person may review (not their own), and how many of them they reviewed. */
    reviewableByMe: number;
    reviewedByMe: number;
  };
  distributions: ScoreDistribution[];
  /**
   * With score categories: each category with its weight, how many reviews scored it, their
   * mean value, and how many gave each value (lowest first). Empty without categories.
   */
  categories: CategorySummary[];
  reviewers: { id: number; name: string; reviews: number }[];
  /** Proposals awaiting a decision with fewer than `wanted` reviews, oldest first. */
  lacking: { code: string; title: string; reviews: number; reviewedByMe: boolean }[];
}

/**
 * The review dashboard's figures, limited to what the person sees: their tracks, not their own
 * proposals' reviews (unless they organise), and no speaker names under anonymised review.
 */
export async function loadReviewDashboard(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
): Promise<ReviewDashboard> {
  const scope = reviewScope(actor, event);
  const { tracks } = await selectTracksAndLevels(db, event.id);
  const scoreCounts = await selectScoreCounts(db, scope, event.id);
  const scale: number[] = [];
  for (let score = event.reviewScoreMin; score <= event.reviewScoreMax; score++) scale.push(score);
  const visibleTracks =
    scope.trackIds === 'all' ? tracks : tracks.filter((t) => (scope.trackIds as number[]).includes(t.id));
  const groups: { id: number | null; track: ScoreDistribution['track'] }[] = [
    ...visibleTracks.map((t) => ({ id: t.id, track: { slug: t.slug, name: t.name } })),
    // Proposals without a track are seen only by those who see every track.
    ...(scope.trackIds === 'all' ? [{ id: null, track: null }] : []),
  ];
  const distributions = groups
    .map(({ id, track }) => {
      const counts = scale.map((score) => ({
        score,
        count: scoreCounts.filter((c) => c.trackId === id && c.score === score).reduce((sum, c) => sum + c.count, 0),
      }));
      return { track, reviews: counts.reduce((sum, c) => sum + c.count, 0), counts };
    })
    // The "no track" group only when some proposal without a track was reviewed.
    .filter((d) => d.track !== null || d.reviews > 0);

  const lackingRows = (
    await selectProposals(db, scope, event.id, { lacking: true, sort: 'submitted', direction: 'asc' })
  ).filter((row) => scope.organiser || !row.own);
  const speakers = scope.anonymised
    ? await selectSpeakers(
        db,
        lackingRows.map((r) => r.id),
      )
    : [];
  const lacking = lackingRows.map((row) => {
    const names = speakers.filter((s) => s.talkId === row.id).flatMap((s) => (s.email ? [s.name, s.email] : [s.name]));
    return {
      code: row.code,
      title: scope.anonymised ? hideSpeakerNames(row.title, names) : row.title,
      reviews: row.aggregates.count,
      reviewedByMe: row.myScore !== null,
    };
  });

  const reviewers = (await selectReviewsPerReviewer(db, scope, event.id)).sort(
    (a, b) => b.reviews - a.reviews || a.name.localeCompare(b.name),
  );
  const categoryRows = await listReviewCategories(db, event.id);
  const categoryCounts = categoryRows.length > 0 ? await selectCategoryCounts(db, scope, event.id) : [];
  const categories = categoryRows.map((category) => {
    const counts: CategorySummary['counts'] = [];
    for (let value = category.minValue; value <= category.maxValue; value++) {
      const row = categoryCounts.find((c) => c.categoryId === category.id && c.value === value);
      counts.push({ value, label: category.labels[value - category.minValue] ?? '', count: row?.count ?? 0 });
    }
    const reviews = counts.reduce((sum, c) => sum + c.count, 0);
    const total = counts.reduce((sum, c) => sum + c.value * c.count, 0);
    return {
      name: category.name,
      weight: category.weight,
      reviews,
      mean: reviews > 0 ? total / reviews : null,
      counts,
    };
  });
  return {
    organiser: scope.organiser,
    scale: { min: event.reviewScoreMin, max: event.reviewScoreMax },
    categories,
    wanted: REVIEWS_WANTED,
    progress: await selectProgress(db, scope, event.id),
    distributions,
    reviewers,
    lacking,
  };
}
