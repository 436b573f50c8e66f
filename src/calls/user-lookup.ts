import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { findUserByName } from '../store/sub-users.js';
import type { UserRow } from '../store/users.js';
import type { Principal } from './registry.js';
import { noSuchUser } from './user-schemas.js';

/** The caller's account's user by name; anyone else's, or no one, is "no such user" (404). */
export async function namedUser(db: Kysely<Database> | Transaction<Database>, principal: Principal, userName: string): Promise<UserRow> {
  const user = await findUserByName(db, principal.accountId, userName);
  // The owner has no name, so never matches; the check says so where it matters.
  if (!user || user.is_owner === 1) throw noSuchUser(userName);
  return user;
}
