import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A cloud on a purple tile: the test provider's logo and favicon. */
export const ACME_LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><rect width="64" height="64" rx="14" fill="#7a2e8f"/><path d="M18 44a10 10 0 0 1 1-20A14 14 0 0 1 46 27a8.5 8.5 0 0 1 0 17z" fill="#fff"/></svg>';

/**
 * The environment of a provider running Tessera as "Nuage Acme": every TESSERA_BRAND_* setting,
 * the logo and favicon as files written to a folder of their own.
 */
export function acmeBrandEnv(): Record<string, string> {
  const folder = mkdtempSync(join(tmpdir(), 'tessera-brand-'));
  writeFileSync(join(folder, 'logo.svg'), ACME_LOGO_SVG);
  writeFileSync(join(folder, 'favicon.svg'), ACME_LOGO_SVG.replace('rx="14"', 'rx="32"'));
  return {
    TESSERA_BRAND_NAME: 'Nuage Acme',
    TESSERA_BRAND_LOGO: join(folder, 'logo.svg'),
    TESSERA_BRAND_FAVICON: join(folder, 'favicon.svg'),
    TESSERA_BRAND_COLOR: '#7a2e8f',
    TESSERA_BRAND_SUPPORT: 'support@acme.example',
    TESSERA_BRAND_TERMS_URL: 'https://acme.example/terms',
    TESSERA_BRAND_PRIVACY_URL: 'https://acme.example/privacy',
    TESSERA_MAIL_FOOTER: 'Acme Cloud Ltd, 1 Cloud Street, London',
    TESSERA_MAIL_FOOTER_FR: 'Nuage Acme SARL, 1 rue du Nuage, 75001 Paris',
  };
}
