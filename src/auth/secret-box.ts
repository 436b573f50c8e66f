import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  randomBytes,
  sign as cryptoSign,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { AUDIT_SEAL_PURPOSE, type AuditSealer } from '../domain/audit-chain.js';
import { derivedKeyId, KEY_BYTES, loadKeyRing, type RingKey } from './key-ring.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value names the key that sealed it, before a dot: `<key id>.<base64>` (`<key id>.<hex>` for an HMAC). */
const SEPARATOR = '.';

/** A value sealed with a key the ring does not hold: the start-up check (auth/key-ring-check.ts) keeps it from happening. */
export class UnknownSealingKey extends Error {
  constructor(readonly keyId: string) {
    super(`a value is sealed with key ${keyId}, which TESSERA_SECRET_KEY does not hold`);
  }
}

/** One key of the ring, with what is derived from it once. */
class RingEntry {
  private readonly derived = new Map<string, Buffer>();
  private signing: KeyObject | undefined;

  constructor(
    readonly id: string,
    readonly key: Buffer,
  ) {
    if (key.length !== KEY_BYTES) throw new Error('the server key must be 32 bytes');
  }

  // Derived once per purpose: every audit event is sealed with one, on the hot write path.
  hmacKey(purpose: string): Buffer {
    let key = this.derived.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), purpose, KEY_BYTES));
      this.derived.set(purpose, key);
    }
    return key;
  }

  hmac(message: string, purpose: string): string {
    return createHmac('sha256', this.hmacKey(purpose)).update(message).digest('hex');
  }

  ed25519(): KeyObject {
    if (!this.signing) {
      const seed = Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), 'ed25519-signing', KEY_BYTES));
      // PKCS #8 for an Ed25519 private key is a fixed prefix and its 32-byte seed (RFC 8410).
      const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
      this.signing = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    }
    return this.signing;
  }

  open(bytes: Buffer, label: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(label));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
}

/**
 * Encrypts secrets at rest with AES-256-GCM under the server's key ring. Each ciphertext is bound
 * to a label (the access key id), so a sealed secret copied onto another row does not open, and
 * names the key that sealed it, so that opening it takes one lookup, not a trial of every key.
 * The newest key of the ring seals; older keys still open what they sealed, until `tessera
 * reseal` has sealed everything again with the newest and they can go. A value sealed before
 * keys had ids (no dot) is tried with every key, oldest first: there are none left after a reseal.
 */
export class SecretBox {
  private readonly ring: RingEntry[];
  private readonly byId = new Map<string, RingEntry>();
  /** The audit chain's sealer (domain/audit-chain.ts), made once. */
  readonly auditSealer: AuditSealer;

  constructor(keys: Buffer | RingKey[]) {
    const ring = Buffer.isBuffer(keys) ? [{ id: derivedKeyId(keys), key: keys }] : keys;
    if (ring.length === 0) throw new Error('the server key ring is empty');
    this.ring = ring.map(({ id, key }) => new RingEntry(id, key));
    for (const entry of this.ring) this.byId.set(entry.id, entry);
    this.auditSealer = {
      seal: (message) => this.sign(message, AUDIT_SEAL_PURPOSE),
      holds: (message, given) => this.signatureHolds(message, AUDIT_SEAL_PURPOSE, given),
    };
  }

  private get newest(): RingEntry {
    return this.ring[0]!;
  }

  /** The id of the key that seals now. */
  get newestKeyId(): string {
    return this.newest.id;
  }

  /** Every key's id, newest first. */
  keyIds(): string[] {
    return this.ring.map((entry) => entry.id);
  }

  holdsKey(id: string): boolean {
    return this.byId.has(id);
  }

  /** The id of the key a sealed value or signature names; undefined for one sealed before keys had ids. */
  static keyIdOf(sealed: string): string | undefined {
    const dot = sealed.indexOf(SEPARATOR);
    return dot < 0 ? undefined : sealed.slice(0, dot);
  }

  seal(plaintext: string, label: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.newest.key, iv);
    cipher.setAAD(Buffer.from(label));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${this.newest.id}${SEPARATOR}${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  open(sealed: string, label: string): string {
    const dot = sealed.indexOf(SEPARATOR);
    if (dot >= 0) return this.entry(sealed.slice(0, dot)).open(Buffer.from(sealed.slice(dot + 1), 'base64'), label);
    const bytes = Buffer.from(sealed, 'base64');
    let failure: unknown;
    for (const entry of [...this.ring].reverse())
      try {
        return entry.open(bytes, label);
      } catch (error) {
        failure = error;
      }
    throw failure;
  }

  private entry(id: string): RingEntry {
    const entry = this.byId.get(id);
    if (!entry) throw new UnknownSealingKey(id);
    return entry;
  }

  /** HMAC-SHA256 of a message under a key of its own, derived for `purpose` from the newest key, naming it. */
  sign(message: string, purpose: string): string {
    return `${this.newest.id}${SEPARATOR}${this.newest.hmac(message, purpose)}`;
  }

  /** Whether `given` is `sign(message, purpose)` by a key of the ring: the one it names, or any for an unnamed one. */
  signatureHolds(message: string, purpose: string, given: string): boolean {
    const dot = given.indexOf(SEPARATOR);
    const candidates = dot < 0 ? this.ring : [this.byId.get(given.slice(0, dot))].filter((e) => e !== undefined);
    const actual = Buffer.from(dot < 0 ? given : given.slice(dot + 1));
    return candidates.some((entry) => {
      const expected = Buffer.from(entry.hmac(message, purpose));
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    });
  }

  /** `sign(message, purpose)` as the ring's key `keyId` makes it. */
  signWith(keyId: string, message: string, purpose: string): string {
    return `${keyId}${SEPARATOR}${this.entry(keyId).hmac(message, purpose)}`;
  }

  /** The id of the ring's key whose HMAC for `purpose` `given` is, whether it names it or not. */
  signatureKeyId(message: string, purpose: string, given: string): string | undefined {
    const plain = given.slice(given.indexOf(SEPARATOR) + 1);
    return this.ring.find((entry) => this.signatureHolds(message, purpose, `${entry.id}${SEPARATOR}${plain}`))?.id;
  }

  /** The id of the ring's key that opens a value sealed before keys had ids, if one does. */
  openingKeyId(sealed: string, label: string): string | undefined {
    const named = SecretBox.keyIdOf(sealed);
    if (named !== undefined) return this.byId.has(named) ? named : undefined;
    const bytes = Buffer.from(sealed, 'base64');
    return this.ring.find((entry) => {
      try {
        entry.open(bytes, label);
        return true;
      } catch {
        return false;
      }
    })?.id;
  }

  /**
   * An Ed25519 signature by a key pair derived from the newest key: what it signs (an audit
   * trail's head) anyone can check with the public key, published as a JWK, without any secret.
   */
  publicSignature(message: string): string {
    return cryptoSign(null, Buffer.from(message), this.newest.ed25519()).toString('base64url');
  }

  /** The public key that checks `publicSignature` now. */
  publicKey(): PublicJwk {
    return jwkOf(this.newest);
  }

  /** Every key of the ring's public key, newest first: heads signed before a rotation still check. */
  publicKeys(): PublicJwk[] {
    return this.ring.map(jwkOf);
  }
}

function jwkOf(entry: RingEntry): PublicJwk {
  const { x } = createPublicKey(entry.ed25519()).export({ format: 'jwk' }) as { x: string };
  return { kty: 'OKP', crv: 'Ed25519', x, kid: createHash('sha256').update(x).digest('hex').slice(0, 16) };
}

/** The server's key ring, as configured or kept in the data folder. */
export function serverSecrets(config: Pick<Config, 'secretKey' | 'dataDir'>): SecretBox {
  return new SecretBox(loadKeyRing(config.secretKey, join(config.dataDir, 'secret.key')));
}

/** Where the ring comes from, as a sentence about it names it. */
export function keyRingSource(config: Pick<Config, 'secretKey' | 'dataDir'>): string {
  return config.secretKey
    ? 'TESSERA_SECRET_KEY'
    : `${join(config.dataDir, 'secret.key')} (TESSERA_SECRET_KEY is not set)`;
}

/** Seals the audit trail with the server's key ring (see domain/audit-chain.ts). */
export function auditSealer(box: SecretBox): AuditSealer {
  return box.auditSealer;
}
