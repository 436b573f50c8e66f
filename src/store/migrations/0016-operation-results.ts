import type { Kysely } from 'kysely';

/**
 * What a validated call answered that its requester must see once (a secret key, recovery
 * codes): sealed with the server key until they read it, then wiped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('operations').addColumn('result_sealed', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('operations').dropColumn('result_sealed').execute();
}
