import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server.js';
import { ApiClient, uniqueEmail, type Answer } from '../support/api-client.js';
import { mailboxOf, SmtpSink } from '../support/mailbox.js';
import { aws4fetchSigned, curlBasic } from '../support/signed-clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Everything the server logs, as a provider's log collector gets it. */
class CapturedLog extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }

  lines(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  requestLines(): Record<string, unknown>[] {
    return this.lines().filter((line) => line.msg === 'request');
  }
}

/** The value of a `name=value` cookie pair. */
const cookieValue = (cookie: string | undefined) => cookie!.slice(cookie!.indexOf('=') + 1);

describe('the log of a session, as an operator reads it', () => {
  const log = new CapturedLog();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', {}, createLogger({ logLevel: 'info' }, log));
  });
  afterAll(() => server.close());

  it('ASVS 16.2.1, 16.2.5: one line per request with its id, call, status, duration and account, and no secret anywhere in the log', async () => {
    const secrets: Record<string, string> = {
      'sign-up password': 'first secret passphrase of jean',
      'wrong password': 'not at all the password of jean',
      'new password': 'second secret passphrase of jean',
      'reset password': 'third secret passphrase of jean',
    };
    const email = uniqueEmail('logged');
    const client = new ApiClient(server.url);
    const answers: Answer[] = [];
    let sent = 0;
    const call = async (name: string, input: unknown = {}, by = client) => {
      const answer = await by.call(name, input);
      sent += 1;
      answers.push(answer);
      return answer;
    };

    await call('SignUp', {
      Email: email,
      Password: secrets['sign-up password'],
      FirstName: 'Jean',
      LastName: 'Dupont',
    });
    const confirmation = SmtpSink.linkToken(await mailboxOf(server.url).waitFor(email, /\/confirm-email#/));
    secrets['confirmation token'] = confirmation;
    expect((await call('ConfirmEmail', { Token: confirmation })).status).toBe(200);
    secrets['first session cookie'] = cookieValue(client.cookie);
    const accountId = ((await call('ReadAccounts')).body.Accounts as { AccountId: string }[])[0]!.AccountId;

    const stranger = new ApiClient(server.url);
    expect((await call('SignIn', { Email: email, Password: secrets['wrong password'] }, stranger)).status).toBe(401);
    expect((await call('SignIn', { Email: email, Password: secrets['sign-up password'] })).status).toBe(200);
    secrets['second session cookie'] = cookieValue(client.cookie);
    const changed = await call('UpdatePassword', {
      CurrentPassword: secrets['sign-up password'],
      NewPassword: secrets['new password'],
      SignOutOtherDevices: true,
    });
    expect(changed.status).toBe(200);
    secrets['session cookie after the change'] = cookieValue(client.cookie);

    const created = await call('CreateAccessKey');
    const key = created.body.AccessKey as { AccessKeyId: string; SecretKey: string };
    secrets['access key secret'] = key.SecretKey;
    const signed = await aws4fetchSigned(
      server.url,
      'ReadAccessKeys',
      {},
      {
        accessKeyId: key.AccessKeyId,
        secretKey: key.SecretKey,
      },
    );
    sent += 1;
    answers.push(signed);
    expect(signed.status).toBe(200);
    // oapi-cli's password mode: the login and password in the Authorization header.
    expect((await curlBasic(server.url, 'ReadAccessKeys', {}, email, secrets['new password']!)).status).toBe(200);
    sent += 1;

    await call('SendResetPasswordEmail', { Email: email }, stranger);
    await server.services.mail.wake();
    const reset = await mailboxOf(server.url).waitFor(email, /\/reset-password#/);
    secrets['reset token'] = /\/reset-password#([A-Za-z0-9_-]{43})/.exec(reset.text ?? '')![1]!;
    const resetAnswer = await call(
      'ResetAccountPassword',
      { Token: secrets['reset token'], Password: secrets['reset password'] },
      stranger,
    );
    expect(resetAnswer.status).toBe(200);

    // Nothing secret, anywhere in the log: not in a request's line, nor in any other.
    for (const [what, secret] of Object.entries(secrets)) expect(log.text, what).not.toContain(secret);

    // One line per request, named by the id its answer carried.
    const lines = log.requestLines();
    expect(lines).toHaveLength(sent);
    for (const answer of answers) {
      const id = answer.headers.get('x-request-id');
      expect(id).toBe(answer.body.ResponseContext?.RequestId);
      expect(lines.filter((line) => line.reqId === id)).toHaveLength(1);
    }
    for (const line of lines) {
      expect(line).toMatchObject({ level: 30, method: 'POST', reqId: expect.stringMatching(UUID) });
      expect(line.call).toMatch(/^[A-Z]\w+$/);
      expect(typeof line.status).toBe('number');
      expect(typeof line.ms).toBe('number');
      expect(Object.keys(line).sort()).toEqual(
        ['level', 'time', 'pid', 'hostname', 'reqId', 'method', 'call', 'status', 'ms', 'msg']
          .concat(line.account === undefined ? [] : ['account'])
          .sort(),
      );
    }
    const said = (name: string) => lines.filter((line) => line.call === name);
    expect(said('UpdatePassword')).toEqual([expect.objectContaining({ status: 200, account: accountId })]);
    expect(said('ReadAccessKeys')).toEqual([
      expect.objectContaining({ status: 200, account: accountId }),
      expect.objectContaining({ status: 200, account: accountId }),
    ]);
    expect(said('SignIn')).toEqual([
      expect.objectContaining({ status: 401 }),
      expect.objectContaining({ status: 200 }),
    ]);
    expect(said('SignIn')[0]).not.toHaveProperty('account');
  });
});

/** A GET with the given headers, on a connection of its own. */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent: false, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body,
          headers: new Headers(
            Object.entries(response.headers).flatMap(([name, value]) =>
              typeof value === 'string' ? [[name, value] as [string, string]] : [],
            ),
          ),
        }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

describe('X-Request-Id', () => {
  let direct: TestServer;
  let behindProxy: TestServer;
  let elsewhere: TestServer;
  beforeAll(async () => {
    direct = await startTestServer('sqlite');
    behindProxy = await startTestServer('sqlite', { TESSERA_TRUSTED_PROXIES: '127.0.0.1' });
    elsewhere = await startTestServer('sqlite', { TESSERA_TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8' });
  });
  afterAll(() => Promise.all([direct, behindProxy, elsewhere].map((server) => server?.close())));

  it('every answer carries its id, the one its ResponseContext gives', async () => {
    const client = new ApiClient(direct.url);
    for (const answer of [
      await client.call('ReadPasswordPolicy'),
      await client.call('ReadAccounts'),
      await client.raw('/api/v1/ReadAccounts%ff'),
      await client.raw('/api/v1/ReadAccounts', { method: 'GET' }),
      await client.raw('/nothing-here', { method: 'GET' }),
    ]) {
      expect(answer.headers.get('x-request-id')).toMatch(UUID);
      expect(answer.headers.get('x-request-id')).toBe(answer.body.ResponseContext?.RequestId);
    }
    for (const path of ['/signin', '/health/live', '/health/ready', '/api/v1/openapi.json']) {
      expect((await get(`${direct.url}${path}`)).headers.get('x-request-id'), path).toMatch(UUID);
    }
  });

  it('a well-formed id from a trusted proxy is kept; a malformed one is replaced', async () => {
    for (const id of ['edge-7f3a9c', '0123456789abcdef0123456789abcdef', 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d']) {
      const answer = await new ApiClient(behindProxy.url).call('ReadPasswordPolicy', {}, { 'x-request-id': id });
      expect(answer.headers.get('x-request-id')).toBe(id);
      expect(answer.body.ResponseContext?.RequestId).toBe(id);
    }
    for (const id of ['two words', '<script>', 'a'.repeat(129), 'ünïcode', 'a;b', '']) {
      const answer = await new ApiClient(behindProxy.url).call('ReadPasswordPolicy', {}, { 'x-request-id': id });
      expect(answer.headers.get('x-request-id'), id).toMatch(UUID);
      expect(answer.body.ResponseContext?.RequestId).toBe(answer.headers.get('x-request-id'));
    }
  });

  it('an id from anyone but a trusted proxy is ignored', async () => {
    for (const server of [direct, elsewhere]) {
      const answer = await new ApiClient(server.url).call('ReadPasswordPolicy', {}, { 'x-request-id': 'edge-7f3a9c' });
      expect(answer.headers.get('x-request-id')).toMatch(UUID);
      expect(answer.body.ResponseContext?.RequestId).toBe(answer.headers.get('x-request-id'));
    }
  });
});
