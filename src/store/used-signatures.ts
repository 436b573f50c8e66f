import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Records a signature as used until `expiresAt`; false when it was already recorded, by this
 * process or another. Expired records are swept on the way.
 */
export async function rememberSignature(
  db: Kysely<Database>,
  signature: string,
  expiresAt: number,
  now: number,
): Promise<boolean> {
  await db.deleteFrom('used_signatures').where('expires_at', '<', now).execute();
  const inserted = await db
    .insertInto('used_signatures')
    .values({ signature, expires_at: expiresAt })
    .onConflict((conflict) => conflict.column('signature').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
}
