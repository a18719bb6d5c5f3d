import type { FastifyRequest } from 'fastify';
import { isLocale, negotiateLocale, type Locale } from './index.js';

/** The attendee's choice of language, kept a year. Not a secret: it says which language, no more. */
export const LANGUAGE_COOKIE = 'lectern_lang';

export function cookieLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, value] = part.split('=');
    if (name?.trim() === LANGUAGE_COOKIE) {
      const locale = value?.trim();
      return isLocale(locale) ? locale : undefined;
    }
  }
  return undefined;
}

export function queryLang(request: FastifyRequest): unknown {
  const query = request.query as Record<string, unknown> | undefined;
  return query && typeof query === 'object' ? query.lang : undefined;
}

/** The cookie's language, else the one `Accept-Language` prefers. */
export function languageFromRequest(request: FastifyRequest): Locale {
  return cookieLocale(request.headers.cookie) ?? negotiateLocale(request.headers['accept-language']);
}

/** The language of an error page: a valid `?lang=`, the cookie, `Accept-Language`; an unknown `?lang=` (the error itself, perhaps) is passed over. */
export function errorPageLocale(request: FastifyRequest): Locale {
  const asked = queryLang(request);
  return isLocale(asked) ? asked : languageFromRequest(request);
}
