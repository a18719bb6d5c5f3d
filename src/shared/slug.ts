const MAX_SLUG_LENGTH = 80;

/**
 * A readable, URL-safe slug: "Caffe + Jupyter + Pandas It’s not rocket science" →
 * "caffe-jupyter-pandas-its-not-rocket-science". Accents are folded, apostrophes dropped,
 * anything else becomes a hyphen. Long titles are cut at a word boundary.
 */
export function slugify(text: string, fallback = 'item'): string {
  let slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > MAX_SLUG_LENGTH) {
    const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
    const lastHyphen = cut.lastIndexOf('-');
    slug = (lastHyphen > 20 ? cut.slice(0, lastHyphen) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/g, '');
  }
  return slug || fallback;
}

/** The first of `base`, `base-2`, `base-3`, … that `taken` does not hold. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
