import { randomUUID } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
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

  it("a kept answer goes only to the credential that asked: the same user's access key with the same key acts anew", async () => {
    const client = await owner();
    const created = (await client.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const keys: Keys = { accessKeyId: created.AccessKeyId, secretKey: created.SecretKey };
    const key = randomUUID();
    const inSession = await client.call('CreateAccessKey', {}, { 'idempotency-key': key });
    const signed = await aws4fetchSigned(mailed.server.url, 'CreateAccessKey', {}, keys, { 'Idempotency-Key': key });
    expect(signed.status, signed.text).toBe(200);
    expect((signed.body.AccessKey as { AccessKeyId: string }).AccessKeyId).not.toBe(
      (inSession.body.AccessKey as { AccessKeyId: string }).AccessKeyId,
    );
    // A call an access key may not make (it cannot prove who holds it) stays refused with a session's key.
    const totpKey = randomUUID();
    expect((await client.call('CreateTotp', {}, { 'idempotency-key': totpKey })).status).toBe(200);
    const fromKey = await aws4fetchSigned(mailed.server.url, 'CreateTotp', {}, keys, { 'Idempotency-Key': totpKey });
    expect(fromKey.status).toBe(403);
    expect(fromKey.text).not.toContain('Secret');
  });

  it("ATK-50: a retry's signed bytes sent again are refused like any replayed write", async () => {
    const client = await owner();
    const created = (await client.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const signer = new AwsClient({
      accessKeyId: created.AccessKeyId,
      secretAccessKey: created.SecretKey,
      service: 'api',
      region: 'eu-west-2',
    });
    const [key, body] = [randomUUID(), JSON.stringify({ UserName: uniqueUserName('bytes') })];
    const signed = async () => {
      const request = await signer.sign(`${mailed.server.url}/api/v1/CreateUser`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body,
      });
      return () => fetch(request.url, { method: 'POST', headers: request.headers, body });
    };
    const first = await signed();
    expect((await first()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const retry = await signed();
    expect((await retry()).status).toBe(200);
    const replayed = await retry();
    expect(replayed.status).toBe(401);
    expect(await replayed.text()).toMatch(/already received/);
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
    const again = await Promise.all(
      Array.from({ length: 6 }, () => client.call('CreateAccessKey', {}, { 'idempotency-key': key })),
    );
    expect([first.status, ...again.map((answer) => answer.status)]).toEqual(Array(7).fill(202));
    for (const answer of again)
      expect((answer.body.Operation as Operation).OperationId).toBe((first.body.Operation as Operation).OperationId);
    // Concurrent first tries of one request with one key: one operation, all told it.
    const raceKey = randomUUID();
    const race = await Promise.all(
      Array.from({ length: 6 }, () => client.call('CreateAccessKey', { Tag: 'race' }, { 'idempotency-key': raceKey })),
    );
    expect(race.map((answer) => answer.status)).toEqual(Array(6).fill(202));
    expect(new Set(race.map((answer) => (answer.body.Operation as Operation).OperationId)).size).toBe(1);
    const pending = (await client.call('ReadOperations')).body.Operations as { Action: string; State: string }[];
    expect(pending.filter((operation) => operation.Action === 'CreateAccessKey')).toHaveLength(2);
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

  it('a write that changed nothing keeps nothing; DryRun false is the request without DryRun', async () => {
    const client = await owner();
    const kept = async () =>
      Number(
        (
          await mailed.server.services.store.db
            .selectFrom('idempotency_keys')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect((await client.call('UpdateAccount', { City: 'Lyon' })).status).toBe(200);
    const before = await kept();
    for (let i = 0; i < 3; i++)
      expect((await client.call('UpdateAccount', { City: 'Lyon' }, { 'idempotency-key': randomUUID() })).status).toBe(
        200,
      );
    expect(await kept()).toBe(before);
    const key = randomUUID();
    const name = uniqueUserName('flag');
    expect(
      (await client.call('CreateUser', { UserName: name, DryRun: false }, { 'idempotency-key': key })).status,
    ).toBe(200);
    expect((await client.call('CreateUser', { UserName: name }, { 'idempotency-key': key })).status).toBe(200);
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
