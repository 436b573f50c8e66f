import { describe, expect, it } from 'vitest';
import { CALLS } from '../../src/calls/index.js';
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

/**
 * Calls open to anyone that write, and why they need no rate of their own: each is bounded by
 * what it consumes or by a throttle of its own. Any other must declare perAddress.
 */
const BOUNDED_OTHERWISE: Record<string, string> = {
  SignUp: 'one account per address to confirm; the mail per address is limited (MAILS_PER_HOUR)',
  SignIn: 'the sign-in throttle, per account and per address',
  CompleteSignIn: 'consumes a challenge of five tries',
  SignOut: 'ends a session, stores nothing',
  ConfirmEmail: 'consumes a mailed token',
  CancelEmailChange: 'consumes a mailed token',
  SendResetPasswordEmail: 'the mail per address is limited (MAILS_PER_HOUR)',
  ResetAccountPassword: 'consumes a mailed token',
  AcceptInvitation: 'consumes a mailed token',
  CompleteExternalSignIn: 'consumes a flow',
  CompletePasskeySignIn: 'consumes a ceremony',
};

describe('rows stored for anyone are bounded', () => {
  it('ASVS 2.4.1: every call open to anyone that writes declares a rate per address, or says what bounds it', () => {
    const open = CALLS.filter((call) => call.effect === 'write' && call.access.kind === 'anyone');
    expect(open.filter((call) => !call.perAddress && !BOUNDED_OTHERWISE[call.name]).map((call) => call.name)).toEqual(
      [],
    );
    expect(Object.keys(BOUNDED_OTHERWISE).filter((name) => !open.some((call) => call.name === name))).toEqual([]);
  });
});

describe.each(ENGINES)('anonymous ceremonies on %s', (engine) => {
  const mailed = useMailedServer(engine);

  it('ASVS 2.4.1: 120 StartPasskeySignIn in a row from one address store at most 30 ceremonies; the rest wait, told for how long', async () => {
    const { db } = mailed.server.services.store;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('webauthn_challenges')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const answers = [];
    for (let i = 0; i < 120; i += 1) answers.push(await new ApiClient(mailed.server.url).call('StartPasskeySignIn'));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(30);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(90);
    expect(refused[0]!.body.Errors?.[0]?.Details).toMatch(
      /^Too many requests from your address: try again in \d+ s\.$/,
    );
    expect((await count()) - before).toBe(30);
    mailed.server.clock.advance(60_000);
    expect((await new ApiClient(mailed.server.url).call('StartPasskeySignIn')).status).toBe(200);
  });
});
