import { ruleErrors } from './rule-errors.js';

// Control characters, bidirectional overrides and isolates, line/paragraph separators, invisible
// zero-width spaces: they can disguise what a person reads (Trojan Source) or break headers and
// logs. Zero-width joiners (U+200C, U+200D) stay: some scripts and emoji need them.
const FORBIDDEN = /[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\u2028\u2029\uFEFF\uFFF9-\uFFFB]/u;

export interface TextRule {
  max: number;
  /** An empty string clears an optional field; a required one refuses it. */
  required: boolean;
}

/**
 * Free text shown to people (company, city, job title...): NFC, trimmed, no control or bidi
 * characters, at most `max` characters. Returns '' for a cleared optional field.
 */
export function cleanText(field: string, value: string, rule: TextRule): string {
  if (!value.isWellFormed()) {
    throw ruleErrors.TextInvalidUnicode({ Field: field });
  }
  if (FORBIDDEN.test(value)) {
    throw ruleErrors.TextHasControlCharacters({ Field: field });
  }
  const text = value.normalize('NFC').trim();
  if (text === '' && rule.required) {
    throw ruleErrors.RequiredTextEmpty({ Field: field });
  }
  if ([...text].length > rule.max) {
    throw ruleErrors.TextTooLong({ Field: field, Max: rule.max });
  }
  return text;
}

const NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;

/** A person's first or last name: letters (any script), spaces, apostrophes, hyphens, dots. */
export function cleanPersonName(field: string, value: string): string {
  const name = cleanText(field, value, { max: 64, required: true });
  if (!NAME.test(name)) {
    throw ruleErrors.PersonNameInvalid({ Field: field });
  }
  return name;
}
