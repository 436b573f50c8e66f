import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30 s. */
const PERIOD_S = 30;
const DIGITS = 6;
/** Steps accepted either side of now: a phone's clock a little off still signs in. */
const WINDOW = 1;

function totp(secret: string, issuer: string, label: string): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_S,
    secret: Secret.fromBase32(secret),
  });
}

/** A new TOTP secret: 160 random bits, in base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, issuer: string, label: string): string {
  return totp(secret, issuer, label).toString();
}

/**
 * The time step a code was made for, if it fits one within ±1 step of `now` that is later than
 * `lastStep` — a code serves once, even within its window (ASVS 6.5.1). Undefined otherwise.
 */
export function totpStep(secret: string, code: string, now: number, lastStep: number | null): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secret, 'Tessera', 'check').validate({ token: code, timestamp: now, window: WINDOW });
  if (delta === null) return undefined;
  const step = Math.floor(now / 1000 / PERIOD_S) + delta;
  return lastStep !== null && step <= lastStep ? undefined : step;
}

/** The code of a step, as an authenticator app shows it (tests compute codes with it too). */
export function totpCode(secret: string, at: number): string {
  return totp(secret, 'Tessera', 'check').generate({ timestamp: at });
}

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use codes, shown once: 10 characters from 31 each (49 bits), as xxxxx-xxxxx. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let code = '';
    for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** How a recovery code is kept: its hash, of the code as typed in any case, with or without its dash or spaces. */
export function recoveryCodeHash(typed: string): string {
  const bare = typed.replace(/[\s-]/g, '').toLowerCase();
  return createHash('sha256')
    .update(`${bare.slice(0, 5)}-${bare.slice(5)}`)
    .digest('hex');
}
