import type { AccountRow } from '../../store/accounts.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { UserRow } from '../../store/users.js';
import { queueMail } from '../pipeline/mail-queue.js';
import { firstNameOf, personalNames } from '../pipeline/people.js';
import type { Services } from '../pipeline/registry.js';

/** The user's own words that a new password must not be built from. */
export function passwordContext(account: AccountRow, user: UserRow): (string | undefined)[] {
  const { firstName, lastName } = personalNames(user, account);
  return [firstName ?? undefined, lastName ?? undefined, user.email ?? undefined, account.company_name ?? undefined];
}

/** Queues, in the change's transaction, the notice that a password changed (ASVS 6.3.7). */
export async function queuePasswordChangedNotice(
  tx: WriteTransaction,
  services: Services,
  user: UserRow,
  account: AccountRow,
  signedOutOthers: boolean,
): Promise<void> {
  if (user.email === null) return;
  await queueMail(
    tx,
    services,
    {
      recipient: user.email,
      language: user.language,
      template: 'password-changed',
      payload: {
        firstName: firstNameOf(user, account),
        signedOutOthers,
        link: `${services.config.publicUrl.origin}/signin`,
      },
    },
    // The person changed their own password: the notice always goes.
    'always',
  );
}
