import { Type } from '@sinclair/typebox';
import type { Kysely, Transaction } from 'kysely';
import { fieldNames } from '../../domain/account-events.js';
import { checkEnoughValidators, type ValidationPolicy } from '../../domain/operations.js';
import { readAccount } from '../../store/accounts.js';
import { setAccountSecurity } from '../../store/operations.js';
import type { Database } from '../../store/schema.js';
import { factorRequired } from '../flows/required-factor.js';
import { accountGone, DryRun } from '../pipeline/call-parts.js';
import { accountValidators } from '../pipeline/operation-requests.js';
import { defineCall, type Services } from '../pipeline/registry.js';
import { operationErrors } from './errors.js';

const Policy = Type.Union([Type.Literal('OtherValidator'), Type.Literal('AnyValidator')], {
  description:
    'OtherValidator: nobody validates their own request. AnyValidator: a validator may (one-person accounts).',
});

const AccountSecurity = Type.Object({
  AdvancedSecurity: Type.Boolean({ description: 'Whether sensitive actions wait for a token validator.' }),
  RequireSecondFactor: Type.Boolean({
    description: 'Every user must have a second factor: one without is sent to enrol at their next sign-in.',
  }),
  PlatformRequiresSecondFactor: Type.Boolean({
    description:
      'The platform requires a second factor of every account (TESSERA_REQUIRE_SECOND_FACTOR): RequireSecondFactor stays on.',
  }),
  ValidationPolicy: Policy,
  Validators: Type.Array(
    Type.Object({
      UserName: Type.String({ description: 'Their UserName, or "owner".' }),
      CanReceiveTokens: Type.Boolean({ description: 'Enabled, with a confirmed email.' }),
    }),
  ),
});

async function securityOf(db: Kysely<Database> | Transaction<Database>, services: Services, accountId: string) {
  const account = await readAccount(db as Kysely<Database>, accountId);
  if (!account) throw accountGone();
  const validators = await accountValidators({ db }, services, accountId);
  return {
    account,
    validators,
    output: {
      AdvancedSecurity: account.advanced_security === 1,
      RequireSecondFactor: factorRequired(services, account),
      PlatformRequiresSecondFactor: services.config.requireSecondFactor,
      ValidationPolicy: account.validation_policy,
      Validators: validators.map((validator) => ({
        UserName: validator.name,
        CanReceiveTokens: validator.enabled && validator.emailConfirmed,
      })),
    },
  };
}

const ACCESS = { kind: 'right', right: 'ManageAccount' } as const;

export const readAccountSecurity = defineCall({
  name: 'ReadAccountSecurity',
  summary:
    'Whether advanced security is on, its validation policy, and the token validators with whether each can receive tokens.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: ACCESS,
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: AccountSecurity,
  async handler({ principal, services, db }) {
    return (await securityOf(db, services, principal.accountId)).output;
  },
});

export const updateAccountSecurity = defineCall({
  name: 'UpdateAccountSecurity',
  summary:
    "Turns advanced security on or off, or changes its policy, and whether every user must have a second factor. Turning it on waits for a token validator's token; once on, every change here is itself an operation.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: ACCESS,
  effect: 'write',
  // The settings' new values: they are no one's personal data, and the platform acts on them.
  events: {
    emits: ['account.security-updated'],
    of: ({ changes, output }) => {
      const fields = fieldNames(changes.filter((change) => change.OldValue !== change.NewValue));
      const { AdvancedSecurity, ValidationPolicy, RequireSecondFactor } = output;
      return fields.length === 0
        ? []
        : [
            {
              type: 'account.security-updated',
              data: { Fields: fields, Values: { AdvancedSecurity, ValidationPolicy, RequireSecondFactor } },
            },
          ];
    },
  },
  sensitive: {
    evenWhenOff: (input) => input.AdvancedSecurity === true,
    // A validator compares each setting with what it is now ("Off → On"). Read here, not taken
    // from the pipeline: the account it holds once the call was tried is the one the try changed.
    before: async (_input, { db, principal }) => {
      const now = await readAccount(db, principal.accountId);
      return now
        ? {
            AdvancedSecurity: now.advanced_security === 1,
            ValidationPolicy: now.validation_policy,
            RequireSecondFactor: now.require_second_factor === 1,
          }
        : {};
    },
  },
  input: Type.Object(
    {
      AdvancedSecurity: Type.Optional(Type.Boolean()),
      ValidationPolicy: Type.Optional(Policy),
      RequireSecondFactor: Type.Optional(Type.Boolean()),
      DryRun,
    },
    { additionalProperties: false },
  ),
  output: AccountSecurity,
  async handler({ input, principal, services, tx }) {
    if (input.RequireSecondFactor === false && services.config.requireSecondFactor)
      throw operationErrors.SecondFactorRequiredByPlatform();
    const { account, validators } = await securityOf(tx.db, services, principal.accountId);
    const on = input.AdvancedSecurity ?? account.advanced_security === 1;
    const policy: ValidationPolicy = input.ValidationPolicy ?? account.validation_policy;
    if (on) checkEnoughValidators(policy, validators);
    const requireSecondFactor = input.RequireSecondFactor ?? account.require_second_factor === 1;
    await setAccountSecurity(
      tx.db,
      principal.accountId,
      { advancedSecurity: on, policy, requireSecondFactor },
      services.now(),
    );
    return (await securityOf(tx.db, services, principal.accountId)).output;
  },
});
