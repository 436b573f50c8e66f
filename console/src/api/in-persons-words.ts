import { i18n } from '../app/i18n.js';
import type { Messages } from '../app/locales/en.js';

type ApiField = keyof Messages['apiField'];

// A word that already introduces the field ("the stored VatNumber", "un nouveau ZipCode"): the
// label then goes without its own article.
const INTRODUCED = /(?:\b(?:the|a|an|new|stored|le|la|les|un|une|nouveau|nouvelle)\s+|'s\s+|\bl['’])$/i;
const SENTENCE_START = /(?:^|[.!?:;]\s+)$/;
const ARTICLE = /^(?:the|le|la|les)\s+|^l['’]/i;

let cached: { language: string; pattern: RegExp; phrases: Record<string, string> } | undefined;

function grammar() {
  if (cached?.language !== i18n.language) {
    const phrases = (i18n.getResourceBundle(i18n.language, 'translation') as Messages).apiField;
    // Longest first, so that NewPassword is not read as New + Password.
    const names = (Object.keys(phrases) as ApiField[]).sort((a, b) => b.length - a.length).join('|');
    cached = {
      language: i18n.language,
      pattern: new RegExp(`\\s*\\((?:${names})\\)|\\b(${names})\\b`, 'g'),
      phrases,
    };
  }
  return cached;
}

/**
 * The API names its fields ("FirstName must be…", "CurrentPassword est incorrect."), as its
 * clients expect; a person reads the field as the form labels it, in their language ("Le prénom
 * doit…", "Le mot de passe actuel est incorrect."). A field named in parentheses after its
 * own words ("le pays (Country)") is dropped.
 */
export function inPersonsWords(details: string): string {
  const { pattern, phrases } = grammar();
  return details.replace(pattern, (match, name: string | undefined, offset: number, whole: string) => {
    if (name === undefined) return '';
    const before = whole.slice(0, offset);
    let phrase = phrases[name] ?? match;
    if (INTRODUCED.test(before)) phrase = phrase.replace(ARTICLE, '');
    return SENTENCE_START.test(before) ? phrase.charAt(0).toUpperCase() + phrase.slice(1) : phrase;
  });
}
