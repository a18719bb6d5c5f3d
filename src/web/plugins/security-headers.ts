import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import type { App } from '../types.js';

export interface SecurityHeadersOptions {
  /** The site is served over https: only then is HSTS sent. */
  secureCookies: boolean;
}

/** Security headers (helmet), with a strict Content Security Policy: nothing but this site's own files. */
async function securityHeaders(app: App, options: SecurityHeadersOptions): Promise<void> {
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
}

export default fp(securityHeaders, { name: 'lectern-security-headers' });
