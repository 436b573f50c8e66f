import type { Kysely } from 'kysely';
import type { Database, OidcProviderKeysTable } from './schema.js';

export type ProviderKeyRow = OidcProviderKeysTable;

/** The provider's keys, newest first. */
export async function listProviderKeys(db: Kysely<Database>): Promise<ProviderKeyRow[]> {
  return db.selectFrom('oidc_provider_keys').selectAll().orderBy('created_at', 'desc').orderBy('kid').execute();
}

export async function insertProviderKey(db: Kysely<Database>, key: ProviderKeyRow): Promise<void> {
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
