import type { Localized } from './errors.js';

/** The name customers read when the provider gives none. */
export const TESSERA = 'Tessera';

/** An image of the brand: the provider's own URL, or a file of theirs that Tessera serves. */
export interface BrandImage {
  /** Where the console's pages fetch it: the URL, or the path Tessera serves the file at. */
  src: string;
  /** Where a mail fetches it: always absolute, as a mail has no page to be relative to. */
  url: string;
  /** The file, when Tessera serves it. */
  file?: { body: Buffer; type: string };
}

/**
 * A provider running Tessera under its own name (TESSERA_BRAND_*). Each part is optional; without
 * a name, customers read "Tessera" and the mails are as they always were.
 */
export interface Brand {
  name: string | undefined;
  logo: BrandImage | undefined;
  favicon: BrandImage | undefined;
  /** `#rrggbb`, of WCAG AA contrast wherever it is used (domain/contrast.ts). */
  color: string | undefined;
  /** Where customers get help: a `mailto:` or web address, and the address as a mail writes it. */
  support: { href: string; text: string } | undefined;
  terms: string | undefined;
  privacy: string | undefined;
  /** Text under every mail, such as the provider's company and postal address. */
  mailFooter: Localized | undefined;
}

export const NO_BRAND: Brand = {
  name: undefined,
  logo: undefined,
  favicon: undefined,
  color: undefined,
  support: undefined,
  terms: undefined,
  privacy: undefined,
  mailFooter: undefined,
};

/** What the console learns of the brand: written into its page by the server (http/console-page.ts). */
export interface PublicBrand {
  name: string;
  logo?: string;
  color?: string;
  support?: string;
  terms?: string;
  privacy?: string;
}

export function publicBrand(brand: Brand): PublicBrand {
  return {
    name: brand.name ?? TESSERA,
    ...(brand.logo && { logo: brand.logo.src }),
    ...(brand.color && { color: brand.color }),
    ...(brand.support && { support: brand.support.href }),
    ...(brand.terms && { terms: brand.terms }),
    ...(brand.privacy && { privacy: brand.privacy }),
  };
}
