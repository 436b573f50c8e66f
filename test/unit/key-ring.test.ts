import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derivedKeyId, parseKeyRing } from '../../src/auth/key-ring.js';
import { SecretBox, UnknownSealingKey } from '../../src/auth/secret-box.js';
import { ConfigError } from '../../src/config.js';
import { AUDIT_SEAL_PURPOSE } from '../../src/domain/audit-chain.js';

const A = randomBytes(32);
const B = randomBytes(32);
const C = randomBytes(32);
const ring = (...keys: Buffer[]) => new SecretBox(keys.map((key) => ({ id: derivedKeyId(key), key })));

/** A value as sealed before keys had ids: base64 of IV, tag and ciphertext. */
function legacySeal(key: Buffer, plaintext: string, label: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(label));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** An audit seal as made before keys had ids: the bare hex HMAC. */
function legacyHmac(key: Buffer, message: string, purpose: string): string {
  const derived = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), purpose, 32));
  return createHmac('sha256', derived).update(message).digest('hex');
}

describe('the server key ring', () => {
  it('reads keys newest first, in base64 or hex, each with an id of its own or derived from it', () => {
    const parsed = parseKeyRing(` k2:${B.toString('base64')} , ${A.toString('hex')}`, 'TESSERA_SECRET_KEY');
    expect(parsed.map((entry) => entry.id)).toEqual(['k2', derivedKeyId(A)]);
    expect(parsed[1]!.key.equals(A)).toBe(true);
    expect(derivedKeyId(A)).toBe(derivedKeyId(Buffer.from(A)));
    expect(derivedKeyId(A)).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });

  it('refuses a short key, a bad id, and a key or id given twice, naming the setting', () => {
    const refusal = (text: string) => {
      try {
        parseKeyRing(text, 'TESSERA_SECRET_KEY');
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
    };
    expect(refusal('c2hvcnQ=')).toBe('TESSERA_SECRET_KEY must hold 32 bytes, in base64 or as 64 hexadecimal digits.');
    expect(refusal(`${B.toString('base64')},c2hvcnQ=`)).toMatch(/^TESSERA_SECRET_KEY \(key 2\) must hold 32 bytes/);
    expect(refusal(`a.b:${A.toString('base64')}`)).toMatch(/a key's id is 1 to 32 letters/);
    expect(refusal(`${A.toString('base64')},${A.toString('hex')}`)).toBe(
      'TESSERA_SECRET_KEY names a key or an id twice.',
    );
    expect(refusal(`k:${A.toString('base64')},k:${B.toString('base64')}`)).toMatch(/twice/);
    expect(refusal(' , ')).toBe('TESSERA_SECRET_KEY holds no key.');
  });

  it('seals with the newest key, naming it; an older key of the ring opens what it sealed, by its id', () => {
    const sealedWithA = ring(A).seal('secret', 'label');
    expect(SecretBox.keyIdOf(sealedWithA)).toBe(derivedKeyId(A));
    const rotated = ring(B, A);
    expect(rotated.open(sealedWithA, 'label')).toBe('secret');
    const sealedWithB = rotated.seal('secret', 'label');
    expect(SecretBox.keyIdOf(sealedWithB)).toBe(derivedKeyId(B));
    expect(ring(B).open(sealedWithB, 'label')).toBe('secret');
    // Bound to its label, as before.
    expect(() => rotated.open(sealedWithB, 'another label')).toThrow();
  });

  it('a value naming a key the ring lacks says which key, rather than trying the others', () => {
    const sealedWithA = ring(A).seal('secret', 'label');
    expect(() => ring(B, C).open(sealedWithA, 'label')).toThrow(UnknownSealingKey);
    expect(() => ring(B, C).open(sealedWithA, 'label')).toThrow(`sealed with key ${derivedKeyId(A)}`);
  });

  it('a value sealed before keys had ids opens with whichever key of the ring sealed it', () => {
    const legacy = legacySeal(A, 'secret', 'label');
    expect(ring(B, A).open(legacy, 'label')).toBe('secret');
    expect(ring(A, B).open(legacy, 'label')).toBe('secret');
    expect(ring(B, A).openingKeyId(legacy, 'label')).toBe(derivedKeyId(A));
    expect(() => ring(B, C).open(legacy, 'label')).toThrow();
  });

  it('audit seals name their key and hold under a ring that keeps it; bare seals of before hold under any key of the ring', () => {
    const message = '["audit-event","123456789012",1,"ab"]';
    const underA = ring(A).auditSealer.seal(message);
    expect(underA.startsWith(`${derivedKeyId(A)}.`)).toBe(true);
    expect(ring(B, A).auditSealer.holds(message, underA)).toBe(true);
    expect(ring(B).auditSealer.holds(message, underA)).toBe(false);
    expect(ring(B, A).auditSealer.holds('["audit-event","123456789012",2,"ab"]', underA)).toBe(false);
    // Another key under A's id does not make A's seals hold.
    const impostor = new SecretBox([{ id: derivedKeyId(A), key: C }]);
    expect(impostor.auditSealer.holds(message, underA)).toBe(false);
    const bare = legacyHmac(A, message, AUDIT_SEAL_PURPOSE);
    expect(ring(B, A).auditSealer.holds(message, bare)).toBe(true);
    expect(ring(B).auditSealer.holds(message, bare)).toBe(false);
    expect(ring(B, A).signatureKeyId(message, AUDIT_SEAL_PURPOSE, bare)).toBe(derivedKeyId(A));
  });

  it('publishes every key of the ring’s public key, newest first, and signs with the newest', () => {
    const rotated = ring(B, A);
    expect(rotated.publicKeys().map((jwk) => jwk.kid)).toEqual([ring(B).publicKey().kid, ring(A).publicKey().kid]);
    expect(rotated.publicKey()).toEqual(ring(B).publicKey());
    expect(rotated.publicSignature('m')).toBe(ring(B).publicSignature('m'));
  });
});
