import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, InvalidInputError } from '../shared/errors.js';
import type { FormErrors } from './views/forms.js';
import { renderPage } from './views/layout.js';
import type { SiteLayoutProps } from './views/site-layout.js';

/** Helpers for the pages of the signed-in site: never cached, with flash messages and form errors. */

export function sendPage(reply: FastifyReply, page: JSX.Element, statusCode = 200): void {
  reply.code(statusCode).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderPage(page));
}

function flashCookie(secure: boolean): string {
  return secure ? '__Host-lectern_flash' : 'lectern_flash';
}

/** A message shown once, on the page the browser is sent to next (post/redirect/get). */
export function redirectWithFlash(
  reply: FastifyReply,
  location: string,
  message: string,
  kind: 'success' | 'warning' | 'error' = 'success',
): void {
  const secure = reply.request.secureCookies;
  reply.setCookie(flashCookie(secure), `${kind}:${message}`, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: 60,
    secure,
  });
  reply.redirect(location, 303);
}

export function takeFlash(request: FastifyRequest, reply: FastifyReply): SiteLayoutProps['flash'] {
  const name = flashCookie(request.secureCookies);
  const raw = request.cookies[name];
  if (!raw) return undefined;
  reply.clearCookie(name, { path: '/', secure: request.secureCookies });
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  const [kind, ...rest] = unsigned.value.split(':');
  return { kind: kind === 'error' || kind === 'warning' ? kind : 'success', message: rest.join(':') };
}

/** Any origin will do: a `next` is resolved against it only to see whether it leaves it. */
const HOME = new URL('https://lectern.invalid');
/**
 * Characters a browser drops from an address (tab, CR, LF), reads as a slash (backslash), or
 * that have no place in a path (every other control, format or space character, a lone surrogate).
 */
const UNSAFE = /[\s\\\p{C}]/u;

/**
 * Only paths of this site: a `next` parameter must never send someone elsewhere, and never
 * makes a Location header Node refuses. It is resolved as a browser would (dot segments,
 * non-ASCII characters %-encoded), and refused when the raw or %-decoded text holds anything a
 * browser or a proxy could read as another host: a control or space character, a backslash,
 * or two slashes in the path. Anything refused gives the fallback; nothing throws.
 */
export function safeNext(next: string | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || UNSAFE.test(next)) return fallback;
  let path: string;
  let decodedPath: string;
  let decoded: string;
  try {
    // Throws on what is no address at all ("//" names an empty host) and on malformed %-escapes.
    const url = new URL(next, HOME);
    if (url.origin !== HOME.origin) return fallback;
    path = `${url.pathname}${url.search}${url.hash}`;
    decodedPath = decodeURIComponent(url.pathname);
    decoded = decodeURIComponent(path);
  } catch {
    return fallback;
  }
  if (UNSAFE.test(decoded) || decodedPath.includes('//')) return fallback;
  return path;
}

/**
 * Runs a form's action; an InvalidInputError becomes the error of the field it names, for the
 * form to be shown again with what was typed.
 */
export async function formAction<T>(
  action: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FormErrors }> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const { field, message } = error.toFieldError();
      return { ok: false, errors: { [field]: message } };
    }
    if (error instanceof ConflictError) return { ok: false, errors: { _form: error.message } };
    throw error;
  }
}
