import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Advanced security: sensitive actions of the account wait for a token validator.
  await db.schema
    .alterTable('accounts')
    .addColumn('advanced_security', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('accounts')
    .addColumn('validation_policy', 'text', (c) => c.notNull().defaultTo('OtherValidator'))
    .execute();
  // A sensitive call asked for and not yet run: its input is sealed (it may hold a password),
  // what it will change is kept apart in words a validator reads.
  await db.schema
    .createTable('operations')
    .addColumn('operation_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id').onDelete('cascade'))
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    // 'call': one of Tessera's calls, run once validated; 'platform': an action of the platform's
    // own services, told to its webhook.
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('call'))
    .addColumn('summary', 'text')
    .addColumn('webhook_url', 'text')
    .addColumn('input_sealed', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('failure', 'text')
    .addColumn('wrong_tries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('operations_account_created')
    .on('operations')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema.createIndex('operations_state_expires').on('operations').columns(['state', 'expires_at']).execute();
  // One token per validator and operation, stored hashed.
  await db.schema
    .createTable('operation_tokens')
    .addColumn('operation_id', 'text', (c) => c.notNull().references('operations.operation_id').onDelete('cascade'))
    .addColumn('validator_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('operation_tokens_pk', ['operation_id', 'validator_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('operation_tokens').execute();
  await db.schema.dropTable('operations').execute();
  await db.schema.alterTable('accounts').dropColumn('validation_policy').execute();
  await db.schema.alterTable('accounts').dropColumn('advanced_security').execute();
}
