import { consumeEmailToken, type EmailTokenPurpose } from '../../auth/email-tokens.js';
import { emailKey } from '../../domain/email-address.js';
import { checkNewPassword } from '../../domain/password-policy.js';
import { readAccount, type AccountRow } from '../../store/accounts.js';
import type { EmailTokenRow } from '../../store/email-tokens.js';
import { findUser, type UserRow } from '../../store/users.js';
import type { Services } from '../pipeline/registry.js';
import { flowErrors } from './errors.js';
import { passwordContext } from './password-changed-notice.js';

/** A link's own conditions, beyond being known, unused and unexpired (an invitation not yet accepted). */
export type LinkCheck = (user: UserRow, row: EmailTokenRow) => void;

/** The user and account behind a live password link, without spending it; refuses a dead one with why. */
export async function passwordLinkHolder(
  services: Services,
  token: string,
  purpose: EmailTokenPurpose,
  check: LinkCheck = () => undefined,
): Promise<{ user: UserRow; account: AccountRow }> {
  const { db } = services.store;
  const row = await consumeEmailToken(db, token, [purpose], services.now(), { dryRun: true });
  const user = await findUser(db, row.user_id);
  const account = user && (await readAccount(db, user.account_id));
  if (!user || !account) throw flowErrors.PasswordLinkNotValid();
  check(user, row);
  return { user, account };
}

/**
 * The user behind a mailed password link, and the new password hashed once it passes the
 * policy: a `prepare` step. The token is only checked here, so that a refused password can be
 * retried; the handler spends it in the transaction that sets the password.
 */
export async function passwordFromLink(
  services: Services,
  link: { token: string; purpose: EmailTokenPurpose; password: string },
  check?: LinkCheck,
): Promise<{ user: UserRow; account: AccountRow; passwordHash: string }> {
  const { user, account } = await passwordLinkHolder(services, link.token, link.purpose, check);
  checkNewPassword('Password', link.password, services.config.passwordMinLength, passwordContext(account, user));
  return { user, account, passwordHash: await services.hasher.hash(link.password) };
}

/** An invitation link works for its address, until a password is chosen. */
export const checkInvitation: LinkCheck = (invited, link) => {
  // An address changed since the invitation was sent makes the old link void.
  if (invited.email === null || emailKey(invited.email) !== emailKey(link.address))
    throw flowErrors.PasswordLinkNotValid();
  if (invited.password_hash !== null) throw flowErrors.InvitationAlreadyAccepted();
};
