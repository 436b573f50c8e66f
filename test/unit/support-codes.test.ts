import { describe, expect, it } from 'vitest';
import { newSupportCode, normalSupportCode, SUPPORT_CODE_ALPHABET } from '../../src/domain/support-codes.js';

describe('support codes', () => {
  it('are eight characters none of which reads as another (no 0/O, 1/I/L), in two groups', () => {
    for (const ambiguous of '0O1IL') expect(SUPPORT_CODE_ALPHABET).not.toContain(ambiguous);
    const codes = new Set(Array.from({ length: 200 }, newSupportCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  });

  it('are read back in any case, with or without the dash or spaces; anything else is no code', () => {
    expect(normalSupportCode('abcd-efgh')).toBe('ABCD-EFGH');
    expect(normalSupportCode(' ABCD EFGH ')).toBe('ABCD-EFGH');
    expect(normalSupportCode('ABCDEFGH')).toBe('ABCD-EFGH');
    expect(normalSupportCode('ABCD-EFG')).toBeUndefined();
    expect(normalSupportCode('ABCD-EFG0')).toBeUndefined();
    expect(normalSupportCode('ABCD-EFGH\u0000')).toBeUndefined();
  });
});
