import type { Kysely } from 'kysely';

/**
 * What a write answered, by the idempotency key its caller sent: a request retried after its
 * answer was lost (a failover during COMMIT) is answered the same instead of acting twice. The
 * answer is sealed with the server key (it may hold a secret key); the key is stored hashed with
 * the user and the credential it belongs to. No foreign key: a call may delete its own caller (an
 * unconfirmed account's reset), and the row expires within the hour anyway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('answer_sealed', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idempotency_keys_expires_at').on('idempotency_keys').column('expires_at').execute();
  await db.schema.createIndex('idempotency_keys_user_id').on('idempotency_keys').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
