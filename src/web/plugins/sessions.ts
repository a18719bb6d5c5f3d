import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../db/client.js';
import { actorForApiToken, findSession, loadActor, type Actor, type Session } from '../../modules/accounts/index.js';
import { isApiRequest } from '../errors.js';
import type { App } from '../types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is signed in (session) or calling (API token); undefined for anonymous requests. */
    actor: Actor | undefined;
    session: Session | undefined;
  }
}

export interface SessionsOptions {
  db: Database;
  /** Send cookies only over HTTPS (true when LECTERN_PUBLIC_URL is https). */
  secureCookies: boolean;
}

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
  return secure ? '__Host-lectern_session' : 'lectern_session';
}

/**
 * Who is asking, on every request: the actor of the database session the session cookie
 * names, or, on the organiser API only, of the API token in an `Authorization: Bearer` header.
 */
async function sessions(app: App, options: SessionsOptions): Promise<void> {
  const cookieName = sessionCookieName(options.secureCookies);
  app.decorateRequest('actor', undefined);
  app.decorateRequest('session', undefined);

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
}

export default fp(sessions, { name: 'lectern-sessions', dependencies: ['lectern-cookies'] });

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
