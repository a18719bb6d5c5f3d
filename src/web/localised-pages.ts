import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalidField } from './errors.js';
import { withLanguage, type CachedResponse, type ResponseCache } from './http-cache.js';
import { LANGUAGE_COOKIE, languageFromRequest, queryLang } from './i18n/choice.js';
import { isLocale, LOCALES, renderIn, type Locale, type RenderContext } from './i18n/index.js';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The language of a public page, in order: `?lang=` (the switch's links), the cookie they set,
 * then `Accept-Language`. An unknown `?lang=` is refused like any query parameter a schema
 * refuses: 400, naming it.
 */
export function pageLocale(request: FastifyRequest, reply: FastifyReply): Locale {
  const asked = queryLang(request);
  if (asked !== undefined) {
    if (!isLocale(asked)) {
      throw invalidField('querystring', 'lang', `must be one of ${LOCALES.map((l) => JSON.stringify(l)).join(', ')}`);
    }
    reply.header('set-cookie', `${LANGUAGE_COOKIE}=${asked}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`);
    return asked;
  }
  return languageFromRequest(request);
}

/**
 * The page's address for the switch: its path and the parameters it is built from (`keep`),
 * nothing else: the page is cached, and a parameter it ignores must not reach the next visitor's
 * links.
 */
function addressOf(request: FastifyRequest, keep: readonly string[]): string {
  const [path = '/', search = ''] = request.url.split('?', 2);
  const kept = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(search)) {
    if (keep.includes(name)) kept.append(name, value);
  }
  const query = kept.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * The response cache as one language's pages see it. Every public page goes through here, so a
 * German page is never served from, or validated against, the English entry: the language is
 * part of the key (put after the event's version, so that clearing by prefix still works),
 * part of the ETag, and sent as Content-Language with `Vary: Accept-Language, Cookie`. Builds
 * run with `t` speaking the language.
 */
export class LocalisedPages {
  constructor(
    readonly cache: ResponseCache,
    readonly render: RenderContext,
  ) {}

  get locale(): Locale {
    return this.render.locale;
  }

  /** "pybay@3|program|…" → "pybay@3|de|program|…". */
  key(key: string): string {
    const bar = key.indexOf('|');
    return bar < 0 ? `${key}|${this.locale}` : `${key.slice(0, bar)}|${this.locale}${key.slice(bar)}`;
  }

  get(key: string): CachedResponse | undefined {
    return this.cache.get(this.key(key));
  }

  remember(key: string, build: () => CachedResponse): CachedResponse {
    return this.cache.remember(this.key(key), () => withLanguage(renderIn(this.render, build), this.locale));
  }

  rememberAsync(key: string, build: () => Promise<CachedResponse>, keep?: () => boolean): Promise<CachedResponse> {
    return this.cache.rememberAsync(
      this.key(key),
      async () => withLanguage(await renderIn(this.render, build), this.locale),
      keep,
    );
  }

  /** Clears this language's entries under a prefix (one that holds the first "|"). */
  clear(prefix: string): void {
    this.cache.clear(this.key(prefix));
  }

  /** Builds a response that is not cached (a shared agenda's page) in the language. */
  build(build: () => CachedResponse): CachedResponse {
    return withLanguage(renderIn(this.render, build), this.locale);
  }
}

/**
 * The cache as this request's language sees it; sets the cookie when `?lang=` chose the language.
 * `keep`: the query parameters the page is built from (and keyed by), which its switch keeps.
 */
export function localisedPages(
  cache: ResponseCache,
  request: FastifyRequest,
  reply: FastifyReply,
  keep: readonly string[] = [],
): LocalisedPages {
  return new LocalisedPages(cache, { locale: pageLocale(request, reply), here: addressOf(request, keep) });
}
