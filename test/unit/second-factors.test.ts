import { describe, expect, it } from 'vitest';
import {
  newRecoveryCodes,
  newTotpSecret,
  recoveryCodeHash,
  totpCode,
  totpStep,
} from '../../src/domain/second-factors.js';

// RFC 6238's SHA-1 test secret ("12345678901234567890"), in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 6238, SHA-1, 6 digits, 30 s)', () => {
  it("gives RFC 6238's test values (their last six digits)", () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe('287082');
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
    expect(totpCode(RFC_SECRET, 1_234_567_890_000)).toBe('005924');
  });

  it('accepts a code of the step before or after, not two away, and never a step already used', () => {
    const now = 1_234_567_890_000;
    const step = Math.floor(now / 30_000);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now), now, null)).toBe(step);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now, null)).toBe(step - 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now, null)).toBe(step + 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now, null)).toBeUndefined();
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 60_000), now, null)).toBeUndefined();
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now), now, step)).toBeUndefined();
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now, step)).toBeUndefined();
    expect(totpStep(RFC_SECRET, 'abcdef', now, null)).toBeUndefined();
  });

  it('ASVS 6.5.3: secrets are 160 random bits', () => {
    const secrets = new Set(Array.from({ length: 100 }, newTotpSecret));
    expect(secrets.size).toBe(100);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });
});

describe('recovery codes', () => {
  it('are ten, distinct, and match however they are typed back', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    const first = codes[0]!;
    expect(recoveryCodeHash(first.toUpperCase())).toBe(recoveryCodeHash(first));
    expect(recoveryCodeHash(first.replace('-', ' '))).toBe(recoveryCodeHash(first));
    expect(recoveryCodeHash(codes[1]!)).not.toBe(recoveryCodeHash(first));
  });
});
