import { contrastRatio, normaliseHexColour } from '../../shared/colour.js';
import { InvalidInputError } from '../../shared/errors.js';

/**
 * What an event's public landing shows besides its program: where it happens, a short
 * description, a logo and a brand colour. Checked here, written by updateEventSettings.
 */

/** WCAG AA for normal text: the header's white text must read on the brand colour. */
export const MIN_BRAND_CONTRAST = 4.5;
export const MAX_EVENT_DESCRIPTION = 5000;
const MAX_VENUE_TEXT = 300;
const MAX_URL = 2000;

export interface EventLandingInput {
  venueName: string;
  venueAddress: string;
  /** Empty for none. */
  venueMapUrl: string;
  description: string;
  logoUrl: string;
  brandColor: string;
}

export interface EventLandingValues {
  venueName: string;
  venueAddress: string;
  venueMapUrl: string | null;
  description: string;
  logoUrl: string | null;
  brandColor: string | null;
}

function requireLine(value: string, field: string, what: string): string {
  const trimmed = value.trim();
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(trimmed))
    throw new InvalidInputError(`the ${what} must be text without control characters`, field);
  if (trimmed.length > MAX_VENUE_TEXT)
    throw new InvalidInputError(`the ${what} must be at most ${MAX_VENUE_TEXT} characters long`, field);
  return trimmed;
}

/** An absolute http(s) address (or, with `allowPath`, a path of this site); empty → null. */
function optionalUrl(value: string, field: string, allowPath: boolean): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (allowPath && /^\/(?!\/)[^\s\\]*$/.test(trimmed) && trimmed.length <= MAX_URL) return trimmed;
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || trimmed.length > MAX_URL || /\s/.test(trimmed))
    throw new InvalidInputError(
      `"${value}" is not a web address; use one starting with https://${allowPath ? ', or a path of this site starting with /' : ''}`,
      field,
    );
  return url.href;
}

/** `#rrggbb` whose contrast with white is at least 4.5:1; empty → null (Lectern's own colours). */
export function requireBrandColour(value: string, field = 'brandColor'): string | null {
  if (value.trim() === '') return null;
  const colour = normaliseHexColour(value);
  if (!colour) throw new InvalidInputError(`"${value}" is not a colour; use the #rrggbb form, like #14213d`, field);
  const ratio = contrastRatio(colour, '#ffffff');
  if (ratio < MIN_BRAND_CONTRAST) {
    throw new InvalidInputError(
      `${colour} is too light for white text: its contrast with white is ${(Math.floor(ratio * 100) / 100).toFixed(2)}:1, and at least ${MIN_BRAND_CONTRAST}:1 is needed; choose a darker colour`,
      field,
    );
  }
  return colour;
}

/** Checks every landing field, each error naming its field. */
export function requireEventLanding(input: EventLandingInput): EventLandingValues {
  const description = input.description.replace(/\r\n?/g, '\n').trim();
  if (description.length > MAX_EVENT_DESCRIPTION)
    throw new InvalidInputError(`must be at most ${MAX_EVENT_DESCRIPTION} characters long`, 'description');
  return {
    venueName: requireLine(input.venueName, 'venueName', 'venue name'),
    venueAddress: requireLine(input.venueAddress.replace(/\r\n?/g, '\n'), 'venueAddress', 'venue address'),
    venueMapUrl: optionalUrl(input.venueMapUrl, 'venueMapUrl', false),
    description,
    logoUrl: optionalUrl(input.logoUrl, 'logoUrl', true),
    brandColor: requireBrandColour(input.brandColor),
  };
}
