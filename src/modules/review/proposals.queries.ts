import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import {
  answers,
  levels,
  questions,
  reviews,
  reviewScores,
  speakers,
  talkSpeakers,
  talks,
  tracks,
  users,
  type QuestionKind,
  type TalkState,
} from '../../db/schema.js';
import { aggregatesSubquery, toAggregates, type ReviewAggregates } from './aggregates.queries.js';
import { REVIEWABLE_STATES, REVIEWS_WANTED, type ReviewScope } from './policy.js';

/** The proposals a team member may see at an event: their states, their tracks. */
export function visibleProposals(scope: ReviewScope, eventId: number): SQL {
  const conditions = [eq(talks.eventId, eventId), inArray(talks.state, [...scope.states])];
  if (scope.trackIds !== 'all') {
    conditions.push(scope.trackIds.length === 0 ? sql`false` : inArray(talks.trackId, scope.trackIds));
  }
  return and(...conditions)!;
}

/** Whether the user is one of the proposal's speakers (through their speaker profile). */
export function isSpeakerOf(userId: number): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${talkSpeakers} inner join ${speakers} on ${speakers.id} = ${talkSpeakers.speakerId} where ${talkSpeakers.talkId} = ${talks.id} and ${speakers.userId} = ${userId})`;
}

export type ProposalSort = 'mean' | 'title' | 'submitted';

export interface ProposalFilter {
  state?: TalkState | undefined;
  trackId?: number | undefined;
  levelId?: number | undefined;
  /** Only proposals whose mean score is at least this. */
  minMean?: number | undefined;
  /** Only submitted proposals with fewer than REVIEWS_WANTED reviews. */
  lacking?: boolean | undefined;
  sort: ProposalSort;
  direction: 'asc' | 'desc';
}

export interface ProposalRow {
  id: number;
  code: string;
  title: string;
  description: string;
  abstract: string;
  state: TalkState;
  trackId: number | null;
  track: { slug: string; name: string } | null;
  levelId: number | null;
  level: { slug: string; name: string } | null;
  durationMinutes: number | null;
  submittedAt: Date | null;
  stateChangedAt: Date | null;
  /** The person asking is one of its speakers. */
  own: boolean;
  /** Their own score, if they reviewed it. */
  myScore: number | null;
  aggregates: ReviewAggregates;
}

function proposalColumns(db: Database, scope: ReviewScope, eventId: number) {
  const aggregates = aggregatesSubquery(
    db,
    inArray(reviews.talkId, db.select({ id: talks.id }).from(talks).where(eq(talks.eventId, eventId))),
  );
  const mine = db
    .select({ talkId: reviews.talkId, score: reviews.score })
    .from(reviews)
    .where(eq(reviews.userId, scope.userId))
    .as('mine');
  const own = isSpeakerOf(scope.userId);
  // The mean the person may see: none for their own proposal, unless they organise. Filters and
  // sorting use this one, so that they cannot reveal a hidden score either.
  // Nor, while the event hides reviews until reviewed, for a proposal they have not reviewed.
  const visibleMean = scope.organiser
    ? sql<number | null>`${aggregates.mean}`
    : scope.hiddenUntilReviewed
      ? sql<number | null>`case when ${own} or ${mine.score} is null then null else ${aggregates.mean} end`
      : sql<number | null>`case when ${own} then null else ${aggregates.mean} end`;
  return { aggregates, mine, own, visibleMean };
}

/** Proposals with their track, level, review aggregates and the person's own score: what both reads select. */
function proposalQuery(db: Database, { aggregates, mine, own }: ReturnType<typeof proposalColumns>) {
  return db
    .select({
      id: talks.id,
      code: talks.code,
      title: talks.title,
      description: talks.description,
      abstract: talks.abstract,
      notes: talks.notes,
      state: talks.state,
      trackId: talks.trackId,
      trackSlug: tracks.slug,
      trackName: tracks.name,
      levelId: talks.levelId,
      levelSlug: levels.slug,
      levelName: levels.name,
      durationMinutes: talks.durationMinutes,
      submittedAt: talks.submittedAt,
      stateChangedAt: talks.stateChangedAt,
      own: own.as('own'),
      myScore: mine.score,
      count: aggregates.count,
      mean: aggregates.mean,
      median: aggregates.median,
      stddev: aggregates.stddev,
      min: aggregates.min,
      max: aggregates.max,
    })
    .from(talks)
    .leftJoin(tracks, eq(tracks.id, talks.trackId))
    .leftJoin(levels, eq(levels.id, talks.levelId))
    .leftJoin(aggregates, eq(aggregates.talkId, talks.id))
    .leftJoin(mine, eq(mine.talkId, talks.id));
}

export async function selectProposals(
  db: Database,
  scope: ReviewScope,
  eventId: number,
  filter: ProposalFilter,
): Promise<ProposalRow[]> {
  const columns = proposalColumns(db, scope, eventId);
  const { aggregates, visibleMean } = columns;
  const conditions: (SQL | undefined)[] = [visibleProposals(scope, eventId)];
  if (filter.state) conditions.push(eq(talks.state, filter.state));
  if (filter.trackId !== undefined) conditions.push(eq(talks.trackId, filter.trackId));
  if (filter.levelId !== undefined) conditions.push(eq(talks.levelId, filter.levelId));
  if (filter.minMean !== undefined) conditions.push(sql`${visibleMean} >= ${filter.minMean}`);
  if (filter.lacking) {
    conditions.push(
      inArray(talks.state, [...REVIEWABLE_STATES]),
      sql`coalesce(${aggregates.count}, 0) < ${REVIEWS_WANTED}`,
    );
  }
  const direction = filter.direction === 'asc' ? asc : desc;
  const order =
    filter.sort === 'mean'
      ? [sql`${visibleMean} ${sql.raw(filter.direction)} nulls last`]
      : filter.sort === 'title'
        ? [direction(sql`lower(${talks.title})`)]
        : [sql`${talks.submittedAt} ${sql.raw(filter.direction)} nulls last`];
  const rows = await proposalQuery(db, columns)
    .where(and(...conditions))
    .orderBy(...order, asc(talks.id));
  return rows.map(toProposalRow);
}

function toProposalRow(row: {
  id: number;
  code: string;
  title: string;
  description: string;
  abstract: string;
  state: TalkState;
  trackId: number | null;
  trackSlug: string | null;
  trackName: string | null;
  levelId: number | null;
  levelSlug: string | null;
  levelName: string | null;
  durationMinutes: number | null;
  submittedAt: Date | null;
  stateChangedAt: Date | null;
  own: boolean;
  myScore: number | null;
  count: number | null;
  mean: number | null;
  median: number | null;
  stddev: number | null;
  min: number | null;
  max: number | null;
}): ProposalRow {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    description: row.description,
    abstract: row.abstract,
    state: row.state,
    trackId: row.trackId,
    track: row.trackSlug !== null && row.trackName !== null ? { slug: row.trackSlug, name: row.trackName } : null,
    levelId: row.levelId,
    level: row.levelSlug !== null && row.levelName !== null ? { slug: row.levelSlug, name: row.levelName } : null,
    durationMinutes: row.durationMinutes,
    submittedAt: row.submittedAt,
    stateChangedAt: row.stateChangedAt,
    own: Boolean(row.own),
    myScore: row.myScore,
    aggregates: toAggregates(row),
  };
}

/** One proposal of the event by its code, whatever its state (the caller checks visibility). */
export async function selectProposalByCode(
  db: Database,
  scope: ReviewScope,
  eventId: number,
  code: string,
): Promise<(ProposalRow & { notes: string }) | undefined> {
  const columns = proposalColumns(db, scope, eventId);
  const [row] = await proposalQuery(db, columns).where(
    and(eq(talks.eventId, eventId), eq(talks.code, code.trim().toUpperCase())),
  );
  return row ? { ...toProposalRow(row), notes: row.notes } : undefined;
}

export async function selectStateCounts(
  db: Database,
  scope: ReviewScope,
  eventId: number,
): Promise<Map<TalkState, number>> {
  const rows = await db
    .select({ state: talks.state, count: count() })
    .from(talks)
    .where(visibleProposals(scope, eventId))
    .groupBy(talks.state);
  return new Map(rows.map((row) => [row.state, Number(row.count)]));
}

export interface SpeakerRow {
  talkId: number;
  speakerId: number;
  name: string;
  biography: string;
  /** The address of the speaker's account; null for speakers who came in through an import. */
  email: string | null;
  userId: number | null;
}

/** The speakers of the given proposals, in their order on each proposal. */
export async function selectSpeakers(db: Database, talkIds: number[]): Promise<SpeakerRow[]> {
  if (talkIds.length === 0) return [];
  return db
    .select({
      talkId: talkSpeakers.talkId,
      speakerId: speakers.id,
      name: speakers.name,
      biography: speakers.biography,
      email: users.email,
      userId: speakers.userId,
    })
    .from(talkSpeakers)
    .innerJoin(speakers, eq(speakers.id, talkSpeakers.speakerId))
    .leftJoin(users, eq(users.id, speakers.userId))
    .where(inArray(talkSpeakers.talkId, talkIds))
    .orderBy(asc(talkSpeakers.talkId), asc(talkSpeakers.position));
}

export interface AnswerRow {
  talkId: number;
  questionId: number;
  question: string;
  kind: QuestionKind;
  isPublic: boolean;
  visibleToReviewers: boolean;
  value: string;
}

/** The answers to the event's questions, public and private, in the form's order. */
export async function selectAnswers(db: Database, talkIds: number[]): Promise<AnswerRow[]> {
  if (talkIds.length === 0) return [];
  return db
    .select({
      talkId: answers.talkId,
      questionId: questions.id,
      question: questions.label,
      kind: questions.kind,
      isPublic: questions.isPublic,
      visibleToReviewers: questions.visibleToReviewers,
      value: answers.value,
    })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(inArray(answers.talkId, talkIds))
    .orderBy(asc(answers.talkId), asc(questions.position), asc(questions.id));
}

export interface ReviewRow {
  id: number;
  talkId: number;
  code: string;
  reviewer: { id: number; name: string; email: string };
  score: number;
  comment: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Reviews of the proposals matching `where` (a condition on talks), oldest first. */
export async function selectReviews(db: Database, where: SQL): Promise<ReviewRow[]> {
  const rows = await db
    .select({
      id: reviews.id,
      talkId: reviews.talkId,
      code: talks.code,
      reviewerId: users.id,
      reviewerName: users.name,
      reviewerEmail: users.email,
      score: reviews.score,
      comment: reviews.comment,
      createdAt: reviews.createdAt,
      updatedAt: reviews.updatedAt,
    })
    .from(reviews)
    .innerJoin(talks, eq(talks.id, reviews.talkId))
    .innerJoin(users, eq(users.id, reviews.userId))
    .where(where)
    .orderBy(asc(talks.id), asc(reviews.createdAt), asc(reviews.id));
  return rows.map((row) => ({
    id: row.id,
    talkId: row.talkId,
    code: row.code,
    reviewer: { id: row.reviewerId, name: row.reviewerName || row.reviewerEmail, email: row.reviewerEmail },
    score: row.score,
    comment: row.comment,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

/** Whether the user reviewed the proposal (a condition on talks). */
export function reviewedBy(userId: number): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${reviews} where ${reviews.talkId} = ${talks.id} and ${reviews.userId} = ${userId})`;
}

/** The category values of the given reviews. */
export async function selectReviewScores(db: Database, reviewIds: number[]) {
  if (reviewIds.length === 0) return [];
  return db
    .select({ reviewId: reviewScores.reviewId, categoryId: reviewScores.categoryId, value: reviewScores.value })
    .from(reviewScores)
    .where(inArray(reviewScores.reviewId, reviewIds));
}

/** The mean value of each score category over each given proposal's reviews (float8, as the aggregates). */
export async function selectCategoryMeans(db: Database, talkIds: number[]) {
  if (talkIds.length === 0) return [];
  const rows = await db
    .select({
      talkId: reviews.talkId,
      categoryId: reviewScores.categoryId,
      mean: sql<number>`avg(${reviewScores.value})::float8`,
    })
    .from(reviewScores)
    .innerJoin(reviews, eq(reviews.id, reviewScores.reviewId))
    .where(inArray(reviews.talkId, talkIds))
    .groupBy(reviews.talkId, reviewScores.categoryId);
  return rows.map((row) => ({ ...row, mean: Number(row.mean) }));
}

/** The event's tracks and levels, in their order, for filters and labels. */
export async function selectTracksAndLevels(db: Database, eventId: number) {
  const [trackRows, levelRows] = await Promise.all([
    db
      .select({ id: tracks.id, slug: tracks.slug, name: tracks.name })
      .from(tracks)
      .where(eq(tracks.eventId, eventId))
      .orderBy(asc(tracks.position), asc(tracks.id)),
    db
      .select({ id: levels.id, slug: levels.slug, name: levels.name })
      .from(levels)
      .where(eq(levels.eventId, eventId))
      .orderBy(asc(levels.position), asc(levels.id)),
  ]);
  return { tracks: trackRows, levels: levelRows };
}

/** Proposals by code, locked until the transaction ends: two decisions on one proposal happen one after the other. */
export async function lockProposalsByCodes(db: Database, eventId: number, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select({ id: talks.id, code: talks.code, title: talks.title, state: talks.state, trackId: talks.trackId })
    .from(talks)
    .where(and(eq(talks.eventId, eventId), inArray(talks.code, codes)))
    .orderBy(asc(talks.id))
    .for('update');
}
