import type { Transaction } from 'kysely';
import { issueEmailToken, type EmailTokenPurpose } from '../auth/email-tokens.js';
import type { Language } from '../domain/errors.js';
import type { TemplateName, TemplateValues } from '../mail/templates.js';
import { enqueueMail } from '../store/outbox.js';
import type { Database } from '../store/schema.js';
import type { Services } from './registry.js';

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
 * Queues, in the caller's transaction, a mail carrying a single-use link. The token travels in
 * the URL fragment, which browsers never send to a server nor in a Referer.
 */
export async function mailLink<T extends LinkTemplate>(
  trx: Transaction<Database>,
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
  const now = services.now();
  const token = await issueEmailToken(trx, link.userId, link.purpose, link.address, link.lifetimeMs ?? config.emailLinkHours * 3_600_000, now);
  const url = `${config.publicUrl.origin}${LANDING[link.purpose]}#${token}`;
  await enqueueMail(trx, { recipient: link.recipient, language: link.language, template: link.template, payload: { ...link.values, link: url } }, now);
}
