import { ServiceUnavailableError } from '../shared/errors.js';

/** query_canceled: statement_timeout ran out (or someone cancelled the statement). */
const QUERY_CANCELED = '57014';

/**
 * What pg-pool says when no connection came free, or none could be opened, within
 * `connectionTimeoutMillis` (its errors carry no code, only these messages).
 */
const POOL_TIMEOUTS = ['timeout exceeded when trying to connect', 'Connection terminated due to connection timeout'];

/** Seconds to wait before asking again when every connection was busy: long enough for a burst to pass. */
export const NO_CONNECTION_RETRY_AFTER_SECONDS = 5;
/** Seconds to wait after a statement ran out of time: the same work will take as long again. */
export const STATEMENT_TIMEOUT_RETRY_AFTER_SECONDS = 10;

export type UnavailabilityReason = 'no free connection' | 'statement timeout';

/** Why the database could not do the work now, as a 503 with Retry-After. */
export class DatabaseUnavailableError extends ServiceUnavailableError {
  override name = 'DatabaseUnavailableError';
  declare readonly reason: UnavailabilityReason;
  constructor(reason: UnavailabilityReason, message: string, retryAfterSeconds: number) {
    super(message, retryAfterSeconds, reason);
  }
}

/** The error and the errors it wraps (drizzle wraps the driver's error as `cause`), outermost first. */
function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current);) {
    seen.add(current);
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * The error as a database too busy to answer now, or undefined when it is something else: no
 * free connection within the pool's wait (LECTERN_DB_CONNECT_TIMEOUT_MS), or a statement
 * cancelled by statement_timeout (LECTERN_STATEMENT_TIMEOUT_MS). Its message holds neither the
 * query nor its parameters, so that it can be shown and logged as it is.
 */
export function databaseUnavailability(error: unknown): DatabaseUnavailableError | undefined {
  for (const cause of causes(error)) {
    if (cause instanceof DatabaseUnavailableError) return cause;
    if (typeof cause !== 'object') continue;
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (code === QUERY_CANCELED) {
      return new DatabaseUnavailableError(
        'statement timeout',
        'This took the database too long, and it stopped. Please try again in a moment.',
        STATEMENT_TIMEOUT_RETRY_AFTER_SECONDS,
      );
    }
    if (typeof message === 'string' && POOL_TIMEOUTS.includes(message)) {
      return new DatabaseUnavailableError(
        'no free connection',
        'Lectern is busy: no database connection came free in time. Please try again in a few seconds.',
        NO_CONNECTION_RETRY_AFTER_SECONDS,
      );
    }
  }
  return undefined;
}
