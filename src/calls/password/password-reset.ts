import { Type } from '@sinclair/typebox';
import { consumeEmailToken } from '../../auth/email-tokens.js';
import type { Device } from '../../auth/session-service.js';
import { clearLoginLockouts } from '../../auth/sign-in-guard.js';
import { loginKey } from '../../domain/email-address.js';
import type { Language } from '../../domain/errors.js';
import type { Expander } from '../../mail/delivery-worker.js';
import { deleteUserAccessKeys } from '../../store/access-keys.js';
import { readAccount } from '../../store/accounts.js';
import { retireEmailTokens, setPendingEmail } from '../../store/email-tokens.js';
import { deleteAllUserIdentities } from '../../store/identities.js';
import { deleteUserSessions } from '../../store/sessions.js';
import { deleteSubUsers, updateUserRow } from '../../store/sub-users.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { findUserByEmailKey, lockUser, setPasswordHash, type UserRow } from '../../store/users.js';
import { queuePasswordChangedNotice } from '../flows/password-changed-notice.js';
import { passwordFromLink } from '../flows/password-from-link.js';
import { recordEvent } from '../pipeline/audit-writer.js';
import { mailLink, queueMail } from '../pipeline/mail-queue.js';
import { firstNameOf } from '../pipeline/people.js';
import { defineCall, type Services } from '../pipeline/registry.js';

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
  async handler({ input, services, tx, device }) {
    const key = loginKey(input.Email);
    // Whether an account uses the address is found later, by the mail worker: this answer and
    // the work behind it are the same either way (ASVS 6.3.8). The asker's device goes with it,
    // for the account's event.
    const payload: Device = { ip: device.ip, userAgent: device.userAgent.slice(0, 256) };
    if (key !== undefined)
      await queueMail(tx, services, { recipient: key, language: 'en', template: RESET_REQUEST, payload }, 'always');
    return {};
  },
});

/** The outbox's kind for a reset asked for an address, before anyone knows whether it has an account. */
export const RESET_REQUEST = 'reset-request';

/** Turns a reset request into the reset mail, when an account signs in with the address. */
export function expandResetRequest(services: Services): Expander {
  return (request) =>
    services.store.transaction(async (tx) => {
      const found = await findUserByEmailKey(tx.db, request.recipient);
      // Locked, so that requests for one address count each other's mails.
      const user = found && (await lockUser(tx, found.user_id));
      if (!user?.email) return;
      const account = await readAccount(tx.db, user.account_id);
      const device = JSON.parse(request.payload) as Partial<Device>;
      await recordEvent(
        tx,
        services,
        { principal: undefined, device: { ip: device.ip ?? '', userAgent: device.userAgent ?? '' } },
        {
          accountId: user.account_id,
          action: 'SendResetPasswordEmail',
          target: user.email,
          changes: [],
          outcome: 'success',
          actor: { userId: user.user_id, accountId: user.account_id, name: 'anonymous' },
        },
      );
      await mailLink(
        tx,
        services,
        {
          userId: user.user_id,
          purpose: 'reset-password',
          // The stored address, never the one typed in the request (they may differ in case or form).
          address: user.email,
          recipient: user.email,
          language: user.language as Language,
          template: 'reset-password',
          values: { firstName: firstNameOf(user, account), minutes: services.config.resetLinkMinutes },
          lifetimeMs: services.config.resetLinkMinutes * 60_000,
        },
        // Past the hourly limit the request is dropped: its asker is long gone.
        'skip',
      );
    });
}

export const resetAccountPassword = defineCall({
  name: 'ResetAccountPassword',
  // Under advanced security the mailbox alone no longer moves the password: a validator confirms.
  sensitive: {
    requester: (prepared) => {
      const { user } = prepared as { user: UserRow };
      return { userId: user.user_id, accountId: user.account_id };
    },
  },
  summary:
    'Sets a new password with the token of a reset link: every other reset link and any pending email change end, and every device is signed out. An address never confirmed is confirmed by the link, and every credential made before ends: access keys, linked logins, links, added users.',
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
    await setPasswordHash(tx.db, user.user_id, passwordHash, now);
    // setPasswordHash ended the other password links; a pending change of address ends too.
    await retireEmailTokens(tx.db, user.user_id, ['change-email', 'cancel-email-change'], now);
    await setPendingEmail(tx.db, user.user_id, null);
    await deleteUserSessions(tx.db, user.user_id, undefined);
    if (user.email_confirmed_at === null) await reclaim(tx, user, now);
    // A reset is the owner's way out of a lockout, whichever way the password was tried.
    if (user.email_key !== null) await clearLoginLockouts(tx.db, user.email_key);
    await queuePasswordChangedNotice(tx, services, user, account, true);
    tx.afterCommit(() => cookie.clear());
    return {};
  },
});

/**
 * The mailbox's owner takes back an account whose address was never confirmed: whoever created
 * it may not be them (ATK-80), so every credential made before — keys, linked logins, links,
 * the users they added — ends, and the address counts as confirmed by the reset link itself.
 */
async function reclaim(tx: WriteTransaction, user: UserRow, now: number): Promise<void> {
  await deleteUserAccessKeys(tx.db, user.user_id);
  await deleteAllUserIdentities(tx.db, user.user_id);
  await retireEmailTokens(tx.db, user.user_id, ['confirm-email', 'confirm-additional-email', 'invitation'], now);
  if (user.is_owner === 1) await deleteSubUsers(tx.db, user.account_id);
  await updateUserRow(tx.db, user.user_id, { email_confirmed_at: now, updated_at: now });
}
