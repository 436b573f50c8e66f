import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { ENGINES } from '../support/test-server.js';

const NEW_PASSWORD = 'purple elephants dance at midnight';

describe.each(ENGINES)('forgot password on %s', (engine) => {
  const mailed = useMailedServer(engine);

  const owner = () => signedUpClient(mailed.server.url);

  async function resetTokens(email: string): Promise<string[]> {
    await mailed.server.services.mail.wake();
    return mailed.sink
      .to(email)
      .filter((mail) => mail.subject === 'Reset your password')
      .map((mail) => /\/reset-password#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!);
  }

  const ask = (email: string) => new ApiClient(mailed.server.url).call('SendResetPasswordEmail', { Email: email });
  const reset = (token: string, password = NEW_PASSWORD) =>
    new ApiClient(mailed.server.url).call('ResetAccountPassword', { Token: token, Password: password });
  const signIn = (email: string, password: string) =>
    new ApiClient(mailed.server.url).call('SignIn', { Email: email, Password: password });

  it('ASVS 6.3.8: the answer is the same whether or not the address has an account', async () => {
    const { email } = await owner();
    const known = await ask(email.toUpperCase());
    const unknown = await ask(uniqueEmail('nobody'));
    const invalid = await ask('not an address');
    for (const answer of [known, unknown, invalid]) {
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body)).toEqual(['ResponseContext']);
    }
    expect(await resetTokens(email)).toHaveLength(1);
  });

  it('ASVS 6.3.8: the request does the same work for a known and an unknown address; the mail worker finds out which', async () => {
    const { email } = await owner();
    const unknown = uniqueEmail('nobody');
    const { db } = mailed.server.services.store;
    const requestsFor = (address: string) =>
      db
        .selectFrom('outbox')
        .select(['template', 'payload', 'language'])
        .where('recipient', '=', address.toLowerCase())
        .where('template', '=', 'reset-request')
        .execute();
    await ask(email);
    await ask(unknown);
    // Once the worker has seen them, nothing of the asker's device stays in either row.
    await mailed.server.services.mail.wake();
    expect(await requestsFor(email)).toEqual([{ template: 'reset-request', payload: '{}', language: 'en' }]);
    expect(await requestsFor(unknown)).toEqual(await requestsFor(email));
    expect(await resetTokens(email)).toHaveLength(1);
    expect(mailed.sink.to(unknown)).toHaveLength(0);
  });

  it('the link sets the password, signs every device out, ends other links and a pending email change, and mails a notice', async () => {
    const { client, email } = await owner();
    await client.call('UpdateAccount', { Email: uniqueEmail('pending') });
    await ask(email);
    await ask(email);
    const [first, second] = await resetTokens(email);
    expect((await reset(second!)).status).toBe(200);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);
    expect((await signIn(email, STRONG_PASSWORD)).status).toBe(401);
    expect((await client.call('ReadAccounts')).status).toBe(401);
    expect((await reset(first!, 'another long passphrase for me')).status).toBe(400);
    const fresh = new ApiClient(mailed.server.url);
    await fresh.call('SignIn', { Email: email, Password: NEW_PASSWORD });
    expect((await fresh.call('ReadEmailAddresses')).body).not.toHaveProperty('PendingEmail');
    await mailed.server.services.mail.wake();
    expect(mailed.sink.to(email).some((mail) => mail.subject === 'Your password was changed')).toBe(true);
  });

  it('ASVS 6.5.1 and 6.2.4: a refused password keeps the link; a used link is dead', async () => {
    const { email } = await owner();
    await ask(email);
    const [token] = await resetTokens(email);
    const weak = await reset(token!, 'password123456789');
    expect(weak.status).toBe(400);
    expect(weak.body.Errors?.[0]?.Details).toMatch(/^Password is (too easy to guess|built from)/);
    expect((await reset(token!)).status).toBe(200);
    const again = await reset(token!, 'yet another long passphrase');
    expect(again.body.Errors?.[0]?.Details).toBe('This link has already been used.');
  });

  it('the link expires after 30 minutes', async () => {
    const { email } = await owner();
    await ask(email);
    const [token] = await resetTokens(email);
    mailed.server.clock.advance(31 * 60_000);
    const expired = await reset(token!);
    expect(expired.body.Errors?.[0]?.Details).toBe('This link has expired: ask for a new one.');
    expect((await signIn(email, STRONG_PASSWORD)).status).toBe(200);
  });

  it('ASVS 2.4.1: a burst of requests for one address sends at most three mails an hour', async () => {
    const { email } = await owner();
    for (let i = 0; i < 6; i += 1) expect((await ask(email)).status).toBe(200);
    expect(await resetTokens(email)).toHaveLength(3);
  });
});
