import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/auth/request-signature.js';
import { CALLS } from '../../src/calls/index.js';
import { ApiClient, signedUpClient, uniqueEmail, type Answer } from '../support/api-client.js';
import {
  aws4fetchSigned,
  curlBasic,
  curlSigned,
  quirkySigned,
  urlSafeBasic,
  type Keys,
  type Quirk,
} from '../support/signed-clients.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

// A colon and characters whose base64 holds + and /, so that both alphabets and the
// first-colon split are exercised.
const PASSWORD = 'correct horse battery staple:~~~???';

type Signed = (call: string, input: unknown, keys: Keys) => Promise<Answer>;

describe.each(ENGINES)('signed API on %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let email: string;
  let keys: Keys;

  async function createKeys(client: ApiClient, input: Record<string, unknown> = {}): Promise<Keys> {
    const answer = await client.call('CreateAccessKey', input);
    expect(answer.status).toBe(200);
    const key = answer.body.AccessKey as { AccessKeyId: string; SecretKey: string };
    return { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
  }

  beforeAll(async () => {
    server = await startTestServer(engine);
    email = uniqueEmail('signed');
    owner = (await signedUpClient(server.url, { Email: email, Password: PASSWORD, Country: 'FR' })).client;
    keys = await createKeys(owner);
  });
  afterAll(() => server.close());

  it('access keys have OAPI shapes: 20 upper-case alphanumerics, a 40-character secret shown once', async () => {
    expect(keys.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    expect(keys.secretKey).toMatch(/^[A-Z0-9]{40}$/);
    const listed = await owner.call('ReadAccessKeys');
    const key = (listed.body.AccessKeys as Record<string, unknown>[]).find((k) => k.AccessKeyId === keys.accessKeyId)!;
    expect(key.State).toBe('ACTIVE');
    expect(key.CreationDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    expect(JSON.stringify(listed.body)).not.toContain(keys.secretKey);
  });

  it('the secret is encrypted at rest', async () => {
    const rows = await server.services.store.db.selectFrom('access_keys').selectAll().execute();
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(keys.secretKey);
  });

  const clients: [string, Signed][] = [
    ['curl --aws-sigv4 osc (oapi-cli)', (call, input, k) => curlSigned(server.url, call, input, k)],
    [
      'curl --aws-sigv4 osc:osc:eu-west-2:api',
      (call, input, k) => curlSigned(server.url, call, input, k, 'osc:osc:eu-west-2:api'),
    ],
    // oapi-cli on Debian 12's libcurl (7.88): its re-sent handle loses the osc provider and signs
    // AWS4-HMAC-SHA256 with X-Amz-Date, region and service taken from the host 127.0.0.1 (0/127).
    [
      'curl --aws-sigv4 aws:amz (oapi-cli on libcurl 7.88)',
      (call, input, k) => curlSigned(server.url, call, input, k, 'aws:amz'),
    ],
    ['aws4fetch (osc-sdk-js)', (call, input, k) => aws4fetchSigned(server.url, call, input, k)],
    ...(['osc-cli', 'osc-sdk-python', 'osc-sdk-go'] as Quirk[]).map((quirk): [string, Signed] => [
      `own client as ${quirk}`,
      (call, input, k) => quirkySigned(server.url, call, input, k, quirk),
    ]),
  ];

  describe.each(clients)('%s', (_name, send) => {
    it('drives every account and access-key call', async () => {
      const read = await send('ReadAccounts', {}, keys);
      expect(read.status).toBe(200);
      expect((read.body.Accounts as Record<string, unknown>[])[0]!.Email).toBe(email);

      const update = await send('UpdateAccount', { City: 'Saint-Cloud', ZipCode: '92210' }, keys);
      expect(update.status).toBe(200);
      expect(update.body.Account).toMatchObject({ City: 'Saint-Cloud', ZipCode: '92210' });

      const created = await send('CreateAccessKey', { Tag: 'rotation', ExpirationDate: '2099-12-31' }, keys);
      expect(created.status).toBe(200);
      const fresh = created.body.AccessKey as {
        AccessKeyId: string;
        SecretKey: string;
        ExpirationDate: string;
        Tag: string;
      };
      expect(fresh.ExpirationDate).toBe('2099-12-31T00:00:00.000+0000');
      expect(fresh.Tag).toBe('rotation');

      const listed = await send('ReadAccessKeys', { Filters: { AccessKeyIds: [fresh.AccessKeyId] } }, keys);
      expect(listed.status).toBe(200);
      expect(listed.body.AccessKeys).toHaveLength(1);

      const deactivated = await send(
        'UpdateAccessKey',
        { AccessKeyId: fresh.AccessKeyId, State: 'INACTIVE', ExpirationDate: '2099-12-31' },
        keys,
      );
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.AccessKey).toMatchObject({ State: 'INACTIVE', Tag: 'rotation' });
      const refused = await send('ReadAccounts', {}, { accessKeyId: fresh.AccessKeyId, secretKey: fresh.SecretKey });
      expect(refused.status).toBe(401);

      const deleted = await send('DeleteAccessKey', { AccessKeyId: fresh.AccessKeyId }, keys);
      expect(deleted.status).toBe(200);
      expect(Object.keys(deleted.body)).toEqual(['ResponseContext']);
      const gone = await send('ReadAccounts', {}, { accessKeyId: fresh.AccessKeyId, secretKey: fresh.SecretKey });
      expect(gone.status).toBe(400);
      expect(gone.body.Errors?.[0]).toMatchObject({ Type: 'InvalidParameterValue', Code: '4120' });
    });
  });

  it('Basic login/password works on the access-key calls: curl with X-Osc-Date, and the URL-safe alphabet', async () => {
    expect(Buffer.from(`${email}:${PASSWORD}`).toString('base64')).toMatch(/[+/]/);
    const viaCurl = await curlBasic(server.url, 'ReadAccessKeys', {}, email, PASSWORD);
    expect(viaCurl.status).toBe(200);
    const urlSafe = await urlSafeBasic(server.url, 'ReadAccessKeys', {}, email, PASSWORD);
    expect(urlSafe.status).toBe(200);
    expect((urlSafe.body.AccessKeys as unknown[]).length).toBeGreaterThan(0);
  });

  it('Basic is refused where OAPI does not allow it, with code 9', async () => {
    const answer = await curlBasic(server.url, 'ReadAccounts', {}, email, PASSWORD);
    expect(answer.status).toBe(401);
    expect(answer.body.Errors?.[0]).toMatchObject({ Type: 'AuthFailure', Code: '9' });
  });

  it('UpdateAccessKey follows OAPI: an omitted ExpirationDate removes it, ClearTag wins over Tag', async () => {
    const key = await createKeys(owner, { ExpirationDate: '2099-01-01T10:00:00Z', Tag: 'a' });
    const answer = await curlSigned(
      server.url,
      'UpdateAccessKey',
      { AccessKeyId: key.accessKeyId, Tag: 'b', ClearTag: true },
      keys,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.AccessKey).not.toHaveProperty('ExpirationDate');
    expect(answer.body.AccessKey).not.toHaveProperty('Tag');
    await owner.call('DeleteAccessKey', { AccessKeyId: key.accessKeyId });
  });

  it('ATK-50: a captured signed write replayed within its window is refused; a replayed read is harmless and answered', async () => {
    const send = async (call: string, signed: Record<string, string>, body = '{}') =>
      (await fetch(`${server.url}/api/v1/${call}`, { method: 'POST', headers: signed, body })).status;
    const sign = (call: string, body = '{}') =>
      signRequest({
        method: 'POST',
        url: new URL(`/api/v1/${call}`, server.url),
        headers: { 'content-type': 'application/json' },
        body,
        ...keys,
      });
    const captured = sign('CreateAccessKey');
    const before = ((await owner.call('ReadAccessKeys')).body.AccessKeys as unknown[]).length;
    expect(await send('CreateAccessKey', captured)).toBe(200);
    const replayed = await fetch(`${server.url}/api/v1/CreateAccessKey`, {
      method: 'POST',
      headers: captured,
      body: '{}',
    });
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as Answer['body']).Errors?.[0]).toMatchObject({
      Code: '1',
      Details: 'This signed request was already received: sign each request anew.',
    });
    expect((await owner.call('ReadAccessKeys')).body.AccessKeys).toHaveLength(before + 1);
    const read = sign('ReadAccounts');
    expect([await send('ReadAccounts', read), await send('ReadAccounts', read)]).toEqual([200, 200]);
    // A change rolled back (DryRun, or a refusal inside the transaction) leaves the signature
    // unused: the same request may come again, as a client's retry does.
    const dryRun = sign('CreateAccessKey', '{"DryRun":true}');
    const sendDryRun = () => send('CreateAccessKey', dryRun, '{"DryRun":true}');
    expect([await sendDryRun(), await sendDryRun()]).toEqual([200, 200]);
    await owner.call('DeleteAccessKey', {
      AccessKeyId: ((await owner.call('ReadAccessKeys')).body.AccessKeys as { AccessKeyId: string }[]).at(-1)!
        .AccessKeyId,
    });
  });

  it('ASVS 2.1.3: the per-user limit of access keys answers with OAPI’s error', async () => {
    const { client } = await signedUpClient(server.url, { Password: PASSWORD, FirstName: 'Ana', LastName: 'Silva' });
    for (let i = 0; i < 10; i += 1) expect((await client.call('CreateAccessKey')).status).toBe(200);
    const eleventh = await client.call('CreateAccessKey');
    expect(eleventh.status).toBe(400);
    expect(eleventh.body.Errors?.[0]).toMatchObject({ Type: 'TooManyResources', Code: '10005' });
  });
});

describe('signed API refusals', () => {
  let server: TestServer;
  let owner: ApiClient;
  let keys: Keys;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = (await signedUpClient(server.url, { Password: PASSWORD })).client;
    const key = (await owner.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    keys = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
  });
  afterAll(() => server.close());

  function expectError(answer: Answer, status: number, code: string): void {
    expect(answer.status).toBe(status);
    expect(answer.body.Errors?.[0]?.Code).toBe(code);
    expect(answer.body.ResponseContext?.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  }

  async function withAuthorization(authorization: string, extra: Record<string, string> = {}): Promise<Answer> {
    return owner.raw('/api/v1/ReadAccounts', {
      headers: { authorization, 'content-type': 'application/json', cookie: '', ...extra },
      body: '{}',
    });
  }

  it.each([
    ['garbage after the algorithm', 'OSC4-HMAC-SHA256 garbage'],
    [
      'no SignedHeaders',
      'OSC4-HMAC-SHA256 Credential=AK/20260101/eu-west-2/api/osc4_request, Signature=' + '0'.repeat(64),
    ],
    [
      'a short Credential',
      `OSC4-HMAC-SHA256 Credential=AK/20260101/osc4_request, SignedHeaders=host;x-osc-date, Signature=${'0'.repeat(64)}`,
    ],
    [
      'a non-hex signature',
      `OSC4-HMAC-SHA256 Credential=AK/20260101/eu-west-2/api/osc4_request, SignedHeaders=host;x-osc-date, Signature=${'z'.repeat(64)}`,
    ],
    [
      'host not signed',
      `OSC4-HMAC-SHA256 Credential=AK/20260101/eu-west-2/api/osc4_request, SignedHeaders=x-osc-date, Signature=${'0'.repeat(64)}`,
    ],
    [
      'a wrong terminator',
      `OSC4-HMAC-SHA256 Credential=AK/20260101/eu-west-2/api/aws4_request, SignedHeaders=host;x-osc-date, Signature=${'0'.repeat(64)}`,
    ],
  ])('a malformed Authorization (%s) is a 401', async (_label, authorization) => {
    expectError(await withAuthorization(authorization), 401, '1');
  });

  it('an unknown algorithm or scheme is a 401 with code 12', async () => {
    expectError(
      await withAuthorization(
        `HMAC-SHA1-HMAC-SHA256 Credential=AK/20260101/eu-west-2/api/osc4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      ),
      401,
      '12',
    );
    expectError(await withAuthorization('Bearer abc'), 401, '12');
  });

  it.each([
    ['16 minutes late', -16],
    ['16 minutes early', 16],
  ])('a date %s is refused', async (_label, minutes) => {
    const answer = await quirkySigned(server.url, 'ReadAccounts', {}, keys, 'osc-sdk-python', {
      now: server.clock.now() + minutes * 60_000,
    });
    expectError(answer, 401, '1');
    expect(answer.body.Errors?.[0]?.Details).toMatch(/minutes away from the server's clock/);
    const within = await quirkySigned(server.url, 'ReadAccounts', {}, keys, 'osc-sdk-python', {
      now: server.clock.now() + (minutes > 0 ? 14 : -14) * 60_000,
    });
    expect(within.status).toBe(200);
  });

  it('a body, a header or a path changed after signing is refused', async () => {
    const url = new URL('/api/v1/UpdateAccount', server.url);
    const headers = signRequest({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'x-custom': 'one' },
      body: '{"City":"Lyon"}',
      ...keys,
      now: server.clock.now(),
    });
    const send = (path: string, body: string, extra: Record<string, string> = {}) =>
      fetch(new URL(path, server.url), { method: 'POST', headers: { ...headers, ...extra }, body });
    expect((await send('/api/v1/UpdateAccount', '{"City":"Evil"}')).status).toBe(401);
    expect((await send('/api/v1/UpdateAccount', '{"City":"Lyon"}', { 'x-custom': 'two' })).status).toBe(401);
    expect((await send('/api/v1/ReadAccounts', '{"City":"Lyon"}')).status).toBe(401);
    const account = (await owner.call('ReadAccounts')).body.Accounts as Record<string, unknown>[];
    expect(account[0]!.City).toBeUndefined();
    expect((await send('/api/v1/UpdateAccount', '{"City":"Lyon"}')).status).toBe(200);
  });

  it('an empty secret does not sign', async () => {
    expectError(
      await curlSigned(server.url, 'ReadAccounts', {}, { accessKeyId: keys.accessKeyId, secretKey: '' }),
      401,
      '1',
    );
  });

  it('an expired key is refused', async () => {
    const key = (
      await owner.call('CreateAccessKey', { ExpirationDate: new Date(server.clock.now() + 86_400_000).toISOString() })
    ).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const expiring = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
    expect(
      (await quirkySigned(server.url, 'ReadAccounts', {}, expiring, 'osc-sdk-go', { now: server.clock.now() })).status,
    ).toBe(200);
    server.clock.advance(2 * 86_400_000);
    try {
      const answer = await quirkySigned(server.url, 'ReadAccounts', {}, expiring, 'osc-sdk-go', {
        now: server.clock.now(),
      });
      expectError(answer, 401, '1');
      expect(answer.body.Errors?.[0]?.Details).toMatch(/expired/);
    } finally {
      server.clock.advance(-2 * 86_400_000);
    }
  });

  it("ASVS 8.2.2: another account's key cannot reach this account's keys: 404, as for a key that never existed", async () => {
    const { client: other } = await signedUpClient(server.url, {
      Password: PASSWORD,
      FirstName: 'Eve',
      LastName: 'Martin',
    });
    const otherKey = (await other.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const otherKeys = { accessKeyId: otherKey.AccessKeyId, secretKey: otherKey.SecretKey };
    for (const [call, input] of [
      ['UpdateAccessKey', { AccessKeyId: keys.accessKeyId, State: 'INACTIVE' }],
      ['DeleteAccessKey', { AccessKeyId: keys.accessKeyId }],
    ] as const) {
      const answer = await curlSigned(server.url, call, input, otherKeys);
      expectError(answer, 404, '5027');
    }
    const listed = await curlSigned(
      server.url,
      'ReadAccessKeys',
      { Filters: { AccessKeyIds: [keys.accessKeyId] } },
      otherKeys,
    );
    expect(listed.body.AccessKeys).toEqual([]);
    expect((await curlSigned(server.url, 'ReadAccounts', {}, keys)).status).toBe(200);
  });

  it('a signature is refused on calls OAPI does not sign (SignIn) with code 8', async () => {
    const answer = await quirkySigned(
      server.url,
      'SignIn',
      { Email: 'a@example.com', Password: 'x' },
      keys,
      'osc-sdk-python',
      { now: server.clock.now() },
    );
    expectError(answer, 403, '8');
  });

  it('OAPI lockout: four bad signatures lock the key for a minute, even for a good one', async () => {
    const key = (await owner.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const good = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
    const bad = { ...good, secretKey: 'X'.repeat(40) };
    const send = (k: Keys) =>
      quirkySigned(server.url, 'ReadAccounts', {}, k, 'osc-sdk-python', { now: server.clock.now() });
    for (let i = 0; i < 3; i += 1) expectError(await send(bad), 401, '1');
    expect((await send(good)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expectError(await send(bad), 401, '1');
    expectError(await send(good), 401, '13');
    server.clock.advance(61_000);
    expect((await send(good)).status).toBe(200);
  });

  it('ASVS 6.3.8: without the secret, nobody learns whether a key is inactive, expired or its user disabled', async () => {
    const key = (await owner.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    await owner.call('UpdateAccessKey', { AccessKeyId: key.AccessKeyId, State: 'INACTIVE' });
    const send = (secretKey: string) =>
      quirkySigned(server.url, 'ReadAccounts', {}, { accessKeyId: key.AccessKeyId, secretKey }, 'osc-sdk-python', {
        now: server.clock.now(),
      });
    const guessed = await send('X'.repeat(40));
    expectError(guessed, 401, '1');
    expect(guessed.body.Errors?.[0]?.Details).toMatch(/signature does not match/);
    const held = await send(key.SecretKey);
    expectError(held, 401, '1');
    expect(held.body.Errors?.[0]?.Details).toMatch(/inactive/);
  });

  it('a query holding a % without two hexadecimal digits is a 401, never a 5xx', async () => {
    const headers = signRequest({
      method: 'POST',
      url: new URL(`${server.url}/api/v1/ReadAccounts`),
      headers: { 'content-type': 'application/json' },
      body: '{}',
      ...keys,
      now: server.clock.now(),
    });
    const answer = await owner.raw('/api/v1/ReadAccounts?a=%E0%A4%A', {
      headers: { ...headers, cookie: '' },
      body: '{}',
    });
    expectError(answer, 401, '1');
    expect(answer.body.Errors?.[0]?.Details).toContain('%');
  });

  it('a date that is no real instant (hour 43) is refused, not carried into the next day', async () => {
    const date = new Date(server.clock.now() - 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const answer = await withAuthorization(
      `OSC4-HMAC-SHA256 Credential=${keys.accessKeyId}/${date}/eu-west-2/api/osc4_request, SignedHeaders=host;x-osc-date, Signature=${'0'.repeat(64)}`,
      { 'x-osc-date': `${date}T432500Z` },
    );
    expectError(answer, 401, '1');
    expect(answer.body.Errors?.[0]?.Details).toContain('X-Osc-Date');
  });

  it('ASVS 8.3.1: a call meant to be signed (from the registry) refuses a console session, with code 8', async () => {
    const signedOnly = CALLS.filter((call) => !call.auth.includes('session'));
    expect(signedOnly.map((call) => call.name).sort()).toEqual(['CreateOperation', 'VerifyRequest']);
    for (const call of signedOnly) expectError(await owner.call(call.name, {}), 403, '8');
  });

  it('an Authorization header wins over a session cookie', async () => {
    const answer = await owner.raw('/api/v1/ReadAccounts', {
      headers: { authorization: 'Bearer nothing', 'content-type': 'application/json' },
      body: '{}',
    });
    expectError(answer, 401, '12');
  });
});
