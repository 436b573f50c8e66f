import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Signatures of the writes already received, kept until their date leaves the accepted window:
  // a replayed request is refused by whichever instance gets it.
  await db.schema
    .createTable('used_signatures')
    .addColumn('signature', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('used_signatures_expires_at').on('used_signatures').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('used_signatures').execute();
}
