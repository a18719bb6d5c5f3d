import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../shared/errors.js';
import { databaseUnavailability, DatabaseUnavailableError } from './unavailable.js';

/** The error PostgreSQL sends when statement_timeout cancels a statement, as pg builds it. */
function statementTimeout(): Error {
  return Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014', severity: 'ERROR' });
}

describe('databaseUnavailability', () => {
  it('reads a statement cancelled by statement_timeout, wrapped by drizzle with its query, as a 503 of 10 seconds', () => {
    const wrapped = new DrizzleQueryError(
      'select * from users where email = $1',
      ['secret@example.com'],
      statementTimeout(),
    );

    const unavailable = databaseUnavailability(wrapped);

    expect(unavailable).toBeInstanceOf(DatabaseUnavailableError);
    expect(unavailable).toBeInstanceOf(ServiceUnavailableError);
    expect({ ...unavailable, message: unavailable!.message }).toEqual({
      name: 'DatabaseUnavailableError',
      reason: 'statement timeout',
      retryAfterSeconds: 10,
      message: 'This took the database too long, and it stopped. Please try again in a moment.',
    });
    // Neither the query nor its parameters: the message is shown and logged as it is.
    expect(unavailable!.message).not.toContain('secret@example.com');
  });

  it.each([
    // pg-pool: every connection stayed busy for connectionTimeoutMillis.
    'timeout exceeded when trying to connect',
    // pg-pool: opening a new connection took longer than that.
    'Connection terminated due to connection timeout',
  ])('reads pg-pool\'s "%s" as no free connection, a 503 of 5 seconds', (message) => {
    const unavailable = databaseUnavailability(new Error(message));

    expect([unavailable?.reason, unavailable?.retryAfterSeconds, unavailable?.message]).toEqual([
      'no free connection',
      5,
      'Lectern is busy: no database connection came free in time. Please try again in a few seconds.',
    ]);
  });

  it('leaves every other error alone', () => {
    const uniqueViolation = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });

    expect(databaseUnavailability(uniqueViolation)).toBeUndefined();
    expect(databaseUnavailability(new DrizzleQueryError('select 1', [], uniqueViolation))).toBeUndefined();
    expect(databaseUnavailability(new Error('timeout exceeded when trying to connect, or not'))).toBeUndefined();
    expect(databaseUnavailability('a string')).toBeUndefined();
    expect(databaseUnavailability(undefined)).toBeUndefined();
  });

  it('stops at an error that is its own cause', () => {
    const loop: Error & { cause?: unknown } = new Error('loop');
    loop.cause = loop;

    expect(databaseUnavailability(loop)).toBeUndefined();
  });
});
