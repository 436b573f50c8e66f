import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { aws4fetchSigned, type Keys } from '../support/signed-clients.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { expectError, invitedSubUser, uniqueUserName } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

type Operation = { OperationId: string; State: string };

describe.each(ENGINES)('Idempotency-Key on %s', (engine) => {
  const mailed = useMailedServer(engine);
  const owner = async () => (await signedUpClient(mailed.server.url)).client;
  const keyIds = async (client: ApiClient) =>
    ((await client.call('ReadAccessKeys')).body.AccessKeys as { AccessKeyId: string }[]).map((key) => key.AccessKeyId);
  const events = async (client: ApiClient, action: string) =>
    ((await client.call('ReadAuditLog', { Filters: { Action: action } })).body.Events as unknown[]).length;

  it('a creating call retried with the same key answers the first answer, secret included, and creates one key', async () => {
    const client = await owner();
    const before = await keyIds(client);
    const key = randomUUID();
    const first = await client.call('CreateAccessKey', {}, { 'idempotency-key': key });
    expect(first.status, first.text).toBe(200);
    const again = await client.call('CreateAccessKey', {}, { 'idempotency-key': key });
    expect(again.status, again.text).toBe(200);
    expect(again.body.AccessKey).toEqual(first.body.AccessKey);
    expect(again.body.ResponseContext?.RequestId).not.toBe(first.body.ResponseContext?.RequestId);
    expect((await keyIds(client)).length).toBe(before.length + 1);
    expect(await events(client, 'CreateAccessKey')).toBe(1);
    // A new key is a new request.
    const other = await client.call('CreateAccessKey', {}, { 'idempotency-key': randomUUID() });
    expect((other.body.AccessKey as { AccessKeyId: string }).AccessKeyId).not.toBe(
      (first.body.AccessKey as { AccessKeyId: string }).AccessKeyId,
    );
  });

  it('the same key with another request is refused with 422 and changes nothing; a malformed key is a 400', async () => {
    const client = await owner();
    const key = randomUUID();
    const name = uniqueUserName('ada');
    expect((await client.call('CreateUser', { UserName: name }, { 'idempotency-key': key })).status).toBe(200);
    const reused = await client.call('CreateUser', { UserName: uniqueUserName('bob') }, { 'idempotency-key': key });
    expectError(reused, 422, '4047');
    expect(reused.body.Errors?.[0]?.Details).toMatch(/already used for another request/);
    const users = (await client.call('ReadUsers')).body.Users as { UserName: string }[];
    expect(users.map((user) => user.UserName)).toEqual([name]);
    for (const malformed of ['', 'a'.repeat(256), 'two words'])
      expectError(
        await client.call('CreateUser', { UserName: uniqueUserName() }, { 'idempotency-key': malformed }),
        400,
        '4047',
      );
    // The draft's structured-field spelling is the same key.
    const quoted = await client.call('CreateUser', { UserName: name }, { 'idempotency-key': `"${key}"` });
    expect(quoted.status, quoted.text).toBe(200);
  });

  it('keys belong to their user: another user sending the same text acts on their own', async () => {
    const alice = await owner();
    const bob = await owner();
    const key = randomUUID();
    const first = await alice.call('CreateAccessKey', {}, { 'idempotency-key': key });
    const second = await bob.call('CreateAccessKey', {}, { 'idempotency-key': key });
    expect(second.status).toBe(200);
    expect(second.body.AccessKey).not.toEqual(first.body.AccessKey);
  });

  it('a signed retry (a new signature, the same key) answers the first answer', async () => {
    const client = await owner();
    const created = (await client.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const keys: Keys = { accessKeyId: created.AccessKeyId, secretKey: created.SecretKey };
    const key = randomUUID();
    const name = uniqueUserName('signed');
    const first = await aws4fetchSigned(mailed.server.url, 'CreateUser', { UserName: name }, keys, {
      'Idempotency-Key': key,
    });
    expect(first.status, first.text).toBe(200);
    // A retry comes later and is signed anew: the date, to the second, and so the signature differ.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await aws4fetchSigned(mailed.server.url, 'CreateUser', { UserName: name }, keys, {
      'Idempotency-Key': key,
    });
    expect(again.status, again.text).toBe(200);
    expect(again.body.User).toEqual(first.body.User);
  });

  it('concurrent requests with one key make one object, and all answer it', async () => {
    const client = await owner();
    const key = randomUUID();
    const name = uniqueUserName('race');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => client.call('CreateUser', { UserName: name }, { 'idempotency-key': key })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(200));
    const ids = new Set(answers.map((answer) => (answer.body.User as { UserId: string }).UserId));
    expect(ids.size).toBe(1);
    expect(((await client.call('ReadUsers')).body.Users as unknown[]).length).toBe(1);
    expect(await events(client, 'CreateUser')).toBe(1);
  });

  it('under advanced security a retry answers the same operation (202), and asks for one', async () => {
    const client = await owner();
    const validators = [];
    for (let i = 0; i < 2; i += 1)
      validators.push(await invitedSubUser(mailed.server, mailed.sink, client, { Rights: ['TokenValidator'] }));
    const activation = (await client.call('UpdateAccountSecurity', { AdvancedSecurity: true })).body
      .Operation as Operation;
    const token = await mailed.sink.operationToken(validators[0]!.email, activation.OperationId);
    expect(
      (await validators[0]!.client.call('ValidateOperation', { OperationId: activation.OperationId, Token: token }))
        .status,
    ).toBe(200);
    const key = randomUUID();
    const first = await client.call('CreateAccessKey', {}, { 'idempotency-key': key });
    const again = await client.call('CreateAccessKey', {}, { 'idempotency-key': key });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect((again.body.Operation as Operation).OperationId).toBe((first.body.Operation as Operation).OperationId);
    const pending = (await client.call('ReadOperations')).body.Operations as { Action: string; State: string }[];
    expect(pending.filter((operation) => operation.Action === 'CreateAccessKey')).toHaveLength(1);
  });

  it('a retried password change answers its first answer: the old password it no longer matches is not asked again', async () => {
    const client = await owner();
    const key = randomUUID();
    const change = { CurrentPassword: STRONG_PASSWORD, NewPassword: 'amber meadow lantern ninety' };
    const first = await client.call('UpdatePassword', change, { 'idempotency-key': key });
    expect(first.status, first.text).toBe(200);
    const again = await client.call('UpdatePassword', change, { 'idempotency-key': key });
    expect(again.status, again.text).toBe(200);
    expect(await events(client, 'UpdatePassword')).toBe(1);
    // Without the key, the same request is a new one, and the old password is wrong now.
    expect((await client.call('UpdatePassword', change)).status).toBe(400);
  });

  it('a DryRun is not kept: the same key then serves the real request', async () => {
    const client = await owner();
    const key = randomUUID();
    const name = uniqueUserName('dry');
    expect((await client.call('CreateUser', { UserName: name, DryRun: true }, { 'idempotency-key': key })).status).toBe(
      200,
    );
    expect((await client.call('CreateUser', { UserName: name }, { 'idempotency-key': key })).status).toBe(200);
    expect(((await client.call('ReadUsers')).body.Users as unknown[]).length).toBe(1);
  });
});
