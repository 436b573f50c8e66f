import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/second-factors.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { invitedSubUser, SUB_USER_PASSWORD, type SubUser } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

interface Operation {
  OperationId: string;
  Action: string;
  State: string;
  Changes: unknown[];
  Failure?: string;
}

/** Adding or removing a second factor under advanced security (issue 16): a validator confirms it. */
describe.each(ENGINES)('second factors under advanced security on %s', (engine) => {
  const mailed = useMailedServer(engine);
  const now = () => mailed.server.clock.now();

  function operationOf(answer: { status: number; body: Record<string, unknown> }): Operation {
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    return answer.body.Operation as Operation;
  }

  async function validate(validator: SubUser, operation: Operation): Promise<Operation> {
    const token = await mailed.sink.operationToken(validator.email, operation.OperationId);
    const answer = await validator.client.call('ValidateOperation', {
      OperationId: operation.OperationId,
      Token: token,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).not.toHaveProperty('RecoveryCodes');
    return answer.body.Operation as Operation;
  }

  /** An owner, a sub-user validator, and advanced security on (OtherValidator). */
  async function protectedAccount(before?: (owner: ApiClient) => Promise<void>) {
    const owner = await signedUpClient(mailed.server.url);
    const validator = await invitedSubUser(mailed.server, mailed.sink, owner.client, { Rights: ['TokenValidator'] });
    await before?.(owner.client);
    const activation = operationOf(await owner.client.call('UpdateAccountSecurity', { AdvancedSecurity: true }));
    await validate(validator, activation);
    return { owner, validator };
  }

  const factors = async (client: ApiClient) => (await client.call('ReadSecondFactors')).body;

  it('an authenticator app waits for a validator; confirmed minutes later, the code given then still proves it', async () => {
    const { owner, validator } = await protectedAccount();
    const { Secret } = (await owner.client.call('CreateTotp')).body as { Secret: string };
    const operation = operationOf(await owner.client.call('ConfirmTotp', { Code: totpCode(Secret, now()) }));
    expect(operation).toMatchObject({ Action: 'ConfirmTotp', Changes: [{ Field: 'Code', Secret: true }] });
    expect(await factors(owner.client)).toMatchObject({ Totp: false });
    // Nothing asks for the app yet.
    const before = await new ApiClient(mailed.server.url).call('SignIn', {
      Email: owner.email,
      Password: STRONG_PASSWORD,
    });
    expect(before.body.SecondFactorChallenge).toBeUndefined();

    mailed.server.clock.advance(3 * 60_000);
    expect(await validate(validator, operation)).toMatchObject({ State: 'done' });
    expect(await factors(owner.client)).toMatchObject({ Totp: true, RecoveryCodesLeft: 0 });
    await mailed.sink.waitFor(owner.email, /authenticator app was added/);
    // NIST SP 800-63B-4 §3.1.7: minting recovery codes is a factor change, and waits too; the
    // validated call's codes are kept for the requester alone, read once.
    const minting = operationOf(await owner.client.call('CreateRecoveryCodes', { CurrentPassword: STRONG_PASSWORD }));
    expect(await factors(owner.client)).toMatchObject({ RecoveryCodesLeft: 0 });
    expect(await validate(validator, minting)).toMatchObject({ State: 'done', ResultWaiting: true });
    expect((await validator.client.call('ClaimOperationResult', { OperationId: minting.OperationId })).status).toBe(
      404,
    );
    const codes = await owner.client.call('ClaimOperationResult', { OperationId: minting.OperationId });
    expect(codes.body).toMatchObject({ Action: 'CreateRecoveryCodes' });
    expect((codes.body.Result as { RecoveryCodes: string[] }).RecoveryCodes).toHaveLength(10);
    expect((await owner.client.call('ClaimOperationResult', { OperationId: minting.OperationId })).status).toBe(404);
    expect(await factors(owner.client)).toMatchObject({ RecoveryCodesLeft: 10 });
    const after = await new ApiClient(mailed.server.url).call('SignIn', {
      Email: owner.email,
      Password: STRONG_PASSWORD,
    });
    expect(after.body.SecondFactorChallenge).toEqual(expect.any(String));

    // Removing it waits too.
    const removal = operationOf(await owner.client.call('DeleteTotp', { CurrentPassword: STRONG_PASSWORD }));
    expect(await factors(owner.client)).toMatchObject({ Totp: true });
    await validate(validator, removal);
    expect(await factors(owner.client)).toMatchObject({ Totp: false, RecoveryCodesLeft: 0 });
  });

  it('an enrolment started again before the validation: the code proves another secret, and the operation fails', async () => {
    const { owner, validator } = await protectedAccount();
    const first = (await owner.client.call('CreateTotp')).body as { Secret: string };
    const operation = operationOf(await owner.client.call('ConfirmTotp', { Code: totpCode(first.Secret, now()) }));
    await owner.client.call('CreateTotp');
    const decided = await validate(validator, operation);
    expect(decided).toMatchObject({ State: 'failed', Failure: expect.stringMatching(/not the one the app shows/) });
    expect(await factors(owner.client)).toMatchObject({ Totp: false });
  });

  it('a passkey added or removed waits for a validator; the same answer cannot be added twice', async () => {
    const { owner, validator } = await protectedAccount();
    const key = new SoftAuthenticator(mailed.server.services.config.publicUrl.origin);
    const { Options } = (await owner.client.call('CreatePasskeyOptions')).body as { Options: Record<string, unknown> };
    const answer = key.register(Options);
    const operation = operationOf(await owner.client.call('CreatePasskey', { Name: 'Laptop', Credential: answer }));
    expect(operation.Changes).toEqual([
      { Field: 'Name', NewValue: 'Laptop' },
      { Field: 'Credential', Secret: true },
    ]);
    const twice = operationOf(await owner.client.call('CreatePasskey', { Name: 'Again', Credential: answer }));
    expect((await owner.client.call('ReadPasskeys')).body.Passkeys).toEqual([]);

    // Past the ceremony's five minutes: the answer was checked when given, and the operation holds it.
    mailed.server.clock.advance(6 * 60_000);
    await validator.client.call('SignIn', { Email: validator.email, Password: SUB_USER_PASSWORD });
    expect(await validate(validator, operation)).toMatchObject({ State: 'done' });
    expect(await validate(validator, twice)).toMatchObject({
      State: 'failed',
      Failure: expect.stringMatching(/already registered/),
    });
    const passkeys = (await owner.client.call('ReadPasskeys')).body.Passkeys as { PasskeyId: string; Name: string }[];
    expect(passkeys).toEqual([expect.objectContaining({ PasskeyId: key.id, Name: 'Laptop' })]);

    // NIST SP 800-63B-4 §3.1.7: with a passkey, the password alone no longer removes one; the passkey does.
    const byPassword = await owner.client.call('DeletePasskey', {
      PasskeyId: key.id,
      CurrentPassword: STRONG_PASSWORD,
    });
    expect(byPassword.status).toBe(403);
    const signInOptions = (await owner.client.call('StartPasskeySignIn')).body.Options as Record<string, unknown>;
    const stepUp = await owner.client.call('ReauthenticateWithSecondFactor', { Passkey: key.assert(signInOptions) });
    expect(stepUp.status).toBe(200);
    const removal = operationOf(await owner.client.call('DeletePasskey', { PasskeyId: key.id }));
    expect((await owner.client.call('ReadPasskeys')).body.Passkeys).toHaveLength(1);
    await validate(validator, removal);
    expect((await owner.client.call('ReadPasskeys')).body.Passkeys).toEqual([]);
  });

  it('a first factor that the account requires is enrolled at once: waiting would lock everyone out', async () => {
    let member: SubUser | undefined;
    const { validator } = await protectedAccount(async (owner) => {
      await owner.call('UpdateAccountSecurity', { RequireSecondFactor: true });
      member = await invitedSubUser(mailed.server, mailed.sink, owner);
    });
    // The member signed in under the rule: their session may only enrol, and does so now.
    const { Secret } = (await member!.client.call('CreateTotp')).body as { Secret: string };
    const enrolled = await member!.client.call('ConfirmTotp', { Code: totpCode(Secret, now()) });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
    expect(enrolled.body.RecoveryCodes).toHaveLength(10);
    // The validator signed in before the rule: their session is whole, so adding a factor waits.
    const own = (await validator.client.call('CreateTotp')).body as { Secret: string };
    operationOf(await validator.client.call('ConfirmTotp', { Code: totpCode(own.Secret, now()) }));
  });

  it('ASVS 7.5.3: only the first factor skips the validator, even when three are added at once in one enrolling session', async () => {
    let member: SubUser | undefined;
    await protectedAccount(async (owner) => {
      await owner.call('UpdateAccountSecurity', { RequireSecondFactor: true });
      member = await invitedSubUser(mailed.server, mailed.sink, owner);
    });
    const client = member!.client;
    const origin = mailed.server.services.config.publicUrl.origin;
    const [first, second] = [new SoftAuthenticator(origin), new SoftAuthenticator(origin)];
    const options = async () => (await client.call('CreatePasskeyOptions')).body.Options as Record<string, unknown>;
    const { Secret } = (await client.call('CreateTotp')).body as { Secret: string };
    const [one, two] = [first.register(await options()), second.register(await options())];
    const answers = await Promise.all([
      client.call('CreatePasskey', { Name: 'One', Credential: one }),
      client.call('ConfirmTotp', { Code: totpCode(Secret, now()) }),
      client.call('CreatePasskey', { Name: 'Two', Credential: two }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 202, 202]);
    const held = (await factors(client)) as { Totp: boolean; Passkeys: number };
    expect(Number(held.Totp) + held.Passkeys).toBe(1);
  });

  it('ASVS 6.3.4: a session opened with the password alone while a first factor was enrolled ends, and never reaches the account', async () => {
    let member: SubUser | undefined;
    await protectedAccount(async (owner) => {
      await owner.call('UpdateAccountSecurity', { RequireSecondFactor: true });
      member = await invitedSubUser(mailed.server, mailed.sink, owner);
    });
    const { Secret } = (await member!.client.call('CreateTotp')).body as { Secret: string };
    const others = Array.from({ length: 8 }, () => new ApiClient(mailed.server.url));
    const [enrolled, ...signIns] = await Promise.all([
      member!.client.call('ConfirmTotp', { Code: totpCode(Secret, now()) }),
      ...others.map((other) => other.call('SignIn', { Email: member!.email, Password: SUB_USER_PASSWORD })),
    ]);
    expect(enrolled!.status).toBe(200);
    for (const [i, signIn] of signIns.entries()) {
      if (signIn.body.SecondFactorChallenge) continue;
      // Opened before the app was confirmed: it may do nothing now but sign in again.
      expect((await others[i]!.call('ReadAccessKeys')).status, `session ${i}`).toBe(401);
    }
  });
});
