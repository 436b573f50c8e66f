import { describe, expect, it } from 'vitest';
import { CALLS } from '../../src/calls/index.js';
import { totpCode } from '../../src/domain/second-factors.js';
import { SENSITIVE_EFFECTS, type SensitiveEffect } from '../../src/domain/sensitive-effects.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { invitedSubUser, SUB_USER_PASSWORD, type SubUser } from '../support/sub-users.js';
import { ENGINES, type TestServer } from '../support/test-server.js';

interface Fixture {
  owner: ApiClient;
  anonymous: ApiClient;
  /** Holds ManageUsers and TokenValidator: the insider of ASVS 7.5.3. */
  insider: SubUser;
  validator: SubUser;
  target: SubUser;
  disabledName: string;
  inactiveKeyId: string;
  resetToken: string;
  totpCode: string;
  passkeyId: string;
  newPasskey: Record<string, unknown>;
}

interface Probe {
  effect: SensitiveEffect;
  /** Who sends it: by default the owner, who holds every right. */
  as?: (f: Fixture) => ApiClient;
  input: (f: Fixture) => Record<string, unknown>;
}

/**
 * Every write call of the registry, driven at each sensitive change it can reach, under advanced
 * security: each must become an operation and change nothing. A write call missing here and from
 * the lists below fails the test until someone decides which changes it can make.
 */
const PROBES: Record<string, Probe[]> = {
  UpdateUser: [
    // The insider moves another validator's login to their own mailbox (issue 27, item 1).
    {
      effect: 'UserLogin',
      as: (f) => f.insider.client,
      input: (f) => ({ UserName: f.validator.userName, NewUserEmail: f.insider.email.replace('@', '+2@') }),
    },
    { effect: 'UserName', input: (f) => ({ UserName: f.target.userName, NewUserName: 'renamed.away' }) },
  ],
  UpdateUserDetails: [
    { effect: 'UserLogin', input: (f) => ({ UserName: f.target.userName, Email: uniqueEmail('moved') }) },
    {
      effect: 'UserLogin',
      as: (f) => f.insider.client,
      input: () => ({ Email: uniqueEmail('self'), CurrentPassword: SUB_USER_PASSWORD }),
    },
    { effect: 'UserRights', input: (f) => ({ UserName: f.target.userName, Rights: ['ManageNetwork'] }) },
  ],
  EnableUser: [{ effect: 'UserState', input: (f) => ({ UserName: f.disabledName }) }],
  DisableUser: [{ effect: 'UserState', input: (f) => ({ UserName: f.target.userName }) }],
  CreateUser: [{ effect: 'UserExistence', input: () => ({ UserName: 'never.created' }) }],
  DeleteUser: [{ effect: 'UserExistence', input: (f) => ({ UserName: f.target.userName }) }],
  CreateAccessKey: [{ effect: 'ActiveAccessKey', input: () => ({ Tag: 'never' }) }],
  UpdateAccessKey: [{ effect: 'ActiveAccessKey', input: (f) => ({ AccessKeyId: f.inactiveKeyId, State: 'ACTIVE' }) }],
  UpdateAccount: [
    { effect: 'UserLogin', input: () => ({ Email: uniqueEmail('moved'), CurrentPassword: STRONG_PASSWORD }) },
  ],
  UpdatePassword: [
    {
      effect: 'UserPassword',
      input: () => ({ CurrentPassword: STRONG_PASSWORD, NewPassword: 'a whole new passphrase for later' }),
    },
  ],
  ResetAccountPassword: [
    {
      effect: 'UserPassword',
      as: (f) => f.anonymous,
      input: (f) => ({ Token: f.resetToken, Password: 'a whole new passphrase for later' }),
    },
  ],
  UpdateAccountSecurity: [{ effect: 'AccountSecurity', input: () => ({ ValidationPolicy: 'AnyValidator' }) }],
  ConfirmTotp: [{ effect: 'SecondFactor', input: (f) => ({ Code: f.totpCode }) }],
  DeleteTotp: [{ effect: 'SecondFactor', input: () => ({ CurrentPassword: STRONG_PASSWORD }) }],
  CreateRecoveryCodes: [
    // The insider has an authenticator app: recovery codes come with one.
    { effect: 'SecondFactor', as: (f) => f.insider.client, input: () => ({ CurrentPassword: SUB_USER_PASSWORD }) },
  ],
  CreatePasskey: [{ effect: 'SecondFactor', input: (f) => ({ Name: 'Never added', Credential: f.newPasskey }) }],
  DeletePasskey: [
    { effect: 'SecondFactor', input: (f) => ({ PasskeyId: f.passkeyId, CurrentPassword: STRONG_PASSWORD }) },
  ],
};

/** Reach a linked login: proved with a real OpenID provider in external-logins.test.ts. */
const WITH_A_PROVIDER = new Set(['UnlinkLogin', 'CompleteExternalSignIn', 'StartExternalSignIn']);

/** Write calls that reach no sensitive change, and why. The commit guard refuses any that would. */
const NO_SENSITIVE_EFFECT: Record<string, string> = {
  DeleteAccessKey: 'only an inactive key is deleted: a way in is taken away',
  CancelEmailChange: 'clears a requested address',
  ResendEmailConfirmation: 'mails a link again',
  SendResetPasswordEmail: 'mails a link',
  DeleteSession: 'ends a session',
  DeleteOtherSessions: 'ends sessions',
  SignUp: 'a new account, whose advanced security is off',
  SignIn: 'opens a session or a challenge',
  CompleteSignIn: 'spends a code',
  SignOut: 'ends a session',
  SendAddPasswordEmail: 'mails a link',
  UpdateLanguage: 'the language of mails',
  CancelOperation: 'nothing happens',
  ClaimOperationResult: "reads and wipes a validated call's answer",
  CreateOperation: "the platform's action runs on the platform once validated",
  CreateSupportCode: 'a short-lived code',
  CheckSupportCode: 'spends a code',
  CreateTotp: 'an unconfirmed secret is no factor',
  ReauthenticateWithSecondFactor: 'marks the session fresh',
  CreatePasskeyOptions: 'a challenge',
  StartPasskeySignIn: 'a challenge',
  CompletePasskeySignIn: "moves a passkey's counter",
};

/**
 * Calls that write a sensitive change only to complete one asked for, and validated, before: each
 * exemption is a decision, written out here, as the registry declares it.
 */
const COMPLETES: Record<string, readonly SensitiveEffect[]> = {
  ConfirmEmail: ['UserLogin'],
  ResendInvitation: ['UserLogin'],
  AcceptInvitation: ['UserPassword', 'UserLogin'],
  ValidateOperation: SENSITIVE_EFFECTS,
};

/** Everything sensitive the account holds, read from the database itself. */
async function sensitiveState(server: TestServer, accountId: string): Promise<string> {
  const { db } = server.services.store;
  const users = await db
    .selectFrom('users')
    .select(['user_id', 'email', 'email_key', 'pending_email', 'password_hash', 'rights', 'disabled_at', 'user_name'])
    .where('account_id', '=', accountId)
    .orderBy('user_id')
    .execute();
  const ids = users.map((user) => user.user_id);
  const [keys, totp, passkeys, codes, identities, account] = await Promise.all([
    db
      .selectFrom('access_keys')
      .select(['access_key_id', 'state'])
      .where('account_id', '=', accountId)
      .orderBy('access_key_id')
      .execute(),
    db
      .selectFrom('totp_factors')
      .select(['user_id', 'confirmed_at'])
      .where('user_id', 'in', ids)
      .orderBy('user_id')
      .execute(),
    db.selectFrom('passkeys').select('credential_id').where('user_id', 'in', ids).orderBy('credential_id').execute(),
    db.selectFrom('recovery_codes').select('code_hash').where('user_id', 'in', ids).orderBy('code_hash').execute(),
    db.selectFrom('identities').select(['subject', 'user_id']).where('user_id', 'in', ids).orderBy('subject').execute(),
    db
      .selectFrom('accounts')
      .select(['advanced_security', 'validation_policy', 'require_second_factor'])
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow(),
  ]);
  return JSON.stringify({ users, keys, totp, passkeys, codes, identities, account });
}

const PAIRS = Object.entries(PROBES).flatMap(([call, probes]) => probes.map((probe) => [call, probe] as const));

describe('the sensitive-effect probes cover the registry', () => {
  it(`every write call is probed at the sensitive changes it can reach, or says why it reaches none (${PAIRS.length} call × change pairs)`, () => {
    const writes = CALLS.filter((call) => call.effect === 'write').map((call) => call.name);
    const declared = Object.fromEntries(
      CALLS.filter((call) => call.completes).map((call) => [call.name, call.completes!.effects]),
    );
    expect(declared).toEqual(COMPLETES);
    const classified = new Set([
      ...Object.keys(PROBES),
      ...WITH_A_PROVIDER,
      ...Object.keys(NO_SENSITIVE_EFFECT),
      ...Object.keys(COMPLETES),
    ]);
    expect(writes.filter((name) => !classified.has(name))).toEqual([]);
    expect([...classified].filter((name) => !writes.includes(name))).toEqual([]);
    expect(new Set(PAIRS.map(([, probe]) => probe.effect))).toEqual(
      new Set(SENSITIVE_EFFECTS.filter((effect) => effect !== 'LinkedLogin')),
    );
  });
});

describe.each(ENGINES)('sensitivity decided by what a call changes, on %s', (engine) => {
  const mailed = useMailedServer(engine);
  const tokenFor = (email: string, operationId: string) => mailed.sink.operationToken(email, operationId);

  async function protectedAccount(): Promise<{ fixture: Fixture; accountId: string; ownerEmail: string }> {
    const { client: owner, email: ownerEmail } = await signedUpClient(mailed.server.url);
    const accountId = ((await owner.call('ReadAccounts')).body.Accounts as { AccountId: string }[])[0]!.AccountId;
    const origin = mailed.server.services.config.publicUrl.origin;
    const [key, newKey] = [new SoftAuthenticator(origin), new SoftAuthenticator(origin)];
    const passkeyOptions = async () =>
      (await owner.call('CreatePasskeyOptions')).body.Options as Record<string, unknown>;
    expect(
      (await owner.call('CreatePasskey', { Name: 'Kept', Credential: key.register(await passkeyOptions()) })).status,
    ).toBe(200);
    const validator = await invitedSubUser(mailed.server, mailed.sink, owner, { Rights: ['TokenValidator'] });
    const insider = await invitedSubUser(mailed.server, mailed.sink, owner, {
      Rights: ['ManageUsers', 'TokenValidator'],
    });
    const enrolment = (await insider.client.call('CreateTotp', { CurrentPassword: SUB_USER_PASSWORD })).body as {
      Secret: string;
    };
    const confirm = { Code: totpCode(enrolment.Secret, mailed.server.clock.now()) };
    expect((await insider.client.call('ConfirmTotp', confirm)).status).toBe(200);
    const target = await invitedSubUser(mailed.server, mailed.sink, owner);
    const disabled = await invitedSubUser(mailed.server, mailed.sink, owner);
    expect((await owner.call('DisableUser', { UserName: disabled.userName })).status).toBe(200);
    const inactive = (await owner.call('CreateAccessKey', {})).body.AccessKey as { AccessKeyId: string };
    await owner.call('UpdateAccessKey', { AccessKeyId: inactive.AccessKeyId, State: 'INACTIVE' });
    const activation = (await owner.call('UpdateAccountSecurity', { AdvancedSecurity: true })).body.Operation as {
      OperationId: string;
    };
    const validated = await validator.client.call('ValidateOperation', {
      OperationId: activation.OperationId,
      Token: await tokenFor(validator.email, activation.OperationId),
    });
    expect(validated.status).toBe(200);
    await new ApiClient(mailed.server.url).call('SendResetPasswordEmail', { Email: ownerEmail });
    const reset = await mailed.sink.waitFor(ownerEmail, /reset-password#/);
    const resetToken = /reset-password#([A-Za-z0-9_-]{43})/.exec(reset.text ?? '')![1]!;
    const { Secret } = (await owner.call('CreateTotp', { CurrentPassword: STRONG_PASSWORD })).body as {
      Secret: string;
    };
    const fixture: Fixture = {
      owner,
      anonymous: new ApiClient(mailed.server.url),
      insider,
      validator,
      target,
      disabledName: disabled.userName,
      inactiveKeyId: inactive.AccessKeyId,
      resetToken,
      totpCode: totpCode(Secret, mailed.server.clock.now()),
      passkeyId: key.id,
      newPasskey: newKey.register(await passkeyOptions()),
    };
    return { fixture, accountId, ownerEmail };
  }

  it(`ASVS 7.5.3, 6.3.4: each of the ${PAIRS.length} sensitive changes waits for a validator, whichever call makes it, and nothing changes before`, async () => {
    const { fixture, accountId } = await protectedAccount();
    const before = await sensitiveState(mailed.server, accountId);
    const failures: string[] = [];
    for (const [call, probe] of PAIRS) {
      const client = probe.as?.(fixture) ?? fixture.owner;
      const answer = await client.call(call, probe.input(fixture));
      const operation = answer.body.Operation as { Action?: string; State?: string } | undefined;
      if (answer.status !== 202 || operation?.State !== 'pending' || operation.Action !== call)
        failures.push(`${call} (${probe.effect}): ${answer.status} ${JSON.stringify(answer.body.Errors ?? operation)}`);
      if ((await sensitiveState(mailed.server, accountId)) !== before) {
        failures.push(`${call} (${probe.effect}) changed the account without a validator`);
        break;
      }
    }
    expect(failures).toEqual([]);
  });

  it('ASVS 7.5.3: an insider holding ManageUsers and TokenValidator cannot take over another validator by moving their login', async () => {
    const { fixture } = await protectedAccount();
    const { insider, validator } = fixture;
    const mailbox = insider.email.replace('@', '+stolen@');
    const asked = await insider.client.call('UpdateUser', { UserName: validator.userName, NewUserEmail: mailbox });
    expect(asked.status).toBe(202);
    const operation = asked.body.Operation as { OperationId: string };
    // The insider is a validator, but not another one than themself: no token, and no say.
    const own = await insider.client.call('ValidateOperation', {
      OperationId: operation.OperationId,
      Token: '000000000000',
    });
    expect(own.status).toBe(403);
    await mailed.server.services.mail.wake();
    expect(mailed.sink.to(mailbox)).toEqual([]);
  });
});
