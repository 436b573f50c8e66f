import { describe, expect, it } from 'vitest';
import { CALLS } from '../../src/calls/index.js';
import { emailKey } from '../../src/domain/email-address.js';
import { totpCode } from '../../src/domain/second-factors.js';
import type { AuditEventRow } from '../../src/store/audit-events.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { SmtpSink, useMailedServer } from '../support/smtp-sink.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { invitationToken, invitedSubUser, uniqueUserName } from '../support/sub-users.js';
import { ENGINES, type TestServer } from '../support/test-server.js';

interface Fixture {
  server: TestServer;
  sink: SmtpSink;
  owner: ApiClient;
  email: string;
  accountId: string;
}

/** One request of a call and the event it must leave. */
interface Step {
  client?: ApiClient;
  input: Record<string, unknown>;
  event: Partial<Pick<AuditEventRow, 'actor_name' | 'interface' | 'target'>> & { changes?: unknown[] };
  /** Other events the same request records (a validated operation's own call). */
  alongside?: string[];
  /** The account whose trail holds it, when it is not the fixture's (a sign-up). */
  accountId?: () => Promise<string>;
}

const NEW_PASSWORD = 'a whole new passphrase for the audit';
/** Every secret the run handles — passwords, mailed tokens, secret keys, support codes, session cookies — to look for in the table. */
const SECRETS = new Set<string>([STRONG_PASSWORD, NEW_PASSWORD]);

function tokenIn(text: string | undefined, page: string): string {
  const match = new RegExp(`/${page}#([A-Za-z0-9_-]{43})`).exec(text ?? '');
  if (!match) throw new Error(`no ${page} link in ${text ?? ''}`);
  SECRETS.add(match[1]!);
  return match[1]!;
}

async function newUser(f: Fixture, fields: Record<string, unknown> = {}): Promise<string> {
  const userName = uniqueUserName('audited');
  const created = await f.owner.call('CreateUser', { UserName: userName, ...fields });
  expect(created.status).toBe(200);
  return userName;
}

async function newKey(f: Fixture): Promise<string> {
  const key = (await f.owner.call('CreateAccessKey', {})).body.AccessKey as { AccessKeyId: string; SecretKey: string };
  SECRETS.add(key.SecretKey);
  return key.AccessKeyId;
}

async function otherSession(f: Fixture): Promise<ApiClient> {
  const client = new ApiClient(f.server.url);
  expect((await client.call('SignIn', { Email: f.email, Password: STRONG_PASSWORD })).status).toBe(200);
  return client;
}

/** The owner asks to move the login to a new address: both links are mailed. */
async function emailChange(f: Fixture): Promise<{ next: string; confirm: string; cancel: string }> {
  const next = uniqueEmail('moved');
  expect((await f.owner.call('UpdateAccount', { Email: next })).status).toBe(200);
  const confirm = tokenIn((await f.sink.waitFor(next, /confirm-email#/)).text, 'confirm-email');
  const cancel = tokenIn((await f.sink.waitFor(f.email, /cancel-email-change#/)).text, 'cancel-email-change');
  return { next, confirm, cancel };
}

/** Advanced security asked to be turned on: an operation for a token validator. */
async function pendingOperation(f: Fixture) {
  const validator = await invitedSubUser(f.server, f.sink, f.owner, { Rights: ['TokenValidator'] });
  const asked = await f.owner.call('UpdateAccountSecurity', { AdvancedSecurity: true });
  expect(asked.status).toBe(202);
  const { OperationId } = asked.body.Operation as { OperationId: string };
  const token = await f.sink.operationToken(validator.email, OperationId);
  SECRETS.add(token);
  return { validator, OperationId, token };
}

const anonymous = (f: Fixture) => new ApiClient(f.server.url);
const owner = { actor_name: 'owner', interface: 'console' };

/**
 * How to make each write call of the registry change something, and the event it must leave. A
 * call added to the registry fails the test until it is here (or exempt below, with the test
 * that proves its event).
 */
const RECIPES: Record<string, (f: Fixture) => Promise<Step>> = {
  UpdateAccount: async () => ({
    input: { City: 'Lyon' },
    event: { ...owner, changes: [{ Field: 'City', NewValue: 'Lyon' }] },
  }),
  CreateAccessKey: async () => ({
    input: { Tag: 'ci' },
    event: {
      ...owner,
      changes: [
        { Field: 'Tag', NewValue: 'ci' },
        { Field: 'AccessKeyId', NewValue: expect.stringMatching(/^[A-Z0-9]{20}$/) as unknown as string },
      ],
    },
  }),
  UpdateAccessKey: async (f) => {
    const id = await newKey(f);
    return {
      input: { AccessKeyId: id, State: 'INACTIVE' },
      event: { ...owner, target: id, changes: [{ Field: 'State', OldValue: 'ACTIVE', NewValue: 'INACTIVE' }] },
    };
  },
  DeleteAccessKey: async (f) => {
    const id = await newKey(f);
    return { input: { AccessKeyId: id }, event: { ...owner, target: id } };
  },
  ConfirmEmail: async (f) => {
    const { next, confirm } = await emailChange(f);
    return {
      client: anonymous(f),
      input: { Token: confirm },
      event: { actor_name: 'owner', interface: 'api', target: next, changes: [{ Field: 'Token', Secret: true }] },
    };
  },
  CancelEmailChange: async (f) => {
    const { cancel } = await emailChange(f);
    return { client: anonymous(f), input: { Token: cancel }, event: { actor_name: 'owner', interface: 'api' } };
  },
  ResendEmailConfirmation: async (f) => {
    await emailChange(f);
    return { input: {}, event: owner };
  },
  UpdatePassword: async () => ({
    input: { CurrentPassword: STRONG_PASSWORD, NewPassword: NEW_PASSWORD },
    event: {
      ...owner,
      changes: [
        { Field: 'CurrentPassword', Secret: true },
        { Field: 'NewPassword', Secret: true },
      ],
    },
  }),
  SendResetPasswordEmail: async (f) => ({
    client: anonymous(f),
    input: { Email: f.email },
    // Whoever asks proves nothing: the event is the owner's to read, by someone anonymous.
    event: { actor_name: 'anonymous', interface: 'api', target: f.email, changes: [] },
  }),
  ResetAccountPassword: async (f) => {
    await anonymous(f).call('SendResetPasswordEmail', { Email: f.email });
    const token = tokenIn((await f.sink.waitFor(f.email, /reset-password#/)).text, 'reset-password');
    await expect.poll(() => eventsOf(f, f.accountId).then((rows) => rows.length)).toBeGreaterThan(0);
    return {
      client: anonymous(f),
      input: { Token: token, Password: NEW_PASSWORD },
      event: {
        actor_name: 'owner',
        changes: [
          { Field: 'Token', Secret: true },
          { Field: 'Password', Secret: true },
        ],
      },
    };
  },
  DeleteSession: async (f) => {
    await otherSession(f);
    const sessions = (await f.owner.call('ReadSessions')).body.Sessions as { SessionId: string; Current: boolean }[];
    const other = sessions.find((session) => !session.Current)!.SessionId;
    return { input: { SessionId: other }, event: { ...owner, target: other } };
  },
  DeleteOtherSessions: async (f) => {
    await otherSession(f);
    return { input: {}, event: owner };
  },
  SignUp: async (f) => {
    const email = uniqueEmail('audited');
    return {
      client: anonymous(f),
      input: { Email: email, Password: STRONG_PASSWORD, FirstName: 'Ada', LastName: 'Lovelace' },
      event: {
        actor_name: 'owner',
        interface: 'api',
        changes: [
          { Field: 'Email', NewValue: email },
          { Field: 'Password', Secret: true },
        ],
      },
      accountId: async () => {
        const user = await f.server.services.store.db
          .selectFrom('users')
          .select('account_id')
          .where('email_key', '=', emailKey(email))
          .executeTakeFirstOrThrow();
        return user.account_id;
      },
    };
  },
  SignIn: async (f) => ({
    client: anonymous(f),
    input: { Email: f.email, Password: STRONG_PASSWORD },
    event: {
      ...owner,
      changes: [
        { Field: 'Email', NewValue: f.email },
        { Field: 'Password', Secret: true },
      ],
    },
  }),
  SignOut: async (f) => ({ client: await otherSession(f), input: {}, event: owner }),
  CreateUser: async () => ({
    input: { UserName: 'audited.new' },
    event: { ...owner, target: 'audited.new', changes: [{ Field: 'UserName', NewValue: 'audited.new' }] },
  }),
  UpdateUser: async (f) => {
    const userName = await newUser(f);
    return {
      input: { UserName: userName, NewPath: '/ops/' },
      event: {
        ...owner,
        target: userName,
        changes: [
          { Field: 'UserName', NewValue: userName },
          { Field: 'NewPath', NewValue: '/ops/' },
        ],
      },
    };
  },
  DeleteUser: async (f) => {
    const userName = await newUser(f);
    return { input: { UserName: userName }, event: { ...owner, target: userName } };
  },
  UpdateUserDetails: async (f) => {
    const userName = await newUser(f);
    return {
      input: { UserName: userName, FirstName: 'Odile' },
      event: { ...owner, target: userName, changes: [{ Field: 'FirstName', NewValue: 'Odile' }] },
    };
  },
  EnableUser: async (f) => {
    const userName = await newUser(f);
    await f.owner.call('DisableUser', { UserName: userName });
    return { input: { UserName: userName }, event: { ...owner, target: userName } };
  },
  DisableUser: async (f) => {
    const userName = await newUser(f);
    return { input: { UserName: userName }, event: { ...owner, target: userName } };
  },
  ResendInvitation: async (f) => {
    const userName = await newUser(f, { UserEmail: uniqueEmail('invited') });
    return { input: { UserName: userName }, event: { ...owner, target: userName } };
  },
  AcceptInvitation: async (f) => {
    const email = uniqueEmail('invited');
    const userName = await newUser(f, { UserEmail: email });
    return {
      client: anonymous(f),
      input: { Token: await invitationToken(f.server, f.sink, email), Password: NEW_PASSWORD },
      event: { actor_name: userName, interface: 'api' },
    };
  },
  UpdateLanguage: async () => ({
    input: { Language: 'fr' },
    // The language before is kept too: a trail that only said "fr" would not tell what it replaced.
    event: { ...owner, changes: [{ Field: 'Language', OldValue: 'en', NewValue: 'fr' }] },
  }),
  UpdateAccountSecurity: async () => ({
    input: { ValidationPolicy: 'AnyValidator' },
    // The setting before is known: the trail, like a validator, reads "OtherValidator → AnyValidator".
    event: { ...owner, changes: [{ Field: 'ValidationPolicy', OldValue: 'OtherValidator', NewValue: 'AnyValidator' }] },
  }),
  ValidateOperation: async (f) => {
    const { validator, OperationId, token } = await pendingOperation(f);
    return {
      client: validator.client,
      input: { OperationId, Token: token },
      event: { actor_name: validator.userName, interface: 'console', target: OperationId },
      // The operation's own call, as its requester, by the operation.
      alongside: ['UpdateAccountSecurity'],
    };
  },
  ClaimOperationResult: async (f) => {
    const { validator, OperationId: activation, token } = await pendingOperation(f);
    await validator.client.call('ValidateOperation', { OperationId: activation, Token: token });
    const asked = await f.owner.call('CreateAccessKey', {});
    const { OperationId } = asked.body.Operation as { OperationId: string };
    const keyToken = await f.sink.operationToken(validator.email, OperationId);
    SECRETS.add(keyToken);
    expect((await validator.client.call('ValidateOperation', { OperationId, Token: keyToken })).status).toBe(200);
    return { input: { OperationId }, event: { ...owner, target: OperationId } };
  },
  CancelOperation: async (f) => {
    const { OperationId } = await pendingOperation(f);
    return { input: { OperationId }, event: { ...owner, target: OperationId } };
  },
  CreateSupportCode: async () => ({ input: {}, event: { ...owner, changes: [] } }),
  CreateTotp: async () => ({ input: {}, event: { ...owner, changes: [] } }),
  ConfirmTotp: async (f) => {
    const { Secret } = (await f.owner.call('CreateTotp')).body as { Secret: string };
    return {
      input: { Code: totpCode(Secret, f.server.clock.now()) },
      event: { ...owner, changes: [{ Field: 'Code', Secret: true }] },
    };
  },
  DeleteTotp: async (f) => {
    await totpOn(f);
    return { input: {}, event: { ...owner, changes: [] } };
  },
  CreateRecoveryCodes: async (f) => {
    await totpOn(f);
    return { input: {}, event: { ...owner, changes: [] } };
  },
  CompleteSignIn: async (f) => {
    const secret = await totpOn(f);
    const client = anonymous(f);
    const { SecondFactorChallenge } = (await client.call('SignIn', { Email: f.email, Password: STRONG_PASSWORD })).body;
    SECRETS.add(SecondFactorChallenge as string);
    return {
      client,
      input: { Challenge: SecondFactorChallenge, TotpCode: totpCode(secret, f.server.clock.now() + 30_000) },
      event: { ...owner, changes: [{ Field: 'TotpCode', Secret: true }] },
    };
  },
  CreatePasskeyOptions: async () => ({ input: {}, event: { ...owner, changes: [] } }),
  CreatePasskey: async (f) => ({
    input: { Name: 'Audited', Credential: softKey(f).register(await passkeyOptions(f)) },
    event: { ...owner, changes: [{ Field: 'Name', NewValue: 'Audited' }] },
  }),
  DeletePasskey: async (f) => ({
    input: { PasskeyId: await passkeyOn(f) },
    event: { ...owner, target: 'Kept', changes: [{ Field: 'Passkey', OldValue: 'Kept' }] },
  }),
  CompletePasskeySignIn: async (f) => {
    const key = softKey(f);
    await passkeyOn(f, key);
    const client = anonymous(f);
    const { Options } = (await client.call('StartPasskeySignIn')).body as { Options: Record<string, unknown> };
    return {
      client,
      input: { Credential: key.assert(Options) },
      event: { ...owner, interface: 'console', target: 'Kept', changes: [{ Field: 'Passkey', NewValue: 'Kept' }] },
    };
  },
  ReauthenticateWithSecondFactor: async (f) => {
    const secret = await totpOn(f);
    return {
      input: { TotpCode: totpCode(secret, f.server.clock.now() + 30_000) },
      event: { ...owner, changes: [{ Field: 'TotpCode', Secret: true }] },
    };
  },
};

/** The owner turns an authenticator app on; returns its secret. */
async function totpOn(f: Fixture): Promise<string> {
  const { Secret } = (await f.owner.call('CreateTotp')).body as { Secret: string };
  SECRETS.add(Secret);
  expect((await f.owner.call('ConfirmTotp', { Code: totpCode(Secret, f.server.clock.now()) })).status).toBe(200);
  return Secret;
}

const softKey = (f: Fixture) => new SoftAuthenticator(f.server.services.config.publicUrl.origin);

async function passkeyOptions(f: Fixture): Promise<Record<string, unknown>> {
  return (await f.owner.call('CreatePasskeyOptions')).body.Options as Record<string, unknown>;
}

/** The owner adds a passkey named Kept; returns its id. */
async function passkeyOn(f: Fixture, key = softKey(f)): Promise<string> {
  const credential = key.register(await passkeyOptions(f));
  expect((await f.owner.call('CreatePasskey', { Name: 'Kept', Credential: credential })).status).toBe(200);
  return key.id;
}

/** Calls whose event needs a part this test does not start, with the test that proves it. */
const PROVED_ELSEWHERE: Record<string, string> = {
  StartExternalSignIn: 'external-logins.test.ts (an OpenID provider)',
  CompleteExternalSignIn: 'external-logins.test.ts (an OpenID provider)',
  UnlinkLogin: 'external-logins.test.ts (an OpenID provider)',
  SendAddPasswordEmail: 'external-logins.test.ts (a user with no password)',
  CreateOperation: 'platform-operations.test.ts (the platform account)',
  CheckSupportCode: 'support-codes.test.ts (the platform account)',
  StartPasskeySignIn: 'passkeys.test.ts (starting concerns no account yet)',
};

async function eventsOf(f: Pick<Fixture, 'server'>, accountId: string, afterSeq = 0): Promise<AuditEventRow[]> {
  return f.server.services.store.db
    .selectFrom('audit_events')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute();
}

describe('the audit recipes', () => {
  it('cover every call of the registry that writes', () => {
    const writes = CALLS.filter((call) => call.effect === 'write').map((call) => call.name);
    expect(writes.filter((name) => !RECIPES[name] && !PROVED_ELSEWHERE[name])).toEqual([]);
    expect(Object.keys(RECIPES).filter((name) => !writes.includes(name))).toEqual([]);
  });
});

describe.each(ENGINES)('every write call records one event on %s', (engine) => {
  const mailed = useMailedServer(engine);

  for (const [name, recipe] of Object.entries(RECIPES)) {
    it(`ASVS 16.3.1, 16.3.2: ${name} leaves one event with its actor, interface and changes`, async () => {
      const signedUp = await signedUpClient(mailed.server.url);
      const accountId = (signedUp.account.AccountId as string | undefined) ?? '';
      const f: Fixture = { ...mailed, owner: signedUp.client, email: signedUp.email, accountId };
      const step = await recipe(f);
      const account = step.accountId ? undefined : accountId;
      const before = account ? ((await eventsOf(f, account)).at(-1)?.seq ?? 0) : 0;

      const client = step.client ?? f.owner;
      const answer = await client.call(name, step.input);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const given = answer.body as { AccessKey?: { SecretKey?: string }; Code?: string };
      for (const secret of [
        given.AccessKey?.SecretKey,
        given.Code,
        client.cookie?.split('=')[1],
        f.owner.cookie?.split('=')[1],
      ])
        if (secret) SECRETS.add(secret);
      await mailed.server.services.mail.wake();
      const trail = account ?? (await step.accountId!());
      // Some events are written after the answer (a reset asked for is seen by the mail worker).
      await expect.poll(async () => (await eventsOf(f, trail, before)).some((row) => row.action === name)).toBe(true);
      const recorded = await eventsOf(f, trail, before);
      expect(recorded.map((row) => row.action).sort()).toEqual([name, ...(step.alongside ?? [])].sort());
      const event = recorded.find((row) => row.action === name)!;
      expect(event).toMatchObject({ outcome: 'success', ...step.event, changes: expect.any(String) });
      if (step.event.changes) expect(JSON.parse(event.changes)).toEqual(step.event.changes);
    });
  }

  it('ASVS 16.2.5: after every call ran, no password, token, secret key, support code or session cookie is in any event', async () => {
    const stored = JSON.stringify(
      await mailed.server.services.store.db.selectFrom('audit_events').selectAll().execute(),
    );
    expect(SECRETS.size).toBeGreaterThan(40);
    for (const secret of SECRETS)
      expect(stored.includes(secret), 'a secret of the run is in the audit table').toBe(false);
  });
});
