import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../src/domain/sign-in-throttle.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail, type Answer } from '../support/api-client.js';
import { startMailedServer, type SmtpSink } from '../support/smtp-sink.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

const WRONG = 'definitely not the password';
const { freeFailures, lockAfter } = SIGN_IN_LIMITS.account;

describe.each(ENGINES)('sign-in protection on %s', (engine) => {
  let server: TestServer;
  let sink: SmtpSink;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // The test plays many client addresses through X-Forwarded-For, as a trusted proxy would.
    ({ server, sink, close } = await startMailedServer(engine, { TESSERA_TRUSTED_PROXIES: '127.0.0.1' }));
  });
  afterAll(() => close());

  async function account(): Promise<string> {
    return (await signedUpClient(server.url, { FirstName: 'Ana', LastName: 'Silva' })).email;
  }

  /** Each test speaks from its own client address, so that the address throttle stays its own. */
  let address = 0;
  function from(): Record<string, string> {
    address += 1;
    return { 'x-forwarded-for': `203.0.113.${address}` };
  }

  const signIn = (email: string, password: string, headers: Record<string, string>): Promise<Answer> =>
    new ApiClient(server.url).call('SignIn', { Email: email, Password: password }, headers);

  it(`ASVS 6.1.1: after ${freeFailures} wrong passwords the account is throttled with Retry-After; another account is not`, async () => {
    const headers = from();
    const email = await account();
    for (let i = 0; i < freeFailures; i += 1) expect((await signIn(email, WRONG, headers)).status).toBe(401);
    const throttled = await signIn(email, STRONG_PASSWORD, headers);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(throttled.body.Errors?.[0]?.Code).toBe('24');
    const other = await account();
    expect((await signIn(other, STRONG_PASSWORD, headers)).status).toBe(200);
    server.clock.advance(2_000);
    expect((await signIn(email, STRONG_PASSWORD, headers)).status).toBe(200);
  });

  it('ASVS 6.3.8: an unknown address is throttled exactly like a known one', async () => {
    const headers = from();
    const known = await account();
    const unknown = uniqueEmail('ghost');
    const answers: Answer[][] = [[], []];
    for (let i = 0; i <= freeFailures; i += 1) {
      answers[0]!.push(await signIn(known, WRONG, headers));
      answers[1]!.push(await signIn(unknown, WRONG, headers));
    }
    expect(answers[0]!.map((a) => a.status)).toEqual(answers[1]!.map((a) => a.status));
    expect(answers[0]!.at(-1)!.body.Errors?.[0]?.Code).toBe(answers[1]!.at(-1)!.body.Errors?.[0]?.Code);
  });

  it(`NIST 800-63B §3.2.2: ${lockAfter} failures in a row lock the account, which answers like any failure, until a password reset`, async () => {
    const email = await account();
    for (let i = 0; i < lockAfter; i += 1) {
      server.clock.advance(61_000);
      expect((await signIn(email, WRONG, from())).status).toBe(401);
    }
    server.clock.advance(61_000);
    const locked = await signIn(email, STRONG_PASSWORD, from());
    const wrong = await signIn(uniqueEmail('nobody'), WRONG, from());
    expect(locked.status).toBe(401);
    expect(locked.body.Errors).toEqual(wrong.body.Errors);
    server.clock.advance(24 * 3_600_000);
    expect((await signIn(email, STRONG_PASSWORD, from())).status).toBe(401);

    await new ApiClient(server.url).call('SendResetPasswordEmail', { Email: email });
    await server.services.mail.wake();
    const mail = sink.to(email).find((m) => m.subject === 'Reset your password')!;
    const token = /\/reset-password#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
    expect(
      (
        await new ApiClient(server.url).call('ResetAccountPassword', {
          Token: token,
          Password: 'purple elephants dance at midnight',
        })
      ).status,
    ).toBe(200);
    expect((await signIn(email, 'purple elephants dance at midnight', from())).status).toBe(200);
  });

  it(`one client address guessing across accounts is slowed after ${SIGN_IN_LIMITS.address.freeFailures} failures`, async () => {
    const headers = from();
    for (let i = 0; i < SIGN_IN_LIMITS.address.freeFailures; i += 1)
      expect((await signIn(uniqueEmail('spray'), WRONG, headers)).status).toBe(401);
    const email = await account();
    expect((await signIn(email, STRONG_PASSWORD, headers)).status).toBe(429);
    expect((await signIn(email, STRONG_PASSWORD, from())).status).toBe(200);
  });

  it('ASVS 6.2.3: a wrong current password in UpdatePassword counts as a failed sign-in', async () => {
    const headers = from();
    const email = await account();
    const client = new ApiClient(server.url);
    await client.call('SignIn', { Email: email, Password: STRONG_PASSWORD }, headers);
    for (let i = 0; i < freeFailures; i += 1) {
      expect(
        (
          await client.call(
            'UpdatePassword',
            { CurrentPassword: WRONG, NewPassword: 'purple elephants dance at midnight' },
            headers,
          )
        ).status,
      ).toBe(400);
    }
    expect((await signIn(email, STRONG_PASSWORD, headers)).status).toBe(429);
  });
});

describe('client addresses', () => {
  it('X-Forwarded-For is ignored unless it comes from a configured proxy', async () => {
    const direct = await startTestServer('sqlite');
    const proxied = await startTestServer('sqlite', { TESSERA_TRUSTED_PROXIES: '127.0.0.1' });
    try {
      for (const [server, expected] of [
        [direct, '127.0.0.1'],
        [proxied, '198.51.100.7'],
      ] as const) {
        const { client } = await signedUpClient(
          server.url,
          { FirstName: 'Ana', LastName: 'Silva' },
          { 'x-forwarded-for': '198.51.100.7' },
        );
        const sessions = (await client.call('ReadSessions')).body.Sessions as { IpAddress: string }[];
        expect(sessions[0]!.IpAddress).toBe(expected);
      }
    } finally {
      await direct.close();
      await proxied.close();
    }
  });
});
