import csrfProtection from '@fastify/csrf-protection';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { App } from '../types.js';

export interface CsrfOptions {
  /** Send cookies only over HTTPS (true when LECTERN_PUBLIC_URL is https). */
  secureCookies: boolean;
}

export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-lectern_csrf' : 'lectern_csrf';
}

/**
 * A CSRF check on every state change: a form's `_csrf` field or an `x-csrf-token` header must
 * match the secret in a signed cookie. Needs the cookies and the form bodies (the token is in
 * one); a call with an API token (found by the sessions plugin, in onRequest) is exempt.
 */
async function csrf(app: App, options: CsrfOptions): Promise<void> {
  await app.register(csrfProtection, {
    // The secret behind the forms' tokens lives in this signed cookie; rotateCsrfSecret renews it.
    cookieKey: csrfCookieName(options.secureCookies),
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: options.secureCookies },
    getToken: (request) =>
      ((request.body as Record<string, unknown> | undefined)?._csrf as string | undefined) ??
      (request.headers['x-csrf-token'] as string | undefined),
  });

  // Checked once the form body is parsed (in onRequest there is no body yet). Bearer-token
  // API calls carry no cookie, so no browser can forge them: they need no CSRF token.
  app.addHook('preValidation', (request, reply, done) => {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    // Routes beside the multipart-form plugin have it check once their body is read.
    if (!unsafe || request.actor?.via === 'api-token' || request.routeOptions.config.csrfAfterMultipart) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });
}

export default fp(csrf, { name: 'lectern-csrf', dependencies: ['lectern-cookies', 'lectern-form-body'] });

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
