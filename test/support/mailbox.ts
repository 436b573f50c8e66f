import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const sinksBySmtpUrl = new Map<string, SmtpSink>();
const sinksByServerUrl = new Map<string, SmtpSink>();

/** Notes which sink receives the mails of the Tessera at `serverUrl` (its SMTP_URL). */
export function registerMailbox(serverUrl: string, smtpUrl: string | undefined): void {
  const sink = smtpUrl === undefined ? undefined : sinksBySmtpUrl.get(smtpUrl);
  if (sink) sinksByServerUrl.set(serverUrl, sink);
}

/** The sink that receives the mails of the Tessera at `serverUrl`. */
export function mailboxOf(serverUrl: string): SmtpSink {
  const sink = sinksByServerUrl.get(serverUrl);
  if (!sink) throw new Error(`no SMTP sink receives the mails of ${serverUrl}`);
  return sink;
}

/** A real SMTP server on 127.0.0.1 that keeps every mail it receives, parsed. */
export class SmtpSink {
  readonly mails: ParsedMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await sink.listen();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Listens (again) on the same port, so that a client configured before finds it. */
  async listen(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      // Stopping drops open connections at once, as a crashed server would.
      closeTimeout: 50,
      logger: false,
      onData: (stream, _session, done) => {
        simpleParser(stream)
          .then((mail) => {
            this.mails.push(mail);
            done();
          })
          .catch(done);
      },
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    sinksBySmtpUrl.set(this.url, this);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  to(address: string): ParsedMail[] {
    return this.mails.filter(
      (mail) =>
        mail.to &&
        !Array.isArray(mail.to) &&
        mail.to.value.some((v) => v.address?.toLowerCase() === address.toLowerCase()),
    );
  }

  /** The token of the first link to Tessera's /confirm-email page in a mail's text. */
  static linkToken(mail: ParsedMail): string {
    const match = /\/confirm-email#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '');
    if (!match) throw new Error(`no confirmation link in: ${mail.text ?? ''}`);
    return match[1]!;
  }

  /** The token mailed to `address` for an operation to validate, as the validator reads it. */
  async operationToken(address: string, operationId: string): Promise<string> {
    const mail = await this.waitFor(address, new RegExp(`op[eé]ration ${operationId}`, 'i'));
    const token = /(?:Your token|Votre jeton)[^:]*:\s*(\d{12})/.exec(mail.text ?? '')?.[1];
    if (!token) throw new Error(`no token in ${mail.text ?? ''}`);
    return token;
  }

  /** Waits for a mail to `address` whose text matches `pattern`, as a person waits for their mail. */
  async waitFor(address: string, pattern: RegExp, timeoutMs = 10_000): Promise<ParsedMail> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const mail = this.to(address).find((candidate) => pattern.test(candidate.text ?? ''));
      if (mail) return mail;
      if (Date.now() > until) throw new Error(`no mail matching ${pattern} reached ${address}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
