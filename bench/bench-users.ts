import { bodySha256, signRequest } from '../src/auth/request-signature.js';
import { SmtpSink } from '../test/support/mailbox.js';
import { PASSWORD } from './load.js';

export const USERS = 50;

async function post(
  url: string,
  call: string,
  body: unknown,
  cookie?: string,
): Promise<{ status: number; cookie?: string; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/api/v1/${call}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0], body: answer };
}

export interface SignedRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** Who the bench acts as: account owners signed up through the API, each with a session and a signed read. */
export interface BenchUsers {
  emails: string[];
  cookies: string[];
  signedReads: SignedRequest[];
  accountIds: string[];
  keys: { accessKeyId: string; secretKey: string }[];
  /** Signed for one server's address, once it names the platform's account (see verifyRequests). */
  verifyRequests: SignedRequest[];
}

/** Signs up USERS owners the way people do (the mailed link confirms each), with an access key each. */
export async function benchUsers(url: string, mail: SmtpSink): Promise<BenchUsers> {
  const users: BenchUsers = { emails: [], cookies: [], signedReads: [], accountIds: [], keys: [], verifyRequests: [] };
  for (let i = 0; i < USERS; i += 1) {
    const email = `bench.${i}.${Date.now()}@example.com`;
    const answer = await post(url, 'SignUp', {
      Email: email,
      Password: PASSWORD,
      FirstName: 'Bench',
      LastName: `User`,
      Country: 'FR',
    });
    if (answer.status !== 200) throw new Error(`seeding failed: ${answer.status}`);
    // Seeding is not measured: a database busy after a bulk load may take its time.
    const link = SmtpSink.linkToken(await mail.waitFor(email, /\/confirm-email#/, 60_000));
    const confirmed = await post(url, 'ConfirmEmail', { Token: link });
    if (confirmed.status !== 200 || !confirmed.cookie) throw new Error(`confirmation failed: ${confirmed.status}`);
    users.emails.push(email);
    users.cookies.push(confirmed.cookie);
    const { AccessKey } = (await post(url, 'CreateAccessKey', {}, confirmed.cookie)).body as {
      AccessKey: { AccessKeyId: string; SecretKey: string };
    };
    // Signed once: a signature stays valid within the clock-skew window, and signing is the
    // client's cost, not the server's.
    const { Accounts } = (await post(url, 'ReadAccounts', {}, confirmed.cookie)).body as {
      Accounts: { AccountId: string }[];
    };
    users.accountIds.push(Accounts[0]!.AccountId);
    users.keys.push({ accessKeyId: AccessKey.AccessKeyId, secretKey: AccessKey.SecretKey });
    users.signedReads.push({
      method: 'POST',
      headers: signRequest({
        method: 'POST',
        url: new URL('/api/v1/ReadAccounts', url),
        headers: { 'content-type': 'application/json' },
        body: '{}',
        accessKeyId: AccessKey.AccessKeyId,
        secretKey: AccessKey.SecretKey,
      }),
      body: '{}',
    });
  }
  return users;
}

const COMPUTE = new URL('https://compute.bench.example/api/v1/ReadVms');

/**
 * A platform service's VerifyRequest of each user's signed ReadVms, signed with the first user's
 * key: the first user's account is the platform's (TESSERA_PLATFORM_ACCOUNT_ID), its owner holds
 * VerifyRequests. Reads, so that autocannon may send each again.
 */
export function verifyRequests(url: string, users: BenchUsers): SignedRequest[] {
  const service = users.keys[0]!;
  return users.keys.map((keys) => {
    const signed = signRequest({
      method: 'POST',
      url: COMPUTE,
      headers: { 'content-type': 'application/json' },
      body: '{}',
      ...keys,
    });
    const body = JSON.stringify({
      Method: 'POST',
      Path: COMPUTE.pathname,
      Query: '',
      Headers: [['Host', COMPUTE.host], ...Object.entries(signed)].map(([Name, Value]) => ({ Name, Value })),
      BodySha256: bodySha256('{}'),
      Writes: false,
    });
    const headers = signRequest({
      method: 'POST',
      url: new URL('/api/v1/VerifyRequest', url),
      headers: { 'content-type': 'application/json' },
      body,
      ...service,
    });
    return { method: 'POST', headers, body };
  });
}
