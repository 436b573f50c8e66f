import { Type, type Static } from '@sinclair/typebox';
import type { Kysely, Transaction } from 'kysely';
import { namesAnotherUser } from '../domain/authorization.js';
import { emailKey } from '../domain/email-address.js';
import { ApiError, say } from '../domain/errors.js';
import { readAccount, readAccountInTransaction, type AccountRow } from '../store/accounts.js';
import { deleteUserSessions } from '../store/sessions.js';
import { deactivateUserKeys, updateUserRow } from '../store/sub-users.js';
import type { Database } from '../store/schema.js';
import { findUser, type UserRow } from '../store/users.js';
import { accountGone, DryRun, NoInput } from './call-parts.js';
import { checkCurrentPassword, requestEmailChange, requireRecentSignIn } from './email-change.js';
import { defineCall, type CallContext, type Principal, type Services } from './registry.js';
import { changeUserEmail, cleanEmail, detailColumns, lockedSubUser, notOnYourself, revisedRights } from './user-changes.js';
import { namedUser } from './user-lookup.js';
import { RightNames, storedRights, UserDetails, userDetailsOutput, UserName, type UserDetailsOutput } from './user-schemas.js';

const AUTH = ['session', 'signature'] as const;
const OPTIONAL_USER = Type.Optional({ ...UserName, description: 'The user; omitted, the caller.' });

function detailsOf(services: Services, user: UserRow, account: AccountRow): UserDetailsOutput {
  const rights = [...services.config.rights.held(user.is_owner === 1, user.rights)];
  if (user.is_owner === 0) return userDetailsOutput(user, rights);
  // The owner's names and phone are the account's.
  const phone = account.mobile_number ?? account.phone_number;
  return userDetailsOutput({ ...user, first_name: account.first_name, last_name: account.last_name, phone_number: phone }, rights);
}

/** The user a call is about: the caller, or the account's user its UserName names. */
async function subject(db: Kysely<Database> | Transaction<Database>, principal: Principal, userName: string | undefined): Promise<UserRow> {
  if (userName !== undefined && namesAnotherUser(principal, { UserName: userName })) return namedUser(db, principal, userName);
  const user = await findUser(db, principal.userId);
  if (!user) throw accountGone();
  return user;
}

export const readUserDetails = defineCall({
  name: 'ReadUserDetails',
  summary: "A user's names, phone, email, rights and state; the caller's own without UserName. Other services read a user's rights here.",
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'right-for-others', right: 'ManageUsers' },
  input: Type.Object({ UserName: OPTIONAL_USER }, { additionalProperties: false }),
  output: Type.Object({ UserDetails }),
  async handler({ input, principal, services }) {
    const { db } = services.store;
    const user = await subject(db, principal, input.UserName);
    const account = await readAccount(db, principal.accountId);
    if (!account) throw accountGone();
    return { UserDetails: detailsOf(services, user, account) };
  },
});

export const updateUserDetails = defineCall({
  name: 'UpdateUserDetails',
  summary: "Sets what the Modify window holds: names, phone, email and rights. Users change their own details, never their own rights; another user's need ManageUsers, and rights can only be granted or removed by someone who holds them.",
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'right-for-others', right: 'ManageUsers', notForSelf: ['Rights'] },
  input: Type.Object(
    {
      DryRun,
      UserName: OPTIONAL_USER,
      FirstName: Type.Optional(Type.String({ maxLength: 256, description: 'Empty clears it.' })),
      LastName: Type.Optional(Type.String({ maxLength: 256, description: 'Empty clears it.' })),
      PhoneNumber: Type.Optional(Type.String({ maxLength: 256, description: 'Such as +33.612345678 or +33 6 12 34 56 78; stored in E.164. Empty clears it.' })),
      Email: Type.Optional(Type.String({ maxLength: 256, description: "The user's login: changes once the new address confirms (at once for a user still invited)." })),
      CurrentPassword: Type.Optional(Type.String({ maxLength: 1024, description: 'Proves a stale console session when users change their own Email.' })),
      Rights: Type.Optional({ ...RightNames, description: 'The whole list of rights the user holds from now on.' }),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ UserDetails }),
  async handler({ input, principal, services }) {
    const self = !namesAnotherUser(principal, input);
    if (self && principal.isOwner) {
      throw new ApiError('InvalidParameterValue', say("The owner's names, phone and email are the account's: change them with UpdateAccount.", 'Les noms, le téléphone et l’e-mail du propriétaire sont ceux du compte : modifiez-les avec UpdateAccount.'));
    }
    const email = cleanEmail('Email', input.Email);
    if (self && email !== undefined) {
      if (input.CurrentPassword !== undefined) await checkCurrentPassword(principal, input.CurrentPassword, services);
      else requireRecentSignIn(principal, services, say('Changing the email address', "Changer l'adresse e-mail"));
    }
    const answer = await services.store.db.transaction().execute(async (trx) => {
      const account = await readAccountInTransaction(trx, principal.accountId, false);
      if (!account) throw accountGone();
      const user = self ? await subject(trx, principal, undefined) : await lockedSubUser(trx, services, principal, input.UserName ?? '');
      const rights = revisedRights(services, principal, 'Rights', input.Rights, storedRights(user));
      const now = services.now();
      const changes = { ...detailColumns(input, account.country), ...(rights !== undefined ? { rights: JSON.stringify(rights) } : {}) };
      const after: UserRow = { ...user, ...changes };
      if (input.DryRun) return detailsOf(services, after, account);
      await updateUserRow(trx, user.user_id, { ...changes, updated_at: now });
      if (email !== undefined && self && (after.email === null || emailKey(after.email) !== emailKey(email))) await requestEmailChange(trx, services, after, after.first_name ?? after.user_name ?? '', email);
      else if (email !== undefined) await changeUserEmail(trx, services, principal, after, email);
      return detailsOf(services, (await findUser(trx, user.user_id)) ?? after, account);
    });
    if (email !== undefined && !input.DryRun) void services.mail.wake();
    return { UserDetails: answer };
  },
});

const ENABLE_INPUT = Type.Object({ DryRun, UserName }, { additionalProperties: false });

/** Both switches: lock the user, change the state, answer the user's details. */
function switchUser(enabled: boolean) {
  return async ({ input, principal, services }: CallContext<Static<typeof ENABLE_INPUT>, Principal>) =>
    services.store.db.transaction().execute(async (trx) => {
      const user = await lockedSubUser(trx, services, principal, input.UserName);
      if (!enabled) notOnYourself(principal, user, 'You cannot disable yourself: ask another user who manages users.', 'Vous ne pouvez pas vous désactiver vous-même : demandez-le à un autre gestionnaire des utilisateurs.');
      const account = await readAccountInTransaction(trx, principal.accountId, false);
      if (!account) throw accountGone();
      const now = services.now();
      const after: UserRow = { ...user, disabled_at: enabled ? null : (user.disabled_at ?? now) };
      if (!input.DryRun && after.disabled_at !== user.disabled_at) await updateUserRow(trx, user.user_id, { disabled_at: after.disabled_at, updated_at: now });
      if (!input.DryRun && !enabled) {
        await deleteUserSessions(trx, user.user_id, undefined);
        await deactivateUserKeys(trx, user.user_id, now);
      }
      return { UserDetails: detailsOf(services, after, account) };
    });
}

export const disableUser = defineCall({
  name: 'DisableUser',
  summary: 'Disables a user: their sessions end and their access keys are deactivated at once, and they cannot sign in until enabled again.',
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'right', right: 'ManageUsers' },
  input: ENABLE_INPUT,
  output: Type.Object({ UserDetails }),
  handler: switchUser(false),
});

export const enableUser = defineCall({
  name: 'EnableUser',
  summary: 'Enables a disabled user: they can sign in again. Their access keys stay inactive until someone turns them back on.',
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'right', right: 'ManageUsers' },
  input: ENABLE_INPUT,
  output: Type.Object({ UserDetails }),
  handler: switchUser(true),
});

export const readRights = defineCall({
  name: 'ReadRights',
  summary: 'The rights users may hold on this platform, each with a description in English and French.',
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'self' },
  input: NoInput,
  output: Type.Object({ Rights: Type.Array(Type.Object({ Name: Type.String(), Description: Type.Object({ en: Type.String(), fr: Type.String() }) })) }),
  async handler({ services }) {
    return Promise.resolve({ Rights: services.config.rights.list().map((right) => ({ Name: right.name, Description: { ...right.description } })) });
  },
});
