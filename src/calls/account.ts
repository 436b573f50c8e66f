import { Type } from '@sinclair/typebox';
import { changedFields, reviseProfile } from '../domain/account-profile.js';
import { canonicalEmail, emailKey } from '../domain/email-address.js';
import { say } from '../domain/errors.js';
import { profileOf, readAccount, readAccountInTransaction, updateProfileFields } from '../store/accounts.js';
import { findUser } from '../store/users.js';
import { Account, accountOutput, ProfileFields } from './account-schemas.js';
import { accountGone, DryRun } from './call-parts.js';
import { checkCurrentPassword, confirmNewAdditionalEmails, requestEmailChange, requireRecentSignIn } from './email-change.js';
import { defineCall } from './registry.js';


export const readAccounts = defineCall({
  name: 'ReadAccounts',
  summary: 'Gets information about the account that sent the request.',
  origin: 'oapi',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  input: Type.Object({ DryRun }, { additionalProperties: false }),
  output: Type.Object({ Accounts: Type.Array(Account) }),
  async handler({ principal, services }) {
    const row = await readAccount(services.store.db, principal.accountId);
    if (!row) throw accountGone();
    return { Accounts: [accountOutput(row)] };
  },
});

export const updateAccount = defineCall({
  name: 'UpdateAccount',
  summary: 'Updates the information of the account that sent the request: only the given fields change, all or nothing.',
  origin: 'oapi',
  auth: ['session', 'signature'],
  access: { kind: 'right', right: 'ManageAccount', ownerOnly: ['Email'] },
  input: Type.Object(
    {
      ...ProfileFields,
      DryRun,
      Email: Type.Optional(Type.String({ maxLength: 256, description: 'The main email address (login and notifications). It changes once the new address is confirmed by the link mailed to it.' })),
      CurrentPassword: Type.Optional(
        Type.String({ maxLength: 1024, description: 'Tessera extension: with a console session older than the re-authentication window, the current password lets an Email change through.' }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ Account }),
  async handler({ input, principal, services }) {
    const { DryRun: dryRun, Email: rawEmail, CurrentPassword: currentPassword, ...fields } = input;
    const newEmail = rawEmail === undefined ? undefined : canonicalEmail('Email', rawEmail);
    if (currentPassword !== undefined) await checkCurrentPassword(principal, currentPassword, services);
    else if (newEmail !== undefined) requireRecentSignIn(principal, services, say('Changing the email address', "Changer l'adresse e-mail"));
    const { db, engine } = services.store;
    let mailed = false;
    const answer = await db.transaction().execute(async (trx) => {
      // The lock makes the check of fields that depend on each other see what it writes.
      const row = await readAccountInTransaction(trx, principal.accountId, engine === 'postgres');
      if (!row) throw accountGone();
      const before = profileOf(row);
      const after = reviseProfile(before, fields, newEmail ?? row.email);
      const changed = changedFields(before, after);
      if (dryRun) return { Account: accountOutput(row, after) };
      if (changed.length > 0) await updateProfileFields(trx, row.account_id, after, changed, services.now());
      const emailChanges = newEmail !== undefined && emailKey(newEmail) !== emailKey(row.email);
      if (changed.includes('AdditionalEmails') || emailChanges) {
        const user = await findUser(trx, principal.userId);
        if (!user) throw accountGone();
        if (changed.includes('AdditionalEmails')) {
          await confirmNewAdditionalEmails(trx, services, row.account_id, user, after.FirstName, after.AdditionalEmails, before.AdditionalEmails);
        }
        // The Email changes only once the new address confirms it; until then ReadAccounts shows the current one.
        if (emailChanges) await requestEmailChange(trx, services, user, after.FirstName, newEmail);
        mailed = true;
      }
      return { Account: accountOutput(row, after) };
    });
    if (mailed) void services.mail.wake();
    return answer;
  },
});
