import { Type, type Static } from '@sinclair/typebox';
import { readAccount } from '../../store/accounts.js';
import { deleteUserSessions } from '../../store/sessions.js';
import { deactivateUserKeys, updateUserRow } from '../../store/sub-users.js';
import type { UserRow } from '../../store/users.js';
import { userRef } from '../flows/account-event-data.js';
import { accountGone, DryRun } from '../pipeline/call-parts.js';
import { defineCall, type HandlerContext, type SubjectSpec } from '../pipeline/registry.js';
import { userErrors } from './errors.js';
import { detailsOf } from './user-details.js';
import { UserDetails, UserName } from './user-schemas.js';

const AUTH = ['session', 'signature'] as const;
const INPUT = Type.Object({ DryRun, UserName }, { additionalProperties: false });

/** Both switches: change the user's state, answer the user's details. */
function switchUser(enabled: boolean) {
  return async ({
    input,
    principal,
    services,
    subject: user,
    tx,
  }: HandlerContext<Static<typeof INPUT>, typeof AUTH, 'write', SubjectSpec, undefined>) => {
    const account = await readAccount(tx.db, principal.accountId);
    if (!account) throw accountGone();
    const now = services.now();
    const after: UserRow = { ...user, disabled_at: enabled ? null : (user.disabled_at ?? now) };
    if (!input.DryRun && after.disabled_at !== user.disabled_at)
      await updateUserRow(tx.db, user.user_id, { disabled_at: after.disabled_at, updated_at: now });
    if (!input.DryRun && !enabled) {
      await deleteUserSessions(tx.db, user.user_id, undefined);
      await deactivateUserKeys(tx.db, user.user_id, now);
    }
    return { UserDetails: detailsOf(services, after, account) };
  };
}

export const disableUser = defineCall({
  name: 'DisableUser',
  summary:
    'Disables a user: their sessions end and their access keys are deactivated at once, and they cannot sign in until enabled again.',
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'right', right: 'ManageUsers' },
  sensitive: {},
  effect: 'write',
  // Their sessions end and their keys are deactivated with it: user.disabled stands for those too.
  events: {
    emits: ['user.disabled'],
    of: ({ subject }) => (subject?.disabled_at === null ? [{ type: 'user.disabled', data: userRef(subject) }] : []),
  },
  subject: {
    field: 'UserName',
    lock: true,
    notYourself: userErrors.CannotDisableYourself,
  },
  input: INPUT,
  output: Type.Object({ UserDetails }),
  handler: switchUser(false),
});

export const enableUser = defineCall({
  name: 'EnableUser',
  summary:
    'Enables a disabled user: they can sign in again. Their access keys stay inactive until someone turns them back on.',
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'right', right: 'ManageUsers' },
  effect: 'write',
  events: {
    emits: ['user.enabled'],
    of: ({ subject }) =>
      subject && subject.disabled_at !== null ? [{ type: 'user.enabled', data: userRef(subject) }] : [],
  },
  subject: { field: 'UserName', lock: true },
  input: INPUT,
  output: Type.Object({ UserDetails }),
  handler: switchUser(true),
});
