import type { PublicBrand } from '../../../src/domain/brand.js';
import type { BRAND_ELEMENT_ID } from '../../../src/http/console-page.js';

const ELEMENT_ID: typeof BRAND_ELEMENT_ID = 'brand';

/**
 * The provider's brand, as the server wrote it into the page (src/http/console-page.ts): the
 * console keeps no list of its own. Tessera's own name where no server wrote it (Vite's dev server).
 */
export const BRAND: PublicBrand = ((): PublicBrand => {
  const written = document.getElementById(ELEMENT_ID)?.textContent;
  return written ? (JSON.parse(written) as PublicBrand) : { name: 'Tessera' };
})();

/** The brand's colour takes the place of the accent wherever the stylesheet uses it. */
export function applyBrandColor(): void {
  // Through the CSSOM, which the Content-Security-Policy allows, unlike a style element.
  if (BRAND.color) document.documentElement.style.setProperty('--accent', BRAND.color);
}
