import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/second-factors.js';
import { ApiClient, signedUpClient } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { expectError } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

/** Eight characters, unguessable: enough only as one of two factors. */
const SHORT_PASSWORD = 'q7!Vd#2k';

describe.each(ENGINES)('a platform that requires a second factor of every account on %s', (engine) => {
  const mailed = useMailedServer(engine, { TESSERA_REQUIRE_SECOND_FACTOR: 'true', TESSERA_PASSWORD_MIN_LENGTH: '8' });

  it('NIST SP 800-63B-4 §3.1.1.2: an 8-character password is accepted, and the new owner must enrol a second factor before anything else', async () => {
    const { client, email } = await signedUpClient(mailed.server.url, { Password: SHORT_PASSWORD });
    expect((await client.call('ReadSecondFactors')).body).toMatchObject({ Required: true, Totp: false });
    const blocked = await client.call('UpdateAccount', { City: 'Lyon' });
    expect(blocked.status).toBe(403);
    expect(blocked.body.Errors?.[0]?.Type).toBe('SecondFactorRequired');

    const { Secret } = (await client.call('CreateTotp')).body as { Secret: string };
    expect((await client.call('ConfirmTotp', { Code: totpCode(Secret, mailed.server.clock.now()) })).status).toBe(200);
    expect((await client.call('UpdateAccount', { City: 'Lyon' })).status).toBe(200);
    expect((await client.call('ReadAccountSecurity')).body).toMatchObject({
      RequireSecondFactor: true,
      PlatformRequiresSecondFactor: true,
    });

    // The account cannot lift the platform's rule, and its only factor stays.
    const lifted = await client.call('UpdateAccountSecurity', { RequireSecondFactor: false });
    expectError(lifted, 400, '4047');
    expect(lifted.body.Errors?.[0]?.Details).toMatch(/platform requires a second factor of every user/);
    expectError(await client.call('DeleteTotp', { CurrentPassword: SHORT_PASSWORD }), 400, '4047');

    // The short password is one of two factors: signing in asks for the code too.
    const signIn = await new ApiClient(mailed.server.url).call('SignIn', { Email: email, Password: SHORT_PASSWORD });
    expect(signIn.body.SecondFactorChallenge).toEqual(expect.any(String));
  });
});
