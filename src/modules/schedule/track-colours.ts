/**
 * Track colours in the schedule editor: each track's cards carry a coloured stripe, and a
 * legend names the colours. The colours come from one fixed palette whose every entry reads at
 * 4.5:1 or more on the page (light: against white; dark: against the dark surface), so that a
 * colour never stands for something a reader cannot see. A track an import gave a colour
 * (`#f9b000`) takes the palette's nearest; one without takes the next palette colour in the
 * order of the event's tracks, so that the first eight tracks never share one.
 */

/** The palette: a colour for the light scheme and one for the dark, by index (the CSS classes track-colour--N). */
export const TRACK_PALETTE: readonly { light: string; dark: string }[] = [
  { light: '#1d4ed8', dark: '#93c5fd' },
  { light: '#b45309', dark: '#fcd34d' },
  { light: '#047857', dark: '#6ee7b7' },
  { light: '#be185d', dark: '#f9a8d4' },
  { light: '#6d28d9', dark: '#c4b5fd' },
  { light: '#0e7490', dark: '#67e8f9' },
  { light: '#b91c1c', dark: '#fca5a5' },
  { light: '#4d7c0f', dark: '#bef264' },
];

export interface TrackColour {
  slug: string;
  name: string;
  /** An index into TRACK_PALETTE. */
  colour: number;
}

function rgb(hex: string): [number, number, number] | undefined {
  const match = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(hex.trim());
  if (!match) return undefined;
  const digits = match[1]!.length === 3 ? [...match[1]!].map((d) => d + d).join('') : match[1]!;
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as [number, number, number];
}

/**
 * The public schedule's tones (its CSS classes tone-N): a tinted tag and a stripe per track,
 * each tone's edge colour here, by index.
 */
export const PUBLIC_TRACK_TONES: readonly string[] = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#e11d48',
  '#7c3aed',
  '#0d9488',
  '#475569',
  '#c026d3',
];

/** The palette entry nearest a colour (by distance in RGB), or undefined for what is not a hex colour. */
export function nearestPaletteColour(
  hex: string,
  palette: readonly string[] = TRACK_PALETTE.map((entry) => entry.light),
): number | undefined {
  const wanted = rgb(hex);
  if (!wanted) return undefined;
  let best = 0;
  let bestDistance = Infinity;
  for (const [i, entry] of palette.entries()) {
    const [r, g, b] = rgb(entry)!;
    const distance = (r - wanted[0]) ** 2 + (g - wanted[1]) ** 2 + (b - wanted[2]) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [i, distance];
  }
  return best;
}

/** Each track's colour, for tracks in the event's order: their own (nearest) or the next of the palette. */
export function trackColours(tracks: readonly { slug: string; name: string; color: string | null }[]): TrackColour[] {
  let next = 0;
  return tracks.map((track) => {
    const own = track.color === null ? undefined : nearestPaletteColour(track.color);
    return { slug: track.slug, name: track.name, colour: own ?? next++ % TRACK_PALETTE.length };
  });
}

/**
 * Each track's tone on the public schedule: the tone nearest its own colour (chosen by
 * organisers or imported), else one by its place in the program's order, so that neighbours differ.
 */
export function publicTrackTones(tracks: readonly { id: number; color: string | null }[]): Map<number, number> {
  return new Map(
    tracks.map((track, i) => {
      const own = track.color === null ? undefined : nearestPaletteColour(track.color, PUBLIC_TRACK_TONES);
      return [track.id, own ?? i % PUBLIC_TRACK_TONES.length];
    }),
  );
}

/** WCAG 2 contrast ratio of two hex colours (for the palette's test). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = rgb(hex)!.map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}
