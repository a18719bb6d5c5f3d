import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../db/client.js';
import { actorForApiToken, findSession, loadActor, type Actor, type Session } from '../../modules/accounts/index.js';
import { isApiRequest } from '../errors.js';
import type { App } from '../types.js';
import { parseFormBody } from './input-guard.js';
import { postgresRateLimitStore } from './rate-limit-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is signed in (session) or calling (API token); undefined for anonymous requests. */
    actor: Actor | undefined;
    session: Session | undefined;
    /** Whether cookies set for this request must be Secure (the site is served over https). */
    secureCookies: boolean;
  }
}

export interface SiteOptions {
  db: Database;
  secret: string;
  /** Send cookies only over HTTPS (true when LECTERN_PUBLIC_URL is https). */
  secureCookies: boolean;
}

export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-lectern_csrf' : 'lectern_csrf';
}

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
  return secure ? '__Host-lectern_session' : 'lectern_session';
}

/**
 * The infrastructure of the signed-in parts of the site (account, speaker area, back office):
 * cookies, database sessions, form bodies (a malformed %-escape is a 400), CSRF checks on every state change, security headers
 * with a strict Content Security Policy, and rate limits shared by all instances. Registered
 * only on those route groups: the public program carries none of it.
 */
async function site(app: App, options: SiteOptions): Promise<void> {
  const cookieName = sessionCookieName(options.secureCookies);
  await app.register(cookie, { secret: options.secret });
  await app.register(formbody, { bodyLimit: 256 * 1024, parser: parseFormBody });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // Cross-origin isolation headers would break nothing here, but HSTS belongs to the proxy that terminates TLS.
    strictTransportSecurity: options.secureCookies,
  });
  await app.register(csrf, {
    // The secret behind the forms' tokens lives in this signed cookie; rotateCsrfSecret renews it.
    cookieKey: csrfCookieName(options.secureCookies),
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: options.secureCookies },
    getToken: (request) =>
      ((request.body as Record<string, unknown> | undefined)?._csrf as string | undefined) ??
      (request.headers['x-csrf-token'] as string | undefined),
  });
  await app.register(rateLimit, {
    global: false,
    store: postgresRateLimitStore(options.db),
    // A rate-limit store that cannot answer must not lock everybody out.
    skipOnError: true,
  });

  app.decorateRequest('actor', undefined);
  app.decorateRequest('session', undefined);
  app.decorateRequest('secureCookies', options.secureCookies);

  app.addHook('onRequest', async (request) => {
    const bearer = request.headers.authorization;
    // A token opens the organiser API only: on the site's pages it is no login (it would
    // otherwise act as an organiser there, past the CSRF check, adding team members say).
    if (bearer?.startsWith('Bearer ') && isApiRequest(request)) {
      const found = await actorForApiToken(options.db, bearer.slice(7).trim());
      request.actor = found?.actor;
      return;
    }
    const token = request.cookies[cookieName];
    if (!token) return;
    const session = await findSession(options.db, token);
    if (!session) return;
    request.session = session;
    request.actor = await loadActor(options.db, session.userId);
  });

  // Checked once the form body is parsed (in onRequest there is no body yet). Bearer-token
  // API calls carry no cookie, so no browser can forge them: they need no CSRF token.
  app.addHook('preValidation', (request, reply, done) => {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (!unsafe || request.actor?.via === 'api-token') {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });
}

export default fp(site, { name: 'lectern-site' });

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(sessionCookieName(secure), token, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'lax' });
}

export function sessionToken(request: FastifyRequest, secure: boolean): string | undefined {
  return request.cookies[sessionCookieName(secure)];
}

/**
 * A new CSRF secret, at login and logout: the tokens of pages shown before (to another person
 * at this browser, or planted by someone else) stop working. The secret is kept in a signed
 * cookie (@fastify/csrf-protection with @fastify/cookie): forgetting the one this request
 * came with makes generateCsrf set a new one.
 */
export function rotateCsrfSecret(request: FastifyRequest, reply: FastifyReply): void {
  delete request.cookies[csrfCookieName(request.secureCookies)];
  reply.generateCsrf();
}

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
    const result = await check(request);
    if (result.isAllowed || !result.isExceeded) return;
    reply.header('retry-after', result.ttlInSeconds);
    const minutes = Math.max(1, Math.ceil(result.ttlInSeconds / 60));
    throw Object.assign(
      new Error(`Too many attempts for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`),
      { statusCode: 429 },
    );
  };
}
