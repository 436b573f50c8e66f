import type { Kysely } from 'kysely';

/**
 * A row per key of the server ring that sealed something here, each with a value it sealed (a
 * canary): a start with a ring that lacks one of them, or holds another key under its id, stops at
 * once instead of failing on the first sealed value it meets (auth/key-ring-check.ts). Written
 * before a key seals anything; `tessera reseal` deletes a key's row once nothing it sealed is left.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('secret_key_canaries')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('canary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('secret_key_canaries').execute();
}
