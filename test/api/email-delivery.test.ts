import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { enqueueMail } from '../../src/store/outbox.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { SmtpSink, startMailedServer } from '../support/smtp-sink.js';
import { ENGINES, postgresMissing, startTestServer, type TestServer } from '../support/test-server.js';

async function signUp(server: TestServer, language: 'en' | 'fr' = 'en'): Promise<{ client: ApiClient; email: string }> {
  const client = new ApiClient(server.url);
  const email = uniqueEmail('mail');
  const answer = await client.call('SignUp', {
    Email: email,
    Password: STRONG_PASSWORD,
    FirstName: 'Zoé',
    LastName: 'Martin',
    Language: language,
  });
  expect(answer.status).toBe(200);
  return { client, email };
}

describe.each(ENGINES)('mail on %s', (engine) => {
  let sink: SmtpSink;
  let server: TestServer;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ server, sink, close } = await startMailedServer(engine));
  });
  afterAll(() => close());

  async function mailTo(email: string) {
    await server.services.mail.wake();
    const mails = sink.to(email);
    expect(mails).toHaveLength(1);
    return mails[0]!;
  }

  it('sign-up mails a confirmation link, in text and HTML, without the password', async () => {
    const { client, email } = await signUp(server);
    const mail = await mailTo(email);
    expect(mail.subject).toBe('Confirm your email address');
    expect(mail.text).toContain('Hello Zoé,');
    expect(mail.html).toContain('Confirm my address');
    expect(`${mail.text}${String(mail.html)}`).not.toContain(STRONG_PASSWORD);
    // Until the link is followed, the new account cannot be signed in to.
    expect((await client.call('SignIn', { Email: email, Password: STRONG_PASSWORD })).status).toBe(401);

    const token = SmtpSink.linkToken(mail);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect((await client.call('ConfirmEmail', { Token: token })).status).toBe(200);
    expect((await client.call('ReadEmailAddresses')).body).toMatchObject({ Email: email, EmailConfirmed: true });
  });

  it('ASVS 6.5.1: a confirmation link works once', async () => {
    const { email } = await signUp(server);
    const token = SmtpSink.linkToken(await mailTo(email));
    const uses = await Promise.all(
      [0, 1, 2].map(() => new ApiClient(server.url).call('ConfirmEmail', { Token: token })),
    );
    expect(uses.map((use) => use.status).sort()).toEqual([200, 400, 400]);
    const again = await new ApiClient(server.url).call('ConfirmEmail', { Token: token });
    expect(again.body.Errors?.[0]?.Details).toBe('This link has already been used.');
  });

  it('an expired or unknown link is refused with a clear message', async () => {
    const { client, email } = await signUp(server);
    const token = SmtpSink.linkToken(await mailTo(email));
    server.clock.advance((server.services.config.emailLinkHours + 1) * 3_600_000);
    try {
      const expired = await new ApiClient(server.url).call('ConfirmEmail', { Token: token });
      expect(expired.status).toBe(400);
      expect(expired.body.Errors?.[0]?.Details).toBe('This link has expired: ask for a new one.');
    } finally {
      server.clock.advance(-(server.services.config.emailLinkHours + 1) * 3_600_000);
    }
    const unknown = await new ApiClient(server.url).call('ConfirmEmail', { Token: 'A'.repeat(43) });
    expect(unknown.body.Errors?.[0]?.Details).toBe('This link is not valid: check that you copied it whole.');
    // Neither confirmed the address: the owner still cannot sign in.
    expect((await client.call('SignIn', { Email: email, Password: STRONG_PASSWORD })).status).toBe(401);
  });

  it("mails are in the recipient's language", async () => {
    const { email } = await signUp(server, 'fr');
    const mail = await mailTo(email);
    expect(mail.subject).toBe('Confirmez votre adresse e-mail');
    expect(mail.text).toContain('Bonjour Zoé,');
    expect(mail.text).toMatch(/Confirmer mon adresse : http:\/\//);
  });

  it('the language chosen in the console is stored on the user, and the next mails follow it', async () => {
    const { client, email } = await signedUpClient(server.url);
    const details = async () => (await client.call('ReadUserDetails')).body.UserDetails as { Language: string };
    expect((await details()).Language).toBe('en');
    expect((await client.call('UpdateLanguage', { Language: 'fr' })).status).toBe(200);
    expect((await details()).Language).toBe('fr');
    expect((await client.call('UpdateLanguage', { Language: 'de' })).status).toBe(400);
    const changed = await client.call('UpdatePassword', {
      CurrentPassword: STRONG_PASSWORD,
      NewPassword: 'purple elephants dance at midnight',
    });
    expect(changed.status).toBe(200);
    await server.services.mail.wake();
    expect(sink.to(email).at(-1)?.subject).toBe('Votre mot de passe a été modifié');
  });

  it('SMTP down during sign-up and up again later: the mail arrives, once; ASVS 14.2.7: meanwhile its link is sealed in the queue', async () => {
    await sink.stop();
    const { email } = await signUp(server);
    await server.services.mail.wake();
    const [queued] = await server.services.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('recipient', '=', email)
      .execute();
    expect(queued).toMatchObject({ status: 'pending', attempts: 1 });
    expect(queued!.last_error).toBeTruthy();
    // A copy of the database holds no working link: the queued mail is sealed with the server key.
    expect(queued!.payload).not.toMatch(/confirm-email|Zoé|\{/);
    await sink.listen();
    await server.services.mail.wake();
    expect(sink.to(email)).toHaveLength(0);
    server.clock.advance(server.services.config.mailRetrySeconds * 1000);
    await server.services.mail.wake();
    await server.services.mail.wake();
    expect(sink.to(email)).toHaveLength(1);
    expect(queued!.payload).not.toContain(SmtpSink.linkToken(sink.to(email)[0]!));
    const [sent] = await server.services.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('recipient', '=', email)
      .execute();
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, payload: '{}' });
  });
});

describe('mail delivery limits', () => {
  it('a mail is marked failed after the last attempt, and says so in the log', async () => {
    const lines: string[] = [];
    const log = pino(
      { level: 'warn' },
      new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }),
    );
    const server = await startTestServer(
      'sqlite',
      { SMTP_URL: 'smtp://127.0.0.1:9', TESSERA_MAIL_MAX_ATTEMPTS: '2' },
      log,
    );
    try {
      const { email } = await signUp(server);
      await server.services.mail.wake();
      server.clock.advance(server.services.config.mailRetrySeconds * 1000);
      await server.services.mail.wake();
      const [row] = await server.services.store.db
        .selectFrom('outbox')
        .selectAll()
        .where('recipient', '=', email)
        .execute();
      expect(row).toMatchObject({ status: 'failed', attempts: 2 });
      expect(lines.some((line) => line.includes('"level":50') && line.includes('marked failed'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('without SMTP_URL, the mail is printed readably with its link, and the log says so in one line', async () => {
    const lines: string[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }),
    );
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    // Caught rather than shown: the test output stays free of mails.
    process.stdout.write = ((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    const server = await startTestServer('sqlite', { SMTP_URL: '' }, log);
    try {
      const { email } = await signUp(server);
      await server.services.mail.wake();
      const block = printed.find((text) => text.includes(`Mail to ${email}`));
      expect(block).toMatch(/\nSubject: Confirm your email address\n\nHello Zoé,\n/);
      expect(block).toMatch(/: http:\/\/127\.0\.0\.1:\d+\/confirm-email#[A-Za-z0-9_-]{43}\n/);
      const logged = lines.find((line) => line.includes(email));
      expect(logged).toContain('mail printed below');
      expect(logged).not.toContain('confirm-email#');
    } finally {
      process.stdout.write = write;
      await server.close();
    }
  });
});

describe.skipIf(postgresMissing !== undefined)('two Tessera processes on one PostgreSQL', () => {
  it('deliver 200 queued mails exactly once between them', async () => {
    const sink = await SmtpSink.start();
    const first = await startTestServer('postgres', { SMTP_URL: sink.url });
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-peer-'));
    // Instances of one deployment share the server key, as they share the database.
    copyFileSync(join(first.services.config.dataDir, 'secret.key'), join(dataDir, 'secret.key'));
    const peer = await createServer(
      loadConfig({
        DATABASE_URL: first.services.config.databaseUrl,
        SMTP_URL: sink.url,
        TESSERA_DATA_DIR: dataDir,
        TESSERA_LOG_LEVEL: 'silent',
      }),
      pino({ level: 'silent' }),
      first.clock.now,
    );
    try {
      const { db } = first.services.store;
      const now = first.clock.now();
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < 200; i += 1) {
          await enqueueMail(
            trx,
            {
              recipient: `bulk${i}@example.com`,
              language: 'en',
              template: 'confirm-email',
              payload: { firstName: 'Bulk', link: 'http://127.0.0.1/confirm-email#x', hours: 24 },
            },
            now,
            first.services.secrets,
          );
        }
      });
      await Promise.all([
        first.services.mail.wake(),
        peer.services.mail.wake(),
        first.services.mail.wake(),
        peer.services.mail.wake(),
      ]);
      const recipients = sink.mails.map((mail) => (Array.isArray(mail.to) ? '' : (mail.to?.text ?? '')));
      expect(recipients.filter((r) => r.startsWith('bulk'))).toHaveLength(200);
      expect(new Set(recipients).size).toBe(recipients.length);
      const rows = await db
        .selectFrom('outbox')
        .select(['status', 'attempts'])
        .where('recipient', 'like', 'bulk%')
        .execute();
      expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
    } finally {
      await peer.app.close();
      await first.close();
      await sink.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
