import type { Kysely } from 'kysely';

/**
 * What a validated call answered that its requester must see once (a secret key, recovery
 * codes): sealed with the server key until they read it, then wiped. And the user an operation
 * acts on, by id: a name can be given to someone else before it runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('operations').addColumn('result_sealed', 'text').execute();
  await db.schema.alterTable('operations').addColumn('subject_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('operations').dropColumn('subject_id').execute();
  await db.schema.alterTable('operations').dropColumn('result_sealed').execute();
}
