import type { Transaction } from 'kysely';
import { emailKey } from '../domain/email-address.js';
import { ApiError, say, type Language } from '../domain/errors.js';
import { confirmedAdditionalEmails, keepAdditionalConfirmations, retireEmailTokens, setPendingEmail } from '../store/email-tokens.js';
import { enqueueMail } from '../store/outbox.js';
import type { Database } from '../store/schema.js';
import { findUser, findUserByEmailKey, type UserRow } from '../store/users.js';
import { mailLink } from './email-links.js';
import type { Principal, Services } from './registry.js';

/**
 * A sensitive change through the console needs a recent password proof (ASVS 7.5.1); a signed
 * request proves its key on every call and counts as fresh.
 */
export function requireRecentSignIn(principal: Principal, services: Services, what: { en: string; fr: string }): void {
  if (principal.via !== 'session') return;
  const windowMs = services.config.reauthMinutes * 60_000;
  if (services.now() - principal.authenticatedAt <= windowMs) return;
  throw new ApiError(
    'ReauthenticationRequired',
    say(
      `${what.en} needs a recent sign-in: sign in again, then retry within ${services.config.reauthMinutes} minutes.`,
      `${what.fr} demande une connexion récente : reconnectez-vous, puis réessayez dans les ${services.config.reauthMinutes} minutes.`,
    ),
  );
}

/** The caller's own password, proved again in the request itself. */
export async function checkCurrentPassword(principal: Principal, password: string, services: Services): Promise<void> {
  const user = await findUser(services.store.db, principal.userId);
  const valid = user?.password_hash ? await services.hasher.verify(user.password_hash, password) : await services.hasher.verifyNothing(password);
  if (!valid) throw new ApiError('InvalidPassword', say('CurrentPassword is incorrect.', 'CurrentPassword est incorrect.'));
}

const CHANGE_TOKENS = ['change-email', 'cancel-email-change'];

/**
 * Starts a change of a user's email: nothing switches until the new address confirms (see
 * mailNewAddress). The current address gets a notice with a link that cancels the change.
 */
export async function requestEmailChange(trx: Transaction<Database>, services: Services, user: UserRow, firstName: string, newEmail: string): Promise<void> {
  const now = services.now();
  await retireEmailTokens(trx, user.user_id, CHANGE_TOKENS, now);
  await setPendingEmail(trx, user.user_id, newEmail);
  const language = user.language as Language;
  await mailNewAddress(trx, services, user, firstName, newEmail);
  if (user.email === null) return;
  await mailLink(trx, services, {
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
export async function mailNewAddress(trx: Transaction<Database>, services: Services, user: UserRow, firstName: string, newEmail: string): Promise<void> {
  const owner = await findUserByEmailKey(trx, emailKey(newEmail));
  if (owner) {
    await enqueueMail(trx, { recipient: owner.email, language: owner.language, template: 'email-in-use', payload: {} }, services.now());
    return;
  }
  await mailLink(trx, services, {
    userId: user.user_id,
    purpose: 'change-email',
    address: newEmail,
    recipient: newEmail,
    language: user.language as Language,
    template: 'confirm-new-email',
    values: { firstName, hours: services.config.emailLinkHours },
  });
}

export async function dropPendingEmailChange(trx: Transaction<Database>, userId: string, now: number): Promise<void> {
  await retireEmailTokens(trx, userId, CHANGE_TOKENS, now);
  await setPendingEmail(trx, userId, null);
}

/**
 * After AdditionalEmails changed: each address added and not confirmed yet gets a confirmation
 * link, and confirmations of removed addresses are forgotten.
 */
export async function confirmNewAdditionalEmails(
  trx: Transaction<Database>,
  services: Services,
  accountId: string,
  user: UserRow,
  firstName: string,
  addresses: string[],
  previous: string[],
): Promise<void> {
  await keepAdditionalConfirmations(trx, accountId, addresses.map(emailKey));
  const confirmed = await confirmedAdditionalEmails(trx, accountId);
  const before = new Set(previous.map(emailKey));
  for (const address of addresses) {
    if (confirmed.has(emailKey(address)) || before.has(emailKey(address))) continue;
    await mailLink(trx, services, {
      userId: user.user_id,
      purpose: 'confirm-additional-email',
      address,
      recipient: address,
      language: user.language as Language,
      template: 'confirm-additional-email',
      values: { firstName, hours: services.config.emailLinkHours },
    });
  }
}
