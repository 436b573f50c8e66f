import { expect } from 'vitest';
import { ApiClient, STRONG_PASSWORD, uniqueEmail, type Answer } from './api-client.js';
import type { SmtpSink } from './smtp-sink.js';
import type { TestServer } from './test-server.js';

export const SUB_USER_PASSWORD = 'violet lantern orchard seventeen';

/** The token of the last invitation mailed to an address. */
export async function invitationToken(server: TestServer, sink: SmtpSink, email: string): Promise<string> {
  await server.services.mail.wake();
  const mails = sink.to(email).filter((mail) => /invites you to|vous invite dans/.test(mail.subject ?? ''));
  expect(mails.length, `an invitation to ${email}`).toBeGreaterThan(0);
  const match = /\/accept-invitation#([A-Za-z0-9_-]{43})/.exec(mails[mails.length - 1]!.text ?? '');
  if (!match) throw new Error(`no invitation link in the mail to ${email}`);
  return match[1]!;
}

export interface SubUser {
  client: ApiClient;
  email: string;
  userName: string;
}

let counter = 0;
export function uniqueUserName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${counter}`;
}

/**
 * Creates a user through `admin`, follows the invitation through the real SMTP server, chooses
 * the password and signs in: the whole path a sub-user takes.
 */
export async function invitedSubUser(
  server: TestServer,
  sink: SmtpSink,
  admin: ApiClient,
  fields: Record<string, unknown> = {},
): Promise<SubUser> {
  const email = uniqueEmail('sub');
  const userName = uniqueUserName();
  const created = await admin.call('CreateUser', { UserName: userName, UserEmail: email, ...fields });
  if (created.status !== 200) throw new Error(`CreateUser failed: ${JSON.stringify(created.body)}`);
  const token = await invitationToken(server, sink, email);
  const accepted = await new ApiClient(server.url).call('AcceptInvitation', {
    Token: token,
    Password: SUB_USER_PASSWORD,
  });
  if (accepted.status !== 200) throw new Error(`AcceptInvitation failed: ${JSON.stringify(accepted.body)}`);
  const client = new ApiClient(server.url);
  const signedIn = await client.call('SignIn', { Email: email, Password: SUB_USER_PASSWORD });
  if (signedIn.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.body)}`);
  return { client, email, userName };
}

export function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.Errors?.[0]?.Code).toBe(code);
}

export { STRONG_PASSWORD };
