import type { Kysely, Transaction, Updateable } from 'kysely';
import { userNameKey } from '../domain/eim-names.js';
import type { Database, UsersTable } from './schema.js';
import type { WriteTransaction } from './transaction.js';
import type { UserRow } from './users.js';

type Db = Kysely<Database> | Transaction<Database>;

function userByName(db: Db, accountId: string, userName: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('user_name_key', '=', userNameKey(userName));
}

/** An account's user by EIM name; other accounts' users are never found. */
export async function findUserByName(db: Db, accountId: string, userName: string): Promise<UserRow | undefined> {
  return userByName(db, accountId, userName).executeTakeFirst();
}

/** The same, locked until the transaction ends. */
export async function lockUserByName(
  tx: WriteTransaction,
  accountId: string,
  userName: string,
): Promise<UserRow | undefined> {
  return tx.lock(userByName(tx.db, accountId, userName)).executeTakeFirst();
}

export interface UserPage {
  users: UserRow[];
  hasMore: boolean;
}

/** An account's EIM users (never its owner), by name, optionally only those with the given ids. */
export async function listSubUsers(
  db: Db,
  accountId: string,
  page: { userIds?: readonly string[]; offset: number; limit: number },
): Promise<UserPage> {
  if (page.userIds?.length === 0) return { users: [], hasMore: false };
  let query = db.selectFrom('users').selectAll().where('account_id', '=', accountId).where('is_owner', '=', 0);
  if (page.userIds) query = query.where('user_id', 'in', page.userIds);
  const rows = await query
    .orderBy('user_name_key')
    .offset(page.offset)
    .limit(page.limit + 1)
    .execute();
  return { users: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export async function updateUserRow(db: Db, userId: string, changes: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(changes).where('user_id', '=', userId).execute();
}

/** Deletes a user; their sessions, keys and email links go with them (foreign keys cascade). */
export async function deleteUserRow(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('users').where('user_id', '=', userId).execute();
}

/** Deletes every user of an account but its owner; their sessions, keys and links go with them. */
export async function deleteSubUsers(db: Db, accountId: string): Promise<void> {
  await db.deleteFrom('users').where('account_id', '=', accountId).where('is_owner', '=', 0).execute();
}

/** Turns every key of a user off at once: a disabled user's keys stop working on the next request. */
export async function deactivateUserKeys(db: Db, userId: string, now: number): Promise<void> {
  await db
    .updateTable('access_keys')
    .set({ state: 'INACTIVE', updated_at: now })
    .where('user_id', '=', userId)
    .where('state', '=', 'ACTIVE')
    .execute();
}
