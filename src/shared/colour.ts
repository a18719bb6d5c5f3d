/** Colours as CSS writes them, and how well text reads on them (WCAG 2.x contrast). */

const HEX_COLOUR = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i;

/** `#RGB`, `RGB`, `#RRGGBB` or `RRGGBB` as `#rrggbb`; undefined for anything else. */
export function normaliseHexColour(value: string): string | undefined {
  const match = HEX_COLOUR.exec(value.trim());
  if (!match) return undefined;
  const digits = match[1]!.toLowerCase();
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return `#${full}`;
}

/** WCAG relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
