import { issueEmailToken, type EmailTokenPurpose } from '../auth/email-tokens.js';
import type { Language } from '../domain/errors.js';
import type { TemplateName, TemplateValues } from '../mail/templates.js';
import { enqueueMail, type NewMail } from '../store/outbox.js';
import type { WriteTransaction } from '../store/transaction.js';
import type { Services } from './registry.js';

/**
 * Queues a mail in the transaction of the change that causes it (the outbox); the mail worker
 * is woken once that transaction commits, and never for a change rolled back.
 */
export async function queueMail(tx: WriteTransaction, services: Services, mail: NewMail): Promise<void> {
  await enqueueMail(tx.db, mail, services.now());
  tx.afterCommit(services.mail.wake);
}

/** The console page each kind of link opens. */
const LANDING: Record<EmailTokenPurpose, string> = {
  'confirm-email': '/confirm-email',
  'change-email': '/confirm-email',
  'confirm-additional-email': '/confirm-email',
  'cancel-email-change': '/cancel-email-change',
  'reset-password': '/reset-password',
  invitation: '/accept-invitation',
};

type LinkTemplate = { [T in TemplateName]: TemplateValues[T] extends { link: string } ? T : never }[TemplateName];

/**
 * Queues a mail carrying a single-use link. The token travels in the URL fragment, which
 * browsers never send to a server nor in a Referer.
 */
export async function mailLink<T extends LinkTemplate>(
  tx: WriteTransaction,
  services: Services,
  link: {
    userId: string;
    purpose: EmailTokenPurpose;
    address: string;
    recipient: string;
    language: Language;
    template: T;
    values: Omit<TemplateValues[T], 'link'>;
    lifetimeMs?: number;
  },
): Promise<void> {
  const { config } = services;
  const token = await issueEmailToken(
    tx.db,
    link.userId,
    link.purpose,
    link.address,
    link.lifetimeMs ?? config.emailLinkHours * 3_600_000,
    services.now(),
  );
  const url = `${config.publicUrl.origin}${LANDING[link.purpose]}#${token}`;
  await queueMail(tx, services, {
    recipient: link.recipient,
    language: link.language,
    template: link.template,
    payload: { ...link.values, link: url },
  });
}
