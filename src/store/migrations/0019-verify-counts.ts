import type { Kysely } from 'kysely';

/**
 * How many requests signed with a key other services of the platform had Tessera verify
 * (VerifyRequest): counted in memory and added when the key's last use is noted, at most once a
 * minute, so that verifying adds no write per request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('access_keys')
    .addColumn('verified_requests', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_keys').dropColumn('verified_requests').execute();
}
