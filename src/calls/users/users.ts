import { Type } from '@sinclair/typebox';
import { namesAnotherUser } from '../../domain/authorization.js';
import { checkPath, checkUserName, DEFAULT_PATH, userNameKey } from '../../domain/eim-names.js';
import { listAccessKeys } from '../../store/access-keys.js';
import { readAccount } from '../../store/accounts.js';
import { randomUpperAlnum } from '../../store/ids.js';
import { deleteUserRow, listSubUsers, updateUserRow } from '../../store/sub-users.js';
import { findUser, insertUser, storedRights, type UserRow } from '../../store/users.js';
import { userRef } from '../flows/account-event-data.js';
import { accountGone, DryRun } from '../pipeline/call-parts.js';
import { CHANGING_EMAIL } from '../pipeline/reauthentication.js';
import { defineCall } from '../pipeline/registry.js';
import { userErrors } from './errors.js';
import { inviteOrNotify } from './invitations.js';
import { changeUserEmail } from './user-email-change.js';
import { cleanEmail, detailColumns, revisedRights } from './user-fields.js';
import { Path, RightNames, User, UserEmail, UserName, userOutput } from './user-schemas.js';
import { checkFree, unlessTaken } from './user-uniqueness.js';

const AUTH = ['session', 'signature'] as const;
const MANAGE_USERS = { kind: 'right', right: 'ManageUsers' } as const;
/** OAPI's ceiling on ResultsPerPage for the EIM list calls. */
const MAX_RESULTS = 1000;

export const createUser = defineCall({
  name: 'CreateUser',
  summary:
    'Creates a user of the account. With UserEmail, the user is invited by email to choose their own password; the caller never sees or sets it.',
  origin: 'oapi',
  auth: AUTH,
  access: MANAGE_USERS,
  sensitive: {},
  effect: 'write',
  events: {
    emits: ['user.created'],
    of: async ({ db, output }) => {
      const user = await findUser(db, output.User.UserId);
      if (!user) return [];
      return [{ type: 'user.created', data: { ...userRef(user), Path: user.path, Rights: storedRights(user) } }];
    },
  },
  input: Type.Object(
    {
      DryRun,
      Path: Type.Optional(Path),
      UserEmail: Type.Optional(UserEmail),
      UserName,
      FirstName: Type.Optional(Type.String({ maxLength: 256, description: "Tessera: the user's first name." })),
      LastName: Type.Optional(Type.String({ maxLength: 256, description: "Tessera: the user's last name." })),
      PhoneNumber: Type.Optional(
        Type.String({
          maxLength: 256,
          description: "Tessera: the user's phone number, such as +33.612345678; stored in E.164.",
        }),
      ),
      Rights: Type.Optional({
        ...RightNames,
        description: 'Tessera: the rights granted, among those the caller holds.',
      }),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ User }),
  async handler({ input, principal, services, language, tx }) {
    const userName = checkUserName('UserName', input.UserName);
    const path = checkPath('Path', input.Path ?? DEFAULT_PATH);
    const email = cleanEmail('UserEmail', input.UserEmail);
    const rights = revisedRights(services, principal, 'Rights', input.Rights, new Set()) ?? [];
    const now = services.now();
    const account = await readAccount(tx.db, principal.accountId);
    if (!account) throw accountGone();
    const details = detailColumns(input, account.country);
    await checkFree(tx.db, principal.accountId, { email, userName });
    const user: UserRow = {
      user_id: randomUpperAlnum(31),
      account_id: principal.accountId,
      email: email ?? null,
      // The login is taken when the invitation goes out (inviteOrNotify), if the address is free.
      email_key: null,
      password_hash: null,
      is_owner: 0,
      language,
      created_at: now,
      email_confirmed_at: null,
      pending_email: null,
      user_name: userName,
      user_name_key: userNameKey(userName),
      path,
      first_name: details.first_name ?? null,
      last_name: details.last_name ?? null,
      phone_number: details.phone_number ?? null,
      rights: JSON.stringify(rights),
      disabled_at: null,
      updated_at: now,
    };
    if (input.DryRun) return { User: userOutput(user) };
    await unlessTaken(() => insertUser(tx.db, user), { userName });
    if (user.email !== null) await inviteOrNotify(tx, services, principal, { ...user, email: user.email });
    return { User: userOutput(user) };
  },
});

export const readUsers = defineCall({
  name: 'ReadUsers',
  summary: "Lists the account's users (not its owner), by name, a page at a time.",
  origin: 'oapi',
  auth: AUTH,
  access: MANAGE_USERS,
  effect: 'read',
  input: Type.Object(
    {
      DryRun,
      Filters: Type.Optional(
        Type.Object(
          { UserIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: MAX_RESULTS })) },
          { additionalProperties: false },
        ),
      ),
      FirstItem: Type.Optional(
        Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'The index of the first user to return, from 0.' }),
      ),
      ResultsPerPage: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: 1_000_000,
          description: `How many users per page: 100 by default, at most ${MAX_RESULTS}.`,
        }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    Users: Type.Array(User),
    HasMoreItems: Type.Boolean(),
    MaxResultsLimit: Type.Integer(),
    MaxResultsTruncated: Type.Boolean({ description: 'True when ResultsPerPage asked for more than MaxResultsLimit.' }),
  }),
  async handler({ input, principal, db }) {
    const requested = input.ResultsPerPage ?? 100;
    const page = await listSubUsers(db, principal.accountId, {
      ...(input.Filters?.UserIds ? { userIds: input.Filters.UserIds } : {}),
      offset: input.FirstItem ?? 0,
      limit: Math.min(requested, MAX_RESULTS),
    });
    return {
      Users: page.users.map(userOutput),
      HasMoreItems: page.hasMore,
      MaxResultsLimit: MAX_RESULTS,
      MaxResultsTruncated: requested > MAX_RESULTS,
    };
  },
});

export const updateUser = defineCall({
  name: 'UpdateUser',
  summary:
    'Renames a user, moves it to another path, or changes its email. A user who already signed in keeps their login until the new address confirms; one who never did is invited again at the new address.',
  origin: 'oapi',
  auth: AUTH,
  access: MANAGE_USERS,
  effect: 'write',
  // A user who chose a password keeps their address until the new one confirms (ConfirmEmail).
  events: {
    emits: ['user.updated'],
    of: ({ subject, output }) => {
      if (!subject) return [];
      const after = output.User;
      const fields = [
        ...(after.UserName !== subject.user_name ? ['UserName'] : []),
        ...(after.Path !== subject.path ? ['Path'] : []),
        ...((after.UserEmail ?? null) !== subject.email && subject.password_hash === null ? ['Email'] : []),
      ];
      if (fields.length === 0) return [];
      const renamed = after.UserName !== subject.user_name ? { PreviousUserName: subject.user_name } : {};
      return [
        {
          type: 'user.updated',
          data: { ...userRef({ ...subject, user_name: after.UserName }), ...renamed, Fields: fields },
        },
      ];
    },
  },
  subject: { field: 'UserName', lock: true },
  input: Type.Object(
    {
      DryRun,
      NewPath: Type.Optional(Path),
      NewUserEmail: Type.Optional(UserEmail),
      NewUserName: Type.Optional(UserName),
      UserName,
      CurrentPassword: Type.Optional(
        Type.String({
          maxLength: 1024,
          description:
            'Tessera extension: proves that you are the person when you change your own email; required with an access key, and with a stale console session.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ User }),
  // Changing one's own login is the same act whichever call does it (ATK-57).
  freshness: {
    proof: 'person',
    what: CHANGING_EMAIL,
    when: (input, principal) => input.NewUserEmail !== undefined && !namesAnotherUser(principal, input),
  },
  async prepare({ input }) {
    return { newEmail: cleanEmail('NewUserEmail', input.NewUserEmail) };
  },
  async handler({ input, principal, services, subject: user, tx, prepared: { newEmail } }) {
    const newName = input.NewUserName === undefined ? undefined : checkUserName('NewUserName', input.NewUserName);
    const newPath = input.NewPath === undefined ? undefined : checkPath('NewPath', input.NewPath);
    await checkFree(
      tx.db,
      principal.accountId,
      {
        ...(newName !== undefined ? { userName: newName } : {}),
        ...(newEmail !== undefined ? { email: newEmail } : {}),
      },
      user,
    );
    const now = services.now();
    // A name written only when it changes: a rename is a sensitive change, the same name is none.
    const renamed = newName !== undefined && newName !== user.user_name;
    const changes = {
      ...(renamed ? { user_name: newName, user_name_key: userNameKey(newName) } : {}),
      ...(newPath !== undefined ? { path: newPath } : {}),
    };
    const after: UserRow = { ...user, ...changes, updated_at: now };
    if (input.DryRun) return { User: userOutput(after) };
    await unlessTaken(() => updateUserRow(tx.db, user.user_id, { ...changes, updated_at: now }), {
      ...(newName !== undefined ? { userName: newName } : {}),
    });
    if (newEmail !== undefined) await unlessTaken(() => changeUserEmail(tx, services, principal, after, newEmail), {});
    return {
      User: userOutput(user.password_hash === null && newEmail !== undefined ? { ...after, email: newEmail } : after),
    };
  },
});

export const deleteUser = defineCall({
  name: 'DeleteUser',
  summary:
    'Deletes a user, with their sessions and inactive access keys: they stop working at once. As in OAPI, a user with an active access key is refused: deactivate or delete it first. The owner cannot be deleted.',
  origin: 'oapi',
  auth: AUTH,
  access: MANAGE_USERS,
  sensitive: {},
  effect: 'write',
  // Their inactive keys go with them: user.deleted stands for those too.
  events: {
    emits: ['user.deleted'],
    of: ({ subject }) => (subject ? [{ type: 'user.deleted', data: userRef(subject) }] : []),
  },
  subject: {
    field: 'UserName',
    lock: true,
    notYourself: userErrors.CannotDeleteYourself,
  },
  input: Type.Object({ DryRun, UserName }, { additionalProperties: false }),
  output: Type.Object({}),
  async handler({ input, subject, tx }) {
    const active = (await listAccessKeys(tx.db, subject.user_id)).filter((key) => key.state === 'ACTIVE');
    // As OAPI: a key still in use is never cut off as a side effect of removing its user.
    if (active.length > 0)
      throw userErrors.UserHasActiveAccessKeys({ UserName: subject.user_name ?? '', Count: active.length });
    if (!input.DryRun) await deleteUserRow(tx.db, subject.user_id);
    return {};
  },
});
