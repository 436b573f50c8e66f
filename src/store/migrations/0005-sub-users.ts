import { sql, type Kysely } from 'kysely';

// A sub-user may have no email (OAPI's UserEmail is optional): the login columns become
// nullable. SQLite cannot drop a NOT NULL, so there the table is rebuilt the documented way
// (sqlite.org/lang_altertable.html, "other kinds of table schema changes"), with foreign keys
// off so that dropping the old table does not cascade into sessions and keys. Kysely runs
// SQLite migrations outside a transaction, which lets the pragma take effect.
async function loginColumnsNullable(db: Kysely<unknown>, engine: 'sqlite' | 'postgres'): Promise<void> {
  if (engine === 'postgres') {
    await sql`alter table users alter column email drop not null`.execute(db);
    await sql`alter table users alter column email_key drop not null`.execute(db);
    return;
  }
  await sql`pragma foreign_keys = off`.execute(db);
  await sql`create table users_rebuilt (
    user_id text primary key,
    account_id text not null references accounts(account_id) on delete cascade,
    email text,
    email_key text unique,
    password_hash text,
    is_owner integer not null default 0,
    language text not null default 'en',
    created_at bigint not null,
    email_confirmed_at bigint,
    pending_email text
  )`.execute(db);
  await sql`insert into users_rebuilt select user_id, account_id, email, email_key, password_hash, is_owner, language, created_at, email_confirmed_at, pending_email from users`.execute(
    db,
  );
  await sql`drop table users`.execute(db);
  await sql`alter table users_rebuilt rename to users`.execute(db);
  await sql`create index users_account_id on users (account_id)`.execute(db);
  const { rows } = await sql`pragma foreign_key_check`.execute(db);
  if (rows.length > 0) throw new Error('rebuilding the users table broke a foreign key');
  await sql`pragma foreign_keys = on`.execute(db);
}

export async function up(db: Kysely<unknown>, engine: 'sqlite' | 'postgres'): Promise<void> {
  await loginColumnsNullable(db, engine);
  await db.schema
    .alterTable('users')
    // OAPI's EIM name, unique per account without regard to case; the owner has none.
    .addColumn('user_name', 'text')
    .execute();
  await db.schema.alterTable('users').addColumn('user_name_key', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('path', 'text', (c) => c.notNull().defaultTo('/'))
    .execute();
  await db.schema.alterTable('users').addColumn('first_name', 'text').execute();
  await db.schema.alterTable('users').addColumn('last_name', 'text').execute();
  await db.schema.alterTable('users').addColumn('phone_number', 'text').execute();
  // JSON array of right names; the owner's is ignored (the owner holds every right).
  await db.schema
    .alterTable('users')
    .addColumn('rights', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute();
  await db.schema
    .alterTable('users')
    .addColumn('updated_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update users set updated_at = created_at`.execute(db);
  await db.schema
    .createIndex('users_account_user_name')
    .on('users')
    .columns(['account_id', 'user_name_key'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_account_user_name').execute();
  for (const column of [
    'updated_at',
    'disabled_at',
    'rights',
    'phone_number',
    'last_name',
    'first_name',
    'path',
    'user_name_key',
    'user_name',
  ]) {
    await db.schema.alterTable('users').dropColumn(column).execute();
  }
}
