import type { Kysely } from 'kysely';

/**
 * Tessera as an OpenID provider (src/oidc-provider/): what oidc-provider keeps (sessions,
 * interactions, grants, codes, tokens), one row per record, and the provider's signing keys,
 * sealed with the server key. A record that belongs to a Tessera session (a grant and what it
 * issued) goes with it: ending the session, by whatever call or sweep, ends them too; a record
 * of a user goes with the user. Sessions say when their second factor was last proved.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oidc_provider_records')
    // "<model>:<SHA-256 of the id>": one key, as the expiry sweep deletes by one column; a code or
    // an opaque token is its own id, so the id itself is never stored.
    .addColumn('record_key', 'text', (c) => c.primaryKey())
    .addColumn('model', 'text', (c) => c.notNull())
    // oidc-provider's JSON, sealed with the server key, bound to its record_key.
    .addColumn('payload', 'text', (c) => c.notNull())
    // Not a secret by itself: a grant's id, for revoking what it issued.
    .addColumn('grant_id', 'text')
    // SHA-256 digests, for the lookups by uid and by user code.
    .addColumn('uid', 'text')
    .addColumn('user_code', 'text')
    .addColumn('user_id', 'text', (c) => c.references('users.user_id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.references('sessions.session_id').onDelete('cascade'))
    .addColumn('consumed_at', 'bigint')
    // When an interaction began: a sign-in after it meets prompt=login.
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  for (const column of ['grant_id', 'uid', 'user_code', 'user_id', 'session_id', 'expires_at'])
    await db.schema.createIndex(`oidc_provider_records_${column}`).on('oidc_provider_records').column(column).execute();
  await db.schema
    .createTable('oidc_provider_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('jwk_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('sessions').addColumn('second_factor_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('second_factor_at').execute();
  await db.schema.dropTable('oidc_provider_keys').execute();
  await db.schema.dropTable('oidc_provider_records').execute();
}
