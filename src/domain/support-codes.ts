import { randomInt } from 'node:crypto';

/** Letters and digits a person reads aloud without doubt: no 0/O, 1/I/L. */
export const SUPPORT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const SUPPORT_CODE_LENGTH = 8;
export const SUPPORT_CODE_MINUTES = 10;
/** Wrong codes a support agent may type before checks are refused to them for a while. */
export const SUPPORT_CODE_TRIES = 5;
export const SUPPORT_CODE_LOCK_MINUTES = 15;

/** A new code, shown as two groups of four (ABCD-EFGH) so that it is read out easily. */
export function newSupportCode(): string {
  let code = '';
  for (let i = 0; i < SUPPORT_CODE_LENGTH; i++) code += SUPPORT_CODE_ALPHABET[randomInt(SUPPORT_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * The code as typed by an agent — any case, with or without the dash or spaces — in the form it
 * was made; undefined when it cannot be a code.
 */
export function normalSupportCode(typed: string): string | undefined {
  const bare = typed.replace(/[\s-]/g, '').toUpperCase();
  if (bare.length !== SUPPORT_CODE_LENGTH || [...bare].some((c) => !SUPPORT_CODE_ALPHABET.includes(c)))
    return undefined;
  return `${bare.slice(0, 4)}-${bare.slice(4)}`;
}
