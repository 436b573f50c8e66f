import type { Transaction } from 'kysely';
import { checkMayManage, checkRightsChange } from '../domain/authorization.js';
import { cleanPhone } from '../domain/contact-fields.js';
import { canonicalEmail, emailKey } from '../domain/email-address.js';
import { ApiError, say } from '../domain/errors.js';
import { cleanPersonName } from '../domain/text.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import { retireEmailTokens } from '../store/email-tokens.js';
import type { Database } from '../store/schema.js';
import { findUserByName, findUserByNameForUpdate, updateUserRow } from '../store/sub-users.js';
import { findUserByEmailKey, type UserRow } from '../store/users.js';
import { requestEmailChange } from './email-change.js';
import { sendInvitation } from './invitations.js';
import type { Principal, Services } from './registry.js';
import { noSuchUser, storedRights } from './user-schemas.js';

/** An account's sub-user by name, locked for the change (the owner is not a sub-user), whom the caller may manage. */
export async function lockedSubUser(trx: Transaction<Database>, services: Services, principal: Principal, userName: string): Promise<UserRow> {
  const user = await findUserByNameForUpdate(trx, principal.accountId, userName, services.store.engine === 'postgres');
  if (!user || user.is_owner === 1) throw noSuchUser(userName);
  if (user.user_id !== principal.userId) checkMayManage(principal, storedRights(user));
  return user;
}


/** Some changes make no sense on oneself: disabling or deleting the very user who asks. */
export function notOnYourself(principal: Principal, user: UserRow, en: string, fr: string): void {
  if (user.user_id === principal.userId) throw new ApiError('InvalidParameterValue', say(en, fr));
}

export function duplicateEmail(): ApiError {
  return new ApiError('DuplicateEmail', say('This email address is already the login of another user.', "Cette adresse e-mail est déjà l'identifiant d'un autre utilisateur."));
}

function duplicateName(userName: string): ApiError {
  return new ApiError('DuplicateUserName', say(`There is already a user named ${JSON.stringify(userName)} in this account.`, `Il existe déjà un utilisateur nommé ${JSON.stringify(userName)} dans ce compte.`));
}

/** Refuses an address that is already someone's login, and a name taken in the account. */
export async function checkFree(db: Transaction<Database>, accountId: string, change: { email?: string; userName?: string }, self?: UserRow): Promise<void> {
  if (change.email !== undefined) {
    const holder = await findUserByEmailKey(db, emailKey(change.email));
    if (holder && holder.user_id !== self?.user_id) throw duplicateEmail();
  }
  if (change.userName !== undefined) {
    const holder = await findUserByName(db, accountId, change.userName);
    if (holder && holder.user_id !== self?.user_id) throw duplicateName(change.userName);
  }
}

/** Turns a unique-index race (two requests taking the same name at once) into the same answer as the check. */
export async function unlessTaken<T>(work: () => Promise<T>, change: { userName?: string }): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw change.userName !== undefined ? duplicateName(change.userName) : duplicateEmail();
  }
}

/**
 * Another user's new address, set by someone who manages users. A user who never signed in
 * gets it at once with a new invitation; a user who has a password keeps signing in with the
 * old address until the new one confirms, as when they change it themself.
 */
export async function changeUserEmail(trx: Transaction<Database>, services: Services, principal: Principal, user: UserRow, newEmail: string): Promise<void> {
  if (user.email !== null && emailKey(user.email) === emailKey(newEmail)) return;
  await checkFree(trx, user.account_id, { email: newEmail }, user);
  const now = services.now();
  if (user.password_hash === null) {
    await retireEmailTokens(trx, user.user_id, ['invitation'], now);
    await updateUserRow(trx, user.user_id, { email: newEmail, email_key: emailKey(newEmail), email_confirmed_at: null, pending_email: null, updated_at: now });
    await sendInvitation(trx, services, principal, { ...user, email: newEmail, email_key: emailKey(newEmail) });
    return;
  }
  await requestEmailChange(trx, services, user, user.first_name ?? user.user_name ?? '', newEmail);
}

export interface DetailsInput {
  FirstName?: string;
  LastName?: string;
  PhoneNumber?: string;
  Email?: string;
  Rights?: string[];
}

/** The columns that Modify's fields set; an empty string clears a name or the phone. */
export function detailColumns(input: DetailsInput, country: string | null): Partial<Pick<UserRow, 'first_name' | 'last_name' | 'phone_number'>> {
  const optional = (value: string | undefined, clean: (value: string) => string) => (value === undefined ? undefined : value.trim() === '' ? null : clean(value));
  const columns = {
    first_name: optional(input.FirstName, (v) => cleanPersonName('FirstName', v)),
    last_name: optional(input.LastName, (v) => cleanPersonName('LastName', v)),
    phone_number: optional(input.PhoneNumber, (v) => cleanPhone('PhoneNumber', v, country ?? undefined)),
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

export function cleanEmail(field: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : canonicalEmail(field, value);
}

/** New rights for a user: known ones only, and only those the caller may move (ATK-43). */
export function revisedRights(services: Services, principal: Principal, field: string, requested: string[] | undefined, current: readonly string[]): string[] | undefined {
  if (requested === undefined) return undefined;
  const rights = services.config.rights.parse(field, requested);
  checkRightsChange(principal, current, rights);
  return rights;
}
