import { Type } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import { consumeEmailToken, issueEmailToken } from '../auth/email-tokens.js';
import { ApiError, say, type Language } from '../domain/errors.js';
import { confirmUserEmail } from '../store/email-tokens.js';
import { enqueueMail } from '../store/outbox.js';
import type { Database } from '../store/schema.js';
import { findUser } from '../store/users.js';
import { defineCall, type Services } from './registry.js';

/** Queues, in the caller's transaction, the mail that asks a user to confirm their address. */
export async function sendConfirmation(trx: Transaction<Database>, services: Services, to: { userId: string; email: string; firstName: string; language: Language }): Promise<void> {
  const { config } = services;
  const now = services.now();
  const token = await issueEmailToken(trx, to.userId, 'confirm-email', to.email, config.emailLinkHours * 3_600_000, now);
  // The token travels in the fragment: browsers never send it to a server or in a Referer.
  const link = `${config.publicUrl.origin}/confirm-email#${token}`;
  await enqueueMail(trx, { recipient: to.email, language: to.language, template: 'confirm-email', payload: { firstName: to.firstName, link, hours: config.emailLinkHours } }, now);
}

export const confirmEmail = defineCall({
  name: 'ConfirmEmail',
  summary: 'Confirms an email address with the token of the link mailed to it.',
  origin: 'tessera',
  auth: ['none', 'session'],
  input: Type.Object({ Token: Type.String({ maxLength: 128, description: 'The token of the confirmation link.' }) }, { additionalProperties: false }),
  output: Type.Object({}),
  async handler({ input, services }) {
    const now = services.now();
    await services.store.db.transaction().execute(async (trx) => {
      const token = await consumeEmailToken(trx, input.Token, 'confirm-email', now);
      if (!(await confirmUserEmail(trx, token.user_id, token.address, now))) {
        throw new ApiError('InvalidParameterValue', say('This link is for an address that is no longer the account’s.', "Ce lien concerne une adresse qui n'est plus celle du compte."));
      }
    });
    return {};
  },
});

export const readEmailAddresses = defineCall({
  name: 'ReadEmailAddresses',
  summary: "The caller's email address and whether it is confirmed.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ Email: Type.String(), EmailConfirmed: Type.Boolean() }),
  async handler({ principal, services }) {
    const user = await findUser(services.store.db, principal.userId);
    if (!user) throw new ApiError('AuthenticationFailed', say('Your account no longer exists.', "Votre compte n'existe plus."));
    return { Email: user.email, EmailConfirmed: user.email_confirmed_at !== null };
  },
});
