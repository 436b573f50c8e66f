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
  const result = await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function confirmUserEmail(db: Db, userId: string, address: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ email_confirmed_at: now })
    .where('user_id', '=', userId)
    .where('email', '=', address)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The links that choose a password: reset and add-password links share this purpose. */
export const PASSWORD_LINKS = ['reset-password'];

/**
 * Ends every unused token of these purposes for a user: a newer link (`replaced`), or a change
 * that makes them pointless (`withdrawn`, the default), supersedes them. The link then says which.
 */
export async function retireEmailTokens(
  db: Db,
  userId: string,
  purposes: string[],
  now: number,
  reason: 'replaced' | 'withdrawn' = 'withdrawn',
): Promise<void> {
  await db
    .updateTable('email_tokens')
    .set({ used_at: now, ended_reason: reason })
    .where('user_id', '=', userId)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .execute();
}

export async function setPendingEmail(db: Db, userId: string, address: string | null): Promise<void> {
  await db.updateTable('users').set({ pending_email: address }).where('user_id', '=', userId).execute();
}

/** Makes a confirmed new address the user's email and login; password links mailed before end. */
export async function switchEmail(
  db: Db,
  userId: string,
  address: string,
  emailKey: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ email: address, email_key: emailKey, email_confirmed_at: now, pending_email: null })
    .where('user_id', '=', userId)
    .execute();
  // A password link was mailed to the old address: it must not outlive the switch (ATK-77).
  await retireEmailTokens(db, userId, PASSWORD_LINKS, now);
}

export async function confirmedAdditionalEmails(db: Db, accountId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('confirmed_additional_emails')
    .select('email_key')
    .where('account_id', '=', accountId)
    .execute();
  return new Set(rows.map((row) => row.email_key));
}

export async function confirmAdditionalEmail(db: Db, accountId: string, emailKey: string, now: number): Promise<void> {
  await db
    .insertInto('confirmed_additional_emails')
    .values({ account_id: accountId, email_key: emailKey, confirmed_at: now })
    .onConflict((conflict) => conflict.columns(['account_id', 'email_key']).doNothing())
    .execute();
}

/** Forgets the confirmations of addresses no longer in the account's list. */
export async function keepAdditionalConfirmations(db: Db, accountId: string, emailKeys: string[]): Promise<void> {
  let query = db.deleteFrom('confirmed_additional_emails').where('account_id', '=', accountId);
  if (emailKeys.length > 0) query = query.where('email_key', 'not in', emailKeys);
  await query.execute();
}
