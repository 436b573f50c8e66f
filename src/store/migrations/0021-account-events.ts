import type { Kysely } from 'kysely';

/**
 * The account events for the platform's services (billing…), written in the transaction of the
 * change they tell, and what each configured endpoint has still to acknowledge. An event is
 * ordered in its account by the Seq of the change's audit event (taken under the account's chain
 * head, so in commit order) and its position among the events of that change. A delivery row is
 * deleted once its endpoint acknowledged it; an event whose deliveries are all gone is pruned
 * after a while. No foreign key: a deleted account's events still go out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addUniqueConstraint('account_events_order', ['account_id', 'seq', 'position'])
    .execute();
  await db.schema.createIndex('account_events_occurred_at').on('account_events').column('occurred_at').execute();
  await db.schema
    .createTable('account_event_deliveries')
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_until', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_event_deliveries_pk', ['endpoint', 'event_id'])
    .execute();
  // The head of each account's queue for an endpoint: nothing after it goes before it is acknowledged.
  await db.schema
    .createIndex('account_event_deliveries_order')
    .on('account_event_deliveries')
    .columns(['endpoint', 'account_id', 'seq', 'position'])
    .execute();
  await db.schema
    .createIndex('account_event_deliveries_due')
    .on('account_event_deliveries')
    .column('next_attempt_at')
    .execute();
  await db.schema
    .createIndex('account_event_deliveries_event')
    .on('account_event_deliveries')
    .column('event_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_event_deliveries').execute();
  await db.schema.dropTable('account_events').execute();
}
