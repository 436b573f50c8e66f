import { Type, type Static } from '@sinclair/typebox';
import { changedFields, reviseProfile } from '../../domain/account-profile.js';
import { canonicalEmail, emailKey } from '../../domain/email-address.js';
import { diffChanges } from '../../domain/operations.js';
import {
  lockAccount,
  profileOf,
  readAccount,
  updateProfileFields,
  updateProfileWithEvent,
  type AccountSnapshot,
} from '../../store/accounts.js';
import { findUser } from '../../store/users.js';
import { profileUpdated } from '../flows/account-event-data.js';
import { confirmNewAdditionalEmails } from '../flows/additional-emails.js';
import { requestEmailChange } from '../flows/email-change.js';
import { accountGone, DryRun } from '../pipeline/call-parts.js';
import { CHANGING_EMAIL } from '../pipeline/reauthentication.js';
import { defineCall } from '../pipeline/registry.js';
import { Account, accountOutput, ProfileFields } from './account-schemas.js';

export const readAccounts = defineCall({
  name: 'ReadAccounts',
  summary: 'Gets information about the account that sent the request.',
  origin: 'oapi',
  auth: ['session', 'signature'],
  duringEnrolment: true,
  access: { kind: 'self' },
  effect: 'read',
  input: Type.Object({ DryRun }, { additionalProperties: false }),
  output: Type.Object({ Accounts: Type.Array(Account) }),
  async handler({ principal, db, accountAsRead }) {
    const row = accountAsRead ?? (await readAccount(db, principal.accountId));
    if (!row) throw accountGone();
    return { Accounts: [accountOutput(row)] };
  },
});

const UpdateAccountInput = Type.Object(
  {
    ...ProfileFields,
    DryRun,
    Email: Type.Optional(
      Type.String({
        maxLength: 256,
        description:
          'The main email address (login and notifications). It changes once the new address is confirmed by the link mailed to it.',
      }),
    ),
    CurrentPassword: Type.Optional(
      Type.String({
        maxLength: 1024,
        description:
          'Tessera extension: proves that you are the person before Email changes. Required with an access key, and with a console session older than the re-authentication window.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The profile before and after the input's fields, the fields that changed, and the changes as the event records them. */
function revision(row: AccountSnapshot, input: Static<typeof UpdateAccountInput>, email: string) {
  const { DryRun: _dryRun, Email: _email, CurrentPassword: _password, ...fields } = input;
  const before = profileOf(row);
  const after = reviseProfile(before, fields, email);
  return { before, after, changed: changedFields(before, after), changes: diffChanges({ ...before }, { ...after }) };
}

export const updateAccount = defineCall({
  name: 'UpdateAccount',
  summary:
    'Updates the information of the account that sent the request: only the given fields change, all or nothing.',
  origin: 'oapi',
  auth: ['session', 'signature'],
  access: { kind: 'right', right: 'ManageAccount', ownerOnly: ['Email'] },
  // The login address moves: a validator confirms it, seeing the old one and the new.
  sensitive: {
    when: (input) => input.Email !== undefined,
    before: async (_input, { db, principal, account }) => ({
      Email: (account ?? (await readAccount(db, principal.accountId)))?.email,
    }),
  },
  effect: 'write',
  // A new Email is only asked for here: it changes when its link is followed (ConfirmEmail).
  events: {
    emits: ['account.profile-updated'],
    of: ({ db, accountId, changes }) =>
      profileUpdated(
        db,
        accountId,
        changes.filter((change) => change.Field !== 'Email'),
      ),
  },
  input: UpdateAccountInput,
  output: Type.Object({ Account }),
  // A CurrentPassword sent is checked, wrong or right, whatever else changes.
  freshness: {
    proof: 'person',
    what: CHANGING_EMAIL,
    when: (input) => input.Email !== undefined || input.CurrentPassword !== undefined,
  },
  async prepare({ input }) {
    return { newEmail: input.Email === undefined ? undefined : canonicalEmail('Email', input.Email) };
  },
  // Most updates change fields of the profile alone: the change and its event in one statement.
  // A new address to confirm, or new additional addresses, mail their links with the change.
  async inOneStatement({ input, account: row, db, eventOf, prepared: { newEmail } }) {
    if (newEmail !== undefined) return undefined;
    const { after, changed, changes } = revision(row, input, row.email);
    if (changed.includes('AdditionalEmails')) return undefined;
    if (changed.length > 0 && !(await updateProfileWithEvent(db, row, after, eventOf(changes)))) return undefined;
    return { Account: accountOutput(row, after) };
  },
  async handler({ input, principal, services, tx, event, accountAsRead, prepared: { newEmail } }) {
    // The account as read with the credential, written over only if its version is still the
    // stored one (one statement, no lock first); else read again, locked, and checked again: the
    // rules between fields always see what they write over.
    let row = accountAsRead ?? (await readAccount(tx.db, principal.accountId));
    let before, after, changed, changes;
    for (let locked = false; ; locked = true) {
      if (!row) throw accountGone();
      ({ before, after, changed, changes } = revision(row, input, newEmail ?? row.email));
      if (input.DryRun) return { Account: accountOutput(row, after) };
      if (changed.length === 0) break;
      const written = await updateProfileFields(tx, row, after, changed, services.now());
      if (written) {
        row = written;
        break;
      }
      if (locked) throw new Error(`account ${principal.accountId} changed while locked`);
      row = await lockAccount(tx, principal.accountId);
    }
    const emailChanges = newEmail !== undefined && emailKey(newEmail) !== emailKey(row.email);
    event.changes = changes;
    // The address moves once confirmed: the event records the request.
    if (emailChanges) event.changes.push({ Field: 'Email', OldValue: row.email, NewValue: newEmail });
    if (changed.includes('AdditionalEmails') || emailChanges) {
      const user = await findUser(tx.db, principal.userId);
      if (!user) throw accountGone();
      if (changed.includes('AdditionalEmails'))
        await confirmNewAdditionalEmails(
          tx,
          services,
          row.account_id,
          user,
          after.FirstName,
          after.AdditionalEmails,
          before.AdditionalEmails,
        );
      // The Email changes only once the new address confirms it; until then ReadAccounts shows the current one.
      if (emailChanges) await requestEmailChange(tx, services, user, after.FirstName, newEmail);
    }
    return { Account: accountOutput(row, after) };
  },
});
