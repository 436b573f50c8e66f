import type { Language } from '../../domain/errors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { mailLink } from '../pipeline/mail-queue.js';
import type { Services } from '../pipeline/registry.js';

/** Queues the mail that asks a new user to confirm their address. */
export async function sendConfirmation(
  tx: WriteTransaction,
  services: Services,
  to: { userId: string; email: string; firstName: string; language: Language },
): Promise<void> {
  await mailLink(tx, services, {
    userId: to.userId,
    purpose: 'confirm-email',
    address: to.email,
    recipient: to.email,
    language: to.language,
    template: 'confirm-email',
    values: { firstName: to.firstName, hours: services.config.emailLinkHours },
  });
}
