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
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, type Config } from '../config.js';
import { AUDIT_SEAL_PURPOSE, type AuditSealer } from '../domain/audit-chain.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts secrets at rest with AES-256-GCM. Each ciphertext is bound to a label (the access
 * key id), so a sealed secret copied onto another row does not open.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error('the server key must be 32 bytes');
  }

  seal(plaintext: string, label: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(label));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  private signingKey: KeyObject | undefined;

  /**
   * An Ed25519 key pair derived from the server key: what it signs (an audit trail's head) anyone
   * can check with the public key, published as a JWK, without holding any secret.
   */
  publicSignature(message: string): string {
    return cryptoSign(null, Buffer.from(message), this.ed25519()).toString('base64url');
  }

  publicKey(): { kty: string; crv: string; x: string; kid: string } {
    const { x } = createPublicKey(this.ed25519()).export({ format: 'jwk' }) as { x: string };
    return { kty: 'OKP', crv: 'Ed25519', x, kid: createHash('sha256').update(x).digest('hex').slice(0, 16) };
  }

  private ed25519(): KeyObject {
    if (!this.signingKey) {
      const seed = Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), 'ed25519-signing', KEY_BYTES));
      // PKCS #8 for an Ed25519 private key is a fixed prefix and its 32-byte seed (RFC 8410).
      const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
      this.signingKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    }
    return this.signingKey;
  }

  /** HMAC-SHA256 of a message under a key of its own, derived for `purpose`: a signature only this server can make. */
  sign(message: string, purpose: string): string {
    return createHmac('sha256', this.derivedKey(purpose)).update(message).digest('hex');
  }

  // Derived once per purpose: every audit event is sealed with one, on the hot write path.
  private readonly derivedKeys = new Map<string, Buffer>();

  private derivedKey(purpose: string): Buffer {
    let key = this.derivedKeys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), purpose, KEY_BYTES));
      this.derivedKeys.set(purpose, key);
    }
    return key;
  }

  open(sealed: string, label: string): string {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(label));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/** The server's key, as configured or kept in the data folder. */
export function serverSecrets(config: Pick<Config, 'secretKey' | 'dataDir'>): SecretBox {
  return new SecretBox(loadServerKey(config.secretKey, join(config.dataDir, 'secret.key')));
}

/** Seals the audit trail with the server's key (see domain/audit-chain.ts). */
export function auditSealer(box: SecretBox): AuditSealer {
  return (message) => box.sign(message, AUDIT_SEAL_PURPOSE);
}

function decodeKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES)
    throw new ConfigError(`${source} must hold 32 bytes, in base64 or as 64 hexadecimal digits.`);
  return key;
}

/**
 * The server key: `TESSERA_SECRET_KEY` when set (required to share one PostgreSQL between
 * several processes), else `<data dir>/secret.key`, created on first start, readable by its
 * owner only.
 */
export function loadServerKey(configured: string | undefined, file: string): Buffer {
  if (configured) return decodeKey(configured, 'TESSERA_SECRET_KEY');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return decodeKey(readFileSync(file, 'utf8'), file);
}
