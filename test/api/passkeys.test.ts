import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { expectError } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

describe.each(ENGINES)('passkeys through the API on %s', (engine) => {
  const mailed = useMailedServer(engine);
  const authenticator = () => new SoftAuthenticator(mailed.server.services.config.publicUrl.origin);

  /** Registers a passkey for the signed-in client: options, the authenticator's answer, the check. */
  async function register(client: ApiClient, key: SoftAuthenticator, name: string) {
    const { Options } = (await client.call('CreatePasskeyOptions')).body as { Options: Record<string, unknown> };
    return client.call('CreatePasskey', { Name: name, Credential: key.register(Options) });
  }

  async function signInWith(key: SoftAuthenticator) {
    const client = new ApiClient(mailed.server.url);
    const { Options } = (await client.call('StartPasskeySignIn')).body as { Options: Record<string, unknown> };
    return { client, answer: await client.call('CompletePasskeySignIn', { Credential: key.assert(Options) }) };
  }

  it('NIST SP 800-63B-4 §3.1.7: a passkey signs in alone; its counter is stored and one that goes back is refused', async () => {
    const { client, email } = await signedUpClient(mailed.server.url);
    const key = authenticator();
    const registered = await register(client, key, 'Work laptop');
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    expect(registered.body.PasskeyId).toBe(key.id);
    await mailed.sink.waitFor(email, /passkey was added/);

    const first = await signInWith(key);
    expect(first.answer.status, JSON.stringify(first.answer.body)).toBe(200);
    expect((await first.client.call('ReadAccounts')).status).toBe(200);
    const [listed] = (await client.call('ReadPasskeys')).body.Passkeys as { Name: string; LastUsedDate?: string }[];
    expect(listed).toMatchObject({ Name: 'Work laptop', LastUsedDate: expect.any(String) });

    // A clone one use behind: the counter it signs was already seen.
    key.counter -= 1;
    const cloned = await signInWith(key);
    expect(cloned.answer.status).toBe(401);
    expect((await cloned.client.call('ReadAccounts')).status).toBe(401);
    // ASVS 16.3.1: the cloned authenticator's attempt is in the owner's trail.
    await expect
      .poll(
        async () =>
          ((await client.call('ReadAuditLog', { Filters: { Outcome: 'refused' } })).body.Events ?? []) as unknown[],
      )
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Action: 'CompletePasskeySignIn', Reason: 'PasskeyRefused', Outcome: 'refused' }),
        ]),
      );
  });

  it('ASVS 6.6.3: a sign-in challenge serves once, and another site’s answer is refused', async () => {
    const { client } = await signedUpClient(mailed.server.url);
    const key = authenticator();
    expect((await register(client, key, 'Phone')).status).toBe(200);
    const anonymous = new ApiClient(mailed.server.url);
    const { Options } = (await anonymous.call('StartPasskeySignIn')).body as { Options: Record<string, unknown> };
    expect((await anonymous.call('CompletePasskeySignIn', { Credential: key.assert(Options) })).status).toBe(200);
    const replay = new ApiClient(mailed.server.url);
    expect((await replay.call('CompletePasskeySignIn', { Credential: key.assert(Options) })).status).toBe(401);

    const phishing = new SoftAuthenticator('https://tessera.example.net');
    const elsewhere = await register(client, phishing, 'Lookalike');
    expectError(elsewhere, 400, '4047');
    expect((await client.call('ReadPasskeys')).body.Passkeys).toHaveLength(1);
  });

  it('a password sign-in of a user with a passkey asks for it as the second step', async () => {
    const { client, email } = await signedUpClient(mailed.server.url);
    const key = authenticator();
    expect((await register(client, key, 'Phone')).status).toBe(200);
    const signIn = new ApiClient(mailed.server.url);
    const step = await signIn.call('SignIn', { Email: email, Password: STRONG_PASSWORD });
    expect(step.body).toMatchObject({ SecondFactors: ['Passkey'], SecondFactorChallenge: expect.any(String) });
    expect((await signIn.call('ReadAccounts')).status).toBe(401);
    const { Options } = (await signIn.call('StartPasskeySignIn')).body as { Options: Record<string, unknown> };
    const done = await signIn.call('CompleteSignIn', {
      Challenge: step.body.SecondFactorChallenge,
      Passkey: key.assert(Options),
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await signIn.call('ReadAccounts')).status).toBe(200);
  });
});
