import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, EmailTokensTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type EmailTokenRow = Selectable<EmailTokensTable>;

export async function insertEmailToken(db: Db, row: EmailTokenRow): Promise<void> {
  await db.insertInto('email_tokens').values(row).execute();
}

export async function findEmailToken(db: Db, tokenHash: string): Promise<EmailTokenRow | undefined> {
  return db.selectFrom('email_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a token used; false when it already was, so that of two racing uses exactly one wins. */
export async function useEmailToken(db: Db, tokenHash: string, now: number): Promise<boolean> {
  const result = await db.updateTable('email_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function confirmUserEmail(db: Db, userId: string, address: string, now: number): Promise<boolean> {
  const result = await db.updateTable('users').set({ email_confirmed_at: now }).where('user_id', '=', userId).where('email', '=', address).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
