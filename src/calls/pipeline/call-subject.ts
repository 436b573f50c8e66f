import type { Kysely } from 'kysely';
import { checkMayManage, namesAnotherUser } from '../../domain/authorization.js';
import type { Database } from '../../store/schema.js';
import { findUserByName, lockUserByName } from '../../store/sub-users.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { findUser, lockUser, type UserRow } from '../../store/users.js';
import { accountGone, noSuchUser } from './call-parts.js';
import { rightsOf, type Principal } from './principal.js';
import type { Services, SubjectSpec } from './registry.js';

/** Where the subject is looked up: the database as it is, or the call's transaction (which may lock the row). */
export type SubjectSource = { db: Kysely<Database> } | { tx: WriteTransaction };

/**
 * The user a call acts on (see SubjectSpec): the caller, or the user of the caller's account
 * that the input names. The owner has no UserName, so is never named; another account's user
 * is "no such user", exactly as one that does not exist.
 */
export async function findSubject(
  spec: SubjectSpec,
  principal: Principal,
  input: Record<string, unknown>,
  source: SubjectSource,
  services: Pick<Services, 'config'>,
): Promise<UserRow> {
  const named = input[spec.field];
  const locked = 'tx' in source && spec.lock === true;
  if (typeof named !== 'string' || !namesAnotherUser(principal, { UserName: named })) {
    if (typeof named === 'string' && spec.notYourself) throw spec.notYourself();
    const self = locked ? await lockUser(source.tx, principal.userId) : await findUser(dbOf(source), principal.userId);
    if (!self) throw accountGone();
    return self;
  }
  const user = locked
    ? await lockUserByName(source.tx, principal.accountId, named)
    : await findUserByName(dbOf(source), principal.accountId, named);
  if (!user || user.is_owner === 1) throw noSuchUser(named);
  if (!spec.reads) checkMayManage(principal, [...rightsOf(user, services)]);
  return user;
}

function dbOf(source: SubjectSource): Kysely<Database> {
  return 'tx' in source ? source.tx.db : source.db;
}
