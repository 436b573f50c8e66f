import { describe, expect, it } from 'vitest';
import { CALLS } from '../../src/calls/index.js';
import { totpCode } from '../../src/domain/second-factors.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { invitedSubUser } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

interface Fixture {
  ownerEmail: string;
  targetName: string;
  resetToken: string;
  /** A code of the authenticator app the owner is adding. */
  totpCode: string;
  /** The owner's passkey, and an authenticator's answer for another one. */
  passkeyId: string;
  newPasskey: Record<string, unknown>;
}

/**
 * One request of each sensitive call of the registry, as an account under advanced security
 * sends it. A call declared sensitive without a line here fails the test.
 */
const PROBES: Record<string, (f: Fixture) => Record<string, unknown>> = {
  CreateUser: () => ({ UserName: 'never.created' }),
  DeleteUser: (f) => ({ UserName: f.targetName }),
  DisableUser: (f) => ({ UserName: f.targetName }),
  UpdateUserDetails: (f) => ({ UserName: f.targetName, Rights: ['ManageNetwork'] }),
  CreateAccessKey: () => ({ Tag: 'never' }),
  UpdateAccount: () => ({ Email: uniqueEmail('moved'), CurrentPassword: STRONG_PASSWORD }),
  UpdatePassword: () => ({ CurrentPassword: STRONG_PASSWORD, NewPassword: 'a whole new passphrase for later' }),
  ResetAccountPassword: (f) => ({ Token: f.resetToken, Password: 'a whole new passphrase for later' }),
  UpdateAccountSecurity: () => ({ ValidationPolicy: 'AnyValidator' }),
  ConfirmTotp: (f) => ({ Code: f.totpCode }),
  DeleteTotp: () => ({ CurrentPassword: STRONG_PASSWORD }),
  CreatePasskey: (f) => ({ Name: 'Never added', Credential: f.newPasskey }),
  DeletePasskey: (f) => ({ PasskeyId: f.passkeyId, CurrentPassword: STRONG_PASSWORD }),
};

/** Sensitive calls whose request needs a linked provider: proved with a real OpenID provider in external-logins.test.ts. */
const WITH_A_PROVIDER = new Set(['UnlinkLogin']);

describe.each(ENGINES)('every sensitive call under advanced security on %s', (engine) => {
  const mailed = useMailedServer(engine);

  const tokenFor = (email: string, operationId: string) => mailed.sink.operationToken(email, operationId);

  it('answers 202 with an operation and changes nothing before it is validated', async () => {
    const { client: owner, email: ownerEmail } = await signedUpClient(mailed.server.url);
    const origin = mailed.server.services.config.publicUrl.origin;
    const [key, newKey] = [new SoftAuthenticator(origin), new SoftAuthenticator(origin)];
    const passkeyOptions = async () =>
      (await owner.call('CreatePasskeyOptions')).body.Options as Record<string, unknown>;
    expect(
      (await owner.call('CreatePasskey', { Name: 'Kept', Credential: key.register(await passkeyOptions()) })).status,
    ).toBe(200);
    const validator = await invitedSubUser(mailed.server, mailed.sink, owner, { Rights: ['TokenValidator'] });
    const target = await invitedSubUser(mailed.server, mailed.sink, owner);
    const activation = (await owner.call('UpdateAccountSecurity', { AdvancedSecurity: true })).body.Operation as {
      OperationId: string;
    };
    await validator.client.call('ValidateOperation', {
      OperationId: activation.OperationId,
      Token: await tokenFor(validator.email, activation.OperationId),
    });
    await new ApiClient(mailed.server.url).call('SendResetPasswordEmail', { Email: ownerEmail });
    const reset = await mailed.sink.waitFor(ownerEmail, /reset-password#/);
    const resetToken = /reset-password#([A-Za-z0-9_-]{43})/.exec(reset.text ?? '')![1]!;
    const { Secret } = (await owner.call('CreateTotp')).body as { Secret: string };
    const fixture = {
      ownerEmail,
      targetName: target.userName,
      resetToken,
      totpCode: totpCode(Secret, mailed.server.clock.now()),
      passkeyId: key.id,
      newPasskey: newKey.register(await passkeyOptions()),
    };

    const state = async () =>
      JSON.stringify(
        await Promise.all([
          owner.call('ReadAccounts'),
          owner.call('ReadUsers'),
          owner.call('ReadUserDetails', { UserName: target.userName }),
          owner.call('ReadAccessKeys'),
          owner.call('ReadAccountSecurity'),
          owner.call('ReadSecondFactors'),
          owner.call('ReadPasskeys'),
        ]).then((answers) => answers.map((answer) => ({ ...answer.body, ResponseContext: undefined }))),
      );
    const before = await state();

    const sensitive = CALLS.filter((call) => call.sensitive).map((call) => call.name);
    expect(sensitive.filter((name) => !PROBES[name] && !WITH_A_PROVIDER.has(name))).toEqual([]);
    for (const name of sensitive.filter((call) => PROBES[call])) {
      const client = name === 'ResetAccountPassword' ? new ApiClient(mailed.server.url) : owner;
      const answer = await client.call(name, PROBES[name]!(fixture));
      expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(202);
      expect(answer.body.Operation, name).toMatchObject({ Action: name, State: 'pending' });
    }
    expect(await state()).toBe(before);
    // The old password still signs in: neither UpdatePassword nor the reset ran.
    const signIn = await new ApiClient(mailed.server.url).call('SignIn', {
      Email: ownerEmail,
      Password: STRONG_PASSWORD,
    });
    expect(signIn.status).toBe(200);
  });
});
