import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Why a refusal was made (WrongPassword, AccessDenied, BadSignature…); null for what succeeded.
  await db.schema.alterTable('audit_events').addColumn('reason', 'text').execute();
  await db.schema
    .createIndex('audit_events_account_outcome')
    .on('audit_events')
    .columns(['account_id', 'outcome', 'seq'])
    .execute();
  await db.schema
    .createIndex('audit_events_account_target')
    .on('audit_events')
    .columns(['account_id', 'target', 'seq'])
    .execute();
  // Retention finds the accounts with events past their time without reading every account.
  await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
  // Where an account's kept chain starts once older events are pruned: the last pruned event's
  // seq and hash, signed with the server's key so that nobody can move the start by hand.
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  // A code a customer reads to support, who checks it: only its hash is kept; it serves once.
  await db.schema
    .createTable('support_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('support_codes_user').on('support_codes').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('support_codes').execute();
  await db.schema.dropTable('audit_checkpoints').execute();
  await db.schema.dropIndex('audit_events_at').execute();
  await db.schema.dropIndex('audit_events_account_target').execute();
  await db.schema.dropIndex('audit_events_account_outcome').execute();
  await db.schema.alterTable('audit_events').dropColumn('reason').execute();
}
