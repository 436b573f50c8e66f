import { randomInt, randomBytes } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `length` random decimal digits, the first one not zero (an AccountId must not lose a digit). */
export function randomDigits(length: number): string {
  let id = String(randomInt(1, 10));
  while (id.length < length) id += String(randomInt(0, 10));
  return id;
}

/** Random upper-case letters and digits, as OAPI's UserId and AccessKeyId. */
export function randomUpperAlnum(length: number): string {
  let id = '';
  while (id.length < length) id += UPPER_ALNUM[randomInt(0, UPPER_ALNUM.length)];
  return id;
}

/** A secret token of `bytes` random bytes, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
