import { inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { reviews } from '../../db/schema.js';

/** What a proposal's reviews add up to. Without reviews, every figure but the count is null. */
export interface ReviewAggregates {
  count: number;
  mean: number | null;
  median: number | null;
  /** Population standard deviation: how far the scores spread around the mean. */
  stddev: number | null;
  min: number | null;
  max: number | null;
}

export const NO_REVIEWS: ReviewAggregates = { count: 0, mean: null, median: null, stddev: null, min: null, max: null };

/**
 * One row per reviewed proposal with its aggregates, computed by the database (float8
 * throughout, so that PGlite and PostgreSQL give the same numbers to the same bits). Join it
 * with a left join: a proposal without reviews has no row.
 */
export function aggregatesSubquery(db: Database, where?: SQL) {
  return db
    .select({
      talkId: reviews.talkId,
      count: sql<number>`count(*)::int`.as('review_count'),
      mean: sql<number>`avg(${reviews.score})::float8`.as('score_mean'),
      median: sql<number>`percentile_cont(0.5) within group (order by ${reviews.score})`.as('score_median'),
      stddev: sql<number>`stddev_pop(${reviews.score})::float8`.as('score_stddev'),
      min: sql<number>`min(${reviews.score})`.as('score_min'),
      max: sql<number>`max(${reviews.score})`.as('score_max'),
    })
    .from(reviews)
    .where(where)
    .groupBy(reviews.talkId)
    .as('aggregates');
}

/** Turns a left-joined aggregates row (all null for a proposal without reviews) into aggregates. */
export function toAggregates(row: {
  count: number | null;
  mean: number | null;
  median: number | null;
  stddev: number | null;
  min: number | null;
  max: number | null;
}): ReviewAggregates {
  if (!row.count) return NO_REVIEWS;
  return {
    count: Number(row.count),
    mean: row.mean === null ? null : Number(row.mean),
    median: row.median === null ? null : Number(row.median),
    stddev: row.stddev === null ? null : Number(row.stddev),
    min: row.min === null ? null : Number(row.min),
    max: row.max === null ? null : Number(row.max),
  };
}

/** The aggregates of the given proposals, by proposal id; proposals without reviews get NO_REVIEWS. */
export async function selectAggregates(db: Database, talkIds: number[]): Promise<Map<number, ReviewAggregates>> {
  const result = new Map<number, ReviewAggregates>(talkIds.map((id) => [id, NO_REVIEWS]));
  if (talkIds.length === 0) return result;
  const aggregates = aggregatesSubquery(db, inArray(reviews.talkId, talkIds));
  const rows = await db.select().from(aggregates);
  for (const row of rows) result.set(row.talkId, toAggregates(row));
  return result;
}
