import type { Transaction } from 'kysely';
import { emailKey } from '../../domain/email-address.js';
import { isUniqueViolation } from '../../store/database-errors.js';
import type { Database } from '../../store/schema.js';
import { findUserByName } from '../../store/sub-users.js';
import { findUserByEmailKey, type UserRow } from '../../store/users.js';
import { userErrors } from './errors.js';

/**
 * Refuses an address that is already the login of another user of the account, and a name taken
 * in the account. A login elsewhere is not refused: the caller must not learn whose address it
 * is (ASVS 6.3.8); the invitation then goes to no one (see inviteOrNotify).
 */
export async function checkFree(
  db: Transaction<Database>,
  accountId: string,
  change: { email?: string; userName?: string },
  self?: UserRow,
): Promise<void> {
  if (change.email !== undefined) {
    const holder = await findUserByEmailKey(db, emailKey(change.email));
    if (holder && holder.account_id === accountId && holder.user_id !== self?.user_id)
      throw userErrors.DuplicateUserEmail();
  }
  if (change.userName !== undefined) {
    const holder = await findUserByName(db, accountId, change.userName);
    if (holder && holder.user_id !== self?.user_id) throw userErrors.DuplicateUserName({ UserName: change.userName });
  }
}

/** Turns a unique-index race (two requests taking the same name at once) into the same answer as the check. */
export async function unlessTaken<T>(work: () => Promise<T>, change: { userName?: string }): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw change.userName !== undefined
      ? userErrors.DuplicateUserName({ UserName: change.userName })
      : userErrors.DuplicateUserEmail();
  }
}
