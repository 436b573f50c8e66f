import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
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

  /** HMAC-SHA256 of a message under a key of its own, derived for `purpose`: a signature only this server can make. */
  sign(message: string, purpose: string): string {
    const key = Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), purpose, KEY_BYTES));
    return createHmac('sha256', key).update(message).digest('hex');
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
