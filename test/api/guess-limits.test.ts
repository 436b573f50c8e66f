import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/second-factors.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { aws4fetchSigned } from '../support/signed-clients.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { invitedSubUser } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

/** A code no authenticator shows now: the right one, shifted. */
const wrongCode = (right: string) => String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');

// Guess limits hold however many guesses arrive at once: each is counted before it is compared,
// in one statement, so no more than the limit are ever compared.
describe.each(ENGINES)('guess limits under concurrency on %s', (engine) => {
  const mailed = useMailedServer(engine);

  async function userWithApp() {
    const { client, email } = await signedUpClient(mailed.server.url);
    const { Secret } = (await client.call('CreateTotp', { CurrentPassword: STRONG_PASSWORD })).body as {
      Secret: string;
    };
    expect((await client.call('ConfirmTotp', { Code: totpCode(Secret, mailed.server.clock.now()) })).status).toBe(200);
    const userId = (
      await mailed.server.services.store.db
        .selectFrom('users')
        .select('user_id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).user_id;
    const challenge = async () => {
      const answer = await new ApiClient(mailed.server.url).call('SignIn', { Email: email, Password: STRONG_PASSWORD });
      return answer.body.SecondFactorChallenge as string;
    };
    return { email, userId, secret: Secret, challenge };
  }

  const factorFailures = async (userId: string) =>
    (
      await mailed.server.services.store.db
        .selectFrom('auth_failures')
        .select('failures')
        .where('subject', '=', `factor:${userId}`)
        .executeTakeFirst()
    )?.failures ?? 0;

  it('ASVS 6.3.1: 30 wrong codes at once for one sign-in challenge: at most 5 are compared', async () => {
    const user = await userWithApp();
    const challenge = await user.challenge();
    const code = wrongCode(totpCode(user.secret, mailed.server.clock.now()));
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        new ApiClient(mailed.server.url).call('CompleteSignIn', { Challenge: challenge, TotpCode: code }),
      ),
    );
    expect(answers.every((answer) => answer.status >= 400 && answer.status < 500)).toBe(true);
    expect(await factorFailures(user.userId)).toBeLessThanOrEqual(5);
    const compared = answers.filter((answer) =>
      /wrong or was already used|Too many wrong codes/.test(answer.body.Errors?.[0]?.Details ?? ''),
    );
    expect(compared.length).toBeLessThanOrEqual(5);
  });

  it('ASVS 6.3.1: 30 wrong tokens at once for one operation: at most 5 are compared, then it is cancelled', async () => {
    const { client: owner } = await signedUpClient(mailed.server.url);
    const validator = await invitedSubUser(mailed.server, mailed.sink, owner, { Rights: ['TokenValidator'] });
    const asked = await owner.call('UpdateAccountSecurity', { AdvancedSecurity: true });
    const { OperationId } = asked.body.Operation as { OperationId: string };
    await mailed.sink.operationToken(validator.email, OperationId);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        validator.client.call('ValidateOperation', { OperationId, Token: '000000000000' }),
      ),
    );
    expect(answers.every((answer) => answer.status >= 400 && answer.status < 500)).toBe(true);
    const row = await mailed.server.services.store.db
      .selectFrom('operations')
      .select(['wrong_tries', 'state'])
      .where('operation_id', '=', OperationId)
      .executeTakeFirstOrThrow();
    expect(row.wrong_tries).toBeLessThanOrEqual(5);
    expect(row.state).toBe('cancelled');
    const wrong = answers.filter((answer) => /This is not the token/.test(answer.body.Errors?.[0]?.Details ?? ''));
    expect(wrong.length).toBeLessThanOrEqual(4);
  });

  it("NIST SP 800-63B-4 §3.2.2: a right password does not wipe the second factor's failures; only a right code does", async () => {
    const user = await userWithApp();
    const guess = async () =>
      new ApiClient(mailed.server.url).call('CompleteSignIn', {
        Challenge: await user.challenge(),
        TotpCode: wrongCode(totpCode(user.secret, mailed.server.clock.now())),
      });
    for (let i = 0; i < 5; i += 1) expect((await guess()).status).toBe(400);
    expect(await factorFailures(user.userId)).toBe(5);
    // The password was right five times meanwhile: the codes' failures stay, and the next guess waits.
    const throttled = await guess();
    expect(throttled.status).toBe(429);
    expect(await factorFailures(user.userId)).toBe(5);
    mailed.server.clock.advance(60_000);
    const right = await new ApiClient(mailed.server.url).call('CompleteSignIn', {
      Challenge: await user.challenge(),
      TotpCode: totpCode(user.secret, mailed.server.clock.now()),
    });
    expect(right.status).toBe(200);
    expect(await factorFailures(user.userId)).toBe(0);
  });

  it('NIST SP 800-63B-4 §3.1.7, ASVS 6.3.4: an access key and the password cannot mint recovery codes or remove the app that guards them', async () => {
    const user = await userWithApp();
    const client = new ApiClient(mailed.server.url);
    const challenge = await user.challenge();
    const signedIn = await client.call('CompleteSignIn', {
      Challenge: challenge,
      TotpCode: totpCode(user.secret, mailed.server.clock.now() + 30_000),
    });
    expect(signedIn.status).toBe(200);
    const key = (await client.call('CreateAccessKey', {})).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const keys = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
    for (const call of ['CreateRecoveryCodes', 'DeleteTotp']) {
      const answer = await aws4fetchSigned(mailed.server.url, call, { CurrentPassword: STRONG_PASSWORD }, keys);
      expect(answer.status, call).toBe(403);
      expect(answer.body.Errors?.[0]?.Details, call).toMatch(/needs your second factor/);
    }
    // The session opened with both factors, recent, still may.
    expect((await client.call('CreateRecoveryCodes', {})).status).toBe(200);
  });
});
