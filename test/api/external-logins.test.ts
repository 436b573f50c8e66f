import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/second-factors.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail, type Answer } from '../support/api-client.js';
import {
  resign,
  signInAtProvider,
  startIdentityProvider,
  unsigned,
  type TestIdentityProvider,
} from '../support/identity-provider.js';
import { freePorts } from '../support/ports.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { expectError, invitedSubUser } from '../support/sub-users.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

describe.each(ENGINES)('signing in with an OpenID provider on %s', (engine) => {
  let server: TestServer;
  let idp: TestIdentityProvider;
  let sink: SmtpSink;
  let redirectUri: string;

  beforeAll(async () => {
    const [tesseraPort, idpPort] = (await freePorts(2)) as [number, number];
    redirectUri = `http://127.0.0.1:${tesseraPort}/oidc/callback`;
    idp = await startIdentityProvider(idpPort, redirectUri);
    sink = await SmtpSink.start();
    server = await startTestServer(engine, { TESSERA_PORT: String(tesseraPort), SMTP_URL: sink.url, ...idp.env() });
  });
  afterAll(async () => {
    await server?.close();
    await idp?.close();
    await sink?.stop();
  });

  let people = 0;
  /** A person at the provider, with a verified address unless told otherwise. */
  function person(claims: { email?: string; email_verified?: boolean } = {}): { login: string; email: string } {
    people += 1;
    const login = `person-${process.pid}-${people}`;
    const email = claims.email ?? uniqueEmail('idp');
    idp.people.set(login, {
      email,
      email_verified: claims.email_verified ?? true,
      given_name: 'Ada',
      family_name: 'Lovelace',
    });
    return { login, email };
  }

  async function start(client: ApiClient, intent: 'SignIn' | 'Link' | 'Reauthenticate' = 'SignIn'): Promise<string> {
    const started = await client.call('StartExternalSignIn', { Provider: 'testidp', Intent: intent });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    return started.body.AuthorizationUrl as string;
  }

  /** The whole round trip: Tessera → the provider's login page → back to Tessera's callback. */
  async function viaProvider(
    client: ApiClient,
    login: string,
    intent: 'SignIn' | 'Link' | 'Reauthenticate' = 'SignIn',
  ): Promise<Answer> {
    const query = await signInAtProvider(await start(client, intent), login, redirectUri);
    return client.call('CompleteExternalSignIn', { Query: query });
  }

  const accountOf = async (client: ApiClient) =>
    ((await client.call('ReadAccounts')).body.Accounts as { AccountId: string; Email: string }[] | undefined)?.[0];

  it('lists the configured provider, and signs up a new identity with a verified email: an owner with no password', async () => {
    expect((await new ApiClient(server.url).call('ReadLoginProviders')).body.Providers).toEqual([
      { Id: 'testidp', Name: 'TestIdP' },
    ]);
    const ada = person();
    const client = new ApiClient(server.url);
    const answer = await viaProvider(client, ada.login);
    expect(answer.body).toMatchObject({ Intent: 'SignIn', Created: true });
    const account = await accountOf(client);
    expect(account).toMatchObject({ Email: ada.email, FirstName: 'Ada', LastName: 'Lovelace' });
    expect((await client.call('ReadLogins')).body).toMatchObject({
      HasPassword: false,
      Providers: [{ Id: 'testidp', Linked: true, Email: ada.email }],
    });
    expect((await client.call('ReadEmailAddresses')).body).toMatchObject({ EmailConfirmed: true });
    // The same identity signs in again, from another browser, to the same account.
    const again = new ApiClient(server.url);
    expect((await viaProvider(again, ada.login)).body).toMatchObject({ Created: false });
    expect((await accountOf(again))?.AccountId).toBe(account?.AccountId);
    // No password: the password sign-in knows nothing of this address.
    expect(
      (await new ApiClient(server.url).call('SignIn', { Email: ada.email, Password: STRONG_PASSWORD })).status,
    ).toBe(401);
  });

  it('NIST SP 800-63B-4 §3.1.7: a provider sign-in of a user with an authenticator app asks for its code, unless the trusted provider did MFA', async () => {
    const ada = person();
    const client = new ApiClient(server.url);
    await viaProvider(client, ada.login);
    const { Secret } = (await client.call('CreateTotp')).body as { Secret: string };
    expect((await client.call('ConfirmTotp', { Code: totpCode(Secret, server.clock.now()) })).status).toBe(200);
    server.clock.advance(60_000);

    const again = new ApiClient(server.url);
    const answer = await viaProvider(again, ada.login);
    expect(answer.status).toBe(200);
    const challenge = answer.body.SecondFactorChallenge as string;
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await again.call('ReadAccounts')).status).toBe(401);
    const done = await again.call('CompleteSignIn', {
      Challenge: challenge,
      TotpCode: totpCode(Secret, server.clock.now()),
    });
    expect(done.status).toBe(200);
    expect((await again.call('ReadAccounts')).status).toBe(200);

    // The provider says it asked for several factors (amr, in its signed ID token): trusted only
    // when the platform says so.
    idp.tamper = resign((claims) => ({ ...claims, amr: ['pwd', 'otp', 'mfa'] }));
    try {
      const untrusted = await viaProvider(new ApiClient(server.url), ada.login);
      expect(untrusted.body.SecondFactorChallenge).toBeDefined();
      Object.assign(server.services.config, { trustProviderMfa: true });
      const trusted = new ApiClient(server.url);
      const direct = await viaProvider(trusted, ada.login);
      expect(direct.body.SecondFactorChallenge).toBeUndefined();
      expect((await trusted.call('ReadAccounts')).status).toBe(200);
    } finally {
      idp.tamper = undefined;
      Object.assign(server.services.config, { trustProviderMfa: false });
    }
  });

  it('ASVS 10.x (OIDC): identities are keyed by issuer and subject: another subject with the same email takes nothing over', async () => {
    const ada = person();
    const first = new ApiClient(server.url);
    await viaProvider(first, ada.login);
    const impostor = person({ email: ada.email.toUpperCase() });
    const answer = await viaProvider(new ApiClient(server.url), impostor.login);
    expectError(answer, 409, '9007');
    expect((await first.call('ReadLogins')).body).toMatchObject({ Providers: [{ Linked: true }] });
  });

  it('never merges silently with a password account: its owner is told to sign in and link', async () => {
    const { email } = await signedUpClient(server.url);
    const same = person({ email });
    const client = new ApiClient(server.url);
    const answer = await viaProvider(client, same.login);
    expectError(answer, 409, '9007');
    expect(answer.body.Errors?.[0]?.Details).toMatch(/Sign in with your password, then link TestIdP/);
    expect(await accountOf(client)).toBeUndefined();
  });

  it('refuses an identity whose email the provider has not verified', async () => {
    const unverified = person({ email_verified: false });
    expectError(await viaProvider(new ApiClient(server.url), unverified.login), 401, '1');
  });

  it('under advanced security, linking a provider waits for a token validator', async () => {
    const { client } = await signedUpClient(server.url);
    const validator = await invitedSubUser(server, sink, client, { Rights: ['TokenValidator'] });
    const tokenFor = (operationId: string) => sink.operationToken(validator.email, operationId);
    const activation = (await client.call('UpdateAccountSecurity', { AdvancedSecurity: true })).body.Operation as {
      OperationId: string;
    };
    await validator.client.call('ValidateOperation', {
      OperationId: activation.OperationId,
      Token: await tokenFor(activation.OperationId),
    });
    const ada = person();
    // It says an operation waits, with its id: not "already linked".
    const asked = (await viaProvider(client, ada.login, 'Link')).body;
    expect(asked).toMatchObject({
      Intent: 'Link',
      Created: false,
      Operation: { Action: 'LinkLogin', State: 'pending' },
    });
    expect((await client.call('ReadLogins')).body).toMatchObject({ Providers: [{ Linked: false }] });
    const pending = (
      (await client.call('ReadOperations')).body.Operations as {
        OperationId: string;
        State: string;
        Action: string;
      }[]
    ).find((operation) => operation.State === 'pending');
    expect(pending?.OperationId).toBe((asked.Operation as { OperationId: string }).OperationId);
    expect(pending).toMatchObject({
      Action: 'LinkLogin',
      Changes: [
        { Field: 'Provider', NewValue: 'TestIdP' },
        { Field: 'ProviderEmail', NewValue: ada.email },
      ],
    });
    const done = await validator.client.call('ValidateOperation', {
      OperationId: pending!.OperationId,
      Token: await tokenFor(pending!.OperationId),
    });
    expect(done.body.Operation).toMatchObject({ State: 'done' });
    expect((await client.call('ReadLogins')).body).toMatchObject({ Providers: [{ Linked: true }] });
    // Unlinking waits the same way.
    const unlink = await client.call('UnlinkLogin', { Provider: 'testidp' });
    expect(unlink.status).toBe(202);
    expect(unlink.body.Operation).toMatchObject({ Action: 'UnlinkLogin', State: 'pending' });
    expect((await client.call('ReadLogins')).body).toMatchObject({ Providers: [{ Linked: true }] });
  });

  it('links the provider to a password account, signs in with it, and unlinks it; the last way to sign in stays', async () => {
    const { client, account } = await signedUpClient(server.url);
    const ada = person();
    expect((await viaProvider(client, ada.login, 'Link')).body).toMatchObject({ Intent: 'Link', Created: true });
    expect((await client.call('ReadLogins')).body).toMatchObject({ HasPassword: true, Providers: [{ Linked: true }] });
    const viaIdp = new ApiClient(server.url);
    expect((await viaProvider(viaIdp, ada.login)).body).toMatchObject({ Created: false });
    expect((await accountOf(viaIdp))?.AccountId).toBe(account.AccountId);
    expect((await client.call('UnlinkLogin', { Provider: 'testidp' })).status).toBe(200);
    expect((await client.call('ReadLogins')).body).toMatchObject({ Providers: [{ Linked: false }] });
    expectError(await client.call('UnlinkLogin', { Provider: 'testidp' }), 404, '5027');

    const onlyIdp = person();
    const googleOnly = new ApiClient(server.url);
    await viaProvider(googleOnly, onlyIdp.login);
    const refused = await googleOnly.call('UnlinkLogin', { Provider: 'testidp' });
    expectError(refused, 400, '4047');
    expect(refused.body.Errors?.[0]?.Details).toMatch(/only way to sign in/);

    // ASVS 16.3.1: each step is an event of the account, naming the provider, never the callback's code.
    const trail = (await client.call('ReadAuditLog')).body.Events as {
      Action: string;
      Interface: string;
      Changes: { Field: string; NewValue?: string }[];
    }[];
    // Starting a sign-in from a browser nobody is signed in with concerns no account yet.
    expect(trail.slice(0, 4).map((event) => event.Action)).toEqual([
      'UnlinkLogin',
      'CompleteExternalSignIn',
      'CompleteExternalSignIn',
      'StartExternalSignIn',
    ]);
    // Each names what the sign-in at the provider was for: signing in, then (before it) linking.
    expect(trail.slice(1, 3)).toMatchObject(
      ['SignIn', 'Link'].map((intent) => ({
        Interface: 'console',
        Changes: [
          { Field: 'Provider', NewValue: 'testidp' },
          { Field: 'Intent', NewValue: intent },
        ],
      })),
    );
    expect(JSON.stringify(trail)).not.toMatch(/code=|state=/);
  });

  it('ASVS 10.x (OIDC): a wrong state, a callback in another browser, and a replayed callback or code are refused', async () => {
    const ada = person();
    const client = new ApiClient(server.url);
    const query = await signInAtProvider(await start(client), ada.login, redirectUri);
    const wrongState = query.replace(/state=[^&]+/, 'state=forged-state-value');
    expectError(await client.call('CompleteExternalSignIn', { Query: wrongState }), 400, '4047');
    // Another browser (no flow cookie) holding the real callback: login CSRF.
    expectError(await new ApiClient(server.url).call('CompleteExternalSignIn', { Query: query }), 400, '4047');
    // That attempt spent the flow: the rightful browser must start again.
    expectError(await client.call('CompleteExternalSignIn', { Query: query }), 400, '4047');

    const second = new ApiClient(server.url);
    const good = await signInAtProvider(await start(second), ada.login, redirectUri);
    expect((await second.call('CompleteExternalSignIn', { Query: good })).status).toBe(200);
    expectError(await second.call('CompleteExternalSignIn', { Query: good }), 400, '4047');
    // The used code inside a fresh flow: the provider refuses it (and PKCE would).
    const third = new ApiClient(server.url);
    const fresh = await signInAtProvider(await start(third), ada.login, redirectUri);
    const code = new URLSearchParams(good).get('code')!;
    expectError(
      await third.call('CompleteExternalSignIn', { Query: fresh.replace(/code=[^&]+/, `code=${code}`) }),
      401,
      '1',
    );
    expect(await accountOf(third)).toBeUndefined();
  });

  it('the tampering harness itself keeps a good token good: re-signed unchanged with the provider key, it signs in', async () => {
    idp.tamper = resign((claims) => claims);
    try {
      expect((await viaProvider(new ApiClient(server.url), person().login)).status).toBe(200);
    } finally {
      idp.tamper = undefined;
    }
  });

  it.each([
    ['unsigned (alg none)', unsigned],
    ['signed with another key', resign((claims) => claims, 'foreign')],
    ['for another audience', resign((claims) => ({ ...claims, aud: 'someone-else' }))],
    ['from another issuer', resign((claims) => ({ ...claims, iss: 'https://evil.example.com' }))],
    [
      'expired',
      resign((claims) => ({
        ...claims,
        exp: Math.floor(Date.now() / 1000) - 3600,
        iat: Math.floor(Date.now() / 1000) - 7200,
      })),
    ],
    ['with another nonce', resign((claims) => ({ ...claims, nonce: 'replayed-nonce' }))],
  ])('ASVS 10.x (OIDC): an ID token %s signs no one in', async (_name, tamper) => {
    const ada = person();
    const client = new ApiClient(server.url);
    idp.tamper = tamper;
    try {
      expectError(await viaProvider(client, ada.login), 401, '1');
    } finally {
      idp.tamper = undefined;
    }
    expect(await accountOf(client)).toBeUndefined();
  });

  it('ASVS 7.5.1: a provider-only user re-authenticates at the provider for a sensitive change; a stale auth_time is refused', async () => {
    const ada = person();
    const client = new ApiClient(server.url);
    // Signed in through an old session at the provider: auth_time an hour ago.
    idp.tamper = resign((claims) => ({ ...claims, auth_time: Math.floor(Date.now() / 1000) - 3600 }));
    try {
      expect((await viaProvider(client, ada.login)).status).toBe(200);
    } finally {
      idp.tamper = undefined;
    }
    const next = uniqueEmail('contact');
    expectError(await client.call('UpdateAccount', { Email: next }), 403, '4');
    idp.tamper = resign((claims) => ({ ...claims, auth_time: Math.floor(Date.now() / 1000) - 3600 }));
    try {
      expectError(await viaProvider(client, ada.login, 'Reauthenticate'), 401, '1');
    } finally {
      idp.tamper = undefined;
    }
    expectError(await client.call('UpdateAccount', { Email: next }), 403, '4');
    expect((await viaProvider(client, ada.login, 'Reauthenticate')).body).toMatchObject({ Intent: 'Reauthenticate' });
    expect((await client.call('UpdateAccount', { Email: next })).status).toBe(200);
  });

  it("changing a provider-only user's Email changes the contact address, never the login; Add password mails a link that sets one", async () => {
    const ada = person();
    const client = new ApiClient(server.url);
    await viaProvider(client, ada.login);
    const contact = uniqueEmail('billing');
    expect((await client.call('UpdateAccount', { Email: contact })).status).toBe(200);
    await server.services.mail.wake();
    const confirmation = sink.to(contact).at(-1)!;
    const token = /\/confirm-email#([A-Za-z0-9_-]{43})/.exec(confirmation.text ?? '')![1]!;
    expect((await new ApiClient(server.url).call('ConfirmEmail', { Token: token })).status).toBe(200);
    expect((await accountOf(client))?.Email).toBe(contact);
    const again = new ApiClient(server.url);
    expect((await viaProvider(again, ada.login)).body).toMatchObject({ Created: false });
    expect((await accountOf(again))?.Email).toBe(contact);

    expect((await client.call('SendAddPasswordEmail')).body).toMatchObject({ Email: contact });
    await server.services.mail.wake();
    const mail = sink
      .to(contact)
      .filter((m) => m.subject === 'Add a password to your account')
      .at(-1)!;
    const resetToken = /\/reset-password#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
    expect(
      (await new ApiClient(server.url).call('ResetAccountPassword', { Token: resetToken, Password: STRONG_PASSWORD }))
        .status,
    ).toBe(200);
    const withPassword = new ApiClient(server.url);
    expect((await withPassword.call('SignIn', { Email: contact, Password: STRONG_PASSWORD })).status).toBe(200);
    expect((await withPassword.call('ReadLogins')).body).toMatchObject({
      HasPassword: true,
      Providers: [{ Linked: true }],
    });
    expectError(await withPassword.call('SendAddPasswordEmail'), 409, '9046');
    const actions = ((await withPassword.call('ReadSecurityActivity')).body.Events as { Action: string }[]).map(
      (event) => event.Action,
    );
    expect(actions).toEqual(expect.arrayContaining(['SendAddPasswordEmail', 'ResetAccountPassword', 'SignIn']));
  });
});
