import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import * as french from '@zxcvbn-ts/language-fr';
import { ruleErrors } from './rule-errors.js';

/** The longest password accepted: well past NIST's 64, short enough to refuse abuse fast. */
export const PASSWORD_MAX_LENGTH = 256;
/** Below this minimum length, a password is always one of two factors (NIST SP 800-63B-4 §3.1.1.2). */
const SINGLE_FACTOR_MIN_LENGTH = 15;

/**
 * zxcvbn score (0–4) a new password must reach: 3, "safely unguessable" (over 10^8 guesses), for a
 * password that may be the only factor; 2, "safe from unthrottled online guessing" (over 10^6),
 * for one that is always paired with a second factor — no password of 8 characters reaches 3,
 * which would make NIST's minimum of 8 a minimum of 9.
 */
function minScore(minLength: number): number {
  return minLength < SINGLE_FACTOR_MIN_LENGTH ? 2 : 3;
}
/** Words that belong to the product itself (ASVS 6.1.2). */
export const PRODUCT_WORDS = ['tessera', 'outscale', 'cockpit', 'cloudcraft', 'ovhcloud'];

// Built on first use: its dictionaries take a while to load, which commands that never check
// a password (the CLI's calls, migrate) should not pay.
let estimator: ZxcvbnFactory | undefined;
function guessability(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary, ...french.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return estimator;
}

/** NIST SP 800-63B-4 asks that passwords be compared after Unicode normalisation. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

function passwordLength(password: string): number {
  return [...normalizePassword(password)].length;
}

/** Lower case without diacritics: "Chloé Lefèvre" and "chloelefevre" are the same words to a guesser. */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Words of the user's own that make a password guessable: name parts, email local part, company. */
function contextWords(context: readonly (string | undefined)[]): string[] {
  const words = new Set<string>(PRODUCT_WORDS);
  for (const value of context) {
    if (!value) continue;
    for (const form of new Set([value.toLowerCase(), folded(value)])) {
      words.add(form);
      for (const part of form.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
    }
  }
  return [...words];
}

/** Fewer letters than this once the user's own words are taken out means the password is made of them. */
const MIN_OWN_LETTERS = 6;

function isBuiltFromContext(password: string, words: readonly string[]): boolean {
  const whole = folded(password);
  let rest = whole;
  for (const word of [...new Set(words.map(folded))].sort((a, b) => b.length - a.length))
    rest = rest.split(word).join('');
  // A password holding none of the words is not built from them, however few letters it has
  // (an 8-character one of digits and signs, where a second factor allows 8).
  return rest !== whole && rest.replace(/[^\p{L}]/gu, '').length < MIN_OWN_LETTERS;
}

/**
 * Checks a new password against the policy of DESIGN.md C3 (length, guessability with the
 * user's own words as context; no composition rules). Throws ApiError with the reason.
 */
export function checkNewPassword(
  field: string,
  password: string,
  minLength: number,
  context: readonly (string | undefined)[],
): void {
  const length = passwordLength(password);
  if (length < minLength) {
    throw ruleErrors.PasswordTooShort({ Field: field, Min: minLength });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw ruleErrors.PasswordTooLong({ Field: field, Max: PASSWORD_MAX_LENGTH });
  }
  if (!normalizePassword(password).isWellFormed() || /\p{Cc}/u.test(password)) {
    throw ruleErrors.PasswordHasControlCharacters({ Field: field });
  }
  const words = contextWords(context);
  if (isBuiltFromContext(normalizePassword(password), words)) {
    throw ruleErrors.PasswordBuiltFromOwnWords({ Field: field });
  }
  const result = guessability().check(normalizePassword(password), words);
  if (result.score < minScore(minLength)) {
    throw ruleErrors.PasswordTooGuessable({ Field: field });
  }
}
