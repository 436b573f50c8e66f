import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // When an access key last signed a request, to the minute: a key nobody uses is one to delete.
  await db.schema.alterTable('access_keys').addColumn('last_used_at', 'bigint').execute();
  // Why a link ended before it was used: 'replaced' by a newer one, or 'withdrawn' (what it was
  // for changed). Null for a link used, or still live.
  await db.schema.alterTable('email_tokens').addColumn('ended_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('email_tokens').dropColumn('ended_reason').execute();
  await db.schema.alterTable('access_keys').dropColumn('last_used_at').execute();
}
