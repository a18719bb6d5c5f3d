import { and, eq, not, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { talks, type QuestionKind, type TalkState } from '../../db/schema.js';
import { InvalidInputError } from '../../shared/errors.js';
import type { Actor } from '../accounts/index.js';
import { latestStateChangeTo } from '../program/index.js';
import type { ReviewAggregates } from './aggregates.queries.js';
import { answersNamingSpeakers, fieldsNamingSpeakers, hideSpeakerNames, type NamedField } from './anonymise.js';
import { listReviewCategories, valueLabel, type ReviewCategory } from './categories.js';
import {
  isSpeakerOf,
  selectAnswers,
  selectProposalByCode,
  selectProposals,
  reviewedBy,
  selectReviews,
  selectCategoryMeans,
  selectReviewScores,
  selectSpeakers,
  selectStateCounts,
  selectTracksAndLevels,
  visibleProposals,
  type ProposalRow,
  type ProposalSort,
  type SpeakerRow,
} from './proposals.queries.js';
import {
  requireVisibleProposal,
  reviewRefusal,
  reviewScope,
  reviewsHiddenBecause,
  type ReviewEvent,
  type ReviewScope,
} from './policy.js';

export interface SpeakerView {
  name: string;
  /** Null for a speaker without an account (imported). */
  email: string | null;
  biography: string;
}

export interface ProposalSummary {
  code: string;
  title: string;
  state: TalkState;
  track: { slug: string; name: string } | null;
  level: { slug: string; name: string } | null;
  /** Minutes; null means the event's default length. */
  durationMinutes: number | null;
  submittedAt: Date | null;
  stateChangedAt: Date | null;
  /** The person asking is one of its speakers. */
  own: boolean;
  myScore: number | null;
  /** Null when the person may not see its scores (see reviewsHidden). */
  aggregates: ReviewAggregates | null;
  /**
   * The mean value of each of the event's score categories over its reviews, in the order of
   * ProposalList.categories (null where no review gave one); empty when the event has none or
   * the person may not see its scores.
   */
  categoryMeans: (number | null)[];
  /**
   * Why its reviews and scores are hidden from the person: 'own' (they speak on it) or
   * 'not-reviewed' (the event hides them until the person reviewed it); undefined when shown.
   */
  reviewsHidden: 'own' | 'not-reviewed' | undefined;
  /** Null under anonymised review: reviewers do not see who proposed it. */
  speakers: SpeakerView[] | null;
  /** Under anonymised review, the fields that mention one of its speakers' names (hidden from reviewers). */
  namedFields: NamedField[];
}

export interface ReviewView {
  reviewer: { id: number; name: string };
  score: number;
  comment: string;
  createdAt: Date;
  updatedAt: Date;
  mine: boolean;
  /** With score categories: the value given in each, in the categories' order. */
  categoryScores: { category: string; value: number; label: string }[];
}

export interface AnswerView {
  question: string;
  kind: QuestionKind;
  isPublic: boolean;
  value: string;
}

export interface ProposalDetail extends ProposalSummary {
  description: string;
  abstract: string;
  /** For the team only. */
  notes: string;
  answers: AnswerView[];
  /** Under anonymised review, how many answers are hidden from the person (questions not visible to reviewers). */
  hiddenAnswers: number;
  /** Under anonymised review, the questions whose answers (shown to reviewers) mention a speaker's name. */
  namedAnswers: string[];
  /** Null when the person may not see them (see reviewsHidden). */
  reviews: ReviewView[] | null;
  myReview: {
    score: number;
    comment: string;
    updatedAt: Date;
    /** Category id → value, with score categories. */
    categoryScores: Record<number, number>;
  } | null;
  /** The event's score categories, in order; empty when reviews give one score. */
  categories: ReviewCategory[];
  /** Why the person may not review it now; undefined when they may. */
  reviewRefusal: string | undefined;
  /** For organisers, a withdrawn proposal's withdrawal: by whom (speaker, organiser, import), when, and the reason given. */
  withdrawal: { role: string; at: Date; reason: string } | undefined;
}

export interface ProposalListQuery {
  state?: string | undefined;
  track?: string | undefined;
  level?: string | undefined;
  minMean?: string | number | undefined;
  lacking?: boolean | undefined;
  sort?: string | undefined;
  direction?: string | undefined;
}

export interface ProposalListFilter {
  state: TalkState | undefined;
  track: string | undefined;
  level: string | undefined;
  minMean: number | undefined;
  lacking: boolean;
  sort: ProposalSort;
  direction: 'asc' | 'desc';
}

export interface ProposalList {
  organiser: boolean;
  anonymised: boolean;
  /** The states the person sees, each with its count (whatever the filter). */
  counts: { state: TalkState; count: number }[];
  proposals: ProposalSummary[];
  /** The event's score categories, in their order: ProposalSummary.categoryMeans follows it. */
  categories: { id: number; name: string }[];
  /** The tracks the person sees, and the event's levels, for the filter's choices. */
  tracks: { slug: string; name: string }[];
  levels: { slug: string; name: string }[];
  filter: ProposalListFilter;
}

const SORTS: ProposalSort[] = ['mean', 'title', 'submitted'];
const DEFAULT_DIRECTION: Record<ProposalSort, 'asc' | 'desc'> = { mean: 'desc', title: 'asc', submitted: 'desc' };

function speakerNames(rows: SpeakerRow[]): string[] {
  return rows.flatMap((row) => (row.email ? [row.name, row.email] : [row.name]));
}

/** The summary a person sees of a proposal: speakers and their names removed under anonymised review. */
function present(event: ReviewEvent, scope: ReviewScope, row: ProposalRow, speakerRows: SpeakerRow[]): ProposalSummary {
  const names = speakerNames(speakerRows);
  const hide = (text: string) => (scope.anonymised ? hideSpeakerNames(text, names) : text);
  const reviewsHidden = reviewsHiddenBecause(scope, row.own, row.myScore !== null);
  return {
    code: row.code,
    title: hide(row.title),
    state: row.state,
    track: row.track,
    level: row.level,
    durationMinutes: row.durationMinutes,
    submittedAt: row.submittedAt,
    stateChangedAt: row.stateChangedAt,
    own: row.own,
    myScore: row.myScore,
    aggregates: reviewsHidden ? null : row.aggregates,
    categoryMeans: [],
    reviewsHidden,
    speakers: scope.anonymised
      ? null
      : speakerRows.map((s) => ({ name: s.name, email: s.email, biography: s.biography })),
    namedFields: event.anonymisedReview ? fieldsNamingSpeakers(row, names) : [],
  };
}

function byTalk<T extends { talkId: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.talkId);
    if (list) list.push(row);
    else map.set(row.talkId, [row]);
  }
  return map;
}

async function requireFilter(db: Database, scope: ReviewScope, event: ReviewEvent, query: ProposalListQuery) {
  const { tracks, levels } = await selectTracksAndLevels(db, event.id);
  const visibleTracks =
    scope.trackIds === 'all' ? tracks : tracks.filter((t) => (scope.trackIds as number[]).includes(t.id));
  const state = query.state || undefined;
  if (state !== undefined && !scope.states.includes(state as TalkState)) {
    throw new InvalidInputError(`no state "${state}"; choose one of ${scope.states.join(', ')}`, 'state');
  }
  const track = query.track ? visibleTracks.find((t) => t.slug === query.track) : undefined;
  if (query.track && !track) {
    throw new InvalidInputError(
      `no track "${query.track}" for you here; tracks are ${visibleTracks.map((t) => t.slug).join(', ') || 'none'}`,
      'track',
    );
  }
  const level = query.level ? levels.find((l) => l.slug === query.level) : undefined;
  if (query.level && !level) {
    throw new InvalidInputError(
      `no level "${query.level}"; levels are ${levels.map((l) => l.slug).join(', ') || 'none'}`,
      'level',
    );
  }
  let minMean: number | undefined;
  const rawMin = typeof query.minMean === 'string' ? query.minMean.trim() : query.minMean;
  if (rawMin !== undefined && rawMin !== '') {
    minMean = typeof rawMin === 'number' ? rawMin : /^-?\d+(\.\d+)?$/.test(rawMin) ? Number(rawMin) : Number.NaN;
    if (!Number.isFinite(minMean) || minMean < event.reviewScoreMin || minMean > event.reviewScoreMax) {
      throw new InvalidInputError(
        `must be a number from ${event.reviewScoreMin} to ${event.reviewScoreMax}`,
        'minMean',
      );
    }
  }
  const sort = (query.sort || 'mean') as ProposalSort;
  if (!SORTS.includes(sort)) throw new InvalidInputError(`must be one of ${SORTS.join(', ')}`, 'sort');
  const direction = (query.direction || DEFAULT_DIRECTION[sort]) as 'asc' | 'desc';
  if (direction !== 'asc' && direction !== 'desc') throw new InvalidInputError('must be asc or desc', 'direction');
  const filter: ProposalListFilter = {
    state: state as TalkState | undefined,
    track: track?.slug,
    level: level?.slug,
    minMean,
    lacking: query.lacking ?? false,
    sort,
    direction,
  };
  return { filter, trackId: track?.id, levelId: level?.id, tracks: visibleTracks, levels };
}

/**
 * The proposals a team member may see, filtered and sorted, with their aggregates, the counts
 * per state, and the choices of the filter. Speakers are left out under anonymised review.
 */
export async function listProposals(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
  query: ProposalListQuery = {},
): Promise<ProposalList> {
  const scope = reviewScope(actor, event);
  const { filter, trackId, levelId, tracks, levels } = await requireFilter(db, scope, event, query);
  const rows = await selectProposals(db, scope, event.id, { ...filter, trackId, levelId });
  const speakersByTalk = byTalk(
    await selectSpeakers(
      db,
      rows.map((r) => r.id),
    ),
  );
  const counts = await selectStateCounts(db, scope, event.id);
  const categories = await listReviewCategories(db, event.id);
  const means =
    categories.length > 0
      ? await selectCategoryMeans(
          db,
          rows.map((r) => r.id),
        )
      : [];
  const meanBy = new Map(means.map((m) => [`${m.talkId}:${m.categoryId}`, m.mean]));
  const meanOf = (talkId: number, categoryId: number) => meanBy.get(`${talkId}:${categoryId}`) ?? null;
  return {
    organiser: scope.organiser,
    anonymised: scope.anonymised,
    counts: scope.states.map((state) => ({ state, count: counts.get(state) ?? 0 })),
    categories: categories.map(({ id, name }) => ({ id, name })),
    proposals: rows.map((row) => {
      const summary = present(event, scope, row, speakersByTalk.get(row.id) ?? []);
      if (summary.aggregates === null) return summary;
      return { ...summary, categoryMeans: categories.map((c) => meanOf(row.id, c.id)) };
    }),
    tracks: tracks.map(({ slug, name }) => ({ slug, name })),
    levels: levels.map(({ slug, name }) => ({ slug, name })),
    filter,
  };
}

/** How many proposals the person sees in each state: for dashboards that show counts only. */
export async function countProposals(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
): Promise<{ state: TalkState; count: number }[]> {
  const scope = reviewScope(actor, event);
  const counts = await selectStateCounts(db, scope, event.id);
  return scope.states.map((state) => ({ state, count: counts.get(state) ?? 0 }));
}

/** One proposal with everything the team sees of it: texts, answers (private ones too), speakers, reviews. */
export async function getProposal(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
  code: string,
): Promise<ProposalDetail> {
  const scope = reviewScope(actor, event);
  const row = requireVisibleProposal(scope, await selectProposalByCode(db, scope, event.id, code), code);
  const speakerRows = await selectSpeakers(db, [row.id]);
  const names = speakerNames(speakerRows);
  const hide = (text: string) => (scope.anonymised ? hideSpeakerNames(text, names) : text);
  const answerRows = await selectAnswers(db, [row.id]);
  // Under anonymised review, answers to questions not visible to reviewers (a handle, a
  // company) are left out for reviewers; organisers see them all.
  const shownAnswers = scope.anonymised ? answerRows.filter((a) => a.visibleToReviewers) : answerRows;
  const summary = present(event, scope, row, speakerRows);
  const categories = await listReviewCategories(db, event.id);
  const reviewRows = row.own && !scope.organiser ? [] : await selectReviews(db, eq(talks.id, row.id));
  const scoreRows =
    categories.length > 0
      ? await selectReviewScores(
          db,
          reviewRows.map((r) => r.id),
        )
      : [];
  const categoryScoresOf = (reviewId: number) =>
    categories.flatMap((c) => {
      const score = scoreRows.find((s) => s.reviewId === reviewId && s.categoryId === c.id);
      return score ? [{ category: c.name, value: score.value, label: valueLabel(c, score.value) }] : [];
    });
  const mine = reviewRows.find((r) => r.reviewer.id === scope.userId);
  return {
    ...summary,
    description: hide(row.description),
    abstract: hide(row.abstract),
    notes: hide(row.notes),
    answers: shownAnswers.map((a) => ({
      question: a.question,
      kind: a.kind,
      isPublic: a.isPublic,
      value: hide(a.value),
    })),
    hiddenAnswers: answerRows.length - shownAnswers.length,
    namedAnswers: event.anonymisedReview ? answersNamingSpeakers(shownAnswers, names) : [],
    reviews: summary.reviewsHidden
      ? null
      : reviewRows.map((r) => ({
          reviewer: { id: r.reviewer.id, name: r.reviewer.name },
          score: r.score,
          comment: hide(r.comment),
          createdAt: r.createdAt,
          updatedAt: r.updatedAt,
          mine: r.reviewer.id === scope.userId,
          categoryScores: categoryScoresOf(r.id),
        })),
    myReview: mine
      ? {
          score: mine.score,
          comment: mine.comment,
          updatedAt: mine.updatedAt,
          categoryScores: Object.fromEntries(
            scoreRows.filter((s) => s.reviewId === mine.id).map((s) => [s.categoryId, s.value]),
          ),
        }
      : null,
    categories,
    reviewRefusal: reviewRefusal(event, row, row.own),
    withdrawal: await withdrawalOf(db, scope, row),
  };
}

async function withdrawalOf(
  db: Database,
  scope: ReviewScope,
  row: { id: number; state: TalkState },
): Promise<ProposalDetail['withdrawal']> {
  if (!scope.organiser || row.state !== 'withdrawn') return undefined;
  const change = await latestStateChangeTo(db, row.id, 'withdrawn');
  return change ? { role: change.role, at: change.at, reason: change.reason } : undefined;
}

export interface ReviewListItem {
  proposal: string;
  reviewer: { id: number; name: string };
  score: number;
  comment: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Every review the person may see at the event: of the proposals they see, not of their own. */
export async function listReviews(
  db: Database,
  actor: Actor | undefined,
  event: ReviewEvent,
): Promise<ReviewListItem[]> {
  const scope = reviewScope(actor, event);
  // Reviewers: not their own proposals' reviews, nor, while the event hides reviews until
  // reviewed, those of proposals they have not reviewed.
  const where: SQL = scope.organiser
    ? visibleProposals(scope, event.id)
    : and(
        visibleProposals(scope, event.id),
        not(isSpeakerOf(scope.userId)),
        scope.hiddenUntilReviewed ? reviewedBy(scope.userId) : undefined,
      )!;
  const rows = await selectReviews(db, where);
  // Under anonymised review a comment may still name a speaker: hide names there too.
  const names = scope.anonymised
    ? byTalk(await selectSpeakers(db, [...new Set(rows.map((r) => r.talkId))]))
    : new Map<number, SpeakerRow[]>();
  return rows.map((r) => ({
    proposal: r.code,
    reviewer: { id: r.reviewer.id, name: r.reviewer.name },
    score: r.score,
    comment: scope.anonymised ? hideSpeakerNames(r.comment, speakerNames(names.get(r.talkId) ?? [])) : r.comment,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}
