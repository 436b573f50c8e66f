/**
 * WCAG 2.x contrast, for the provider's brand colour: the console paints its buttons with it
 * (white text on it) and its links (it on the page's background), and so do the mails.
 */

/** WCAG AA for normal text (1.4.3). */
export const AA_CONTRAST = 4.5;

/**
 * The colours a brand colour meets, as console/src/app/styles.css names them (a unit test keeps
 * them equal): `--accent-ink` is written on it; it is written on `--paper` and on `--ground`.
 */
export const ON_BRAND_INK = '#ffffff';
export const PAGE_BACKGROUNDS = ['#ffffff', '#f4f6f8'] as const;

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#rgb` or `#rrggbb`, in lower case and six digits; undefined for anything else. */
export function normalHex(raw: string): string | undefined {
  const text = raw.trim().toLowerCase();
  if (!HEX.test(text)) return undefined;
  return text.length === 4 ? `#${[...text.slice(1)].map((digit) => digit + digit).join('')}` : text;
}

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function toHex(rgb: readonly number[]): string {
  return `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG's relative luminance of a six-digit hex colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The lowest contrast the colour makes where the console and the mails use it. */
export function brandContrast(hex: string): number {
  return Math.min(contrastRatio(hex, ON_BRAND_INK), ...PAGE_BACKGROUNDS.map((ground) => contrastRatio(hex, ground)));
}

/**
 * The lightest shade of the same colour (its channels scaled towards black, so the hue stays)
 * that reaches WCAG AA wherever the brand colour is used: what to suggest for a colour refused.
 */
export function lightestPassingShade(hex: string): string {
  if (brandContrast(hex) >= AA_CONTRAST) return hex;
  const rgb = channels(hex);
  let [passing, failing] = [0, 1];
  // Black passes and the colour itself fails: halve the gap until a step of 1/1024.
  while (failing - passing > 1 / 1024) {
    const middle = (passing + failing) / 2;
    if (brandContrast(toHex(rgb.map((channel) => channel * middle))) >= AA_CONTRAST) passing = middle;
    else failing = middle;
  }
  return toHex(rgb.map((channel) => channel * passing));
}
