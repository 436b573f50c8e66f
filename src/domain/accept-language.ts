import type { Language } from './errors.js';

/** The first language of an Accept-Language header that Tessera speaks; English without one. */
export function acceptedLanguage(header: string | undefined): Language {
  if (header === undefined) return 'en';
  for (const part of header.split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'fr' || tag === 'en') return tag;
  }
  return 'en';
}
