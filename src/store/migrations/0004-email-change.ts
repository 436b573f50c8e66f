import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // When the session's user last proved their password: sensitive changes need it recent.
  await db.schema
    .alterTable('sessions')
    .addColumn('authenticated_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update sessions set authenticated_at = created_at`.execute(db);
  // The address a user asked to switch to, until its owner confirms it.
  await db.schema.alterTable('users').addColumn('pending_email', 'text').execute();
  await db.schema
    .createTable('confirmed_additional_emails')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id').onDelete('cascade'))
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('confirmed_additional_emails_pk', ['account_id', 'email_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('confirmed_additional_emails').execute();
  await db.schema.alterTable('users').dropColumn('pending_email').execute();
  await db.schema.alterTable('sessions').dropColumn('authenticated_at').execute();
}
