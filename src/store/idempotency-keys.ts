import type { Kysely, Transaction } from 'kysely';
import type { Database, IdempotencyKeysTable } from './schema.js';

export type KeptAnswer = Pick<IdempotencyKeysTable, 'request_hash' | 'status' | 'answer_sealed'>;

/** The answer kept for this key, unless it has expired (the key may then serve again). */
export function findKeptAnswer(db: Kysely<Database>, keyHash: string, now: number): Promise<KeptAnswer | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status', 'answer_sealed'])
    .where('key_hash', '=', keyHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Keeps the answer in the change's transaction; false when the key already holds a live answer
 * (another request with it committed first — on PostgreSQL this waits for it). An expired one is
 * replaced.
 */
export async function keepAnswer(db: Transaction<Database>, row: IdempotencyKeysTable, now: number): Promise<boolean> {
  const { key_hash: _key, ...answer } = row;
  const kept = await db
    .insertInto('idempotency_keys')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('key_hash').doUpdateSet(answer).where('idempotency_keys.expires_at', '<=', now),
    )
    .returning('key_hash')
    .executeTakeFirst();
  return kept !== undefined;
}
