import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Records a signature as used until `expiresAt`, in the transaction of the change it signs (a
 * change rolled back leaves it unused, so that a retry works) — or at once, for a request another
 * service verifies (VerifyRequest); false when it is already recorded,
 * by this process or another — on PostgreSQL a concurrent record waits for the other to end.
 */
export async function rememberSignature(
  tx: Kysely<Database> | Transaction<Database>,
  signature: string,
  expiresAt: number,
): Promise<boolean> {
  const inserted = await tx
    .insertInto('used_signatures')
    .values({ signature, expires_at: expiresAt })
    .onConflict((conflict) => conflict.column('signature').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function isSignatureUsed(db: Kysely<Database>, signature: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('used_signatures')
      .select('signature')
      .where('signature', '=', signature)
      .executeTakeFirst()) !== undefined
  );
}
