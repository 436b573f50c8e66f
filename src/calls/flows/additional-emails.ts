import { emailKey } from '../../domain/email-address.js';
import type { Language } from '../../domain/errors.js';
import { confirmedAdditionalEmails, keepAdditionalConfirmations } from '../../store/email-tokens.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { UserRow } from '../../store/users.js';
import { mailLink } from '../pipeline/mail-queue.js';
import type { Services } from '../pipeline/registry.js';

/**
 * After AdditionalEmails changed: each address added and not confirmed yet gets a confirmation
 * link, and confirmations of removed addresses are forgotten.
 */
export async function confirmNewAdditionalEmails(
  tx: WriteTransaction,
  services: Services,
  accountId: string,
  user: UserRow,
  firstName: string,
  addresses: string[],
  previous: string[],
): Promise<void> {
  await keepAdditionalConfirmations(tx.db, accountId, addresses.map(emailKey));
  const confirmed = await confirmedAdditionalEmails(tx.db, accountId);
  const before = new Set(previous.map(emailKey));
  for (const address of addresses) {
    if (confirmed.has(emailKey(address)) || before.has(emailKey(address))) continue;
    await mailLink(tx, services, {
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
