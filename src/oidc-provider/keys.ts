import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SecretBox } from '../auth/secret-box.js';
import type { Engine } from '../store/database.js';
import {
  PROVIDER_KEY_LABEL,
  deleteProviderKeysBefore,
  insertProviderKey,
  listProviderKeys,
  withKeysLocked,
} from '../store/oidc-provider-keys.js';
import type { Database } from '../store/schema.js';

/** A private signing key as oidc-provider takes it. */
export type SigningJwk = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };

/** How long a replaced key stays published: ID tokens it signed (an hour at most) still verify, caches refresh. */
export const RETIRED_KEY_KEPT_MS = 7 * 24 * 3_600_000;

function newKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const kid = createHash('sha256')
    .update(jwk.n ?? '')
    .digest('base64url')
    .slice(0, 16);
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

/**
 * The provider's signing keys, newest (the one that signs) first: made on first start, sealed with
 * the server key in the database that every instance shares, replaced once older than `rotateAfterMs`;
 * a replaced key stays published for RETIRED_KEY_KEPT_MS, then goes. Instances starting or
 * rotating together make one key between them (withKeysLocked).
 */
export async function signingKeys(
  db: Kysely<Database>,
  engine: Engine,
  box: SecretBox,
  now: number,
  rotateAfterMs: number,
): Promise<SigningJwk[]> {
  let rows = await listProviderKeys(db);
  if (!rows[0] || rows[0].created_at <= now - rotateAfterMs) {
    // Made outside the lock: an RSA key takes a moment.
    const key = newKey();
    rows = await withKeysLocked(db, engine, async (tx) => {
      const newest = (await listProviderKeys(tx))[0];
      if (!newest || newest.created_at <= now - rotateAfterMs)
        await insertProviderKey(tx, {
          kid: key.kid,
          jwk_sealed: box.seal(JSON.stringify(key), PROVIDER_KEY_LABEL),
          created_at: now,
        });
      return listProviderKeys(tx);
    });
  }
  const signing = rows[0];
  if (signing) await deleteProviderKeysBefore(db, now - rotateAfterMs - RETIRED_KEY_KEPT_MS, signing.kid);
  return rows
    .filter((row) => row === signing || row.created_at > now - rotateAfterMs - RETIRED_KEY_KEPT_MS)
    .map((row) => JSON.parse(box.open(row.jwk_sealed, PROVIDER_KEY_LABEL)) as SigningJwk);
}
