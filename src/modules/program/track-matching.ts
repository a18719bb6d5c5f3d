import { slugify, uniqueSlug } from '../../shared/slug.js';
import { trackNameKey } from './names.js';

/**
 * Finds the event's tracks again for the track names an import gives, so that a respelt track
 * keeps its identity and URL: by its name however it is spaced or capitalised, else by its
 * slug, and never one track for two names. Both importers match tracks through this.
 * Returns the found track of each name; names without one are new tracks.
 */
export function matchTracks<T extends { name: string; slug: string }>(
  existing: readonly T[],
  names: readonly string[],
): Map<string, T> {
  const matched = new Map<string, T>();
  for (const name of names) {
    const found = existing.find((t) => trackNameKey(t.name) === trackNameKey(name));
    if (found) matched.set(name, found);
  }
  for (const name of names) {
    if (matched.has(name)) continue;
    const taken = new Set(matched.values());
    const found = existing.find((t) => !taken.has(t) && t.slug === slugify(name, 'track'));
    if (found) matched.set(name, found);
  }
  return matched;
}

/** The slug of a new track: from its name, unique among `taken` (which it joins). */
export function newTrackSlug(name: string, taken: Set<string>): string {
  const slug = uniqueSlug(slugify(name, 'track'), taken);
  taken.add(slug);
  return slug;
}
