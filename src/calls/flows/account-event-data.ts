import type { Kysely } from 'kysely';
import { hashToken } from '../../auth/session-service.js';
import { fieldNames, type AccountEventDraft } from '../../domain/account-events.js';
import type { Change } from '../../domain/operations.js';
import { profileOf, readAccount } from '../../store/accounts.js';
import { findEmailToken } from '../../store/email-tokens.js';
import type { Database } from '../../store/schema.js';
import { findUser, type UserRow } from '../../store/users.js';

/**
 * What the account events say, shared by the calls that emit the same event (an account created
 * by SignUp or by a first sign-in at a provider). Values: the profile is the account's billing
 * identity (names, company, address, VAT number), which billing needs and cannot read otherwise,
 * so the account's events carry its values; a user's events name the fields that changed, not
 * their values (a person's phone or address is nobody else's business), but their rights, which
 * the platform's services act on.
 */

/** How a user is named in events: the stable UserId, and the UserName (absent for the owner). */
export function userRef(user: Pick<UserRow, 'user_id' | 'user_name' | 'is_owner'>): Record<string, unknown> {
  return {
    UserId: user.user_id,
    ...(user.user_name !== null ? { UserName: user.user_name } : {}),
    ...(user.is_owner === 1 ? { IsOwner: true } : {}),
  };
}

/** The profile's values now, for these fields (an empty or absent one is ""). */
async function profileValues(db: Kysely<Database>, accountId: string, fields: readonly string[]) {
  const account = await readAccount(db, accountId);
  if (!account) return {};
  const profile = { ...profileOf(account), Email: account.email } as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, profile[field] ?? '']));
}

/** account.created: the account's ids, its owner's address and the profile given, and the path that made it. */
export async function accountCreated(
  db: Kysely<Database>,
  accountId: string,
  via: 'SignUp' | 'ExternalSignIn',
): Promise<AccountEventDraft[]> {
  const account = await readAccount(db, accountId);
  if (!account) return [];
  const profile = Object.fromEntries(
    Object.entries(profileOf(account)).filter(([, value]) => value !== '' && !(Array.isArray(value) && !value.length)),
  );
  return [
    {
      type: 'account.created',
      data: { CustomerId: account.customer_id, Email: account.email, Profile: profile, Via: via },
    },
  ];
}

/** account.profile-updated: the fields that changed and their values now; none when nothing did. */
export async function profileUpdated(
  db: Kysely<Database>,
  accountId: string,
  changes: readonly Pick<Change, 'Field'>[],
): Promise<AccountEventDraft[]> {
  const fields = fieldNames(changes);
  if (fields.length === 0) return [];
  return [
    { type: 'account.profile-updated', data: { Fields: fields, Values: await profileValues(db, accountId, fields) } },
  ];
}

/** user.updated of a user by id, naming the fields that changed. */
export async function userUpdated(
  db: Kysely<Database>,
  userId: string,
  fields: readonly string[],
): Promise<AccountEventDraft[]> {
  const user = await findUser(db, userId);
  if (!user || fields.length === 0) return [];
  return [{ type: 'user.updated', data: { ...userRef(user), Fields: [...fields] } }];
}

/**
 * The events of a followed link: a main address that changed (a requested change confirmed) is
 * the account's Email for its owner, a user's Email for another user; the sign-up's or an
 * additional address's confirmation changes no address.
 */
export async function emailLinkFollowed(db: Kysely<Database>, token: string): Promise<AccountEventDraft[]> {
  const row = /^[A-Za-z0-9_-]{43}$/.test(token) ? await findEmailToken(db, hashToken(token)) : undefined;
  if (row?.purpose !== 'change-email') return [];
  const user = await findUser(db, row.user_id);
  if (!user) return [];
  return user.is_owner === 1
    ? profileUpdated(db, user.account_id, [{ Field: 'Email' }])
    : userUpdated(db, user.user_id, ['Email']);
}

/** An invitation accepted: the user is no longer InvitationPending (they chose their password). */
export async function invitationAccepted(db: Kysely<Database>, token: string): Promise<AccountEventDraft[]> {
  const row = /^[A-Za-z0-9_-]{43}$/.test(token) ? await findEmailToken(db, hashToken(token)) : undefined;
  return row ? userUpdated(db, row.user_id, ['InvitationPending']) : [];
}
