import type { Database } from '../../db/client.js';
import { ConcurrencyLimit, type ConcurrencyLimits } from '../../shared/concurrency-limit.js';
import { InvalidInputError, ServiceUnavailableError } from '../../shared/errors.js';
import { selectTalkSearchHits, type TalkSearchHit } from './talk-search.queries.js';

/** The longest query searched: the routes' schemas refuse longer ones as a 400 naming `q`. */
export const MAX_SEARCH_QUERY_LENGTH = 200;

/** Searches running at once in this process, and how many more may wait (LECTERN_SEARCH_CONCURRENCY, LECTERN_SEARCH_QUEUE). */
export type TalkSearchLimits = ConcurrencyLimits;

/**
 * A search is the one public read that asks the database, and a new query costs it real work
 * (65 ms on PyBay's 38 talks, 2.7 s on 20,000): a few at once fill both cores of a small
 * machine, so a few run at a time and a short queue absorbs a burst.
 */
export const DEFAULT_TALK_SEARCH_LIMITS: TalkSearchLimits = { maxConcurrent: 2, maxQueued: 8 };

/** Seconds a refused search is told to wait: a queue's worth of searches on a big program. */
export const SEARCH_RETRY_AFTER_SECONDS = 2;

function makeLimit(limits: TalkSearchLimits): ConcurrencyLimit {
  return new ConcurrencyLimit(
    limits,
    () =>
      new ServiceUnavailableError(
        'Search is busy: too many searches at once. Please try again in a few seconds.',
        SEARCH_RETRY_AFTER_SECONDS,
        'search limit',
      ),
  );
}

/** One limit for the whole process, as the cores it protects are the process's (and its database's). */
let searches = makeLimit(DEFAULT_TALK_SEARCH_LIMITS);

/**
 * Sets the process's search limits (the server does, from its configuration). Searches already
 * running or waiting finish under the limits they started with.
 */
export function limitTalkSearch(limits: TalkSearchLimits): void {
  searches = makeLimit(limits);
}

/** The process's search limits now. */
export function talkSearchLimits(): TalkSearchLimits {
  return { ...searches.limits };
}

/**
 * Talks of an event matching a web-search style query, best first (see selectTalkSearchHits),
 * within the process's limits: beyond them a ServiceUnavailableError (503, Retry-After). A
 * query longer than MAX_SEARCH_QUERY_LENGTH is refused as input, naming `q`.
 */
export async function searchTalks(db: Database, eventId: number, query: string, limit = 100): Promise<TalkSearchHit[]> {
  if (query.length > MAX_SEARCH_QUERY_LENGTH) {
    throw new InvalidInputError(`must be at most ${MAX_SEARCH_QUERY_LENGTH} characters (it has ${query.length})`, 'q');
  }
  return searches.run(() => selectTalkSearchHits(db, eventId, query, limit));
}
