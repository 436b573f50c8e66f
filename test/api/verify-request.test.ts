import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsClient } from 'aws4fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpClient, type Answer, type ApiClient } from '../support/api-client.js';
import { aws4fetchSigned, curlSigned, quirkySigned, type Keys } from '../support/signed-clients.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { standInComputeApi } from '../support/stand-in-compute-api.js';
import { expectError, invitedSubUser } from '../support/sub-users.js';
import { ENGINES, startTestServer } from '../support/test-server.js';

interface Signer {
  AccountId: string;
  CustomerId: string;
  UserId: string;
  UserName?: string;
  IsOwner: boolean;
  AccessKeyId: string;
  ExpirationDate?: string;
  Rights: string[];
}

async function newKey(client: ApiClient, input: Record<string, unknown> = {}): Promise<Keys> {
  const answer = await client.call('CreateAccessKey', input);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const key = answer.body.AccessKey as { AccessKeyId: string; SecretKey: string };
  return { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
}

/** A customer's write, signed once by aws4fetch and sent as it is, as often as asked. */
async function signedOnce(url: string, keys: Keys): Promise<() => Promise<Answer>> {
  const client = new AwsClient({
    accessKeyId: keys.accessKeyId,
    secretAccessKey: keys.secretKey,
    service: 'api',
    region: 'eu-west-2',
  });
  const body = JSON.stringify({ ImageId: 'ami-12345678' });
  const signed = await client.sign(`${url}/api/v1/CreateVms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const headers = Object.fromEntries(signed.headers);
  return async () => {
    const response = await fetch(`${url}/api/v1/CreateVms`, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Answer['body'], headers: response.headers };
  };
}

describe.each(ENGINES)('VerifyRequest: other services verify a customer’s signed request on %s', (engine) => {
  const mailed = useMailedServer(engine);
  let compute: Awaited<ReturnType<typeof standInComputeApi>>;
  let platform: ApiClient;
  let serviceKeys: Keys;
  let customer: { client: ApiClient; accountId: string; customerId: string };
  let customerKeys: Keys;

  beforeAll(async () => {
    const signedUp = await signedUpClient(mailed.server.url);
    platform = signedUp.client;
    // The platform's account exists only once the server runs: named in its settings now.
    Object.assign(mailed.server.services.config, { platformAccountId: signedUp.account.AccountId });
    const service = await invitedSubUser(mailed.server, mailed.sink, platform, { Rights: ['VerifyRequests'] });
    serviceKeys = await newKey(service.client);
    compute = await standInComputeApi(mailed.server.url, serviceKeys);
    const owner = await signedUpClient(mailed.server.url);
    customer = {
      client: owner.client,
      accountId: String(owner.account.AccountId),
      customerId: String(owner.account.CustomerId),
    };
    customerKeys = await newKey(customer.client);
  });
  afterAll(() => compute?.close());

  const signerOf = (answer: Answer) => {
    expect(answer.status, answer.text).toBe(200);
    return answer.body.SignedBy as Signer;
  };

  it("a request signed by Debian's curl (OSC4, X-Osc-Date) or by aws4fetch (AWS4, X-Amz-Date) names its signer and the rights they hold", async () => {
    for (const answer of [
      await curlSigned(compute.url, 'ReadVms', {}, customerKeys),
      await aws4fetchSigned(compute.url, 'ReadVms', {}, customerKeys),
    ]) {
      const signer = signerOf(answer);
      expect(signer).toMatchObject({
        AccountId: customer.accountId,
        CustomerId: customer.customerId,
        IsOwner: true,
        AccessKeyId: customerKeys.accessKeyId,
      });
      expect(signer).not.toHaveProperty('UserName');
      // The owner holds every right there is for a customer.
      expect(signer.Rights).toEqual(expect.arrayContaining(['ManageUsers', 'TokenValidator', 'ReadAuditLog']));
    }
  });

  it("ASVS 8.2.1: a customer's signer never holds the platform's own rights, owner or not; a platform user holds those granted", async () => {
    const platformOnly = ['Support', 'SubmitOperations', 'VerifyRequests'];
    const owner = signerOf(await curlSigned(compute.url, 'ReadVms', {}, customerKeys));
    for (const right of platformOnly) expect(owner.Rights).not.toContain(right);
    // The platform's own users do hold them: its owner all, its service what it was granted.
    const platformKeys = await newKey(platform);
    expect(signerOf(await curlSigned(compute.url, 'ReadVms', {}, platformKeys)).Rights).toEqual(
      expect.arrayContaining(platformOnly),
    );
    expect(signerOf(await curlSigned(compute.url, 'ReadVms', {}, serviceKeys)).Rights).toEqual(['VerifyRequests']);
  });

  it("a user's key: their name, their rights, the key's expiration date", async () => {
    const member = await invitedSubUser(mailed.server, mailed.sink, customer.client, { Rights: ['ManageNetwork'] });
    const keys = await newKey(member.client, { ExpirationDate: '2099-12-31' });
    const signer = signerOf(await curlSigned(compute.url, 'ReadVms', {}, keys));
    expect(signer).toMatchObject({
      AccountId: customer.accountId,
      UserName: member.userName,
      IsOwner: false,
      ExpirationDate: '2099-12-31T00:00:00.000+0000',
      Rights: ['ManageNetwork'],
    });
  });

  it('the refusal reaches the customer as Tessera would answer it: wrong secret, unknown key, inactive key', async () => {
    expectError(await curlSigned(compute.url, 'ReadVms', {}, { ...customerKeys, secretKey: 'X'.repeat(40) }), 401, '1');
    const unknown = await aws4fetchSigned(
      compute.url,
      'ReadVms',
      {},
      { accessKeyId: 'NOSUCHKEY00000000000', secretKey: 'X'.repeat(40) },
    );
    expectError(unknown, 400, '4120');
    expect(unknown.body.Errors?.[0]).toMatchObject({ Type: 'InvalidParameterValue' });
    const inactive = await newKey(customer.client);
    await customer.client.call('UpdateAccessKey', { AccessKeyId: inactive.accessKeyId, State: 'INACTIVE' });
    expectError(await curlSigned(compute.url, 'ReadVms', {}, inactive), 401, '1');
    // The service could tell the customer's refusal from its own call failing: Tessera answered 200.
    expect(compute.verdicts.slice(-3).map((verdict) => verdict.status)).toEqual([200, 200, 200]);
  });

  it("the refusal's Details are in the language of the customer's Accept-Language", async () => {
    const wrong = { ...customerKeys, secretKey: 'Y'.repeat(40) };
    const french = await aws4fetchSigned(compute.url, 'ReadVms', {}, wrong, { 'accept-language': 'fr-FR,fr;q=0.9' });
    expectError(french, 401, '1');
    const english = await aws4fetchSigned(compute.url, 'ReadVms', {}, wrong);
    expect(french.body.Errors?.[0]?.Details).not.toBe(english.body.Errors?.[0]?.Details);
    // Three failures in a row would lock the key for the next test: a good signature clears them.
    signerOf(await aws4fetchSigned(compute.url, 'ReadVms', {}, customerKeys));
  });

  it("a disabled user's key and an expired key are refused", async () => {
    const member = await invitedSubUser(mailed.server, mailed.sink, customer.client);
    const keys = await newKey(member.client);
    signerOf(await curlSigned(compute.url, 'ReadVms', {}, keys));
    expect((await customer.client.call('DisableUser', { UserName: member.userName })).status).toBe(200);
    expectError(await curlSigned(compute.url, 'ReadVms', {}, keys), 401, '1');

    const { clock } = mailed.server;
    const expiring = await newKey(customer.client, { ExpirationDate: new Date(clock.now() + 60_000).toISOString() });
    signerOf(await curlSigned(compute.url, 'ReadVms', {}, expiring));
    clock.advance(120_000);
    try {
      const answer = await curlSigned(compute.url, 'ReadVms', {}, expiring);
      expectError(answer, 401, '1');
      expect(answer.body.Errors?.[0]?.Details).toMatch(/expired/);
    } finally {
      clock.advance(-120_000);
    }
  });

  it('ASVS 2.2.1: a request signed outside the clock-skew window is refused', async () => {
    const old = await quirkySigned(compute.url, 'ReadVms', {}, customerKeys, 'osc-sdk-go', {
      now: mailed.server.clock.now() - 20 * 60_000,
    });
    expectError(old, 401, '1');
    expect(old.body.Errors?.[0]?.Details).toMatch(/15 minutes/);
  });

  it('ATK-50: a write’s signature is accepted once; a read may be sent again', async () => {
    const write = await signedOnce(compute.url, customerKeys);
    expect((await write()).status).toBe(200);
    const replayed = await write();
    expectError(replayed, 401, '1');
    expect(replayed.body.Errors?.[0]?.Details).toMatch(/already received/);

    const read = await quirkySigned(compute.url, 'ReadVms', {}, customerKeys, 'osc-sdk-go');
    expect(read.status).toBe(200);
    const input = compute.verdicts.at(-1)!;
    expect(input.body.Signer).toBeDefined();
  });

  it('OAPI lockout: four bad signatures lock the key, even for a good one, and the customer’s trail shows the refusals', async () => {
    const keys = await newKey(customer.client);
    const bad = { ...keys, secretKey: 'Z'.repeat(40) };
    for (let i = 0; i < 4; i += 1) expectError(await curlSigned(compute.url, 'ReadVms', {}, bad), 401, '1');
    expectError(await curlSigned(compute.url, 'ReadVms', {}, keys), 401, '13');
    const { clock } = mailed.server;
    clock.advance(61_000);
    try {
      signerOf(await curlSigned(compute.url, 'ReadVms', {}, keys));
    } finally {
      clock.advance(-61_000);
    }
    const refused = async () =>
      (
        (await customer.client.call('ReadAuditLog', { Filters: { Outcome: 'refused' } })).body.Events as {
          Action: string;
          Actor: string;
          Credential?: string;
          Reason?: string;
        }[]
      )
        .filter((event) => event.Credential === keys.accessKeyId)
        .map((event) => [event.Action, event.Actor, event.Reason]);
    await expect.poll(async () => (await refused()).length).toBe(5);
    expect(await refused()).toEqual(
      expect.arrayContaining([
        ['VerifyRequest', 'anonymous', 'BadSignature'],
        ['VerifyRequest', 'anonymous', 'LockedOut'],
      ]),
    );
  });

  it("ASVS 16.2.1: a refused request is in the customer's trail with the customer's address, user agent, method and path, not the service's", async () => {
    interface TrailEvent {
      Credential?: string;
      IpAddress: string;
      Device: string;
      Target?: string;
      Reason?: string;
    }
    const refusalsOf = async (accessKeyId: string) =>
      (
        (await customer.client.call('ReadAuditLog', { Filters: { Outcome: 'refused' } })).body.Events as TrailEvent[]
      ).filter((event) => event.Credential === accessKeyId);
    // The service says who sent the request: SourceIp and UserAgent.
    const keys = await newKey(customer.client);
    const wrong = new AwsClient({
      accessKeyId: keys.accessKeyId,
      secretAccessKey: 'W'.repeat(40),
      service: 'api',
      region: 'eu-west-2',
    });
    const body = JSON.stringify({ ImageId: 'ami-12345678' });
    const signed = await wrong.sign('http://compute.example/api/v1/CreateVms', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'HeaderAgent/1.0' },
      body,
    });
    const input = {
      Method: 'POST',
      Path: '/api/v1/CreateVms',
      Headers: [...signed.headers]
        .map(([Name, Value]) => ({ Name, Value }))
        .concat({ Name: 'Host', Value: 'compute.example' }),
      Body: Buffer.from(body).toString('base64'),
      Writes: true,
    };
    const verify = (extra: Record<string, unknown>) =>
      aws4fetchSigned(mailed.server.url, 'VerifyRequest', { ...input, ...extra }, serviceKeys);
    const refused = await verify({ SourceIp: '203.0.113.7', UserAgent: 'CustomerCli/2.0 (Linux)' });
    expect(refused.status, refused.text).toBe(200);
    expect(refused.body.Refusal).toMatchObject({ HttpStatus: 401 });
    await expect.poll(async () => (await refusalsOf(keys.accessKeyId)).length).toBe(1);
    expect((await refusalsOf(keys.accessKeyId))[0]).toMatchObject({
      IpAddress: '203.0.113.7',
      Device: 'CustomerCli/2.0 (Linux)',
      Target: 'POST /api/v1/CreateVms',
      Reason: 'BadSignature',
    });
    // Without UserAgent, the customer's own User-Agent header, never the service's.
    expect((await verify({ SourceIp: '2001:db8::7' })).body.Refusal).toBeDefined();
    await expect.poll(async () => (await refusalsOf(keys.accessKeyId)).length).toBe(2);
    expect((await refusalsOf(keys.accessKeyId)).map((event) => [event.IpAddress, event.Device])).toContainEqual([
      '2001:db8::7',
      'HeaderAgent/1.0',
    ]);
    // The stand-in compute API forwards them as the README shows.
    const relayed = await newKey(customer.client);
    const bad = { ...relayed, secretKey: 'V'.repeat(40) };
    expectError(await aws4fetchSigned(compute.url, 'ReadVms', {}, bad, { 'user-agent': 'CustomerSdk/3.1' }), 401, '1');
    await expect.poll(async () => (await refusalsOf(relayed.accessKeyId)).length).toBe(1);
    expect((await refusalsOf(relayed.accessKeyId))[0]).toMatchObject({
      IpAddress: expect.stringMatching(/127\.0\.0\.1$/),
      Device: 'CustomerSdk/3.1',
      Target: 'POST /api/v1/ReadVms',
    });
    // What the service says of the customer is checked like any input.
    expectError(await verify({ SourceIp: 'compute.example' }), 400, '4047');
    expectError(await verify({ SourceIp: '203.0.113.7\u0000' }), 400, '4047');
    expectError(await verify({ UserAgent: 'two\nlines' }), 400, '4047');
    expectError(await verify({ UserAgent: 'x'.repeat(513) }), 400, '4106');
  });

  it("LastUsedDate follows the key's verified use, and the verifications are counted per key", async () => {
    const keys = await newKey(customer.client);
    const before = mailed.server.clock.now();
    signerOf(await curlSigned(compute.url, 'ReadVms', {}, keys));
    signerOf(await aws4fetchSigned(compute.url, 'ReadVms', {}, keys));
    await mailed.server.services.credentials.flushVerifications();
    const listed = (await customer.client.call('ReadAccessKeys')).body.AccessKeys as {
      AccessKeyId: string;
      LastUsedDate?: string;
      VerifiedRequestCount?: number;
    }[];
    const key = listed.find((each) => each.AccessKeyId === keys.accessKeyId)!;
    expect(Date.parse(key.LastUsedDate!.replace(/\+0000$/, 'Z'))).toBe(before);
    expect(key.VerifiedRequestCount).toBe(2);
  });

  it('ASVS 8.2.1: only a platform user with VerifyRequests may verify: not a customer, not a platform user without it', async () => {
    const input = {
      Method: 'POST',
      Path: '/api/v1/ReadVms',
      Headers: [{ Name: 'Host', Value: 'compute.example' }],
      BodySha256: '0'.repeat(64),
      Writes: false,
    };
    expectError(await aws4fetchSigned(mailed.server.url, 'VerifyRequest', input, customerKeys), 403, '4');
    const colleague = await invitedSubUser(mailed.server, mailed.sink, platform, { Rights: ['Support'] });
    const colleagueKeys = await newKey(colleague.client);
    expectError(await aws4fetchSigned(mailed.server.url, 'VerifyRequest', input, colleagueKeys), 403, '4');
    // Through a service holding such a key, the customer is not told it was refused: its own call failed.
    const misconfigured = await standInComputeApi(mailed.server.url, colleagueKeys);
    try {
      expect((await curlSigned(misconfigured.url, 'ReadVms', {}, customerKeys)).status).toBe(503);
    } finally {
      await misconfigured.close();
    }
    // The service's own request is answered as such: unsigned in its Headers is the customer's refusal.
    const unsigned = await aws4fetchSigned(mailed.server.url, 'VerifyRequest', input, serviceKeys);
    expect(unsigned.status).toBe(200);
    expect(unsigned.body.Refusal).toMatchObject({ HttpStatus: 401, Errors: [{ Type: 'AccessDenied', Code: '1' }] });
  });

  it('the description of the request is checked: headers, body, sizes, NUL', async () => {
    const call = (input: Record<string, unknown>) =>
      aws4fetchSigned(
        mailed.server.url,
        'VerifyRequest',
        {
          Method: 'POST',
          Path: '/api/v1/ReadVms',
          Headers: [{ Name: 'Host', Value: 'compute.example' }],
          Writes: false,
          ...input,
        },
        serviceKeys,
      );
    expectError(await call({}), 400, '4045');
    expectError(await call({ Body: '', BodySha256: '0'.repeat(64) }), 400, '4045');
    expectError(await call({ BodySha256: 'not hex' }), 400, '4047');
    expectError(await call({ Body: 'abc' }), 400, '4047');
    expectError(await call({ Body: '', Headers: [{ Name: 'Bad Name', Value: 'x' }] }), 400, '4047');
    expectError(await call({ Body: '', Headers: [{ Name: 'X-A', Value: 'a\u0000b' }] }), 400, '4047');
    expectError(await call({ Body: '', Headers: [{ Name: 'X-A', Value: 'a\r\nb' }] }), 400, '4047');
    expectError(await call({ Body: '', Path: `/${'a'.repeat(9000)}` }), 400, '4106');
    const many = Array.from({ length: 65 }, (_, i) => ({ Name: `X-${i}`, Value: 'v' }));
    expect((await call({ Body: '', Headers: many })).status).toBe(400);
  });

  /**
   * A customer's read of compute.example, signed by aws4fetch for `signedQuery`, described to
   * VerifyRequest with its body itself (base64) and the query the service received.
   */
  async function verifyWithBody(signedQuery: string, receivedQuery: string): Promise<Answer> {
    const body = JSON.stringify({ Filters: {} });
    const request = await new AwsClient({
      accessKeyId: customerKeys.accessKeyId,
      secretAccessKey: customerKeys.secretKey,
      service: 'api',
      region: 'eu-west-2',
    }).sign(`http://compute.example/api/v1/ReadVms${signedQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return aws4fetchSigned(
      mailed.server.url,
      'VerifyRequest',
      {
        Method: 'POST',
        Path: '/api/v1/ReadVms',
        Query: receivedQuery,
        Headers: [...request.headers]
          .map(([Name, Value]) => ({ Name, Value }))
          .concat({ Name: 'Host', Value: 'compute.example' }),
        Body: Buffer.from(body).toString('base64'),
        Writes: false,
      },
      serviceKeys,
    );
  }

  it('the body itself (base64) serves as well as its hash', async () => {
    const answer = await verifyWithBody('?Version=1', 'Version=1');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.Signer).toMatchObject({ AccessKeyId: customerKeys.accessKeyId });
  });

  it('a query that cannot have been signed (a % without two hexadecimal digits) is the customer’s refusal, never a 5xx', async () => {
    const answer = await verifyWithBody('', 'a=%E0%A4%A');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.Refusal).toMatchObject({ HttpStatus: 401, Errors: [{ Type: 'AccessDenied', Code: '1' }] });
  });

  // SQLite's file belongs to one process: two instances share only PostgreSQL.
  if (engine === 'postgres')
    it('ATK-50: a write’s signature verified by one instance is refused by another on the same database', async () => {
      const { dataDir, databaseUrl } = mailed.server.services.config;
      const other = await startTestServer('postgres', {
        DATABASE_URL: databaseUrl!,
        TESSERA_SECRET_KEY: readFileSync(join(dataDir, 'secret.key'), 'utf8').trim(),
        SMTP_URL: mailed.sink.url,
      });
      Object.assign(other.services.config, { platformAccountId: mailed.server.services.config.platformAccountId });
      // One compute API behind which each request reaches the other Tessera instance.
      const balanced = await standInComputeApi([mailed.server.url, other.url], serviceKeys);
      try {
        const write = await signedOnce(balanced.url, customerKeys);
        expect((await write()).status).toBe(200);
        const replayed = await write();
        expectError(replayed, 401, '1');
        expect(replayed.body.Errors?.[0]?.Details).toMatch(/already received/);
        expect(balanced.verdicts.map((verdict) => verdict.status)).toEqual([200, 200]);
      } finally {
        await balanced.close();
        await other.close();
      }
    });
});
