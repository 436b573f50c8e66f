import { sql, type Kysely } from 'kysely';

const GENESIS = '0'.repeat(64);

export async function up(db: Kysely<unknown>): Promise<void> {
  // Bumped by every change of the profile: an update guarded by the version it read writes in
  // one statement, without locking the row first, and never over a change it did not see.
  await db.schema
    .alterTable('accounts')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The head of the account's audit chain: locking the account's row to append an event reads
  // the last seq and hash in the same statement, and they survive retention pruning every event.
  await db.schema
    .alterTable('accounts')
    .addColumn('audit_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('accounts')
    .addColumn('audit_hash', 'text', (c) => c.notNull().defaultTo(GENESIS))
    .execute();
  // The last event, else the checkpoint of a trail pruned whole.
  await sql`
    update accounts set
      audit_seq = coalesce(
        (select max(seq) from audit_events e where e.account_id = accounts.account_id),
        (select seq from audit_checkpoints c where c.account_id = accounts.account_id),
        0),
      audit_hash = coalesce(
        (select hash from audit_events e where e.account_id = accounts.account_id order by seq desc limit 1),
        (select hash from audit_checkpoints c where c.account_id = accounts.account_id),
        ${GENESIS})
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['audit_hash', 'audit_seq', 'version'])
    await db.schema.alterTable('accounts').dropColumn(column).execute();
}
