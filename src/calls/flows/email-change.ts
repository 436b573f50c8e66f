import { Type } from '@sinclair/typebox';
import { consumeEmailToken } from '../../auth/email-tokens.js';
import { emailKey } from '../../domain/email-address.js';
import type { Language } from '../../domain/errors.js';
import { retireEmailTokens, setPendingEmail } from '../../store/email-tokens.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { findUser, findUserByEmailKey, type UserRow } from '../../store/users.js';
import { actingUser } from '../pipeline/audit-writer.js';
import { mailLink, queueMail } from '../pipeline/mail-queue.js';
import { defineCall, type Services } from '../pipeline/registry.js';
import { flowErrors } from './errors.js';

const CHANGE_TOKENS = ['change-email', 'cancel-email-change'];

/**
 * Starts a change of a user's email: nothing switches until the new address confirms (see
 * mailNewAddress). The current address gets a notice with a link that cancels the change.
 */
export async function requestEmailChange(
  tx: WriteTransaction,
  services: Services,
  user: UserRow,
  firstName: string,
  newEmail: string,
): Promise<void> {
  const now = services.now();
  await retireEmailTokens(tx.db, user.user_id, CHANGE_TOKENS, now, 'replaced');
  await setPendingEmail(tx.db, user.user_id, newEmail);
  const language = user.language as Language;
  await mailNewAddress(tx, services, user, firstName, newEmail);
  if (user.email === null) return;
  await mailLink(tx, services, {
    userId: user.user_id,
    purpose: 'cancel-email-change',
    address: newEmail,
    recipient: user.email,
    language,
    template: 'email-change-requested',
    values: { firstName, newEmail },
  });
}

/**
 * The mail to the address a user wants to switch to: a confirmation link, or — when another
 * account already uses the address — a notice to its owner, with nothing the requester can see.
 */
export async function mailNewAddress(
  tx: WriteTransaction,
  services: Services,
  user: UserRow,
  firstName: string,
  newEmail: string,
): Promise<void> {
  const owner = await findUserByEmailKey(tx.db, emailKey(newEmail));
  if (owner) {
    // Limited like the confirmation it stands for, so that both answers stay alike.
    await queueMail(
      tx,
      services,
      { recipient: owner.email, language: owner.language, template: 'email-in-use', payload: {} },
      'refuse',
    );
    return;
  }
  await mailLink(tx, services, {
    userId: user.user_id,
    purpose: 'change-email',
    address: newEmail,
    recipient: newEmail,
    language: user.language as Language,
    template: 'confirm-new-email',
    values: { firstName, hours: services.config.emailLinkHours },
  });
}

async function dropPendingEmailChange(tx: WriteTransaction, userId: string, now: number): Promise<void> {
  await retireEmailTokens(tx.db, userId, CHANGE_TOKENS, now);
  await setPendingEmail(tx.db, userId, null);
}

export const cancelEmailChange = defineCall({
  name: 'CancelEmailChange',
  summary:
    'Cancels a pending change of the email address: with the token of the link mailed to the current address, or, signed in, your own.',
  origin: 'tessera',
  auth: ['none', 'session', 'signature'],
  access: { kind: 'anyone' },
  effect: 'write',
  input: Type.Object(
    { Token: Type.Optional(Type.String({ maxLength: 128, description: 'The token of the link.' })) },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  async handler({ input, principal, services, tx, event }) {
    const now = services.now();
    if (input.Token !== undefined) {
      const token = await consumeEmailToken(tx.db, input.Token, ['cancel-email-change'], now);
      const user = await findUser(tx.db, token.user_id);
      if (user) event.actor = actingUser(user);
      await dropPendingEmailChange(tx, token.user_id, now);
    } else if (principal) {
      await dropPendingEmailChange(tx, principal.userId, now);
    } else {
      throw flowErrors.EmailChangeTokenRequired();
    }
    return {};
  },
});
