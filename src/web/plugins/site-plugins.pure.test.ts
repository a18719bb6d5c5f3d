import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import cookies from './cookies.js';
import csrf, { csrfCookieName, rotateCsrfSecret } from './csrf.js';
import formBody from './form-body.js';
import securityHeaders from './security-headers.js';
import { sessionCookieName } from './sessions.js';

const SECRET = 'a-secret-that-is-long-enough-for-signed-cookies-0123';

/** A bare app with only the plugins named: each concern works on its own. */
async function appWith(register: (app: ReturnType<typeof Fastify>) => Promise<void>) {
  const app = Fastify();
  await register(app);
  app.get('/form', async (_request, reply) => ({ token: reply.generateCsrf() }));
  app.post('/form', async () => ({ ok: true }));
  app.post('/rotate', async (request, reply) => {
    rotateCsrfSecret(request, reply);
    return { ok: true };
  });
  await app.ready();
  return app;
}

describe('the site plugins', () => {
  it('refuses to register the CSRF check without the cookies and form bodies it reads', async () => {
    const app = Fastify();
    await expect(app.register(csrf, { secureCookies: false }).ready()).rejects.toThrow(
      "The dependency 'lectern-cookies' of plugin 'lectern-csrf' is not registered",
    );
  });

  it('checks a form post against the CSRF secret in its signed cookie, and a rotated secret voids old tokens', async () => {
    const app = await appWith(async (site) => {
      await site.register(cookies, { secret: SECRET, secureCookies: false });
      await site.register(formBody);
      await site.register(csrf, { secureCookies: false });
    });
    const form = await app.inject({ url: '/form' });
    const token = (form.json() as { token: string }).token;
    const cookie = form.cookies.find((c) => c.name === 'lectern_csrf')!;
    const post = (body: string, cookieValue = cookie.value) =>
      app.inject({
        method: 'POST',
        url: '/form',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        cookies: { lectern_csrf: cookieValue },
        payload: body,
      });

    expect((await post('name=x')).statusCode).toBe(403);
    expect((await post(`_csrf=${encodeURIComponent(token)}&name=x`)).statusCode).toBe(200);

    const rotated = await app.inject({
      method: 'POST',
      url: '/rotate',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': token },
      cookies: { lectern_csrf: cookie.value },
      payload: '',
    });
    expect(rotated.statusCode).toBe(200);
    const renewed = rotated.cookies.find((c) => c.name === 'lectern_csrf')!;
    expect(renewed.value).not.toBe(cookie.value);
    expect((await post(`_csrf=${encodeURIComponent(token)}`, renewed.value)).statusCode).toBe(403);
    await app.close();
  });

  it('sends the strict Content Security Policy, and HSTS only when the site is on https', async () => {
    const plain = await appWith((site) => site.register(securityHeaders, { secureCookies: false }));
    const secure = await appWith((site) => site.register(securityHeaders, { secureCookies: true }));
    const [onHttp, onHttps] = [await plain.inject({ url: '/form' }), await secure.inject({ url: '/form' })];

    expect(onHttp.headers['content-security-policy']).toBe(
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';" +
        "connect-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none';object-src 'none'",
    );
    expect(onHttp.headers['strict-transport-security']).toBeUndefined();
    expect(onHttps.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await Promise.all([plain.close(), secure.close()]);
  });

  it('names its cookies with the __Host- prefix only on https', () => {
    expect([csrfCookieName(false), csrfCookieName(true)]).toEqual(['lectern_csrf', '__Host-lectern_csrf']);
    expect([sessionCookieName(false), sessionCookieName(true)]).toEqual(['lectern_session', '__Host-lectern_session']);
  });
});
