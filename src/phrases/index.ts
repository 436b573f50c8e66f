import type { ApiError, ErrorParams, Language, Localized } from '../domain/errors.js';
import type { Phrases } from './catalogue.js';
import { en } from './en/index.js';
import { fr } from './fr/index.js';

export const PHRASES: Readonly<Record<Language, Phrases>> = { en, fr };

type Sentence = (params: Readonly<Record<string, string | number>>) => string;

/** The parameters in one language: words said in each language become that language's. */
export function paramsIn(params: ErrorParams, language: Language): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? value[language] : value]),
  );
}

/** The sentence of an error's code in `language`, with its parameters. */
export function sentenceOf(code: string, params: ErrorParams, language: Language): string | undefined {
  const sentence = (PHRASES[language] as unknown as Record<string, Sentence | undefined>)[code];
  return sentence?.(paramsIn(params, language));
}

/** What an error says, in `language`. */
export function errorSentence(error: ApiError, language: Language): string {
  return sentenceOf(error.code, error.params, language) ?? error.code;
}

/** What an error says, in every language (kept with a failed operation). */
export function errorSentences(error: ApiError): Localized {
  return { en: errorSentence(error, 'en'), fr: errorSentence(error, 'fr') };
}
