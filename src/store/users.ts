import type { Kysely, Selectable, Transaction } from 'kysely';
import { PASSWORD_LINKS, retireEmailTokens } from './email-tokens.js';
import { endProviderRecordsOf } from './oidc-provider-records.js';
import type { Database, UsersTable } from './schema.js';
import type { WriteTransaction } from './transaction.js';

type Db = Kysely<Database> | Transaction<Database>;

export type UserRow = Selectable<UsersTable>;

/** A user who has an email address, and so a login. */
export type UserWithEmail = UserRow & { email: string; email_key: string };

/** An owner whose sign-up address is not confirmed yet: no password opens the account before the link does. */
export function awaitsConfirmation(user: UserRow): boolean {
  return user.is_owner === 1 && user.email_confirmed_at === null;
}

export function hasEmail(user: UserRow): user is UserWithEmail {
  return user.email !== null && user.email_key !== null;
}

export async function findUserByEmailKey(db: Db, emailKey: string): Promise<UserWithEmail | undefined> {
  const user = await db.selectFrom('users').selectAll().where('email_key', '=', emailKey).executeTakeFirst();
  return user && hasEmail(user) ? user : undefined;
}

type SubUserColumns =
  | 'user_name'
  | 'user_name_key'
  | 'path'
  | 'first_name'
  | 'last_name'
  | 'phone_number'
  | 'rights'
  | 'disabled_at'
  | 'updated_at';

/** A new user: what is not given takes its default (an owner gives none of the sub-user columns). */
export async function insertUser(
  db: Db,
  user: Omit<UserRow, SubUserColumns> & Partial<Pick<UserRow, SubUserColumns>>,
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      user_name: null,
      user_name_key: null,
      path: '/',
      first_name: null,
      last_name: null,
      phone_number: null,
      rights: '[]',
      disabled_at: null,
      updated_at: user.created_at,
      ...user,
    })
    .execute();
}

export async function findUser(db: Db, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** The same, locked until the transaction ends. */
export async function lockUser(tx: WriteTransaction, userId: string): Promise<UserRow | undefined> {
  return tx.lock(tx.db.selectFrom('users').selectAll().where('user_id', '=', userId)).executeTakeFirst();
}

/** The rights stored for a user (the owner's say nothing: the owner holds every right). */
export function storedRights(user: UserRow): string[] {
  return JSON.parse(user.rights) as string[];
}

/**
 * Sets a user's password. Every reset or add-password link still out dies with the old password
 * (ATK-77): a link is for the password it was mailed against.
 */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string, now: number): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('user_id', '=', userId).execute();
  await retireEmailTokens(db, userId, PASSWORD_LINKS, now);
  // A new password ends what Tessera as an OpenID provider issued to the user, whatever the
  // sessions left open: the other sites sign the person in again.
  await endProviderRecordsOf(db, userId);
}
