import { Type } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import { consumeEmailToken } from '../auth/email-tokens.js';
import { emailKey } from '../domain/email-address.js';
import { ApiError, say, type Language } from '../domain/errors.js';
import { readAccount } from '../store/accounts.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import { confirmAdditionalEmail, confirmedAdditionalEmails, confirmUserEmail, retireEmailTokens, switchEmail } from '../store/email-tokens.js';
import type { Database } from '../store/schema.js';
import { findUser } from '../store/users.js';
import { dropPendingEmailChange, mailNewAddress } from './email-change.js';
import { mailLink } from './email-links.js';
import { accountGone, NoInput } from './call-parts.js';
import { defineCall, type Services } from './registry.js';

/** Queues, in the caller's transaction, the mail that asks a new user to confirm their address. */
export async function sendConfirmation(trx: Transaction<Database>, services: Services, to: { userId: string; email: string; firstName: string; language: Language }): Promise<void> {
  await mailLink(trx, services, {
    userId: to.userId,
    purpose: 'confirm-email',
    address: to.email,
    recipient: to.email,
    language: to.language,
    template: 'confirm-email',
    values: { firstName: to.firstName, hours: services.config.emailLinkHours },
  });
}

function noLongerValid(): ApiError {
  return new ApiError('InvalidParameterValue', say('This link is for an address that is no longer the account’s.', "Ce lien concerne une adresse qui n'est plus celle du compte."));
}

const Token = Type.String({ maxLength: 128, description: 'The token of the link.' });

export const confirmEmail = defineCall({
  name: 'ConfirmEmail',
  summary: 'Confirms an email address with the token of the link mailed to it: the address given at sign-up, a new main address, or an additional one.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  input: Type.Object({ Token }, { additionalProperties: false }),
  output: Type.Object({}),
  async handler({ input, services }) {
    const now = services.now();
    try {
      await services.store.db.transaction().execute(async (trx) => {
        const token = await consumeEmailToken(trx, input.Token, ['confirm-email', 'change-email', 'confirm-additional-email'], now);
        const user = await findUser(trx, token.user_id);
        if (!user) throw noLongerValid();
        if (token.purpose === 'confirm-email') {
          if (!(await confirmUserEmail(trx, user.user_id, token.address, now))) throw noLongerValid();
        } else if (token.purpose === 'change-email') {
          if (user.pending_email !== token.address) throw noLongerValid();
          await switchEmail(trx, user.user_id, token.address, emailKey(token.address), now);
          await retireEmailTokens(trx, user.user_id, ['cancel-email-change'], now);
        } else {
          const account = await readAccount(trx, user.account_id);
          const listed = account && (JSON.parse(account.additional_emails) as string[]).some((address) => emailKey(address) === emailKey(token.address));
          if (!listed) throw noLongerValid();
          await confirmAdditionalEmail(trx, user.account_id, emailKey(token.address), now);
        }
      });
    } catch (error) {
      // Another account took the address between the request and its confirmation.
      if (isUniqueViolation(error)) throw new ApiError('InvalidParameterValue', say('This address can no longer be used: choose another one.', 'Cette adresse ne peut plus être utilisée : choisissez-en une autre.'));
      throw error;
    }
    return {};
  },
});

export const cancelEmailChange = defineCall({
  name: 'CancelEmailChange',
  summary: 'Cancels a pending change of the email address: with the token of the link mailed to the current address, or, signed in, your own.',
  origin: 'tessera',
  auth: ['none', 'session', 'signature'],
  access: { kind: 'anyone' },
  input: Type.Object({ Token: Type.Optional(Token) }, { additionalProperties: false }),
  output: Type.Object({}),
  async handler({ input, principal, services }) {
    const now = services.now();
    await services.store.db.transaction().execute(async (trx) => {
      if (input.Token !== undefined) {
        const token = await consumeEmailToken(trx, input.Token, ['cancel-email-change'], now);
        await dropPendingEmailChange(trx, token.user_id, now);
      } else if (principal) {
        await dropPendingEmailChange(trx, principal.userId, now);
      } else {
        throw new ApiError('InvalidParameter', say('Token is required when you are not signed in.', "Token est obligatoire lorsque vous n'êtes pas connecté."));
      }
    });
    return {};
  },
});

export const resendEmailConfirmation = defineCall({
  name: 'ResendEmailConfirmation',
  summary: 'Mails the confirmation link again: to the pending new address, else to the unconfirmed main address.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  input: NoInput,
  output: Type.Object({}),
  async handler({ principal, services }) {
    const now = services.now();
    await services.store.db.transaction().execute(async (trx) => {
      const user = await findUser(trx, principal.userId);
      const account = await readAccount(trx, principal.accountId);
      if (!user || !account) throw noLongerValid();
      const language = user.language as Language;
      const values = { firstName: account.first_name, hours: services.config.emailLinkHours };
      if (user.pending_email) {
        await retireEmailTokens(trx, user.user_id, ['change-email'], now);
        await mailNewAddress(trx, services, user, account.first_name, user.pending_email);
      } else if (user.email === null) {
        throw new ApiError('InvalidParameterValue', say('You have no email address to confirm.', "Vous n'avez pas d'adresse e-mail à confirmer."));
      } else if (user.email_confirmed_at === null) {
        await retireEmailTokens(trx, user.user_id, ['confirm-email'], now);
        await mailLink(trx, services, { userId: user.user_id, purpose: 'confirm-email', address: user.email, recipient: user.email, language, template: 'confirm-email', values });
      } else {
        throw new ApiError('InvalidParameterValue', say('Your email address is already confirmed.', 'Votre adresse e-mail est déjà confirmée.'));
      }
    });
    void services.mail.wake();
    return {};
  },
});

export const readEmailAddresses = defineCall({
  name: 'ReadEmailAddresses',
  summary: "The caller's email address, whether it is confirmed, the address waiting for confirmation, and which additional addresses are confirmed.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  input: NoInput,
  output: Type.Object({
    Email: Type.Optional(Type.String({ description: 'Absent for a user created without an email.' })),
    EmailConfirmed: Type.Boolean(),
    PendingEmail: Type.Optional(Type.String({ description: 'The new address, until it is confirmed.' })),
    AdditionalEmails: Type.Array(Type.Object({ Email: Type.String(), Confirmed: Type.Boolean() })),
  }),
  async handler({ principal, services }) {
    const { db } = services.store;
    const user = await findUser(db, principal.userId);
    const account = await readAccount(db, principal.accountId);
    if (!user || !account) throw accountGone();
    const confirmed = await confirmedAdditionalEmails(db, principal.accountId);
    return {
      ...(user.email !== null ? { Email: user.email } : {}),
      EmailConfirmed: user.email_confirmed_at !== null,
      ...(user.pending_email ? { PendingEmail: user.pending_email } : {}),
      AdditionalEmails: (JSON.parse(account.additional_emails) as string[]).map((address) => ({ Email: address, Confirmed: confirmed.has(emailKey(address)) })),
    };
  },
});
