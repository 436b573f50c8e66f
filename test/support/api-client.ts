import { mailboxOf, SmtpSink } from './mailbox.js';
/** What a call answered: status, parsed body (JSON answers) and raw text, and headers. */
export interface Answer {
  status: number;
  text: string;
  body: Record<string, unknown> & {
    Errors?: { Type: string; Code: string; Details: string }[];
    ResponseContext?: { RequestId: string };
  };
  headers: Headers;
}

/** A browser-like client of the API over real HTTP, keeping its cookies. */
export class ApiClient {
  /** The session cookie, `name=value`. */
  cookie: string | undefined;
  /** Any other cookie Tessera set (the OpenID flow's), by name. */
  readonly otherCookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async raw(path: string, init: RequestInit = {}): Promise<Answer> {
    const headers = new Headers(init.headers);
    const sent = [this.cookie, ...[...this.otherCookies].map(([name, value]) => `${name}=${value}`)]
      .filter(Boolean)
      .join('; ');
    if (sent && !headers.has('cookie')) headers.set('cookie', sent);
    const response = await fetch(`${this.baseUrl}${path}`, { method: 'POST', ...init, headers });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = ''] = setCookie.split(';');
      const kept = !/=$/.test(pair) && !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(setCookie);
      const name = pair.slice(0, pair.indexOf('='));
      if (/session/.test(name)) this.cookie = kept ? pair : undefined;
      else if (kept) this.otherCookies.set(name, pair.slice(name.length + 1));
      else this.otherCookies.delete(name);
    }
    const text = await response.text();
    const json = response.headers.get('content-type')?.startsWith('application/json') ?? true;
    return {
      status: response.status,
      text,
      body: text && json ? (JSON.parse(text) as Answer['body']) : {},
      headers: response.headers,
    };
  }

  call(name: string, input: unknown = {}, headers: Record<string, string> = {}): Promise<Answer> {
    return this.raw(`/api/v1/${name}`, {
      body: JSON.stringify(input),
      headers: { 'content-type': 'application/json', ...headers },
    });
  }
}

export const STRONG_PASSWORD = 'correct horse battery staple';

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${process.pid}.${counter}.${Date.now()}@example.com`;
}

/**
 * Signs up a new account owner the way a person does — the form, then the link mailed to them
 * (through the test server's SMTP sink) — and returns a client signed in as them.
 */
export async function signedUpClient(
  baseUrl: string,
  fields: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ client: ApiClient; email: string; account: Record<string, unknown> }> {
  const client = new ApiClient(baseUrl);
  const email = typeof fields.Email === 'string' ? fields.Email : uniqueEmail();
  const answer = await client.call(
    'SignUp',
    {
      Email: email,
      Password: STRONG_PASSWORD,
      FirstName: 'Jean',
      LastName: 'Dupont',
      ...fields,
    },
    headers,
  );
  if (answer.status !== 200) throw new Error(`sign-up failed: ${JSON.stringify(answer.body)}`);
  const mail = await mailboxOf(baseUrl).waitFor(email, /\/confirm-email#/);
  const confirmed = await client.call('ConfirmEmail', { Token: SmtpSink.linkToken(mail) }, headers);
  if (confirmed.status !== 200) throw new Error(`confirmation failed: ${JSON.stringify(confirmed.body)}`);
  const accounts = (await client.call('ReadAccounts')).body.Accounts as Record<string, unknown>[];
  return { client, email, account: accounts[0]! };
}
