import { ApiError, say } from './errors.js';

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
    throw new ApiError(
      'InvalidParameterValue',
      say(`${field} contains an invalid Unicode character.`, `${field} contient un caractère Unicode invalide.`),
    );
  }
  if (FORBIDDEN.test(value)) {
    throw new ApiError(
      'InvalidParameterValue',
      say(
        `${field} must not contain control characters or invisible marks such as line breaks, tabs or direction marks.`,
        `${field} ne doit pas contenir de caractères de contrôle ni de marques invisibles (retour à la ligne, tabulation, marque de direction…).`,
      ),
    );
  }
  const text = value.normalize('NFC').trim();
  if (text === '' && rule.required) {
    throw new ApiError('InvalidParameterValue', say(`${field} must not be empty.`, `${field} ne doit pas être vide.`));
  }
  if ([...text].length > rule.max) {
    throw new ApiError(
      'InvalidParameterLength',
      say(
        `${field} must be at most ${rule.max} characters long.`,
        `${field} doit faire au plus ${rule.max} caractères.`,
      ),
    );
  }
  return text;
}

const NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;

/** A person's first or last name: letters (any script), spaces, apostrophes, hyphens, dots. */
export function cleanPersonName(field: string, value: string): string {
  const name = cleanText(field, value, { max: 64, required: true });
  if (!NAME.test(name)) {
    throw new ApiError(
      'InvalidParameterValue',
      say(
        `${field} may contain only letters, spaces, apostrophes, hyphens and dots, and must start with a letter.`,
        `${field} ne peut contenir que des lettres, espaces, apostrophes, tirets et points, et doit commencer par une lettre.`,
      ),
    );
  }
  return name;
}
