import { signRequest } from '../src/auth/request-signature.js';
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
}

/** Signs up USERS owners the way people do (the mailed link confirms each), with an access key each. */
export async function benchUsers(url: string, mail: SmtpSink): Promise<BenchUsers> {
  const users: BenchUsers = { emails: [], cookies: [], signedReads: [] };
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
