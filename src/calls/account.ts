import { Type } from '@sinclair/typebox';
import { changedFields, reviseProfile } from '../domain/account-profile.js';
import { ApiError, say } from '../domain/errors.js';
import { profileOf, readAccount, readAccountInTransaction, updateProfileFields } from '../store/accounts.js';
import { Account, accountOutput, ProfileFields } from './account-schemas.js';
import { defineCall } from './registry.js';

const DryRun = Type.Optional(Type.Boolean({ description: 'If true, checks the request and reports what would change, changing nothing.' }));

function accountGone(): ApiError {
  return new ApiError('AuthenticationFailed', say('Your account no longer exists.', "Votre compte n'existe plus."));
}

export const readAccounts = defineCall({
  name: 'ReadAccounts',
  summary: 'Gets information about the account that sent the request.',
  origin: 'oapi',
  auth: ['session', 'signature'],
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
  input: Type.Object(
    { ...ProfileFields, DryRun, Email: Type.Optional(Type.String({ maxLength: 256, description: 'The main email address (login and notifications).' })) },
    { additionalProperties: false },
  ),
  output: Type.Object({ Account }),
  async handler({ input, principal, services }) {
    const { DryRun: dryRun, Email: email, ...fields } = input;
    if (email !== undefined) {
      throw new ApiError(
        'InvalidParameterValue',
        say(
          'Email cannot be changed yet: a new address must first be confirmed by email, which this server does not do yet.',
          "L'Email ne peut pas encore être modifié : une nouvelle adresse doit d'abord être confirmée par e-mail, ce que ce serveur ne fait pas encore.",
        ),
      );
    }
    const { db, engine } = services.store;
    return db.transaction().execute(async (trx) => {
      // The lock makes the check of fields that depend on each other see what it writes.
      const row = await readAccountInTransaction(trx, principal.accountId, engine === 'postgres');
      if (!row) throw accountGone();
      const before = profileOf(row);
      const after = reviseProfile(before, fields, row.email);
      const changed = changedFields(before, after);
      if (!dryRun && changed.length > 0) await updateProfileFields(trx, row.account_id, after, changed, services.now());
      return { Account: accountOutput(row, after) };
    });
  },
});
