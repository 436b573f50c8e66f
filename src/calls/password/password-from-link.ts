import { consumeEmailToken, type EmailTokenPurpose } from '../../auth/email-tokens.js';
import { ApiError, say } from '../../domain/errors.js';
import { checkNewPassword } from '../../domain/password-policy.js';
import { readAccount, type AccountRow } from '../../store/accounts.js';
import type { EmailTokenRow } from '../../store/email-tokens.js';
import { findUser, type UserRow } from '../../store/users.js';
import type { Services } from '../registry.js';
import { passwordContext } from './password-changed-notice.js';

export function invalidLink(): ApiError {
  return new ApiError(
    'InvalidParameterValue',
    say(
      'This link is not valid: check that you copied it whole.',
      "Ce lien n'est pas valide : vérifiez que vous l'avez copié en entier.",
    ),
  );
}

/**
 * The user behind a mailed password link, and the new password hashed once it passes the
 * policy: a `prepare` step. The token is only checked here, so that a refused password can be
 * retried; the handler spends it in the transaction that sets the password. `check` adds the
 * link's own conditions.
 */
export async function passwordFromLink(
  services: Services,
  link: { token: string; purpose: EmailTokenPurpose; password: string },
  check: (user: UserRow, row: EmailTokenRow) => void = () => undefined,
): Promise<{ user: UserRow; account: AccountRow; passwordHash: string }> {
  const { db } = services.store;
  const row = await consumeEmailToken(db, link.token, [link.purpose], services.now(), { dryRun: true });
  const user = await findUser(db, row.user_id);
  const account = user && (await readAccount(db, user.account_id));
  if (!user || !account) throw invalidLink();
  check(user, row);
  checkNewPassword('Password', link.password, services.config.passwordMinLength, passwordContext(account, user));
  return { user, account, passwordHash: await services.hasher.hash(link.password) };
}
