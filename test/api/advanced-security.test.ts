import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { invitedSubUser, SUB_USER_PASSWORD, type SubUser } from '../support/sub-users.js';
import { ENGINES, startTestServer } from '../support/test-server.js';

interface Operation {
  OperationId: string;
  State: string;
  Action: string;
  RequesterUserName: string;
  Changes: { Field: string; OldValue?: string; NewValue?: string; Secret?: boolean }[];
  DecidedBy?: string;
  Failure?: string;
}

describe.each(ENGINES)('advanced security on %s', (engine) => {
  // The platform adds one of its own to the sensitive calls.
  const mailed = useMailedServer(engine, { TESSERA_SENSITIVE_CALLS: 'DeleteAccessKey' });

  /** The token mailed to `email` for an operation. */
  const tokenFor = (email: string, operationId: string) => mailed.sink.operationToken(email, operationId);

  function operationOf(answer: { status: number; body: Record<string, unknown> }): Operation {
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    return answer.body.Operation as Operation;
  }

  /** An owner and one sub-user validator, both with confirmed addresses; the option on, with `policy`. */
  async function protectedAccount(policy: 'OtherValidator' | 'AnyValidator' = 'OtherValidator', managers = 0) {
    const owner = await signedUpClient(mailed.server.url);
    const validator = await invitedSubUser(mailed.server, mailed.sink, owner.client, { Rights: ['TokenValidator'] });
    const others = [];
    for (let i = 0; i < managers; i += 1)
      others.push(await invitedSubUser(mailed.server, mailed.sink, owner.client, { Rights: ['ManageUsers'] }));
    const activation = operationOf(
      await owner.client.call('UpdateAccountSecurity', { AdvancedSecurity: true, ValidationPolicy: policy }),
    );
    const token = await tokenFor(validator.email, activation.OperationId);
    const validated = await validator.client.call('ValidateOperation', {
      OperationId: activation.OperationId,
      Token: token,
    });
    expect(validated.status, JSON.stringify(validated.body)).toBe(200);
    return { owner, validator, managers: others };
  }

  const keyCount = async (client: ApiClient) =>
    ((await client.call('ReadAccessKeys')).body.AccessKeys as unknown[]).length;

  it('turning it on needs validators who can receive tokens, and the refusal names who lacks what', async () => {
    const owner = await signedUpClient(mailed.server.url);
    const answer = await owner.client.call('UpdateAccountSecurity', { AdvancedSecurity: true });
    expect(answer.status).toBe(400);
    expect(answer.body.Errors?.[0]?.Details).toMatch(
      /^OtherValidator needs 2 token validators with a confirmed email; 1 can receive tokens/,
    );
    const security = await owner.client.call('ReadAccountSecurity');
    expect(security.body).toMatchObject({ AdvancedSecurity: false, ValidationPolicy: 'OtherValidator' });
  });

  it('turning it on is proved by a mailed token; nothing is on before it is entered', async () => {
    const owner = await signedUpClient(mailed.server.url);
    const validator = await invitedSubUser(mailed.server, mailed.sink, owner.client, { Rights: ['TokenValidator'] });
    const activation = operationOf(await owner.client.call('UpdateAccountSecurity', { AdvancedSecurity: true }));
    expect(activation).toMatchObject({ State: 'pending', Action: 'UpdateAccountSecurity', RequesterUserName: 'owner' });
    expect((await owner.client.call('ReadAccountSecurity')).body.AdvancedSecurity).toBe(false);
    const token = await tokenFor(validator.email, activation.OperationId);
    const validated = await validator.client.call('ValidateOperation', {
      OperationId: activation.OperationId,
      Token: token,
    });
    expect(validated.body.Operation).toMatchObject({ State: 'done', DecidedBy: validator.userName });
    expect((await owner.client.call('ReadAccountSecurity')).body).toMatchObject({
      AdvancedSecurity: true,
      Validators: expect.arrayContaining([
        { UserName: 'owner', CanReceiveTokens: true },
        { UserName: validator.userName, CanReceiveTokens: true },
      ]),
    });
  });

  it('four eyes: a sensitive call answers 202 and changes nothing; its requester cannot validate it, another validator can', async () => {
    const { owner, validator } = await protectedAccount();
    const before = await keyCount(owner.client);
    const dry = await owner.client.call('CreateAccessKey', { DryRun: true });
    expect(dry.status).toBe(202);
    expect(dry.body.Operation).toEqual({ Action: 'CreateAccessKey', State: 'validation-needed' });
    const operation = operationOf(await owner.client.call('CreateAccessKey', { Tag: 'ci' }));
    expect(operation.Changes).toEqual([{ Field: 'Tag', NewValue: 'ci' }]);
    expect(await keyCount(owner.client)).toBe(before);

    // The requester got no token, and may not use anyone's.
    expect(mailed.sink.to(owner.email).some((mail) => mail.text?.includes(operation.OperationId))).toBe(false);
    const token = await tokenFor(validator.email, operation.OperationId);
    const own = await owner.client.call('ValidateOperation', { OperationId: operation.OperationId, Token: token });
    expect(own.status).toBe(403);
    expect(own.body.Errors?.[0]?.Details).toMatch(/another token validator must confirm it/);

    const done = await validator.client.call('ValidateOperation', { OperationId: operation.OperationId, Token: token });
    expect(done.body.Operation).toMatchObject({ State: 'done', DecidedBy: validator.userName });
    expect(await keyCount(owner.client)).toBe(before + 1);
    // Once only.
    const again = await validator.client.call('ValidateOperation', {
      OperationId: operation.OperationId,
      Token: token,
    });
    expect(again.status).toBe(409);
    expect(again.body.Errors?.[0]?.Details).toMatch(/was already validated and carried out/);
    await mailed.sink.waitFor(
      owner.email,
      new RegExp(
        `Create an access key for Jean Dupont \\(operation ${operation.OperationId}\\)\\. It was validated by ${validator.userName}`,
      ),
    );
  });

  it('AnyValidator: a validator may validate their own request; the old and new email are shown, never the password', async () => {
    const { owner } = await protectedAccount('AnyValidator');
    const next = `moved.${Date.now()}@example.com`;
    const operation = operationOf(
      await owner.client.call('UpdateAccount', { Email: next, CurrentPassword: STRONG_PASSWORD }),
    );
    expect(operation.Changes).toEqual([
      { Field: 'Email', OldValue: owner.email, NewValue: next },
      { Field: 'CurrentPassword', Secret: true },
    ]);
    const token = await tokenFor(owner.email, operation.OperationId);
    const mail = mailed.sink.to(owner.email).find((m) => m.text?.includes(operation.OperationId));
    expect(mail?.text).not.toContain(STRONG_PASSWORD);
    const done = await owner.client.call('ValidateOperation', { OperationId: operation.OperationId, Token: token });
    expect(done.body.Operation).toMatchObject({ State: 'done' });
    expect((await owner.client.call('ReadEmailAddresses')).body.PendingEmail).toBe(next);
  });

  it('once on, changing the policy or turning it off waits for a validator too', async () => {
    const { owner } = await protectedAccount();
    for (const change of [{ ValidationPolicy: 'AnyValidator' }, { AdvancedSecurity: false }])
      expect(operationOf(await owner.client.call('UpdateAccountSecurity', change))).toMatchObject({
        Action: 'UpdateAccountSecurity',
        State: 'pending',
      });
    expect((await owner.client.call('ReadAccountSecurity')).body).toMatchObject({
      AdvancedSecurity: true,
      ValidationPolicy: 'OtherValidator',
    });
  });

  it('five wrong tokens cancel the operation; a token of another operation is a wrong one', async () => {
    const { owner, validator } = await protectedAccount();
    const first = operationOf(await owner.client.call('CreateAccessKey', {}));
    const second = operationOf(await owner.client.call('CreateAccessKey', {}));
    const otherToken = await tokenFor(validator.email, second.OperationId);
    const wrong = await validator.client.call('ValidateOperation', {
      OperationId: first.OperationId,
      Token: otherToken,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.Errors?.[0]?.Details).toMatch(/4 tries left/);
    for (let i = 0; i < 3; i += 1)
      await validator.client.call('ValidateOperation', { OperationId: first.OperationId, Token: '000000000000' });
    const last = await validator.client.call('ValidateOperation', {
      OperationId: first.OperationId,
      Token: '000000000000',
    });
    expect(last.body.Errors?.[0]?.Details).toMatch(/is cancelled, and nothing changed/);
    const read = await validator.client.call('ReadOperations', { OperationId: first.OperationId });
    expect((read.body.Operations as Operation[])[0]).toMatchObject({ State: 'cancelled' });
    // The right token no longer helps.
    const late = await validator.client.call('ValidateOperation', {
      OperationId: first.OperationId,
      Token: await tokenFor(validator.email, first.OperationId),
    });
    expect(late.status).toBe(409);
  });

  it('a token works 15 minutes: past that the operation is expired, and everyone concerned is told', async () => {
    const { owner, validator } = await protectedAccount();
    const operation = operationOf(await owner.client.call('CreateAccessKey', {}));
    const token = await tokenFor(validator.email, operation.OperationId);
    mailed.server.clock.advance(16 * 60_000);
    // The validator signs in again (their sign-in is no longer recent).
    await validator.client.call('SignIn', { Email: validator.email, Password: SUB_USER_PASSWORD });
    const late = await validator.client.call('ValidateOperation', { OperationId: operation.OperationId, Token: token });
    expect(late.status).toBe(409);
    expect(late.body.Errors?.[0]?.Details).toMatch(/has expired/);
    await mailed.sink.waitFor(
      owner.email,
      new RegExp(
        `Create an access key for Jean Dupont \\(operation ${operation.OperationId}\\)\\. Nobody validated it in time`,
      ),
    );
  });

  it('two validators confirming at once: the call runs once, the other is told it is done', async () => {
    const { owner, validator } = await protectedAccount('AnyValidator');
    const before = await keyCount(owner.client);
    const operation = operationOf(await owner.client.call('CreateAccessKey', {}));
    const [ownerToken, validatorToken] = await Promise.all([
      tokenFor(owner.email, operation.OperationId),
      tokenFor(validator.email, operation.OperationId),
    ]);
    const answers = await Promise.all([
      owner.client.call('ValidateOperation', { OperationId: operation.OperationId, Token: ownerToken }),
      validator.client.call('ValidateOperation', { OperationId: operation.OperationId, Token: validatorToken }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await keyCount(owner.client)).toBe(before + 1);
  });

  it('a right lost before validation: the call fails cleanly, with the reason on the operation', async () => {
    const {
      owner,
      validator,
      managers: [manager],
    } = await protectedAccount('OtherValidator', 1);
    if (!manager) throw new Error('no manager');
    const operation = operationOf(await manager.client.call('CreateUser', { UserName: 'never.made' }));
    await mailed.server.services.store.db
      .updateTable('users')
      .set({ rights: '[]' })
      .where('user_name', '=', manager.userName)
      .execute();
    const answer = await validator.client.call('ValidateOperation', {
      OperationId: operation.OperationId,
      Token: await tokenFor(validator.email, operation.OperationId),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.Operation).toMatchObject({ State: 'failed' });
    expect((answer.body.Operation as Operation).Failure).toMatch(/needs the ManageUsers right/);
    const users = (await owner.client.call('ReadUsers')).body.Users as { UserName: string }[];
    expect(users.map((user) => user.UserName)).not.toContain('never.made');
    const read = await owner.client.call('ReadOperations', { OperationId: operation.OperationId });
    expect((read.body.Operations as Operation[])[0]).toMatchObject({ State: 'failed' });
  });

  it('the requester or a validator may cancel; others only see their own operations', async () => {
    const { owner, validator } = await protectedAccount();
    const operation = operationOf(await owner.client.call('CreateAccessKey', {}));
    const cancelled = await validator.client.call('CancelOperation', { OperationId: operation.OperationId });
    expect(cancelled.body.Operation).toMatchObject({ State: 'cancelled', DecidedBy: validator.userName });
    const mine = (await owner.client.call('ReadOperations')).body.Operations as Operation[];
    expect(mine.map((op) => op.OperationId)).toContain(operation.OperationId);
  });

  it('the last validators cannot be removed while the option is on; a call the platform added waits too', async () => {
    const { owner, validator } = await protectedAccount();
    const demote = await owner.client.call('UpdateUserDetails', { UserName: validator.userName, Rights: [] });
    expect(demote.status).toBe(400);
    expect(demote.body.Errors?.[0]?.Details).toMatch(/^OtherValidator needs 2 token validators/);
    const disable = await owner.client.call('DisableUser', { UserName: validator.userName });
    expect(disable.status).toBe(400);

    const key = operationOf(await owner.client.call('CreateAccessKey', {}));
    await validator.client.call('ValidateOperation', {
      OperationId: key.OperationId,
      Token: await tokenFor(validator.email, key.OperationId),
    });
    const [created] = (await owner.client.call('ReadAccessKeys')).body.AccessKeys as { AccessKeyId: string }[];
    await owner.client.call('UpdateAccessKey', { AccessKeyId: created!.AccessKeyId, State: 'INACTIVE' });
    const deletion = operationOf(await owner.client.call('DeleteAccessKey', { AccessKeyId: created!.AccessKeyId }));
    expect(deletion).toMatchObject({ Action: 'DeleteAccessKey', State: 'pending' });
  });

  it('a validated CreateAccessKey gives its requester the secret key once, sealed until read; the key holds it', async () => {
    const { owner, validator } = await protectedAccount();
    const operation = operationOf(await owner.client.call('CreateAccessKey', { Tag: 'for later' }));
    const done = await validator.client.call('ValidateOperation', {
      OperationId: operation.OperationId,
      Token: await tokenFor(validator.email, operation.OperationId),
    });
    expect(done.body.Operation).toMatchObject({ State: 'done', ResultWaiting: true });
    // Only the requester reads it; the validator does not, nor does the table hold it in clear.
    expect((await validator.client.call('ClaimOperationResult', { OperationId: operation.OperationId })).status).toBe(
      404,
    );
    const read = await owner.client.call('ClaimOperationResult', { OperationId: operation.OperationId });
    expect(read.status).toBe(200);
    const key = (read.body.Result as { AccessKey: { AccessKeyId: string; SecretKey: string } }).AccessKey;
    expect(key.SecretKey).toMatch(/^[A-Z0-9]{40}$/);
    expect((await owner.client.call('ClaimOperationResult', { OperationId: operation.OperationId })).status).toBe(404);
    const listed = (await owner.client.call('ReadOperations', { OperationId: operation.OperationId })).body
      .Operations as { ResultWaiting?: boolean }[];
    expect(listed[0]?.ResultWaiting).toBeUndefined();
    // The secret is the stored one: the key signs (at the server's clock, which earlier tests moved).
    const stored = await mailed.server.services.store.db
      .selectFrom('access_keys')
      .select(['secret_sealed', 'state'])
      .where('access_key_id', '=', key.AccessKeyId)
      .executeTakeFirstOrThrow();
    expect(stored.state).toBe('ACTIVE');
    expect(mailed.server.services.secrets.open(stored.secret_sealed, key.AccessKeyId)).toBe(key.SecretKey);
    const sealedResults = await mailed.server.services.store.db
      .selectFrom('operations')
      .select('result_sealed')
      .where('operation_id', '=', operation.OperationId)
      .executeTakeFirstOrThrow();
    expect(sealedResults.result_sealed).toBeNull();
    const mail = await mailed.sink.waitFor(owner.email, /waits for you: open the operation/);
    expect(mail.text).toMatch(/waits for you/);
    expect(mail.text).not.toContain(key.SecretKey);
  });

  it('ASVS 15.4.2: an operation acts on the user the validator was shown: renamed away and the name given to another, it fails and changes nothing', async () => {
    const { owner, validator, managers } = await protectedAccount('OtherValidator', 2);
    const [helper, puppet] = managers as [SubUser, SubUser];
    const validate = async (operation: Operation) =>
      (
        await validator.client.call('ValidateOperation', {
          OperationId: operation.OperationId,
          Token: await tokenFor(validator.email, operation.OperationId),
        })
      ).body.Operation as Operation & { Failure?: string };
    const grant = operationOf(
      await owner.client.call('UpdateUserDetails', {
        UserName: helper.userName,
        Rights: ['ManageUsers', 'ManageAccount'],
      }),
    );
    // The validator is shown the people, not bare names: who asks, and whom it is for.
    expect(grant).toMatchObject({
      Requester: { UserName: 'owner', DisplayName: 'Jean Dupont', Email: owner.email },
      Subject: { UserName: helper.userName, Email: helper.email },
    });
    const tokenMail = await mailed.sink.waitFor(validator.email, new RegExp(grant.OperationId));
    expect(tokenMail.text).toContain(
      `Jean Dupont (account owner) asks: Give ${helper.userName} the right Manage the account (operation ${grant.OperationId})`,
    );
    expect(tokenMail.text).toContain('Rights: Manage users → Manage users, Manage the account');
    expect(tokenMail.text).toContain(`It acts on ${helper.userName}, ${helper.email}.`);
    // Renaming is sensitive too: each swap waits for, and gets, a validator.
    const away = operationOf(
      await owner.client.call('UpdateUser', { UserName: helper.userName, NewUserName: 'helper.away' }),
    );
    expect(await validate(away)).toMatchObject({ State: 'done' });
    const swap = operationOf(
      await owner.client.call('UpdateUser', { UserName: puppet.userName, NewUserName: helper.userName }),
    );
    expect(await validate(swap)).toMatchObject({ State: 'done' });
    const decided = await validate(grant);
    expect(decided).toMatchObject({
      State: 'failed',
      Failure: expect.stringMatching(/no longer the one who bears that name/),
    });
    const rights = async (userName: string) =>
      ((await owner.client.call('ReadUserDetails', { UserName: userName })).body.UserDetails as { Rights: string[] })
        .Rights;
    expect(await rights(helper.userName)).toEqual(['ManageUsers']);
    expect(await rights('helper.away')).toEqual(['ManageUsers']);
  });

  it('a password reset waits too: the new password from the link applies once another validator confirms', async () => {
    const { owner, validator } = await protectedAccount();
    await new ApiClient(mailed.server.url).call('SendResetPasswordEmail', { Email: owner.email });
    const mail = await mailed.sink.waitFor(owner.email, /reset-password#/);
    const token = /reset-password#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
    const chosen = 'purple elephants dance at midnight';
    const operation = operationOf(
      await new ApiClient(mailed.server.url).call('ResetAccountPassword', { Token: token, Password: chosen }),
    );
    expect(operation).toMatchObject({ Action: 'ResetAccountPassword', RequesterUserName: 'owner' });
    expect(operation.Changes).toEqual([
      { Field: 'Token', Secret: true },
      { Field: 'Password', Secret: true },
    ]);
    const before = await new ApiClient(mailed.server.url).call('SignIn', { Email: owner.email, Password: chosen });
    expect(before.status).toBe(401);
    const done = await validator.client.call('ValidateOperation', {
      OperationId: operation.OperationId,
      Token: await tokenFor(validator.email, operation.OperationId),
    });
    expect(done.body.Operation).toMatchObject({ State: 'done' });
    const after = await new ApiClient(mailed.server.url).call('SignIn', { Email: owner.email, Password: chosen });
    expect(after.status).toBe(200);
  });

  it('validating from the console needs a recent sign-in', async () => {
    const { owner, validator } = await protectedAccount();
    const operation = operationOf(await owner.client.call('CreateAccessKey', {}));
    const token = await tokenFor(validator.email, operation.OperationId);
    mailed.server.clock.advance((mailed.server.services.config.reauthMinutes + 1) * 60_000);
    const stale = await validator.client.call('ValidateOperation', {
      OperationId: operation.OperationId,
      Token: token,
    });
    expect(stale.status).toBe(403);
    expect(stale.body.Errors?.[0]?.Type).toBe('ReauthenticationRequired');
  });

  it('a disabled validator validates nothing, whatever the policy', async () => {
    const { owner, validator } = await protectedAccount('AnyValidator');
    const operation = operationOf(await owner.client.call('CreateAccessKey', {}));
    const token = await tokenFor(validator.email, operation.OperationId);
    await mailed.server.services.store.db
      .updateTable('users')
      .set({ disabled_at: mailed.server.clock.now() })
      .where('user_name', '=', validator.userName)
      .execute();
    const refused = await validator.client.call('ValidateOperation', {
      OperationId: operation.OperationId,
      Token: token,
    });
    expect(refused.status).toBe(401);
    const read = await owner.client.call('ReadOperations', { OperationId: operation.OperationId });
    expect((read.body.Operations as Operation[])[0]).toMatchObject({ State: 'pending' });
  });

  // SQLite's file belongs to one process: two instances share only PostgreSQL.
  if (engine === 'postgres')
    it('two instances on one database, two validators at once: the call runs once', async () => {
      const { owner, validator } = await protectedAccount('AnyValidator');
      const { dataDir, databaseUrl } = mailed.server.services.config;
      const other = await startTestServer('postgres', {
        DATABASE_URL: databaseUrl,
        TESSERA_SECRET_KEY: readFileSync(join(dataDir, 'secret.key'), 'utf8').trim(),
        SMTP_URL: mailed.sink.url,
      });
      try {
        const elsewhere = new ApiClient(other.url);
        await elsewhere.call('SignIn', { Email: validator.email, Password: SUB_USER_PASSWORD });
        const before = await keyCount(owner.client);
        const operation = operationOf(await owner.client.call('CreateAccessKey', {}));
        const [ownerToken, validatorToken] = await Promise.all([
          tokenFor(owner.email, operation.OperationId),
          tokenFor(validator.email, operation.OperationId),
        ]);
        const answers = await Promise.all([
          owner.client.call('ValidateOperation', { OperationId: operation.OperationId, Token: ownerToken }),
          elsewhere.call('ValidateOperation', { OperationId: operation.OperationId, Token: validatorToken }),
        ]);
        expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
        expect(await keyCount(owner.client)).toBe(before + 1);
      } finally {
        await other.close();
      }
    });

  it('the OpenAPI document marks the sensitive calls', async () => {
    const document = (await (await fetch(`${mailed.server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { post: Record<string, unknown> }>;
    };
    const sensitive = Object.entries(document.paths)
      .filter(([, path]) => path.post['x-tessera-sensitive'] === true)
      .map(([name]) => name.replace('/api/v1/', ''))
      .sort();
    expect(sensitive).toEqual([
      'ConfirmTotp',
      'CreateAccessKey',
      'CreatePasskey',
      'CreateUser',
      'DeleteAccessKey',
      'DeletePasskey',
      'DeleteTotp',
      'DeleteUser',
      'DisableUser',
      'ResetAccountPassword',
      'UnlinkLogin',
      'UpdateAccount',
      'UpdateAccountSecurity',
      'UpdatePassword',
      'UpdateUserDetails',
    ]);
  });
});
