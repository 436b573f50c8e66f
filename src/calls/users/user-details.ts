import { Type } from '@sinclair/typebox';
import { namesAnotherUser } from '../../domain/authorization.js';
import { emailKey } from '../../domain/email-address.js';
import { diffChanges } from '../../domain/operations.js';
import { readAccount, type AccountRow } from '../../store/accounts.js';
import { secondFactorsOf } from '../../store/second-factors.js';
import { updateUserRow, findUserByName } from '../../store/sub-users.js';
import { findUser, type UserRow } from '../../store/users.js';
import { userRef } from '../flows/account-event-data.js';
import { requestEmailChange } from '../flows/email-change.js';
import { accountGone, DryRun } from '../pipeline/call-parts.js';
import { personalNames } from '../pipeline/people.js';
import { rightsOf } from '../pipeline/principal.js';
import { CHANGING_EMAIL } from '../pipeline/reauthentication.js';
import { defineCall, type Services } from '../pipeline/registry.js';
import { userErrors } from './errors.js';
import { changeUserEmail } from './user-email-change.js';
import { cleanEmail, detailColumns, revisedRights } from './user-fields.js';
import { RightNames, UserDetails, userDetailsOutput, UserName, type UserDetailsOutput } from './user-schemas.js';

const AUTH = ['session', 'signature'] as const;
const OPTIONAL_USER = Type.Optional({ ...UserName, description: 'The user; omitted, the caller.' });

export function detailsOf(services: Services, user: UserRow, account: AccountRow): UserDetailsOutput {
  const rights = [...rightsOf(user, services)];
  if (user.is_owner === 0) return userDetailsOutput(user, rights);
  // The owner's names and phone are the account's.
  const { firstName, lastName } = personalNames(user, account);
  const phone = account.mobile_number ?? account.phone_number;
  return userDetailsOutput({ ...user, first_name: firstName, last_name: lastName, phone_number: phone }, rights);
}

export const readUserDetails = defineCall({
  name: 'ReadUserDetails',
  summary:
    "A user's names, phone, email, rights and state; the caller's own without UserName. Other services read a user's rights here.",
  origin: 'tessera',
  auth: AUTH,
  duringEnrolment: true,
  access: { kind: 'right-for-others', right: 'ManageUsers' },
  effect: 'read',
  // Reading is not managing: a manager lists the details of users stronger than they are.
  subject: { field: 'UserName', reads: true },
  input: Type.Object({ UserName: OPTIONAL_USER }, { additionalProperties: false }),
  output: Type.Object({ UserDetails }),
  async handler({ principal, services, subject, db }) {
    const account = await readAccount(db, principal.accountId);
    if (!account) throw accountGone();
    const factors = await secondFactorsOf(db, subject.user_id);
    return { UserDetails: { ...detailsOf(services, subject, account), SecondFactors: factors } };
  },
});

export const updateUserDetails = defineCall({
  name: 'UpdateUserDetails',
  summary:
    "Sets what the Modify window holds: names, phone, email and rights. Users change their own details, never their own rights; another user's need ManageUsers, and rights can only be granted or removed by someone who holds them.",
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'right-for-others', right: 'ManageUsers', notForSelf: ['Rights'] },
  // Granting or removing a right, or moving another user's address.
  sensitive: {
    when: (input) => input.Rights !== undefined || (input.Email !== undefined && input.UserName !== undefined),
    // The Modify window sends every field: the validator is shown those that change, old and new.
    before: async (input, { db, principal }) => {
      const user = input.UserName
        ? await findUserByName(db, principal.accountId, input.UserName)
        : await findUser(db, principal.userId);
      if (!user) return {};
      // The owner's names and phone are the account's, read as they are (the pipeline's copy may be the tried change's).
      const account = user.is_owner === 1 ? await readAccount(db, principal.accountId) : undefined;
      const { firstName, lastName } = personalNames(user, account);
      const phone = user.is_owner === 1 ? (account?.mobile_number ?? account?.phone_number) : user.phone_number;
      return {
        Email: user.email ?? undefined,
        Rights: JSON.parse(user.rights) as string[],
        FirstName: firstName ?? undefined,
        LastName: lastName ?? undefined,
        PhoneNumber: phone ?? undefined,
      };
    },
  },
  effect: 'write',
  // Names of the fields only, but the rights themselves: the platform's services act on them. A
  // user who chose a password keeps their address until the new one confirms (ConfirmEmail).
  events: {
    emits: ['user.updated', 'user.rights-updated'],
    of: ({ subject, output, changes }) => {
      if (!subject) return [];
      const fields = [
        ...new Set(
          changes
            .map((change) => change.Field)
            .filter((field) => field !== 'Rights' && (field !== 'Email' || subject.password_hash === null)),
        ),
      ];
      const user = userRef(subject);
      return [
        ...(fields.length > 0 ? [{ type: 'user.updated' as const, data: { ...user, Fields: fields } }] : []),
        ...(changes.some((change) => change.Field === 'Rights')
          ? [{ type: 'user.rights-updated' as const, data: { ...user, Rights: output.UserDetails.Rights } }]
          : []),
      ];
    },
  },
  subject: { field: 'UserName', lock: true },
  input: Type.Object(
    {
      DryRun,
      UserName: OPTIONAL_USER,
      FirstName: Type.Optional(Type.String({ maxLength: 256, description: 'Empty clears it.' })),
      LastName: Type.Optional(Type.String({ maxLength: 256, description: 'Empty clears it.' })),
      PhoneNumber: Type.Optional(
        Type.String({
          maxLength: 256,
          description: 'Such as +33.612345678 or +33 6 12 34 56 78; stored in E.164. Empty clears it.',
        }),
      ),
      Email: Type.Optional(
        Type.String({
          maxLength: 256,
          description: "The user's login: changes once the new address confirms (at once for a user still invited).",
        }),
      ),
      CurrentPassword: Type.Optional(
        Type.String({
          maxLength: 1024,
          description:
            'Proves that you are the person when you change your own Email: required with an access key, and with a console session older than the re-authentication window.',
        }),
      ),
      Rights: Type.Optional({ ...RightNames, description: 'The whole list of rights the user holds from now on.' }),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ UserDetails }),
  freshness: {
    proof: 'person',
    what: CHANGING_EMAIL,
    // The owner's own address is the account's: UpdateAccount changes it, and this call refuses it first.
    when: (input, principal) => input.Email !== undefined && !principal.isOwner && !namesAnotherUser(principal, input),
  },
  async prepare({ input, principal }) {
    const self = !namesAnotherUser(principal, input);
    if (self && principal.isOwner) {
      throw userErrors.OwnerDetailsAreTheAccounts();
    }
    return { self, email: cleanEmail('Email', input.Email) };
  },
  async handler({ input, principal, services, subject: user, tx, event, prepared: { self, email } }) {
    const account = await readAccount(tx.db, principal.accountId);
    if (!account) throw accountGone();
    const rights = revisedRights(services, principal, 'Rights', input.Rights, rightsOf(user, services));
    const now = services.now();
    const changes = {
      ...detailColumns(input, account.country),
      // Rights written only when they change: the same list is no grant.
      ...(rights !== undefined && JSON.stringify(rights) !== user.rights ? { rights: JSON.stringify(rights) } : {}),
    };
    const after: UserRow = { ...user, ...changes };
    if (input.DryRun) return { UserDetails: detailsOf(services, after, account) };
    await updateUserRow(tx.db, user.user_id, { ...changes, updated_at: now });
    event.changes = [
      ...diffChanges(detailFieldsOf(user), detailFieldsOf(after)),
      ...(email !== undefined && email !== user.email
        ? [{ Field: 'Email', ...(user.email ? { OldValue: user.email } : {}), NewValue: email }]
        : []),
    ];
    if (email !== undefined && self && (after.email === null || emailKey(after.email) !== emailKey(email)))
      await requestEmailChange(tx, services, after, after.first_name ?? after.user_name ?? '', email);
    else if (email !== undefined) await changeUserEmail(tx, services, principal, after, email);
    return { UserDetails: detailsOf(services, (await findUser(tx.db, user.user_id)) ?? after, account) };
  },
});

/** A user's details by the names the API gives them, for the event's old → new. */
function detailFieldsOf(user: UserRow): Record<string, unknown> {
  return {
    FirstName: user.first_name,
    LastName: user.last_name,
    PhoneNumber: user.phone_number,
    Rights: JSON.parse(user.rights) as string[],
  };
}
