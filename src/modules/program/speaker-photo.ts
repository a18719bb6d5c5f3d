import { InvalidInputError } from '../../shared/errors.js';
import { parseSpeakerPhotoPath, speakerPhotoPath } from './speaker-photos.js';

/** Longer than any real image address (38C3's longest avatar URL is under 200 characters), short enough for a page. */
export const MAX_PHOTO_URL = 2_000;

/**
 * A speaker's photo address as the program stores it: the address of a photo uploaded to this
 * site (`/media/speaker-photos/{id}-{hash}.webp`, see speaker-photos.ts), or an absolute https://
 * one (public pages
 * load it over the network with the page's CSP, `img-src https:`; `http:` would be mixed
 * content, `javascript:` or `data:` not a photo), no credentials or spaces, at most
 * MAX_PHOTO_URL characters; empty → null (no photo). Every writer of speakers.photo_url (the
 * speaker's own profile, imports) goes through it. The result is the URL as WHATWG parses it.
 */
export function parseSpeakerPhotoUrl(value: string, field = 'photoUrl'): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const uploaded = parseSpeakerPhotoPath(trimmed);
  if (uploaded) return speakerPhotoPath(uploaded);
  if (/[\s\u0000-\u001f\u007f]/.test(trimmed))
    throw new InvalidInputError('the photo address must not contain spaces or control characters', field);
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.hostname === '') {
    throw new InvalidInputError(
      `"${trimmed.slice(0, 80)}" is not an https:// address; give the photo's full address, starting with https://`,
      field,
    );
  }
  if (url.username !== '' || url.password !== '')
    throw new InvalidInputError('the photo address must not contain a user name or password', field);
  if (url.href.length > MAX_PHOTO_URL)
    throw new InvalidInputError(`the photo address must be at most ${MAX_PHOTO_URL} characters long`, field);
  return url.href;
}

/**
 * An imported file's photo address, relative ones resolved against the file's base URL (c3voc's
 * `base_url`), then checked as parseSpeakerPhotoUrl checks a typed one. Returns the address, or
 * the reason it cannot be kept (a relative address in a file without a base, a non-https one).
 */
export function resolveSpeakerPhotoUrl(
  value: string,
  baseUrl: string | undefined,
): { ok: true; url: string | null } | { ok: false; problem: string } {
  const trimmed = value.trim();
  if (trimmed === '') return { ok: true, url: null };
  let absolute = trimmed;
  if (!URL.canParse(trimmed)) {
    const base = baseUrl?.trim();
    if (!base || !URL.canParse(base)) {
      return {
        ok: false,
        problem: `"${trimmed.slice(0, 80)}" is a relative address and the file gives no base_url to resolve it against`,
      };
    }
    absolute = new URL(trimmed, base).href;
  }
  try {
    return { ok: true, url: parseSpeakerPhotoUrl(absolute) };
  } catch (error) {
    if (error instanceof InvalidInputError) return { ok: false, problem: error.problem };
    throw error;
  }
}
