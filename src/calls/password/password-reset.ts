import { Type } from '@sinclair/typebox';
import { consumeEmailToken } from '../../auth/email-tokens.js';
import { clearLoginLockouts } from '../../auth/sign-in-guard.js';
import { loginKey } from '../../domain/email-address.js';
import type { Language } from '../../domain/errors.js';
import { readAccount } from '../../store/accounts.js';
import { retireEmailTokens, setPendingEmail } from '../../store/email-tokens.js';
import { countRecentMails } from '../../store/outbox.js';
import { deleteUserSessions } from '../../store/sessions.js';
import { findUserByEmailKey, setPasswordHash } from '../../store/users.js';
import { mailLink } from '../mail-queue.js';
import { defineCall } from '../registry.js';
import { queuePasswordChangedNotice } from './password-changed-notice.js';
import { passwordFromLink } from './password-from-link.js';

/** At most this many reset mails an hour to one address, whoever asks. */
const RESET_MAILS_PER_HOUR = 3;

export const sendResetPasswordEmail = defineCall({
  name: 'SendResetPasswordEmail',
  summary:
    'Mails a single-use link to choose a new password. Answers the same whether or not an account uses the address.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  effect: 'write',
  input: Type.Object(
    { Email: Type.String({ maxLength: 256, description: 'The address you sign in with.' }) },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  async handler({ input, services, tx }) {
    const key = loginKey(input.Email);
    const user = key === undefined ? undefined : await findUserByEmailKey(tx.db, key);
    if (!user) return {};
    const now = services.now();
    // The stored address, never the one typed in the request (they may differ in case or form).
    if ((await countRecentMails(tx.db, user.email, 'reset-password', now - 3_600_000)) >= RESET_MAILS_PER_HOUR)
      return {};
    const account = await readAccount(tx.db, user.account_id);
    await mailLink(tx, services, {
      userId: user.user_id,
      purpose: 'reset-password',
      address: user.email,
      recipient: user.email,
      language: user.language as Language,
      template: 'reset-password',
      values: { firstName: account?.first_name ?? '', minutes: services.config.resetLinkMinutes },
      lifetimeMs: services.config.resetLinkMinutes * 60_000,
    });
    return {};
  },
});

export const resetAccountPassword = defineCall({
  name: 'ResetAccountPassword',
  summary:
    'Sets a new password with the token of a reset link: every other reset link and any pending email change end, and every device is signed out.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  effect: 'write',
  input: Type.Object(
    {
      Token: Type.String({ maxLength: 128, description: 'The token of the reset link.' }),
      Password: Type.String({ maxLength: 1024, description: 'The new password.' }),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  prepare: ({ input, services }) =>
    passwordFromLink(services, { token: input.Token, purpose: 'reset-password', password: input.Password }),
  async handler({ input, services, cookie, tx, prepared: { user, account, passwordHash } }) {
    const now = services.now();
    await consumeEmailToken(tx.db, input.Token, ['reset-password'], now);
    await setPasswordHash(tx.db, user.user_id, passwordHash);
    await retireEmailTokens(tx.db, user.user_id, ['reset-password', 'change-email', 'cancel-email-change'], now);
    await setPendingEmail(tx.db, user.user_id, null);
    await deleteUserSessions(tx.db, user.user_id, undefined);
    // A reset is the owner's way out of a lockout, whichever way the password was tried.
    if (user.email_key !== null) await clearLoginLockouts(tx.db, user.email_key);
    await queuePasswordChangedNotice(tx, services, user, account, true);
    tx.afterCommit(() => cookie.clear());
    return {};
  },
});
