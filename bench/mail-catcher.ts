import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An SMTP server that keeps the confirmation token mailed to each address: sign-up ends in the mailbox. */
export async function startMailCatcher(): Promise<{
  url: string;
  tokenFor(address: string): Promise<string>;
  close(): Promise<void>;
}> {
  const tokens = new Map<string, string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, done) => {
      simpleParser(stream)
        .then((mail) => {
          const token = /\/confirm-email#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
          for (const recipient of session.envelope.rcptTo)
            if (token) tokens.set(recipient.address.toLowerCase(), token);
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    async tokenFor(address) {
      for (let waited = 0; waited < 10_000; waited += 20) {
        const token = tokens.get(address.toLowerCase());
        if (token) return token;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no confirmation link reached ${address}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
