import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { RenderedMail } from './templates.js';

export interface OutgoingMail extends RenderedMail {
  from: string;
  to: string;
}

/** Where mails go: an SMTP server, or the log when none is configured. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer; TLS and other options come from SMTP_URL's query (nodemailer's URL form). */
export function smtpMailer(smtpUrl: URL): Mailer {
  // Pooled connections and bounded waits (well under the outbox lease), unless SMTP_URL says otherwise.
  const url = new URL(smtpUrl);
  const defaults = [
    ['pool', 'true'],
    ['connectionTimeout', '10000'],
    ['greetingTimeout', '10000'],
    ['socketTimeout', '30000'],
  ] as const;
  for (const [option, value] of defaults) {
    if (!url.searchParams.has(option)) url.searchParams.set(option, value);
  }
  const transport = nodemailer.createTransport(url.toString());
  return {
    async send(mail) {
      await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    },
    close: () => transport.close(),
  };
}

/**
 * With no SMTP server, a person running Tessera locally reads mails — and follows their links —
 * on the standard output, as plain blocks; the log gets one line per mail, without its text.
 */
export function logMailer(
  log: Logger,
  print: (text: string) => void = (text) => void process.stdout.write(text),
): Mailer {
  return {
    send(mail) {
      log.info({ mail: { to: mail.to, subject: mail.subject } }, 'mail printed below (no SMTP_URL configured)');
      // Quiet with the log (tests run with a silent one).
      if (!log.isLevelEnabled('info')) return Promise.resolve();
      const rule = '-'.repeat(72);
      print(`\n${rule}\nMail to ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text.trimEnd()}\n${rule}\n\n`);
      return Promise.resolve();
    },
    close: () => undefined,
  };
}
