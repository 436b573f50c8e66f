import type { AccountRow } from '../../store/accounts.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { UserRow } from '../../store/users.js';
import { queueMail } from '../pipeline/mail-queue.js';
import { firstNameOf, personalNames } from '../pipeline/people.js';
import type { Services } from '../pipeline/registry.js';

/**
 * The words a new password must not be built from: the person's own names and email, and the
 * account's — its owner's names and its company — which every user of it may know.
 */
export function passwordContext(account: AccountRow, user: UserRow): (string | undefined)[] {
  const own = personalNames(user, account);
  return [
    ...new Set([own.firstName, own.lastName, account.first_name, account.last_name]),
    user.email,
    account.company_name,
  ].map((word) => word ?? undefined);
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
