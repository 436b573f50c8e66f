import type { Kysely } from 'kysely';

/** What expires, and the column that says when: each swept by an index, never by a full scan. */
const EXPIRING: [table: string, column: string][] = [
  ['sessions', 'expires_at'],
  ['email_tokens', 'expires_at'],
  ['oidc_flows', 'expires_at'],
  ['sign_in_challenges', 'expires_at'],
  ['webauthn_challenges', 'expires_at'],
  ['support_codes', 'expires_at'],
  ['auth_failures', 'updated_at'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of EXPIRING)
    await db.schema.createIndex(`${table}_${column}`).on(table).column(column).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of EXPIRING) await db.schema.dropIndex(`${table}_${column}`).execute();
}
