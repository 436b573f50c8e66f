import { describe, expect, it } from 'vitest';
import { CALLS } from '../../src/calls/index.js';
import type { Access } from '../../src/domain/authorization.js';
import { BUILT_IN_RIGHTS } from '../../src/domain/rights.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail, type Answer } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { invitedSubUser, SUB_USER_PASSWORD } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

const MANAGE_USERS: Access = { kind: 'right', right: 'ManageUsers' };
const OWN_OR_MANAGE_USERS: Access = { kind: 'right-for-others', right: 'ManageUsers' };

/**
 * Every call's authorization, written out by hand: a call added, dropped or changed in the
 * registry fails this test until the table (and so a reviewer) agrees.
 */
const EXPECTED_ACCESS: Record<string, Access> = {
  ReadAccounts: { kind: 'self' },
  UpdateAccount: { kind: 'right', right: 'ManageAccount', ownerOnly: ['Email'] },
  CreateAccessKey: OWN_OR_MANAGE_USERS,
  ReadAccessKeys: OWN_OR_MANAGE_USERS,
  UpdateAccessKey: OWN_OR_MANAGE_USERS,
  DeleteAccessKey: OWN_OR_MANAGE_USERS,
  ReadEmailAddresses: { kind: 'self' },
  ConfirmEmail: { kind: 'anyone' },
  CancelEmailChange: { kind: 'anyone' },
  ResendEmailConfirmation: { kind: 'self' },
  UpdatePassword: { kind: 'self' },
  SendResetPasswordEmail: { kind: 'anyone' },
  ResetAccountPassword: { kind: 'anyone' },
  ReadPasswordLink: { kind: 'anyone' },
  ReadPasswordPolicy: { kind: 'anyone' },
  ReadSessions: { kind: 'self' },
  DeleteSession: { kind: 'self' },
  DeleteOtherSessions: { kind: 'self' },
  SignUp: { kind: 'anyone' },
  SignIn: { kind: 'anyone' },
  SignOut: { kind: 'anyone' },
  CreateUser: MANAGE_USERS,
  ReadUsers: MANAGE_USERS,
  UpdateUser: MANAGE_USERS,
  DeleteUser: MANAGE_USERS,
  ReadUserDetails: OWN_OR_MANAGE_USERS,
  UpdateUserDetails: { kind: 'right-for-others', right: 'ManageUsers', notForSelf: ['Rights'] },
  EnableUser: MANAGE_USERS,
  DisableUser: MANAGE_USERS,
  ReadRights: { kind: 'self' },
  ResendInvitation: MANAGE_USERS,
  AcceptInvitation: { kind: 'anyone' },
  ReadLoginProviders: { kind: 'anyone' },
  StartExternalSignIn: { kind: 'anyone' },
  CompleteExternalSignIn: { kind: 'anyone' },
  ReadLogins: { kind: 'self' },
  UnlinkLogin: { kind: 'self' },
  UpdateLanguage: { kind: 'self' },
  SendAddPasswordEmail: { kind: 'self' },
  ReadAccountSecurity: { kind: 'right', right: 'ManageAccount' },
  UpdateAccountSecurity: { kind: 'right', right: 'ManageAccount' },
  ReadOperations: { kind: 'self' },
  ValidateOperation: { kind: 'right', right: 'TokenValidator' },
  CancelOperation: { kind: 'self' },
  ClaimOperationResult: { kind: 'self' },
  CreateOperation: { kind: 'right', right: 'SubmitOperations', platformOnly: true },
  ReadAuditLog: { kind: 'right', right: 'ReadAuditLog' },
  ReadAuditPeople: { kind: 'right', right: 'ReadAuditLog' },
  VerifyAuditLog: { kind: 'right', right: 'ReadAuditLog' },
  ReadAuditHead: { kind: 'right', right: 'ReadAuditLog' },
  ReadAuditSigningKey: { kind: 'anyone' },
  ReadSecurityActivity: { kind: 'self' },
  CreateSupportCode: { kind: 'self' },
  CheckSupportCode: { kind: 'right', right: 'Support', platformOnly: true },
  CompleteSignIn: { kind: 'anyone' },
  ReadSecondFactors: { kind: 'self' },
  CreateTotp: { kind: 'self' },
  ConfirmTotp: { kind: 'self' },
  DeleteTotp: { kind: 'self' },
  CreateRecoveryCodes: { kind: 'self' },
  ReauthenticateWithSecondFactor: { kind: 'self' },
  ReadPasskeys: { kind: 'self' },
  VerifyRequest: { kind: 'right', right: 'VerifyRequests', platformOnly: true },
  CreatePasskeyOptions: { kind: 'self' },
  CreatePasskey: { kind: 'self' },
  DeletePasskey: { kind: 'self' },
  StartPasskeySignIn: { kind: 'anyone' },
  CompletePasskeySignIn: { kind: 'anyone' },
};

/**
 * The user each call acts on, as declared (see SubjectSpec): `acts` needs every right the user
 * holds (ATK-45), `reads` does not; `notYourself` refuses the caller themself.
 */
const EXPECTED_SUBJECT: Record<string, { lock: boolean; rule: 'acts' | 'reads'; notYourself: boolean }> = {
  CreateAccessKey: { lock: true, rule: 'acts', notYourself: false },
  ReadAccessKeys: { lock: true, rule: 'acts', notYourself: false },
  UpdateAccessKey: { lock: true, rule: 'acts', notYourself: false },
  DeleteAccessKey: { lock: true, rule: 'acts', notYourself: false },
  UpdateUser: { lock: true, rule: 'acts', notYourself: false },
  DeleteUser: { lock: true, rule: 'acts', notYourself: true },
  ReadUserDetails: { lock: false, rule: 'reads', notYourself: false },
  UpdateUserDetails: { lock: true, rule: 'acts', notYourself: false },
  EnableUser: { lock: true, rule: 'acts', notYourself: false },
  DisableUser: { lock: true, rule: 'acts', notYourself: true },
  ResendInvitation: { lock: true, rule: 'acts', notYourself: false },
};

/**
 * The proof of the person each call asks for now (see Freshness), written out: a call that
 * changes a login, a way to sign in or a second factor, or validates an operation.
 */
const EXPECTED_FRESHNESS: Record<string, 'recent-sign-in' | 'person' | 'strongest-factor'> = {
  UpdateAccount: 'person',
  UpdateUser: 'person',
  UpdateUserDetails: 'person',
  StartExternalSignIn: 'recent-sign-in',
  UnlinkLogin: 'recent-sign-in',
  ValidateOperation: 'recent-sign-in',
  CreateTotp: 'strongest-factor',
  DeleteTotp: 'strongest-factor',
  CreateRecoveryCodes: 'strongest-factor',
  CreatePasskeyOptions: 'strongest-factor',
  DeletePasskey: 'strongest-factor',
};

/**
 * What each of them is probed with, as its proof is asked: the owner's own email, a link; a
 * user's own email, changed by a user who manages users (`self`, their UserName).
 */
const FRESHNESS_PROBES: Record<string, (self: string) => Record<string, unknown>> = {
  UpdateAccount: () => ({ Email: 'moved@example.com', DryRun: true }),
  UpdateUser: (self) => ({ UserName: self, NewUserEmail: 'moved@example.com', DryRun: true }),
  UpdateUserDetails: (self) => ({ UserName: self, Email: 'moved@example.com', DryRun: true }),
  StartExternalSignIn: () => ({ Provider: 'nowhere', Intent: 'Link' }),
  UnlinkLogin: () => ({ Provider: 'nowhere' }),
  ValidateOperation: () => ({ OperationId: 'op-none', Token: '000000000000' }),
  CreateTotp: () => ({}),
  DeleteTotp: () => ({}),
  CreateRecoveryCodes: () => ({}),
  CreatePasskeyOptions: () => ({}),
  DeletePasskey: () => ({ PasskeyId: 'none' }),
};

interface Fixture {
  targetKeyId: string;
}

/** What each call is probed with: harmless (DryRun where the call has it), naming account A's objects. */
const PROBES: Record<string, (fixture: Fixture) => Record<string, unknown>> = {
  ReadAccounts: () => ({}),
  UpdateAccount: () => ({ City: 'Paris', DryRun: true }),
  CreateAccessKey: () => ({ UserName: 'target', DryRun: true }),
  ReadAccessKeys: () => ({ UserName: 'target' }),
  UpdateAccessKey: (f) => ({ UserName: 'target', AccessKeyId: f.targetKeyId, State: 'ACTIVE', DryRun: true }),
  DeleteAccessKey: (f) => ({ UserName: 'target', AccessKeyId: f.targetKeyId, DryRun: true }),
  ReadEmailAddresses: () => ({}),
  ConfirmEmail: () => ({ Token: 'x' }),
  CancelEmailChange: () => ({ Token: 'x' }),
  ResendEmailConfirmation: () => ({}),
  UpdatePassword: () => ({
    CurrentPassword: 'not the password at all',
    NewPassword: 'another long enough passphrase here',
  }),
  SendResetPasswordEmail: () => ({ Email: 'nobody@example.com' }),
  ResetAccountPassword: () => ({ Token: 'x', Password: 'x' }),
  ReadPasswordLink: () => ({ Token: 'x', Purpose: 'invitation' }),
  ReadPasswordPolicy: () => ({}),
  ReadSessions: () => ({}),
  DeleteSession: () => ({ SessionId: 'x'.repeat(22) }),
  DeleteOtherSessions: () => ({}),
  SignUp: () => ({}),
  SignIn: () => ({}),
  SignOut: () => ({}),
  CreateUser: () => ({ UserName: 'probe', DryRun: true }),
  ReadUsers: () => ({}),
  UpdateUser: () => ({ UserName: 'target', NewPath: '/moved/', DryRun: true }),
  DeleteUser: () => ({ UserName: 'target', DryRun: true }),
  ReadUserDetails: () => ({ UserName: 'target' }),
  UpdateUserDetails: () => ({ UserName: 'target', FirstName: 'Tom', DryRun: true }),
  EnableUser: () => ({ UserName: 'target', DryRun: true }),
  DisableUser: () => ({ UserName: 'target', DryRun: true }),
  ReadRights: () => ({}),
  ResendInvitation: () => ({ UserName: 'target', DryRun: true }),
  AcceptInvitation: () => ({ Token: 'x', Password: 'x' }),
  ReadLoginProviders: () => ({}),
  StartExternalSignIn: () => ({ Provider: 'nowhere', Intent: 'SignIn' }),
  CompleteExternalSignIn: () => ({ Query: '?code=x&state=y' }),
  ReadLogins: () => ({}),
  UnlinkLogin: () => ({ Provider: 'nowhere' }),
  UpdateLanguage: () => ({ Language: 'en' }),
  SendAddPasswordEmail: () => ({}),
  ReadAccountSecurity: () => ({}),
  UpdateAccountSecurity: () => ({ DryRun: true }),
  ReadOperations: () => ({}),
  ValidateOperation: () => ({ OperationId: 'op-none', Token: '000000000000' }),
  CancelOperation: () => ({ OperationId: 'op-none' }),
  ClaimOperationResult: () => ({ OperationId: 'op-none' }),
  CreateOperation: () => ({ AccountId: '000000000000', Action: 'probe', Summary: { en: 'x', fr: 'x' }, Changes: [] }),
  ReadAuditLog: () => ({}),
  ReadAuditPeople: () => ({}),
  VerifyAuditLog: () => ({}),
  ReadAuditHead: () => ({}),
  ReadAuditSigningKey: () => ({}),
  ReadSecurityActivity: () => ({}),
  CreateSupportCode: () => ({}),
  CheckSupportCode: () => ({ Code: 'ABCD-EFGH' }),
  VerifyRequest: () => ({
    Method: 'POST',
    Path: '/api/v1/ReadVms',
    Headers: [{ Name: 'Host', Value: 'compute.example' }],
    BodySha256: '0'.repeat(64),
    Writes: false,
  }),
  CompleteSignIn: () => ({ Challenge: 'x', TotpCode: '000000' }),
  ReadSecondFactors: () => ({}),
  CreateTotp: () => ({}),
  ConfirmTotp: () => ({ Code: '000000' }),
  DeleteTotp: () => ({}),
  CreateRecoveryCodes: () => ({}),
  ReauthenticateWithSecondFactor: () => ({ TotpCode: '000000' }),
  ReadPasskeys: () => ({}),
  CreatePasskeyOptions: () => ({}),
  CreatePasskey: () => ({
    Name: 'probe',
    Credential: { id: 'x', rawId: 'x', type: 'public-key', response: {}, clientExtensionResults: {} },
  }),
  DeletePasskey: () => ({ PasskeyId: 'none' }),
  StartPasskeySignIn: () => ({}),
  CompletePasskeySignIn: () => ({
    Credential: { id: 'x', rawId: 'x', type: 'public-key', response: {}, clientExtensionResults: {} },
  }),
};

/**
 * Calls whose probe names something that cannot exist in a fixture made before the run (an
 * operation and its mailed token): an authorized caller gets past authorization to a 404.
 */
const PASSED_AUTHORIZATION_THEN_NOT_FOUND = new Set(['ValidateOperation']);

/** Calls for the platform's own services and staff (users of TESSERA_PLATFORM_ACCOUNT_ID), none of the roles here. */
const PLATFORM_ONLY = new Set(['CreateOperation', 'CheckSupportCode', 'VerifyRequest']);

/** What an anonymous request to each open call answers: never "sign in first". */
const ANONYMOUS_STATUS: Record<string, number> = {
  ReadAuditSigningKey: 200,
  ConfirmEmail: 400,
  CancelEmailChange: 400,
  SendResetPasswordEmail: 200,
  ResetAccountPassword: 400,
  ReadPasswordLink: 400,
  ReadPasswordPolicy: 200,
  SignUp: 400,
  SignIn: 400,
  SignOut: 200,
  AcceptInvitation: 400,
  ReadLoginProviders: 200,
  StartExternalSignIn: 400,
  CompleteExternalSignIn: 400,
  CompleteSignIn: 400,
  StartPasskeySignIn: 200,
  CompletePasskeySignIn: 401,
};

interface Role {
  name: string;
  client: ApiClient;
  rights: ReadonlySet<string>;
  /** Another account's owner: account A's objects do not exist for them. */
  stranger: boolean;
}

function namesAccountAObject(input: Record<string, unknown>): boolean {
  return input.UserName === 'target' || 'AccessKeyId' in input;
}

/** What the server must answer, from the table above and the role's rights. */
function expectedOutcome(
  access: Access,
  role: Role,
  input: Record<string, unknown>,
): 'allowed' | 'forbidden' | 'not-found' {
  if (access.kind === 'anyone' || access.kind === 'self') return 'allowed';
  const targetsOther = access.kind === 'right' || 'UserName' in input;
  if (targetsOther && !role.rights.has(access.right)) return 'forbidden';
  return role.stranger && namesAccountAObject(input) ? 'not-found' : 'allowed';
}

function check(
  call: string,
  role: Role,
  outcome: ReturnType<typeof expectedOutcome>,
  answer: Answer,
  strict: boolean,
): void {
  const where = `${call} as ${role.name}: ${JSON.stringify(answer.body)}`;
  if (outcome === 'forbidden') {
    expect(answer.status, where).toBe(403);
    expect(answer.body.Errors?.[0]?.Code, where).toBe('4');
  } else if (outcome === 'not-found') {
    expect(answer.status, where).toBe(404);
  } else if (strict) {
    expect(answer.status, where).toBe(200);
  } else {
    expect(answer.status, where).toBeLessThan(500);
    expect([401, 403], where).not.toContain(answer.status);
  }
}

describe('the authorization table', () => {
  it('ASVS 8.1.1: every call of the registry declares the authorization written out here, and has a probe', () => {
    expect(Object.fromEntries(CALLS.map((call) => [call.name, call.access]))).toEqual(EXPECTED_ACCESS);
    for (const call of CALLS) expect(PROBES[call.name], call.name).toBeDefined();
    const platformOnly = CALLS.filter((call) => call.access.kind === 'right' && call.access.platformOnly);
    expect(new Set(platformOnly.map((call) => call.name))).toEqual(PLATFORM_ONLY);
  });

  it('every call that names a user declares how the pipeline finds them, as written out here', () => {
    const declared = CALLS.filter((call) => call.subject).map((call) => [
      call.name,
      {
        lock: call.subject?.lock === true,
        rule: call.subject?.reads ? 'reads' : 'acts',
        notYourself: call.subject?.notYourself !== undefined,
      },
    ]);
    expect(Object.fromEntries(declared)).toEqual(EXPECTED_SUBJECT);
    // A call that takes UserName and declares no subject would skip the 404 and ATK-45 rules.
    const namesAUser = CALLS.filter((call) => 'UserName' in call.input.properties && call.name !== 'CreateUser').map(
      (call) => call.name,
    );
    expect(namesAUser.sort()).toEqual(Object.keys(EXPECTED_SUBJECT).sort());
  });

  it('ASVS 7.5.1: every call that asks for a proof of the person declares it, as written out here', () => {
    const declared = CALLS.filter((call) => call.freshness).map((call) => [call.name, call.freshness?.proof]);
    expect(Object.fromEntries(declared)).toEqual(EXPECTED_FRESHNESS);
    // CurrentPassword is a proof: a call that takes it declares which (UpdatePassword's is its act).
    const takesPassword = CALLS.filter((call) => 'CurrentPassword' in call.input.properties).map((call) => call.name);
    expect(takesPassword.filter((name) => name !== 'UpdatePassword' && !EXPECTED_FRESHNESS[name])).toEqual([]);
  });

  it("a call writes in the pipeline's transaction unless it only reads (OAPI names reads Read…)", () => {
    // Verify… checks without changing anything, as its name says.
    const reads = (name: string) => name.startsWith('Read') || name.startsWith('Verify');
    for (const call of CALLS) expect(call.effect, call.name).toBe(reads(call.name) ? 'read' : 'write');
  });
});

/**
 * A key of `userName`, turned off: DeleteUser refuses a user whose key is active (as OAPI), and
 * the probes must reach the authorization of every call.
 */
async function inactiveKey(owner: ApiClient, userName: string): Promise<string> {
  const created = await owner.call('CreateAccessKey', { UserName: userName });
  const { AccessKeyId } = created.body.AccessKey as { AccessKeyId: string };
  expect((await owner.call('UpdateAccessKey', { UserName: userName, AccessKeyId, State: 'INACTIVE' })).status).toBe(
    200,
  );
  return AccessKeyId;
}

describe.each(ENGINES)('the authorization matrix on %s', (engine) => {
  const mailed = useMailedServer(engine);

  it(
    'ASVS 8.2.1, 8.2.2, 8.3.1: owner, a sub-user with each right, one with none, another account and no one × every call',
    { timeout: 120_000 },
    async () => {
      const { server, sink } = mailed;
      const owner = (await signedUpClient(server.url)).client;
      expect((await owner.call('CreateUser', { UserName: 'target', UserEmail: uniqueEmail('target') })).status).toBe(
        200,
      );
      const targetKeyId = await inactiveKey(owner, 'target');
      const fixture: Fixture = { targetKeyId };
      // A customer's users hold no platform-only right (Right.platformOnly): granting one is refused.
      const everyRight = new Set(BUILT_IN_RIGHTS.filter((right) => !right.platformOnly).map((right) => right.name));
      const roles: Role[] = [{ name: 'owner', client: owner, rights: everyRight, stranger: false }];
      for (const right of [...everyRight, undefined]) {
        const sub = await invitedSubUser(server, sink, owner, { Rights: right ? [right] : [] });
        roles.push({
          name: `sub-user with ${right ?? 'no right'}`,
          client: sub.client,
          rights: new Set(right ? [right] : []),
          stranger: false,
        });
      }
      roles.push({
        name: "another account's owner",
        client: (await signedUpClient(server.url)).client,
        rights: everyRight,
        stranger: true,
      });

      let probed = 0;
      for (const call of CALLS) {
        const input = PROBES[call.name]!(fixture);
        const anonymous = await new ApiClient(server.url).call(call.name, input);
        if (call.access.kind === 'anyone') {
          expect(anonymous.status, `${call.name} without credential`).toBe(ANONYMOUS_STATUS[call.name]);
          continue;
        }
        expect(anonymous.status, `${call.name} without credential`).toBe(401);
        for (const role of roles) {
          const answer = await role.client.call(call.name, input);
          probed += 1;
          if (PLATFORM_ONLY.has(call.name)) {
            // No customer, whatever their rights, makes the platform's own calls (Access.platformOnly).
            expect([401, 403], `${call.name} as ${role.name}`).toContain(answer.status);
            continue;
          }
          check(
            call.name,
            role,
            expectedOutcome(call.access, role, input),
            answer,
            call.access.kind !== 'self' && !PASSED_AUTHORIZATION_THEN_NOT_FOUND.has(call.name),
          );
        }
      }
      expect(probed).toBe(CALLS.filter((call) => call.access.kind !== 'anyone').length * roles.length);
      // Nothing a probe did changed account A's target.
      const target = (await owner.call('ReadUserDetails', { UserName: 'target' })).body.UserDetails as Record<
        string,
        unknown
      >;
      expect(target).toMatchObject({ Enabled: true, Rights: [], InvitationPending: true });
      expect(target).not.toHaveProperty('FirstName');
    },
  );

  it(
    'ATK-45: acting on a user needs every right they hold, reading them does not, and no one deletes or disables themself',
    { timeout: 60_000 },
    async () => {
      const { server, sink } = mailed;
      const owner = (await signedUpClient(server.url)).client;
      expect(
        (
          await owner.call('CreateUser', {
            UserName: 'strong',
            UserEmail: uniqueEmail('strong'),
            Rights: ['TokenValidator'],
          })
        ).status,
      ).toBe(200);
      const strongKeyId = await inactiveKey(owner, 'strong');
      const manager = await invitedSubUser(server, sink, owner, { Rights: ['ManageUsers'] });
      for (const call of CALLS.filter((c) => c.subject)) {
        const input = { ...PROBES[call.name]!({ targetKeyId: strongKeyId }), UserName: 'strong' };
        const answer = await manager.client.call(call.name, input);
        const where = `${call.name} on a stronger user: ${JSON.stringify(answer.body)}`;
        if (call.subject?.reads) expect(answer.status, where).toBe(200);
        else {
          expect(answer.status, where).toBe(403);
          expect(answer.body.Errors?.[0]?.Details, where).toMatch(/TokenValidator/);
        }
        expect((await owner.call(call.name, input)).status, `${call.name} by the owner`).toBe(200);
        if (call.subject?.notYourself) {
          const self = await manager.client.call(call.name, { UserName: manager.userName, DryRun: true });
          expect(self.status, `${call.name} on oneself`).toBe(400);
        }
      }
      const strong = (await owner.call('ReadUserDetails', { UserName: 'strong' })).body.UserDetails as Record<
        string,
        unknown
      >;
      expect(strong).toMatchObject({ Enabled: true, Rights: ['TokenValidator'], InvitationPending: true });
    },
  );
});

describe.each(ENGINES)('freshness on %s', (engine) => {
  const mailed = useMailedServer(engine, { TESSERA_REAUTH_MINUTES: '1' });

  it('ASVS 7.5.1: past the re-authentication window, every call that declares a proof asks for it (403), before anything else', async () => {
    const owner = await signedUpClient(mailed.server.url);
    const manager = await invitedSubUser(mailed.server, mailed.sink, owner.client, { Rights: ['ManageUsers'] });
    // A user changing their own email through the EIM calls; the owner, everything else.
    const actors = (owners: ApiClient, managers: ApiClient) => (name: string) =>
      ['UpdateUser', 'UpdateUserDetails'].includes(name) ? managers : owners;
    const declaring = CALLS.filter((candidate) => candidate.freshness);
    mailed.server.clock.advance(2 * 60_000);
    const stale = actors(owner.client, manager.client);
    for (const call of declaring) {
      const answer = await stale(call.name).call(call.name, FRESHNESS_PROBES[call.name]!(manager.userName));
      expect(answer.status, `${call.name}: ${answer.text}`).toBe(403);
      expect(answer.body.Errors?.[0]?.Type, call.name).toBe('ReauthenticationRequired');
    }
    // A fresh sign-in is proof enough of the person (no second factor here): the same probes pass it.
    const [ownerAgain, managerAgain] = [new ApiClient(mailed.server.url), new ApiClient(mailed.server.url)];
    expect((await ownerAgain.call('SignIn', { Email: owner.email, Password: STRONG_PASSWORD })).status).toBe(200);
    expect((await managerAgain.call('SignIn', { Email: manager.email, Password: SUB_USER_PASSWORD })).status).toBe(200);
    const fresh = actors(ownerAgain, managerAgain);
    for (const call of declaring) {
      const answer = await fresh(call.name).call(call.name, FRESHNESS_PROBES[call.name]!(manager.userName));
      expect(answer.body.Errors?.[0]?.Type ?? 'none', `${call.name}: ${answer.text}`).not.toBe(
        'ReauthenticationRequired',
      );
    }
  });
});
