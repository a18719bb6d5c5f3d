import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { App } from '../types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether cookies set for this request must be Secure (the site is served over https). */
    secureCookies: boolean;
  }
}

export interface CookiesOptions {
  /** Signs cookies (the CSRF secret's among them). */
  secret: string;
  /** Send cookies only over HTTPS (true when LECTERN_PUBLIC_URL is https). */
  secureCookies: boolean;
}

/** Cookies, signed with the installation's secret; every request knows whether they must be Secure. */
async function cookies(app: App, options: CookiesOptions): Promise<void> {
  await app.register(cookie, { secret: options.secret });
  app.decorateRequest('secureCookies', options.secureCookies);
}

export default fp(cookies, { name: 'lectern-cookies' });
