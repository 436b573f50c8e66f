import { emailKey } from '../../domain/email-address.js';
import { retireEmailTokens } from '../../store/email-tokens.js';
import { updateUserRow } from '../../store/sub-users.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { UserRow } from '../../store/users.js';
import { requestEmailChange } from '../flows/email-change.js';
import type { Principal } from '../pipeline/principal.js';
import type { Services } from '../pipeline/registry.js';
import { inviteOrNotify } from './invitations.js';
import { checkFree } from './user-uniqueness.js';

/**
 * Another user's new address, set by someone who manages users. A user who never signed in
 * gets it at once with a new invitation; a user who has a password keeps signing in with the
 * old address until the new one confirms, as when they change it themself.
 */
export async function changeUserEmail(
  tx: WriteTransaction,
  services: Services,
  principal: Principal,
  user: UserRow,
  newEmail: string,
): Promise<void> {
  if (user.email !== null && emailKey(user.email) === emailKey(newEmail)) return;
  await checkFree(tx.db, user.account_id, { email: newEmail }, user);
  const now = services.now();
  if (user.password_hash === null) {
    await retireEmailTokens(tx.db, user.user_id, ['invitation'], now, 'replaced');
    await updateUserRow(tx.db, user.user_id, {
      email: newEmail,
      email_key: null,
      email_confirmed_at: null,
      pending_email: null,
      updated_at: now,
    });
    await inviteOrNotify(tx, services, principal, { ...user, email: newEmail, email_key: null });
    return;
  }
  await requestEmailChange(tx, services, user, user.first_name ?? user.user_name ?? '', newEmail);
}
