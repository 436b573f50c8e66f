import { issueEmailToken, type EmailTokenPurpose } from '../../auth/email-tokens.js';
import { type Language } from '../../domain/errors.js';
import type { TemplateName, TemplateValues } from '../../mail/templates.js';
import { enqueueMail, recentMails, type NewMail } from '../../store/outbox.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { pipelineErrors } from './errors.js';
import type { Services } from './registry.js';

/** At most this many mails of one kind to one address an hour, whoever asks (ATK-76). */
export const MAILS_PER_HOUR = 3;
const HOUR = 3_600_000;

/**
 * What happens to a mail past the hourly limit: `refuse` answers 429 with Retry-After (the caller
 * asked for it and may know), `skip` drops it silently (the answer must not tell whether an
 * account exists), `always` sends it whatever (a notice of a change the person made).
 */
export type MailLimit = 'refuse' | 'skip' | 'always';

/** Whether one more mail of `template` may go to `recipient` now; refuses with a 429 for `refuse`. */
async function withinLimit(
  tx: WriteTransaction,
  services: Services,
  recipient: string,
  template: string,
  limit: MailLimit,
): Promise<boolean> {
  if (limit === 'always') return true;
  const now = services.now();
  const recent = await recentMails(tx.db, recipient, template, now - HOUR);
  if (recent.count < MAILS_PER_HOUR) return true;
  if (limit === 'skip') return false;
  const minutes = Math.max(1, Math.ceil(((recent.first ?? now) + HOUR - now) / 60_000));
  throw pipelineErrors
    .TooManyMails({ Count: MAILS_PER_HOUR, Recipient: recipient, Minutes: minutes })
    .retryAfter(minutes * 60);
}

function enqueue(tx: WriteTransaction, services: Services, mail: NewMail): Promise<void> {
  tx.afterCommit(services.mail.wake);
  return enqueueMail(tx.db, mail, services.now(), services.secrets);
}

/**
 * Queues a mail in the transaction of the change that causes it (the outbox); the mail worker
 * is woken once that transaction commits, and never for a change rolled back. The hourly count
 * is the outbox's, so it holds across instances.
 */
export async function queueMail(
  tx: WriteTransaction,
  services: Services,
  mail: NewMail,
  limit: MailLimit,
): Promise<void> {
  if (await withinLimit(tx, services, mail.recipient, mail.template, limit)) await enqueue(tx, services, mail);
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
  limit: Exclude<MailLimit, 'always'> = 'refuse',
): Promise<void> {
  if (!(await withinLimit(tx, services, link.recipient, link.template, limit))) return;
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
  await enqueue(tx, services, {
    recipient: link.recipient,
    language: link.language,
    template: link.template,
    payload: { ...link.values, link: url },
  });
}
