import { Type } from '@sinclair/typebox';
import { consumeEmailToken } from '../../auth/email-tokens.js';
import { emailKey } from '../../domain/email-address.js';
import type { Language } from '../../domain/errors.js';
import { readAccount } from '../../store/accounts.js';
import { isUniqueViolation } from '../../store/database-errors.js';
import { confirmAdditionalEmail, confirmUserEmail, retireEmailTokens, switchEmail } from '../../store/email-tokens.js';
import { findUser, lockUser } from '../../store/users.js';
import { emailLinkFollowed } from '../flows/account-event-data.js';
import { mailNewAddress } from '../flows/email-change.js';
import { sendConfirmation } from '../flows/email-confirmation-mail.js';
import { needsSecondStep } from '../flows/second-step.js';
import { startSession } from '../flows/session-start.js';
import { actingUser } from '../pipeline/audit-writer.js';
import { NoInput } from '../pipeline/call-parts.js';
import { firstNameOf } from '../pipeline/people.js';
import { defineCall } from '../pipeline/registry.js';
import { emailErrors } from './errors.js';

export const confirmEmail = defineCall({
  name: 'ConfirmEmail',
  summary:
    'Confirms an email address with the token of the link mailed to it: the address given at sign-up (which signs the owner in), a new main address, or an additional one.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  completes: {
    effects: ['UserLogin'],
    because:
      'the change of address was asked for, and validated where advanced security wanted it, before its link was mailed',
  },
  effect: 'write',
  // The main address moves now, not when it was asked for.
  events: {
    emits: ['account.profile-updated', 'user.updated'],
    of: ({ db, input }) => emailLinkFollowed(db, input.Token),
  },
  input: Type.Object(
    { Token: Type.String({ maxLength: 128, description: 'The token of the link.' }) },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  async handler(context) {
    const { input, services, tx, principal, event } = context;
    const now = services.now();
    const token = await consumeEmailToken(
      tx.db,
      input.Token,
      ['confirm-email', 'change-email', 'confirm-additional-email'],
      now,
    );
    const user = await findUser(tx.db, token.user_id);
    if (!user) throw emailErrors.EmailLinkNoLongerValid();
    event.actor = actingUser(user);
    event.changes = [{ Field: 'Token', Secret: true }];
    event.target = token.address;
    if (token.purpose === 'confirm-email') {
      if (!(await confirmUserEmail(tx.db, user.user_id, token.address, now)))
        throw emailErrors.EmailLinkNoLongerValid();
      // The sign-up's last step: the owner may sign in only from now, and is signed in here.
      // Never past a second factor: a user with one signs in with it.
      if (principal?.userId !== user.user_id && !(await needsSecondStep(tx.db, user.user_id)))
        await startSession(context, tx, user);
    } else if (token.purpose === 'change-email') {
      if (user.pending_email !== token.address) throw emailErrors.EmailLinkNoLongerValid();
      try {
        await switchEmail(tx.db, user.user_id, token.address, emailKey(token.address), now);
      } catch (error) {
        // Another account took the address between the request and its confirmation.
        if (isUniqueViolation(error)) throw emailErrors.EmailAddressTaken();
        throw error;
      }
      await retireEmailTokens(tx.db, user.user_id, ['cancel-email-change'], now);
    } else {
      const account = await readAccount(tx.db, user.account_id);
      const listed =
        account &&
        (JSON.parse(account.additional_emails) as string[]).some(
          (address) => emailKey(address) === emailKey(token.address),
        );
      if (!listed) throw emailErrors.EmailLinkNoLongerValid();
      await confirmAdditionalEmail(tx.db, user.account_id, emailKey(token.address), now);
    }
    return {};
  },
});

export const resendEmailConfirmation = defineCall({
  name: 'ResendEmailConfirmation',
  summary: 'Mails the confirmation link again: to the pending new address, else to the unconfirmed main address.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'write',
  input: NoInput,
  output: Type.Object({}),
  async handler({ principal, services, tx }) {
    const now = services.now();
    // Locked, so that resends arriving together count each other's mails.
    const user = await lockUser(tx, principal.userId);
    const account = await readAccount(tx.db, principal.accountId);
    if (!user || !account) throw emailErrors.EmailLinkNoLongerValid();
    if (user.pending_email) {
      await retireEmailTokens(tx.db, user.user_id, ['change-email'], now, 'replaced');
      await mailNewAddress(tx, services, user, firstNameOf(user, account), user.pending_email);
    } else if (user.email === null) {
      throw emailErrors.NoEmailToConfirm();
    } else if (user.email_confirmed_at === null) {
      await retireEmailTokens(tx.db, user.user_id, ['confirm-email'], now, 'replaced');
      await sendConfirmation(tx, services, {
        userId: user.user_id,
        email: user.email,
        firstName: firstNameOf(user, account),
        language: user.language as Language,
      });
    } else {
      throw emailErrors.EmailAlreadyConfirmed();
    }
    return {};
  },
});
