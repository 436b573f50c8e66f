import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/domain/errors.js';
import { checkNewPassword, PRODUCT_WORDS } from '../../src/domain/password-policy.js';
import { errorSentence } from '../../src/phrases/index.js';

const context = ['Jean', 'Dupont', 'jean.dupont@example.com', 'Acme Industries'];

function reason(password: string, minLength = 15): string | undefined {
  try {
    checkNewPassword('Password', password, minLength, context);
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return errorSentence(error, 'en');
    throw error;
  }
}

describe('password policy (NIST SP 800-63B-4, ASVS 6.2)', () => {
  it('ASVS 6.2.1: 14 characters are refused with the length, 15 are enough', () => {
    expect(reason('vqkzmdwhrtplxs')).toBe('Password must be at least 15 characters long.');
    expect(reason('vqkzmdwhrtplxsj')).toBeUndefined();
  });

  it('ASVS 6.2.1: length counts characters, not bytes (15 emoji-free code points)', () => {
    expect(reason('ÿøæßðþłŋħĸœŧŵŷź')).toBeUndefined();
  });

  it('ASVS 6.2.9: 64 and 128 characters are accepted; beyond 256 is refused with the reason', () => {
    expect(reason('purple elephant '.repeat(4))).toBeUndefined();
    expect(reason('ocean tiger lamp '.repeat(8).slice(0, 128))).toBeUndefined();
    expect(reason('q'.repeat(257))).toBe('Password must be at most 256 characters long.');
  });

  it.each([
    'password123456789',
    '123456789012345',
    'qwertyuiopasdfgh',
    'P@ssw0rd1234567',
    'aaaaaaaaaaaaaaa',
    'iloveyouiloveyou',
    'abcdefghijklmnop',
  ])('ASVS 6.2.4: the common password %s is refused with a reason', (password) => {
    expect(reason(password)).toMatch(/too easy to guess|built from/);
  });

  it('ASVS 6.2.5: no composition rules: 20 random lower-case letters are accepted, and no message mentions them', () => {
    expect(reason('mfkqzvbwhtrnypxjdlcs')).toBeUndefined();
    expect(reason('short')).not.toMatch(/upper|digit|symbol|special/i);
  });

  it.each([
    'JeanDupont2025!!',
    'jean.dupont@example.com',
    'AcmeIndustries2025',
    'Dupont-Jean-Acme-1',
    ...PRODUCT_WORDS.map((w) => `${w}${w}2025!`),
  ])('ASVS 6.2.11: %s, built from the user’s own words or the product, is refused', (password) => {
    expect(reason(password)).toMatch(/built from your own name|too easy to guess/);
  });

  it.each(['chloelefevre2024!', 'ChloéLefèvre2024!', 'CHLOE-LEFEVRE-2024', 'lefevrechloe!2024'])(
    'ASVS 6.2.11: %s is built from "Chloé Lefèvre" whatever the accents, and is refused',
    (password) => {
      let refusal: string | undefined;
      try {
        checkNewPassword('Password', password, 15, ['Chloé', 'Lefèvre', 'c.l@example.com']);
      } catch (error) {
        refusal = error instanceof ApiError ? errorSentence(error, 'en') : String(error);
      }
      expect(refusal).toMatch(/^Password is built from your own name/);
    },
  );

  it('NIST SP 800-63B-4 §3.1.1.2: with a minimum of 8 (a second factor required), random characters are accepted and the user’s own words still refused', () => {
    const short = (password: string) => reason(password, 8);
    expect(short('q7!Vd#2k')).toBeUndefined();
    expect(short('Dupont1!')).toMatch(/built from your own name/);
    for (const common of ['P@ssw0rd', 'azerty12', 'iloveyou']) expect(short(common)).toMatch(/too easy to guess/);
    expect(short('q7!Vd#2')).toBe('Password must be at least 8 characters long.');
  });

  it('passphrases are accepted', () => {
    expect(reason('correct horse battery staple')).toBeUndefined();
    expect(reason('la vache mange du foin bleu')).toBeUndefined();
  });

  it('refuses control characters', () => {
    expect(reason('correct horse\u0000battery staple')).toMatch(/control characters/);
  });
});
