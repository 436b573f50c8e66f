import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';
import type { Engine } from '../../src/store/database.js';
import { startTestServer, type TestServer } from './test-server.js';

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
}

/** A Tessera whose mails go to a fresh SMTP sink; `close` stops both. */
export async function startMailedServer(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<{ server: TestServer; sink: SmtpSink; close: () => Promise<void> }> {
  const sink = await SmtpSink.start();
  const server = await startTestServer(engine, { SMTP_URL: sink.url, ...env });
  return {
    server,
    sink,
    close: async () => {
      await server.close();
      await sink.stop();
    },
  };
}

/** Registers a mailed server for the enclosing describe block: started before its tests, closed after. */
export function useMailedServer(
  engine: Engine,
  env: Record<string, string> = {},
): { server: TestServer; sink: SmtpSink } {
  const fixture = {} as { server: TestServer; sink: SmtpSink };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const started = await startMailedServer(engine, env);
    fixture.server = started.server;
    fixture.sink = started.sink;
    close = started.close;
  });
  afterAll(() => close?.());
  return fixture;
}
