import { sql, type Kysely, type Transaction } from 'kysely';
import type { Engine } from './database.js';
import type { Database, OidcProviderKeysTable } from './schema.js';

export type ProviderKeyRow = OidcProviderKeysTable;

/** What a key's sealed JWK is bound to: it opens on no other row kind. */
export const PROVIDER_KEY_LABEL = 'oidc-provider-key';

/** The provider's keys, newest first. */
export async function listProviderKeys(db: Kysely<Database> | Transaction<Database>): Promise<ProviderKeyRow[]> {
  return db.selectFrom('oidc_provider_keys').selectAll().orderBy('created_at', 'desc').orderBy('kid').execute();
}

export async function insertProviderKey(
  db: Kysely<Database> | Transaction<Database>,
  key: ProviderKeyRow,
): Promise<void> {
  await db
    .insertInto('oidc_provider_keys')
    .values(key)
    .onConflict((conflict) => conflict.column('kid').doNothing())
    .execute();
}

/** Forgets keys made before `before`, but for `keep` (the one that signs). */
export async function deleteProviderKeysBefore(db: Kysely<Database>, before: number, keep: string): Promise<void> {
  await db.deleteFrom('oidc_provider_keys').where('created_at', '<', before).where('kid', '!=', keep).execute();
}

/**
 * Runs `work` while no other instance runs it: instances starting together on one PostgreSQL make
 * one key, not one each (SQLite has one writer, one process).
 */
export async function withKeysLocked<T>(
  db: Kysely<Database>,
  engine: Engine,
  work: (tx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    if (engine === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('oidc_provider_keys'))`.execute(tx);
    return work(tx);
  });
}
