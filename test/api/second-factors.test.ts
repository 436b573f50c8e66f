import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/second-factors.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { aws4fetchSigned } from '../support/signed-clients.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { expectError, invitedSubUser } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

const STEP = 30_000;

describe.each(ENGINES)('two-step verification on %s', (engine) => {
  const mailed = useMailedServer(engine);
  const now = () => mailed.server.clock.now();
  /** Past the step of any code used before: each test's codes are fresh. */
  const nextMinutes = () => mailed.server.clock.advance(5 * 60_000);

  /** An owner with an authenticator app on; returns its secret and recovery codes. */
  async function withTotp() {
    const signedUp = await signedUpClient(mailed.server.url);
    const { Secret, OtpauthUri } = (await signedUp.client.call('CreateTotp')).body as {
      Secret: string;
      OtpauthUri: string;
    };
    const confirmed = await signedUp.client.call('ConfirmTotp', { Code: totpCode(Secret, now()) });
    expect(confirmed.status).toBe(200);
    nextMinutes();
    return { ...signedUp, secret: Secret, uri: OtpauthUri, recovery: confirmed.body.RecoveryCodes as string[] };
  }

  async function passwordStep(email: string) {
    const client = new ApiClient(mailed.server.url);
    const answer = await client.call('SignIn', { Email: email, Password: STRONG_PASSWORD });
    expect(answer.status).toBe(200);
    return { client, challenge: answer.body.SecondFactorChallenge as string };
  }

  it('NIST SP 800-63B-4 §3.1.7: enrolment shows the secret and its URI, and holds only once a first code is right', async () => {
    const { client, email } = await signedUpClient(mailed.server.url);
    const { Secret, OtpauthUri } = (await client.call('CreateTotp')).body as { Secret: string; OtpauthUri: string };
    expect(Secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(OtpauthUri).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=[A-Z2-7]{32}/);
    expect(OtpauthUri).toContain(encodeURIComponent(email));
    expect(OtpauthUri).toMatch(/algorithm=SHA1&digits=6&period=30/);
    // Not yet confirmed: signing in needs the password only.
    expect((await client.call('ReadSecondFactors')).body).toMatchObject({ Totp: false, RecoveryCodesLeft: 0 });
    expect(
      (await new ApiClient(mailed.server.url).call('SignIn', { Email: email, Password: STRONG_PASSWORD })).body
        .SecondFactorChallenge,
    ).toBeUndefined();
    expectError(
      await client.call('ConfirmTotp', { Code: '000000' === totpCode(Secret, now()) ? '111111' : '000000' }),
      400,
      '4047',
    );
    const confirmed = await client.call('ConfirmTotp', { Code: totpCode(Secret, now()) });
    expect(confirmed.status).toBe(200);
    const codes = confirmed.body.RecoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect((await client.call('ReadSecondFactors')).body).toMatchObject({ Totp: true, RecoveryCodesLeft: 10 });
    // ASVS 6.3.7: the person is told.
    await mailed.sink.waitFor(email, /authenticator app was added/);
    // Secret at rest is sealed, never in clear.
    const stored = JSON.stringify(
      await mailed.server.services.store.db.selectFrom('totp_factors').selectAll().execute(),
    );
    expect(stored).not.toContain(Secret);
  });

  it('ASVS 6.5.1, NIST SP 800-63B-4 §3.1.4: a right password asks for the code; a code serves once; ±1 step of skew is accepted, ±2 is not', async () => {
    const { email, secret } = await withTotp();
    const first = await passwordStep(email);
    expect(first.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // No session before the second step.
    expect((await first.client.call('ReadAccounts')).status).toBe(401);
    const code = totpCode(secret, now());
    expect((await first.client.call('CompleteSignIn', { Challenge: first.challenge, TotpCode: code })).status).toBe(
      200,
    );
    expect((await first.client.call('ReadAccounts')).status).toBe(200);

    // The same code again, within its 30 seconds: refused.
    const replay = await passwordStep(email);
    expectError(
      await replay.client.call('CompleteSignIn', { Challenge: replay.challenge, TotpCode: code }),
      400,
      '4047',
    );

    for (const [offset, accepted] of [
      [STEP, true],
      [-STEP, true],
      [2 * STEP, false],
      [-2 * STEP, false],
    ] as const) {
      nextMinutes();
      const step = await passwordStep(email);
      const answer = await step.client.call('CompleteSignIn', {
        Challenge: step.challenge,
        TotpCode: totpCode(secret, now() + offset),
      });
      expect(answer.status, `a code ${offset / STEP} steps away`).toBe(accepted ? 200 : 400);
    }
  });

  it('ASVS 6.5.1: recovery codes serve once, in any case, and new ones end the old', async () => {
    const { client, email, recovery } = await withTotp();
    const step = await passwordStep(email);
    const typed = recovery[0]!.toUpperCase().replace('-', ' ');
    expect((await step.client.call('CompleteSignIn', { Challenge: step.challenge, RecoveryCode: typed })).status).toBe(
      200,
    );
    const again = await passwordStep(email);
    expectError(
      await again.client.call('CompleteSignIn', { Challenge: again.challenge, RecoveryCode: recovery[0] }),
      400,
      '4047',
    );
    expect((await client.call('ReadSecondFactors')).body).toMatchObject({ RecoveryCodesLeft: 9 });

    const fresh = await step.client.call('CreateRecoveryCodes', {});
    expect(fresh.body.RecoveryCodes).toHaveLength(10);
    const old = await passwordStep(email);
    expectError(
      await old.client.call('CompleteSignIn', { Challenge: old.challenge, RecoveryCode: recovery[1] }),
      400,
      '4047',
    );
    await mailed.sink.waitFor(email, /New recovery codes were made/);
  });

  it('ASVS 6.6.3: the second step is single use, lives 5 minutes, and dies after 5 wrong codes even if the right one follows', async () => {
    const { client: owner, email, secret } = await withTotp();
    const used = await passwordStep(email);
    expect(
      (await used.client.call('CompleteSignIn', { Challenge: used.challenge, TotpCode: totpCode(secret, now()) }))
        .status,
    ).toBe(200);
    nextMinutes();
    expectError(
      await used.client.call('CompleteSignIn', { Challenge: used.challenge, TotpCode: totpCode(secret, now()) }),
      400,
      '4047',
    );

    const late = await passwordStep(email);
    mailed.server.clock.advance(5 * 60_000 + 1);
    const expired = await late.client.call('CompleteSignIn', {
      Challenge: late.challenge,
      TotpCode: totpCode(secret, now()),
    });
    expectError(expired, 400, '4047');
    expect(expired.body.Errors?.[0]?.Details).toMatch(/expired/);

    nextMinutes();
    const guessed = await passwordStep(email);
    const wrong = totpCode(secret, now()) === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) {
      const answer = await guessed.client.call('CompleteSignIn', { Challenge: guessed.challenge, TotpCode: wrong });
      expect(answer.status, `wrong code ${i + 1}`).toBeGreaterThanOrEqual(400);
      // The sign-in throttle may ask to wait: the clock waits.
      mailed.server.clock.advance(60_000);
    }
    const right = await guessed.client.call('CompleteSignIn', {
      Challenge: guessed.challenge,
      TotpCode: totpCode(secret, now()),
    });
    expectError(right, 400, '4047');
    // ASVS 16.3.1: each refused code is an event of the account, recorded after the answer.
    const refusals = async () =>
      ((await owner.call('ReadSecurityActivity')).body.Events as { Action: string; Reason?: string }[]).filter(
        (event) => event.Action === 'CompleteSignIn' && event.Reason === 'WrongCode',
      ).length;
    await expect.poll(refusals).toBeGreaterThanOrEqual(5);
  });

  it('ASVS 6.3.8: before the password is right nothing tells whether the address has a second factor', async () => {
    const { email } = await withTotp();
    const wrongForTotpUser = await new ApiClient(mailed.server.url).call('SignIn', {
      Email: email,
      Password: 'not the password at all',
    });
    const unknown = await new ApiClient(mailed.server.url).call('SignIn', {
      Email: uniqueEmail('nobody'),
      Password: 'not the password at all',
    });
    expect(wrongForTotpUser.status).toBe(401);
    expect(wrongForTotpUser.body.Errors).toEqual(unknown.body.Errors);
    expect(wrongForTotpUser.body.SecondFactorChallenge).toBeUndefined();
  });

  it('removing the app needs a recent sign-in with it, takes the recovery codes with it, and tells the person', async () => {
    const { client, email, secret } = await withTotp();
    mailed.server.clock.advance(mailed.server.services.config.reauthMinutes * 60_000 + 1);
    expectError(await client.call('DeleteTotp', {}), 403, '4');
    // NIST SP 800-63B-4 §3.1.7: the password alone does not remove the factor that guards it.
    expectError(await client.call('DeleteTotp', { CurrentPassword: STRONG_PASSWORD }), 403, '4');
    const stepUp = await client.call('ReauthenticateWithSecondFactor', { TotpCode: totpCode(secret, now()) });
    expect(stepUp.status).toBe(200);
    expect((await client.call('DeleteTotp', {})).status).toBe(200);
    expect((await client.call('ReadSecondFactors')).body).toMatchObject({ Totp: false, RecoveryCodesLeft: 0 });
    await mailed.sink.waitFor(email, /authenticator app was removed/);
    const plain = await new ApiClient(mailed.server.url).call('SignIn', { Email: email, Password: STRONG_PASSWORD });
    expect(plain.body.SecondFactorChallenge).toBeUndefined();
  });

  it('ASVS 7.5.1: a fresh code of the app stands for a recent sign-in before a sensitive change; a wrong one does not', async () => {
    const { client, secret } = await withTotp();
    mailed.server.clock.advance(mailed.server.services.config.reauthMinutes * 60_000 + 1);
    const moved = { Email: uniqueEmail('moved') };
    expectError(await client.call('UpdateAccount', moved), 403, '4');
    const wrong = totpCode(secret, now()) === '000000' ? '111111' : '000000';
    expectError(await client.call('ReauthenticateWithSecondFactor', { TotpCode: wrong }), 400, '4047');
    expectError(await client.call('UpdateAccount', moved), 403, '4');
    expect((await client.call('ReauthenticateWithSecondFactor', { TotpCode: totpCode(secret, now()) })).status).toBe(
      200,
    );
    expect((await client.call('UpdateAccount', moved)).status).toBe(200);
  });

  it('NIST SP 800-63B-4 §3.1.7: an account that requires a second factor sends users without one to enrol, and nothing else, until they have', async () => {
    const { client: owner, secret } = await withTotp();
    expect((await owner.call('UpdateAccountSecurity', { RequireSecondFactor: true })).body).toMatchObject({
      RequireSecondFactor: true,
    });
    const member = await invitedSubUser(mailed.server, mailed.sink, owner);
    // Signed in after the rule: only enrolment, and what the console reads to show it.
    expect((await member.client.call('ReadAccounts')).status).toBe(200);
    expect((await member.client.call('ReadSecondFactors')).body).toMatchObject({ Required: true, Totp: false });
    const blocked = await member.client.call('UpdateUserDetails', { LastName: 'Martin' });
    expect(blocked.status).toBe(403);
    expect(blocked.body.Errors?.[0]?.Type).toBe('SecondFactorRequired');
    expect((await member.client.call('CreateAccessKey', {})).status).toBe(403);
    const { Secret } = (await member.client.call('CreateTotp')).body as { Secret: string };
    expect((await member.client.call('ConfirmTotp', { Code: totpCode(Secret, now()) })).status).toBe(200);
    expect((await member.client.call('UpdateUserDetails', { LastName: 'Martin' })).status).toBe(200);
    // The Users page shows who has a second factor.
    const details = await owner.call('ReadUserDetails', { UserName: member.userName });
    expect(details.body.UserDetails).toMatchObject({ SecondFactors: ['Totp'] });

    // The last factor stays while the rule holds; without the rule it can go.
    expectError(await owner.call('DeleteTotp', { CurrentPassword: STRONG_PASSWORD }), 400, '4047');
    await owner.call('UpdateAccountSecurity', { RequireSecondFactor: false });
    expect((await owner.call('DeleteTotp', { CurrentPassword: STRONG_PASSWORD })).status).toBe(200);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('an access key is not held back by the rule: the CLI signs with keys, not sessions', async () => {
    // Signatures carry the real time: the server's clock, moved by the tests above, comes back to it.
    mailed.server.clock.time = Date.now();
    const { client: owner, email } = await signedUpClient(mailed.server.url);
    const key = (await owner.call('CreateAccessKey', {})).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    await owner.call('UpdateAccountSecurity', { RequireSecondFactor: true });
    const signed = await aws4fetchSigned(
      mailed.server.url,
      'ReadAccessKeys',
      {},
      {
        accessKeyId: key.AccessKeyId,
        secretKey: key.SecretKey,
      },
    );
    expect(signed.status).toBe(200);
    // The owner's own next sign-in must enrol.
    const again = new ApiClient(mailed.server.url);
    await again.call('SignIn', { Email: email, Password: STRONG_PASSWORD });
    expect((await again.call('ReadAccessKeys')).status).toBe(403);
  });

  it('ASVS 6.4.3: a password reset does not get past the second factor', async () => {
    const { email } = await withTotp();
    await new ApiClient(mailed.server.url).call('SendResetPasswordEmail', { Email: email });
    const mail = await mailed.sink.waitFor(email, /reset-password#/);
    const token = /reset-password#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
    const resetter = new ApiClient(mailed.server.url);
    const password = 'a brand new passphrase after the reset';
    expect((await resetter.call('ResetAccountPassword', { Token: token, Password: password })).status).toBe(200);
    expect((await resetter.call('ReadAccounts')).status).toBe(401);
    const signIn = await resetter.call('SignIn', { Email: email, Password: password });
    expect(signIn.body.SecondFactorChallenge).toEqual(expect.any(String));
    expect((await resetter.call('ReadAccounts')).status).toBe(401);
  });
});
