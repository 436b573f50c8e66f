import type { ErrorParams } from '../../../src/domain/errors.js';
import { sentenceOf } from '../../../src/phrases/index.js';
import type { Language } from '../app/i18n.js';
import { i18n } from '../app/i18n.js';
import type { Messages } from '../app/locales/en.js';

/** What the API answered in problem details: the catalogue's code, its parameters, the field it concerns. */
export interface Refusal {
  code: string;
  params: ErrorParams;
  field?: string | undefined;
  /** The server's sentence, in the language the request asked for. */
  detail?: string | undefined;
}

/** How a form names its fields inside a sentence, where it differs from the console's usual words. */
export type FieldWords = Readonly<Record<string, string>>;

/** The parameters that name an input field (`Field`, `OtherField`): said as the form labels the field. */
const FIELD_PARAMETER = /Field$/;
const MARK = '\u0001';
const MARKED = new RegExp(`${MARK}(\\d+)${MARK}`, 'g');
/** A field named in parentheses after its own words ("le pays (Country)") is a hint for API readers. */
const HINT = new RegExp(`\\s*\\(${MARK}\\d+${MARK}\\)`, 'g');
// A word that already introduces the field ("the stored …", "un nouveau …"): the label then
// goes without its own article.
const INTRODUCED = /(?:\b(?:the|a|an|no|new|stored|le|la|les|un|une|nouveau|nouvelle)\s+|'s\s+|\bl['’])$/i;
const SENTENCE_START = /(?:^|[.!?:;]\s+)$/;
const ARTICLE = /^(?:the|le|la|les)\s+|^l['’]/i;

/** The input fields a refusal concerns, the first being the one it is about. */
export function fieldsOf(refusal: Refusal): string[] {
  const named = Object.entries(refusal.params)
    .filter(([name, value]) => FIELD_PARAMETER.test(name) && typeof value === 'string')
    .map(([, value]) => value as string);
  return [...new Set([...(refusal.field ? [refusal.field] : []), ...named])];
}

/**
 * The refusal in the console's language and words: the sentence of its code from the server's
 * phrase tables, with each field said as the form labels it ("Le prénom doit…" where the API
 * says "FirstName doit…"). Undefined for a code this console does not know.
 */
export function sayRefusal(refusal: Refusal, words: FieldWords = {}): string | undefined {
  const language = i18n.language as Language;
  const labels = {
    ...((i18n.getResourceBundle(language, 'translation') as Messages).apiField as Record<string, string>),
    ...words,
  };
  const said: string[] = [];
  const params = Object.fromEntries(
    Object.entries(refusal.params).map(([name, value]) => {
      const label = typeof value === 'string' && FIELD_PARAMETER.test(name) ? labels[value] : undefined;
      if (label === undefined) return [name, value];
      said.push(label);
      return [name, `${MARK}${said.length - 1}${MARK}`];
    }),
  );
  const sentence = sentenceOf(refusal.code, params, language);
  return sentence?.replace(HINT, '').replace(MARKED, (_, index: string, offset: number, whole: string) => {
    const before = whole.slice(0, offset);
    let label = said[Number(index)]!;
    if (INTRODUCED.test(before)) label = label.replace(ARTICLE, '');
    return SENTENCE_START.test(before) ? label.charAt(0).toUpperCase() + label.slice(1) : label;
  });
}
