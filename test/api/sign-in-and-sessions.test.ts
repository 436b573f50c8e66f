import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { mailboxOf, SmtpSink } from '../support/mailbox.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

/** The Set-Cookie of a new owner's first session: the one their confirmation link opens. */
async function firstSessionCookie(server: TestServer): Promise<string> {
  const email = uniqueEmail();
  await new ApiClient(server.url).call('SignUp', {
    Email: email,
    Password: STRONG_PASSWORD,
    FirstName: 'Ana',
    LastName: 'Silva',
  });
  const mail = await mailboxOf(server.url).waitFor(email, /\/confirm-email#/);
  const answer = await new ApiClient(server.url).call('ConfirmEmail', { Token: SmtpSink.linkToken(mail) });
  return answer.headers.get('set-cookie') ?? '';
}

describe.each(ENGINES)('sign-in and sessions on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  it('ASVS 3.3.1: the session cookie is HttpOnly, SameSite=Lax, path /', async () => {
    const cookie = await firstSessionCookie(server);
    expect(cookie).toMatch(/^tessera_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });

  it('a page can tell a session may exist without reading it: a marker holding "1", set and cleared with the session', async () => {
    const { email } = await signedUpClient(server.url);
    const signIn = await new ApiClient(server.url).call('SignIn', { Email: email, Password: STRONG_PASSWORD });
    const [session, marker] = signIn.headers.getSetCookie();
    expect(session).toMatch(/^tessera_session=[A-Za-z0-9_-]{43};.*HttpOnly/i);
    expect(marker).toMatch(/^tessera_signed_in=1;/);
    expect(marker).not.toMatch(/HttpOnly/i);
    expect(marker).toMatch(/SameSite=Lax/i);
    expect(/Max-Age=(\d+)/.exec(marker!)?.[1]).toBe(/Max-Age=(\d+)/.exec(session!)?.[1]);
    const client = new ApiClient(server.url);
    client.cookie = session!.split(';')[0];
    const signOut = await client.call('SignOut');
    expect(
      signOut.headers.getSetCookie().some((cookie) => /^tessera_signed_in=;.*Expires=Thu, 01 Jan 1970/.test(cookie)),
    ).toBe(true);
  });

  it('sign in, then sign out: the old cookie is dead on the server (ASVS 7.4.1)', async () => {
    const { email } = await signedUpClient(server.url);
    const client = new ApiClient(server.url);
    expect((await client.call('SignIn', { Email: email.toUpperCase(), Password: STRONG_PASSWORD })).status).toBe(200);
    const cookie = client.cookie!;
    expect((await client.call('ReadAccounts')).status).toBe(200);
    expect((await client.call('SignOut')).status).toBe(200);
    expect(client.cookie).toBeUndefined();
    const replay = await client.call('ReadAccounts', {}, { cookie });
    expect(replay.status).toBe(401);
  });

  it('ASVS 7.2.4: a new token at every sign-in, and the previous one ends', async () => {
    const { client, email } = await signedUpClient(server.url);
    const before = client.cookie!;
    expect((await client.call('SignIn', { Email: email, Password: STRONG_PASSWORD })).status).toBe(200);
    expect(client.cookie).toBeDefined();
    expect(client.cookie).not.toBe(before);
    expect((await client.call('ReadAccounts', {}, { cookie: before })).status).toBe(401);
    expect((await client.call('ReadAccounts')).status).toBe(200);
  });

  it('ASVS 7.2.1: a tampered cookie is refused', async () => {
    const { client } = await signedUpClient(server.url);
    const [name, value] = client.cookie!.split('=');
    const flipped = `${name}=${value!.slice(0, -1)}${value!.endsWith('A') ? 'B' : 'A'}`;
    expect((await client.call('ReadAccounts', {}, { cookie: flipped })).status).toBe(401);
  });

  it('ASVS 7.2.3: tokens are distinct and carry at least 128 bits', async () => {
    const { email } = await signedUpClient(server.url);
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const client = new ApiClient(server.url);
      await client.call('SignIn', { Email: email, Password: STRONG_PASSWORD });
      tokens.add(client.cookie!.split('=')[1]!);
    }
    expect(tokens.size).toBe(5);
    for (const token of tokens) expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('ASVS 6.3.8: a wrong password and an unknown email get the same answer', async () => {
    const { email } = await signedUpClient(server.url);
    const wrongPassword = await new ApiClient(server.url).call('SignIn', {
      Email: email,
      Password: 'not the right password at all',
    });
    const unknownEmail = await new ApiClient(server.url).call('SignIn', {
      Email: uniqueEmail('nobody'),
      Password: 'not the right password at all',
    });
    const notAnEmail = await new ApiClient(server.url).call('SignIn', {
      Email: 'not an email',
      Password: 'not the right password at all',
    });
    for (const answer of [wrongPassword, unknownEmail, notAnEmail]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('set-cookie')).toBeNull();
      expect(answer.body.Errors).toEqual(wrongPassword.body.Errors);
    }
  });

  it('ASVS 6.2.8: the password is verified exactly as set, never truncated or case-folded', async () => {
    const password = `${STRONG_PASSWORD} with some more words to be long ${'x'.repeat(30)}`;
    const { email } = await signedUpClient(server.url, { Password: password, FirstName: 'Li', LastName: 'Wei' });
    const signIn = (candidate: string) =>
      new ApiClient(server.url).call('SignIn', { Email: email, Password: candidate });
    expect((await signIn(password.slice(0, 72))).status).toBe(401);
    expect((await signIn(password[0]!.toUpperCase() + password.slice(1))).status).toBe(401);
    expect((await signIn(` ${password}`)).status).toBe(401);
    expect((await signIn(password)).status).toBe(200);
  });

  it('NIST 800-63B: a password is compared after Unicode normalisation (NFC and NFD both sign in)', async () => {
    const password = 'crème brûlée à la française pour vous';
    const { email } = await signedUpClient(server.url, {
      Password: password.normalize('NFD'),
      FirstName: 'Zoé',
      LastName: 'Martin',
    });
    expect(
      (await new ApiClient(server.url).call('SignIn', { Email: email, Password: password.normalize('NFC') })).status,
    ).toBe(200);
  });

  it('ASVS 7.3.1: a session idle past the limit ends; activity keeps it alive', async () => {
    const { client } = await signedUpClient(server.url);
    const idleMs = server.services.config.sessionIdleMinutes * 60_000;
    server.clock.advance(idleMs - 5 * 60_000);
    expect((await client.call('ReadAccounts')).status).toBe(200);
    server.clock.advance(idleMs - 5 * 60_000);
    expect((await client.call('ReadAccounts')).status).toBe(200);
    server.clock.advance(idleMs + 1);
    expect((await client.call('ReadAccounts')).status).toBe(401);
  });

  it('ASVS 7.3.2: a session ends at its absolute lifetime even when active', async () => {
    const { client } = await signedUpClient(server.url);
    const absoluteMs = server.services.config.sessionAbsoluteHours * 3_600_000;
    const step = 30 * 60_000;
    for (let elapsed = step; elapsed < absoluteMs; elapsed += step) {
      server.clock.advance(step);
      expect((await client.call('ReadAccounts')).status).toBe(200);
    }
    server.clock.advance(step);
    expect((await client.call('ReadAccounts')).status).toBe(401);
  });

  it('ASVS 6.3.8: signing up with a taken address answers as with a new one; its owner is mailed; no one is signed in before confirming', async () => {
    const { email: taken } = await signedUpClient(server.url);
    const fresh = uniqueEmail('fresh');
    const signUp = (email: string) =>
      new ApiClient(server.url).call('SignUp', {
        Email: email,
        Password: 'a passphrase for the newcomer',
        FirstName: 'Other',
        LastName: 'Person',
      });
    const answers = [await signUp(taken.toUpperCase()), await signUp(fresh)];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body)).toEqual(['ResponseContext']);
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
    const mailbox = mailboxOf(server.url);
    expect((await mailbox.waitFor(taken, /already has one/)).subject).toBe('You already have an account');
    const confirmation = await mailbox.waitFor(fresh, /\/confirm-email#/);
    // Before its address is confirmed the new account answers SignIn as a wrong password would.
    const early = await new ApiClient(server.url).call('SignIn', {
      Email: fresh,
      Password: 'a passphrase for the newcomer',
    });
    const wrong = await new ApiClient(server.url).call('SignIn', { Email: taken, Password: 'not the password at all' });
    expect(early.status).toBe(401);
    expect(early.body.Errors).toEqual(wrong.body.Errors);
    // The taken address's owner is unchanged; the link signs the newcomer in.
    expect((await new ApiClient(server.url).call('SignIn', { Email: taken, Password: STRONG_PASSWORD })).status).toBe(
      200,
    );
    const newcomer = new ApiClient(server.url);
    expect((await newcomer.call('ConfirmEmail', { Token: SmtpSink.linkToken(confirmation) })).status).toBe(200);
    expect((await newcomer.call('ReadAccounts')).body.Accounts).toMatchObject([{ Email: fresh, FirstName: 'Other' }]);
  });
});

describe('CSRF defence for cookie sessions (ASVS 3.5.1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { TESSERA_PUBLIC_URL: 'https://console.example.com' });
  });
  afterAll(() => server.close());

  it('a request from another origin is refused before anything happens', async () => {
    const { client } = await signedUpClient(server.url, {});
    const answer = await client.call('UpdateAccount', { City: 'Evil' }, { origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    const crossSite = await client.call('UpdateAccount', { City: 'Evil' }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const account = (await client.call('ReadAccounts')).body.Accounts as Record<string, unknown>[];
    expect(account[0]!.City).toBeUndefined();
  });

  it('a request from the configured origin goes through', async () => {
    const { client } = await signedUpClient(server.url, {});
    const answer = await client.call(
      'UpdateAccount',
      { City: 'Lyon' },
      { origin: 'https://console.example.com', 'sec-fetch-site': 'same-origin' },
    );
    expect(answer.status).toBe(200);
  });

  it('sign-in from another site is refused too (login CSRF)', async () => {
    const { email } = await signedUpClient(server.url, {});
    const answer = await new ApiClient(server.url).call(
      'SignIn',
      { Email: email, Password: STRONG_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(answer.status).toBe(403);
  });

  it('the session cookie is Secure with the __Host- prefix when the public URL is https', async () => {
    expect(await firstSessionCookie(server)).toMatch(/^__Host-tessera_session=.*; Secure/);
  });
});

describe('sign-up can be closed', () => {
  it('refuses sign-up with a clear message when TESSERA_SIGNUP=closed', async () => {
    const server = await startTestServer('sqlite', { TESSERA_SIGNUP: 'closed' });
    try {
      const answer = await new ApiClient(server.url).call('SignUp', {
        Email: uniqueEmail(),
        Password: STRONG_PASSWORD,
        FirstName: 'Ana',
        LastName: 'Silva',
      });
      expect(answer.status).toBe(403);
      expect(answer.body.Errors?.[0]?.Details).toMatch(/Sign-up is closed/);
    } finally {
      await server.close();
    }
  });
});
