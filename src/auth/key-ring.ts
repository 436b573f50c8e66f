import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config.js';
import { privateDirectory } from '../store/private-files.js';

export const KEY_BYTES = 32;

/** One key of the server's ring and the short id that every value it seals carries. */
export interface RingKey {
  id: string;
  key: Buffer;
}

/** A key id: what a sealed value names before its first dot, so never a dot nor a base64 or hex-only hint. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * A key's id when the ring does not name it: derived from the key (HKDF, so it tells nothing of
 * it), so that the same key keeps the same id from one start to the next.
 */
export function derivedKeyId(key: Buffer): string {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'tessera-key-id', 6)).toString('base64url');
}

function decodeKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES)
    throw new ConfigError(`${source} must hold 32 bytes, in base64 or as 64 hexadecimal digits.`);
  return key;
}

/**
 * A ring as written in `TESSERA_SECRET_KEY` (or the data folder's `secret.key`): keys separated
 * by commas, newest first, each `key` or `id:key` (an id of 1–32 letters, digits, `-` or `_`).
 * The newest seals; the others only open what they sealed.
 */
export function parseKeyRing(text: string, source: string): RingKey[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new ConfigError(`${source} holds no key.`);
  const ring = entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const where = entries.length > 1 ? `${source} (key ${index + 1})` : source;
    const key = decodeKey(colon < 0 ? entry : entry.slice(colon + 1), where);
    const id = colon < 0 ? derivedKeyId(key) : entry.slice(0, colon);
    if (!KEY_ID.test(id))
      throw new ConfigError(`${where}: a key's id is 1 to 32 letters, digits, "-" or "_" (as in id:key).`);
    return { id, key };
  });
  const ids = new Set(ring.map((entry) => entry.id));
  const keys = new Set(ring.map((entry) => entry.key.toString('hex')));
  if (ids.size < ring.length || keys.size < ring.length) throw new ConfigError(`${source} names a key or an id twice.`);
  return ring;
}

/**
 * The server's ring: `TESSERA_SECRET_KEY` when set (required to share one PostgreSQL between
 * several processes), else `<data dir>/secret.key`, created on first start with one key,
 * readable by its owner only.
 */
export function loadKeyRing(configured: string | undefined, file: string): RingKey[] {
  if (configured) return parseKeyRing(configured, 'TESSERA_SECRET_KEY');
  if (!existsSync(file)) {
    privateDirectory(dirname(file));
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return parseKeyRing(readFileSync(file, 'utf8'), file);
}
