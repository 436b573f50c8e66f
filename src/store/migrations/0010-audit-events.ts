import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // What happened to an account, in order: each event carries the hash of the one before it,
  // so that rewriting or removing one breaks the chain from there on.
  await db.schema
    .createTable('audit_events')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('interface', 'text', (c) => c.notNull())
    .addColumn('credential', 'text')
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('operation_id', 'text')
    .addColumn('validated_by', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_events_pk', ['account_id', 'seq'])
    .execute();
  await db.schema.createIndex('audit_events_account_at').on('audit_events').columns(['account_id', 'at']).execute();
  await db.schema
    .createIndex('audit_events_account_action')
    .on('audit_events')
    .columns(['account_id', 'action', 'seq'])
    .execute();
  await db.schema
    .createIndex('audit_events_account_actor')
    .on('audit_events')
    .columns(['account_id', 'actor_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
}
