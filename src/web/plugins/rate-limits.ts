import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../db/client.js';
import type { App } from '../types.js';
import { postgresRateLimitStore } from './rate-limit-store.js';

export interface RateLimitsOptions {
  db: Database;
}

/**
 * Rate limits, counted in the database so that they hold across all app instances. None is
 * global: a route opts in with its `config.rateLimit` (login, signup, password reset and
 * invitations do, in their route files), and perAccountRateLimit adds a limit per account.
 */
async function rateLimits(app: App, options: RateLimitsOptions): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    store: postgresRateLimitStore(options.db),
    // A rate-limit store that cannot answer must not lock everybody out.
    skipOnError: true,
  });
}

export default fp(rateLimits, { name: 'lectern-rate-limits' });

/**
 * A rate limit per account besides the route's per client address, in the same shared store:
 * guesses at one account from many addresses add up. Keyed by the route and the address the
 * form names (normalised as accounts are), whether or not it has an account, so that the
 * answer tells nobody which addresses do. Runs once the form is parsed, as a preHandler.
 */
export function perAccountRateLimit(
  app: App,
  limit: { max: number; timeWindow: number; email: (request: FastifyRequest) => string | undefined },
): preHandlerAsyncHookHandler {
  const check = app.createRateLimit({
    max: limit.max,
    timeWindow: limit.timeWindow,
    keyGenerator: (request) =>
      `${request.method} ${request.routeOptions.url}|account:${(limit.email(request) ?? '').trim().toLowerCase()}`,
  });
  return async (request, reply) => {
    // No account named (nobody logged in, for a form that acts on one's own): nothing to count.
    if (limit.email(request) === undefined) return;
    refuseWhenExceeded(await check(request), reply, 'Too many attempts for this account.');
  };
}

type LimitResult = Awaited<ReturnType<ReturnType<App['createRateLimit']>>>;

/** A 429 with Retry-After and the wait in minutes, once a limit is reached. */
function refuseWhenExceeded(result: LimitResult, reply: FastifyReply, what: string): void {
  if (result.isAllowed || !result.isExceeded) return;
  reply.header('retry-after', result.ttlInSeconds);
  const minutes = Math.max(1, Math.ceil(result.ttlInSeconds / 60));
  throw Object.assign(new Error(`${what} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`), {
    statusCode: 429,
  });
}

/**
 * A limit per client address on something a route does only sometimes (creating a ballot, where
 * the same request may also replace one): the handler calls the check when it is about to.
 * Routes that share a `name` share the count, so one thing made two ways is limited once.
 */
export function perAddressLimit(
  app: App,
  limit: { name: string; max: number; timeWindow: number; what: string },
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const check = app.createRateLimit({
    max: limit.max,
    timeWindow: limit.timeWindow,
    keyGenerator: (request) => `${limit.name}|address:${request.ip}`,
  });
  return async (request, reply) => refuseWhenExceeded(await check(request), reply, limit.what);
}

/**
 * New interest ballots per client address, by the API or the page's form alike: plenty for a
 * household behind one address, little for a script stuffing the ballot.
 */
export function ballotCreationLimit(app: App): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return perAddressLimit(app, {
    name: 'interest-ballot',
    max: 30,
    timeWindow: 60 * 60_000,
    what: 'Too many new interest ballots from your address.',
  });
}
