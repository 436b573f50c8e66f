import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { aws4fetchSigned, curlSigned, type Keys } from '../support/signed-clients.js';
import { useMailedServer } from '../support/smtp-sink.js';
import {
  expectError,
  invitationToken,
  invitedSubUser,
  SUB_USER_PASSWORD,
  uniqueUserName,
} from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

const OAPI_USER_FIELDS = ['CreationDate', 'LastModificationDate', 'Path', 'UserEmail', 'UserId', 'UserName'];
const OAPI_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

async function keysOf(client: ApiClient): Promise<Keys> {
  const key = (await client.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
  return { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
}

describe.each(ENGINES)('EIM users on %s', (engine) => {
  const mailed = useMailedServer(engine);
  const owner = async () => (await signedUpClient(mailed.server.url)).client;

  it("CreateUser answers exactly OAPI's User, and the invitation lets the user choose their own password", async () => {
    const admin = await owner();
    const email = uniqueEmail('alice');
    const created = await admin.call('CreateUser', { UserName: 'alice', UserEmail: email, Path: '/team/' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const user = created.body.User as Record<string, string>;
    expect(Object.keys(user).sort()).toEqual(OAPI_USER_FIELDS);
    expect(user).toMatchObject({ UserName: 'alice', UserEmail: email, Path: '/team/' });
    expect(user.UserId).toMatch(/^[A-Z0-9]{31}$/);
    expect(user.CreationDate).toMatch(OAPI_DATE);

    const token = await invitationToken(mailed.server, mailed.sink, email);
    const invitation = mailed.sink.to(email).at(-1)!;
    expect(invitation.subject).toBe('Jean Dupont invites you to their account');
    expect(invitation.text).toContain('alice');
    // Not signed in yet: the user has no password.
    expect(
      (await new ApiClient(mailed.server.url).call('SignIn', { Email: email, Password: SUB_USER_PASSWORD })).status,
    ).toBe(401);
    const weak = await new ApiClient(mailed.server.url).call('AcceptInvitation', {
      Token: token,
      Password: 'alice-password',
    });
    expectError(weak, 400, '4048');
    expect(
      (await new ApiClient(mailed.server.url).call('AcceptInvitation', { Token: token, Password: SUB_USER_PASSWORD }))
        .body,
    ).toMatchObject({ Email: email });
    expectError(
      await new ApiClient(mailed.server.url).call('AcceptInvitation', { Token: token, Password: SUB_USER_PASSWORD }),
      400,
      '4047',
    );

    const alice = new ApiClient(mailed.server.url);
    expect((await alice.call('SignIn', { Email: email, Password: SUB_USER_PASSWORD })).status).toBe(200);
    const own = (await alice.call('ReadUserDetails')).body.UserDetails as Record<string, unknown>;
    expect(own).toMatchObject({
      UserName: 'alice',
      IsOwner: false,
      Email: email,
      EmailConfirmed: true,
      Rights: [],
      Enabled: true,
      InvitationPending: false,
    });
  });

  it('an invitation expires, and a new one retires the previous link', async () => {
    const admin = await owner();
    const email = uniqueEmail('late');
    await admin.call('CreateUser', { UserName: 'late', UserEmail: email });
    const first = await invitationToken(mailed.server, mailed.sink, email);
    expect((await admin.call('ResendInvitation', { UserName: 'late' })).status).toBe(200);
    const second = await invitationToken(mailed.server, mailed.sink, email);
    expect(second).not.toBe(first);
    expectError(
      await new ApiClient(mailed.server.url).call('AcceptInvitation', { Token: first, Password: SUB_USER_PASSWORD }),
      400,
      '4047',
    );
    mailed.server.clock.advance(8 * 86_400_000);
    try {
      const expired = await new ApiClient(mailed.server.url).call('AcceptInvitation', {
        Token: second,
        Password: SUB_USER_PASSWORD,
      });
      expectError(expired, 400, '4047');
      expect(expired.body.Errors?.[0]?.Details).toMatch(/expired/);
    } finally {
      mailed.server.clock.advance(-8 * 86_400_000);
    }
    expect(
      (await new ApiClient(mailed.server.url).call('AcceptInvitation', { Token: second, Password: SUB_USER_PASSWORD }))
        .status,
    ).toBe(200);
    expectError(await admin.call('ResendInvitation', { UserName: 'late' }), 409, '9046');
  });

  it("UserName and Path follow OAPI's rules; names are unique per account without regard to case, emails across Tessera", async () => {
    const admin = await owner();
    for (const UserName of ['', 'bob smith', 'bob/x', 'élodie'])
      expectError(await admin.call('CreateUser', { UserName }), 400, '4047');
    for (const Path of ['', 'team', '/team', 'team/', '/te am/', '/a-b/'])
      expectError(await admin.call('CreateUser', { UserName: 'bob', Path }), 400, '4047');
    expectError(await admin.call('CreateUser', { UserName: 'a'.repeat(65) }), 400, '4106');
    expectError(await admin.call('CreateUser', { UserName: 'bob', Path: `/${'a'.repeat(511)}/` }), 400, '4106');
    expect((await admin.call('CreateUser', { UserName: 'Bob+ops=1,x.y@z-w_v' })).status).toBe(200);
    expectError(await admin.call('CreateUser', { UserName: 'BOB+OPS=1,X.Y@Z-W_V' }), 409, '9022');
    const email = uniqueEmail('taken');
    expect((await admin.call('CreateUser', { UserName: 'carol', UserEmail: email })).status).toBe(200);
    expectError(await admin.call('CreateUser', { UserName: 'dave', UserEmail: email.toUpperCase() }), 409, '9007');
    expectError(await admin.call('CreateUser', { UserName: 'erin', Rights: ['Root'] }), 400, '4047');
    expect(
      (await admin.call('CreateUser', { UserName: 'dry', UserEmail: uniqueEmail('dry'), DryRun: true })).status,
    ).toBe(200);
    expect(((await admin.call('ReadUsers')).body.Users as { UserName: string }[]).map((u) => u.UserName)).toEqual([
      'Bob+ops=1,x.y@z-w_v',
      'carol',
    ]);
  });

  it("ASVS 6.3.8: inviting someone's login in another account answers as for any outside address; its holder is told instead", async () => {
    const admin = await owner();
    const other = await signedUpClient(mailed.server.url);
    const free = uniqueEmail('free');
    const answers = [];
    for (const [UserName, UserEmail] of [
      ['free.one', free],
      ['taken.one', other.email],
    ] as const) {
      expect((await admin.call('CreateUser', { UserName, UserEmail, DryRun: true })).status).toBe(200);
      const created = await admin.call('CreateUser', { UserName, UserEmail });
      expect(created.status).toBe(200);
      answers.push(created.body.User as Record<string, unknown>);
    }
    const shape = ({ UserId: _id, UserName: _name, UserEmail: _email, ...rest }: Record<string, unknown>) => rest;
    expect(shape(answers[1]!)).toEqual(shape(answers[0]!));
    expect(answers[1]).toMatchObject({ UserEmail: other.email });
    const details = (name: string) =>
      admin.call('ReadUserDetails', { UserName: name }).then((answer) => answer.body.UserDetails);
    expect(await details('taken.one')).toMatchObject({ InvitationPending: true, Email: other.email });
    await mailed.server.services.mail.wake();
    const toHolder = mailed.sink.to(other.email).map((mail) => mail.subject);
    expect(toHolder).toContain('Someone tried to use your email address');
    expect(toHolder.some((subject) => /invites you to/.test(subject ?? ''))).toBe(false);
    expect(mailed.sink.to(free).some((mail) => /invites you to/.test(mail.subject ?? ''))).toBe(true);
    // Resending and moving to such an address answer alike too.
    expect((await admin.call('ResendInvitation', { UserName: 'taken.one' })).status).toBe(200);
    expect((await admin.call('UpdateUser', { UserName: 'free.one', NewUserEmail: other.email })).status).toBe(200);
    // Nothing can sign in with it but its holder, whose login is untouched.
    expect(
      (await new ApiClient(mailed.server.url).call('SignIn', { Email: other.email, Password: STRONG_PASSWORD })).status,
    ).toBe(200);
  });

  it('ReadUsers pages by name with FirstItem and ResultsPerPage, filters by UserIds, and never lists the owner', async () => {
    const admin = await owner();
    const ids: string[] = [];
    for (const name of ['u2', 'u3', 'u1'])
      ids.push(((await admin.call('CreateUser', { UserName: name })).body.User as { UserId: string }).UserId);
    const first = (await admin.call('ReadUsers', { ResultsPerPage: 2 })).body;
    expect(first).toMatchObject({ HasMoreItems: true, MaxResultsLimit: 1000, MaxResultsTruncated: false });
    expect((first.Users as { UserName: string }[]).map((u) => u.UserName)).toEqual(['u1', 'u2']);
    const second = (await admin.call('ReadUsers', { ResultsPerPage: 2, FirstItem: 2 })).body;
    expect(second).toMatchObject({ HasMoreItems: false });
    expect((second.Users as { UserName: string }[]).map((u) => u.UserName)).toEqual(['u3']);
    const filtered = (await admin.call('ReadUsers', { Filters: { UserIds: [ids[2], 'NOSUCHUSER'] } })).body.Users as {
      UserId: string;
    }[];
    expect(filtered.map((u) => u.UserId)).toEqual([ids[2]]);
    expect((await admin.call('ReadUsers', { ResultsPerPage: 5000 })).body).toMatchObject({ MaxResultsTruncated: true });
    expectError(await admin.call('ReadUsers', { ResultsPerPage: 0 }), 400, '4047');
    expectError(await admin.call('ReadUsers', { FirstItem: -1 }), 400, '4047');
  });

  it('UpdateUser renames and moves a user; a new email for a user still invited sends a new invitation there', async () => {
    const admin = await owner();
    const before = uniqueEmail('before');
    await admin.call('CreateUser', { UserName: 'frank', UserEmail: before });
    const oldToken = await invitationToken(mailed.server, mailed.sink, before);
    const after = uniqueEmail('after');
    const updated = await admin.call('UpdateUser', {
      UserName: 'FRANK',
      NewUserName: 'franck',
      NewPath: '/ops/',
      NewUserEmail: after,
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.User).toMatchObject({ UserName: 'franck', Path: '/ops/', UserEmail: after });
    expectError(
      await new ApiClient(mailed.server.url).call('AcceptInvitation', { Token: oldToken, Password: SUB_USER_PASSWORD }),
      400,
      '4047',
    );
    expect(
      (
        await new ApiClient(mailed.server.url).call('AcceptInvitation', {
          Token: await invitationToken(mailed.server, mailed.sink, after),
          Password: SUB_USER_PASSWORD,
        })
      ).status,
    ).toBe(200);
    expectError(await admin.call('UpdateUser', { UserName: 'frank' }), 404, '5075');
    await admin.call('CreateUser', { UserName: 'gina' });
    expectError(await admin.call('UpdateUser', { UserName: 'gina', NewUserName: 'Franck' }), 409, '9022');
  });

  it("UpdateUserDetails sets the Modify window: names, OVH phone form stored in E.164, and rights; ReadRights lists the customer's catalogue in both languages", async () => {
    const admin = await owner();
    await admin.call('CreateUser', { UserName: 'hugo' });
    const updated = await admin.call('UpdateUserDetails', {
      UserName: 'hugo',
      FirstName: 'Hugo',
      LastName: 'Lefèvre',
      PhoneNumber: '+33.612345678',
      Rights: ['TokenValidator', 'ManageNetwork'],
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.UserDetails).toMatchObject({
      FirstName: 'Hugo',
      LastName: 'Lefèvre',
      PhoneNumber: '+33612345678',
      Rights: ['TokenValidator', 'ManageNetwork'],
    });
    expect((await admin.call('ReadUserDetails', { UserName: 'hugo' })).body.UserDetails).toMatchObject({
      PhoneNumber: '+33612345678',
      Rights: ['TokenValidator', 'ManageNetwork'],
    });
    expectError(await admin.call('UpdateUserDetails', { UserName: 'hugo', PhoneNumber: '12' }), 400, '4047');
    expectError(
      await admin.call('UpdateUserDetails', { UserName: 'hugo', Rights: ['ManageUsers', 'ManageUsers'] }),
      400,
      '4047',
    );
    const rights = (await admin.call('ReadRights')).body.Rights as {
      Name: string;
      Description: { en: string; fr: string };
    }[];
    expect(rights.map((r) => r.Name)).toEqual([
      'TokenValidator',
      'ManageNetwork',
      'ManageIpFailOvers',
      'ManageUsers',
      'ManageAccount',
      'ReadAuditLog',
    ]);
    for (const right of rights) expect(right.Description.en && right.Description.fr).toBeTruthy();
    const self = (await admin.call('ReadUserDetails')).body.UserDetails as { IsOwner: boolean; Rights: string[] };
    expect(self.IsOwner).toBe(true);
    expect(self.Rights).toEqual(rights.map((r) => r.Name));
  });

  it('a sub-user has their own space, password, sessions and keys, and can never change their own rights', async () => {
    const admin = await owner();
    const sub = await invitedSubUser(mailed.server, mailed.sink, admin, {
      FirstName: 'Ines',
      Rights: ['TokenValidator'],
    });
    expect(
      (await sub.client.call('UpdateUserDetails', { LastName: 'Moreau', PhoneNumber: '+33 6 12 34 56 78' })).body
        .UserDetails,
    ).toMatchObject({ FirstName: 'Ines', LastName: 'Moreau', PhoneNumber: '+33612345678' });
    expectError(await sub.client.call('UpdateUserDetails', { Rights: ['TokenValidator', 'ManageUsers'] }), 403, '4');
    expectError(
      await sub.client.call('UpdateUserDetails', { UserName: sub.userName.toUpperCase(), Rights: [] }),
      403,
      '4',
    );
    expectError(await admin.call('UpdateUserDetails', { Rights: [] }), 403, '4');
    expect((await sub.client.call('ReadAccounts')).status).toBe(200);
    expectError(await sub.client.call('UpdateAccount', { City: 'Lyon' }), 403, '4');
    const keys = await keysOf(sub.client);
    expect((await curlSigned(mailed.server.url, 'ReadUserDetails', {}, keys)).body.UserDetails).toMatchObject({
      UserName: sub.userName,
      Rights: ['TokenValidator'],
    });
    expect(
      (
        (await admin.call('ReadAccessKeys', { UserName: sub.userName })).body.AccessKeys as { AccessKeyId: string }[]
      ).map((k) => k.AccessKeyId),
    ).toEqual([keys.accessKeyId]);
    expect(
      (
        await sub.client.call('UpdatePassword', {
          CurrentPassword: SUB_USER_PASSWORD,
          NewPassword: 'quiet meadow copper lantern',
        })
      ).status,
    ).toBe(200);
    expect(((await sub.client.call('ReadSessions')).body.Sessions as unknown[]).length).toBe(1);
  });

  it('ASVS 8.2.1: a right given or taken takes effect on the very next request, by session and by signature', async () => {
    const admin = await owner();
    const sub = await invitedSubUser(mailed.server, mailed.sink, admin, { Rights: ['ManageAccount'] });
    const keys = await keysOf(sub.client);
    expect((await sub.client.call('UpdateAccount', { City: 'Lyon' })).status).toBe(200);
    expect((await curlSigned(mailed.server.url, 'UpdateAccount', { City: 'Nantes' }, keys)).status).toBe(200);
    expectError(await sub.client.call('UpdateAccount', { Email: uniqueEmail('steal') }), 403, '4');
    await admin.call('UpdateUserDetails', { UserName: sub.userName, Rights: [] });
    expectError(await sub.client.call('UpdateAccount', { City: 'Lille' }), 403, '4');
    expectError(await curlSigned(mailed.server.url, 'UpdateAccount', { City: 'Lille' }, keys), 403, '4');
    expectError(await sub.client.call('UpdateAccount', { City: 'Lille', DryRun: true }), 403, '4');
  });

  it("ASVS 8.2.1: the platform's own rights (Support, SubmitOperations, VerifyRequests) are neither held, offered nor granted in a customer's account", async () => {
    const platformOnly = ['Support', 'SubmitOperations', 'VerifyRequests'];
    const admin = await owner();
    const listed = ((await admin.call('ReadRights')).body.Rights as { Name: string }[]).map((right) => right.Name);
    const self = (await admin.call('ReadUserDetails')).body.UserDetails as { Rights: string[] };
    for (const right of platformOnly) {
      expect(listed).not.toContain(right);
      expect(self.Rights).not.toContain(right);
    }
    // The owner holds every other right.
    expect(self.Rights).toEqual(listed);
    for (const right of platformOnly) {
      const created = await admin.call('CreateUser', { UserName: uniqueUserName(), Rights: ['TokenValidator', right] });
      expectError(created, 400, '4047');
      expect(created.body.Errors?.[0]?.Details).toContain(`Rights: ${right} can only be held by users of the platform`);
    }
    const sub = await invitedSubUser(mailed.server, mailed.sink, admin, { Rights: ['ManageUsers', 'ManageNetwork'] });
    expectError(
      await admin.call('UpdateUserDetails', { UserName: sub.userName, Rights: ['VerifyRequests'] }),
      400,
      '4047',
    );
    // A sub-user given such a right before it was the platform's holds it not, and the owner still manages them.
    await mailed.server.services.store.db
      .updateTable('users')
      .set({ rights: JSON.stringify(['ManageNetwork', 'ManageUsers', 'Support', 'VerifyRequests']) })
      .where('user_name', '=', sub.userName)
      .execute();
    expect((await sub.client.call('ReadUserDetails')).body.UserDetails).toMatchObject({
      Rights: ['ManageNetwork', 'ManageUsers'],
    });
    expect((await admin.call('ReadUserDetails', { UserName: sub.userName })).body.UserDetails).toMatchObject({
      Rights: ['ManageNetwork', 'ManageUsers'],
    });
    const revised = await admin.call('UpdateUserDetails', { UserName: sub.userName, Rights: ['ManageNetwork'] });
    expect(revised.status, revised.text).toBe(200);
    expect(revised.body.UserDetails).toMatchObject({ Rights: ['ManageNetwork'] });
  });

  it('ATK-43: a user who manages users grants and removes only the rights they hold', async () => {
    const admin = await owner();
    const manager = await invitedSubUser(mailed.server, mailed.sink, admin, {
      Rights: ['ManageUsers', 'ManageNetwork'],
    });
    expectError(await manager.client.call('CreateUser', { UserName: 'x1', Rights: ['ManageAccount'] }), 403, '4');
    expect((await manager.client.call('CreateUser', { UserName: 'x1', Rights: ['ManageNetwork'] })).status).toBe(200);
    expectError(
      await manager.client.call('UpdateUserDetails', { UserName: 'x1', Rights: ['ManageNetwork', 'ManageAccount'] }),
      403,
      '4',
    );
    expect((await manager.client.call('UpdateUserDetails', { UserName: 'x1', Rights: [], DryRun: true })).status).toBe(
      200,
    );
    expect(
      (await manager.client.call('UpdateUserDetails', { UserName: 'x1', Rights: [] })).body.UserDetails,
    ).toMatchObject({ Rights: [] });
    await admin.call('UpdateUserDetails', { UserName: 'x1', Rights: ['TokenValidator'] });
    expectError(await manager.client.call('UpdateUserDetails', { UserName: 'x1', Rights: [] }), 403, '4');
  });

  it('ATK-45: a user who manages users cannot act on a stronger user: no key, no new address, no disabling', async () => {
    const admin = await owner();
    const manager = await invitedSubUser(mailed.server, mailed.sink, admin, { Rights: ['ManageUsers'] });
    const strong = await invitedSubUser(mailed.server, mailed.sink, admin, {
      Rights: ['ManageUsers', 'ManageAccount'],
    });
    for (const [call, input] of [
      ['CreateAccessKey', { UserName: strong.userName }],
      ['UpdateUser', { UserName: strong.userName, NewUserEmail: uniqueEmail('mine') }],
      ['UpdateUserDetails', { UserName: strong.userName, Email: uniqueEmail('mine') }],
      ['DisableUser', { UserName: strong.userName }],
      ['DeleteUser', { UserName: strong.userName }],
    ] as const) {
      expectError(await manager.client.call(call, input), 403, '4');
    }
    expect((await manager.client.call('ReadUserDetails', { UserName: strong.userName })).status).toBe(200);
    expect((await strong.client.call('CreateAccessKey', { UserName: manager.userName, DryRun: true })).status).toBe(
      200,
    );
  });

  it('ASVS 7.4.2: disabling a user ends their sessions, deactivates their keys and refuses sign-in at once; enabling lets them sign in again', async () => {
    const admin = await owner();
    const sub = await invitedSubUser(mailed.server, mailed.sink, admin);
    const keys = await keysOf(sub.client);
    const disabled = await admin.call('DisableUser', { UserName: sub.userName });
    expect(disabled.body.UserDetails).toMatchObject({ Enabled: false });
    expect((await sub.client.call('ReadAccounts')).status).toBe(401);
    expect((await curlSigned(mailed.server.url, 'ReadAccounts', {}, keys)).status).toBe(401);
    const refused = await new ApiClient(mailed.server.url).call('SignIn', {
      Email: sub.email,
      Password: SUB_USER_PASSWORD,
    });
    expect(refused.status).toBe(401);
    expect(refused.body.Errors?.[0]?.Details).toMatch(/disabled/);
    expect(
      ((await admin.call('ReadAccessKeys', { UserName: sub.userName })).body.AccessKeys as { State: string }[])[0]!
        .State,
    ).toBe('INACTIVE');
    expect((await admin.call('EnableUser', { UserName: sub.userName })).body.UserDetails).toMatchObject({
      Enabled: true,
    });
    expect(
      (await new ApiClient(mailed.server.url).call('SignIn', { Email: sub.email, Password: SUB_USER_PASSWORD })).status,
    ).toBe(200);
    expect((await curlSigned(mailed.server.url, 'ReadAccounts', {}, keys)).status).toBe(401);
  });

  it('DeleteUser removes the user with their keys and sessions once no key is active, as OAPI; no one can disable or delete themself', async () => {
    const admin = await owner();
    const manager = await invitedSubUser(mailed.server, mailed.sink, admin, { Rights: ['ManageUsers'] });
    const keys = await keysOf(manager.client);
    expectError(await manager.client.call('DeleteUser', { UserName: manager.userName }), 400, '4047');
    expectError(await manager.client.call('DisableUser', { UserName: manager.userName }), 400, '4047');
    const inUse = await admin.call('DeleteUser', { UserName: manager.userName });
    expectError(inUse, 400, '4047');
    expect(inUse.body.Errors?.[0]?.Details).toBe(
      `${manager.userName} still has 1 active access key: deactivate or delete it first (UpdateAccessKey with State INACTIVE).`,
    );
    expectError(await admin.call('DeleteUser', { UserName: manager.userName, DryRun: true }), 400, '4047');
    expect((await curlSigned(mailed.server.url, 'ReadAccounts', {}, keys)).status).toBe(200);
    expect(
      (
        await admin.call('UpdateAccessKey', {
          UserName: manager.userName,
          AccessKeyId: keys.accessKeyId,
          State: 'INACTIVE',
        })
      ).status,
    ).toBe(200);
    expect((await admin.call('DeleteUser', { UserName: manager.userName, DryRun: true })).status).toBe(200);
    expect((await manager.client.call('ReadAccounts')).status).toBe(200);
    expect((await admin.call('DeleteUser', { UserName: manager.userName })).status).toBe(200);
    expect((await manager.client.call('ReadAccounts')).status).toBe(401);
    expectError(await curlSigned(mailed.server.url, 'ReadAccounts', {}, keys), 400, '4120');
    expectError(await admin.call('DeleteUser', { UserName: manager.userName }), 404, '5075');
  });

  it("ASVS 8.2.2: another account's users, keys and sessions answer 404, exactly as ones that never existed", async () => {
    const admin = await owner();
    const sub = await invitedSubUser(mailed.server, mailed.sink, admin);
    const subKeys = await keysOf(sub.client);
    const sessionId = ((await sub.client.call('ReadSessions')).body.Sessions as { SessionId: string }[])[0]!.SessionId;
    const stranger = await owner();
    const probes: [string, Record<string, unknown>][] = [
      ['ReadUserDetails', { UserName: sub.userName }],
      ['UpdateUserDetails', { UserName: sub.userName, FirstName: 'Eve' }],
      ['UpdateUser', { UserName: sub.userName, NewUserName: 'eve' }],
      ['DeleteUser', { UserName: sub.userName }],
      ['DisableUser', { UserName: sub.userName }],
      ['ResendInvitation', { UserName: sub.userName }],
      ['ReadAccessKeys', { UserName: sub.userName }],
      ['DeleteAccessKey', { AccessKeyId: subKeys.accessKeyId }],
      ['DeleteSession', { SessionId: sessionId }],
    ];
    for (const [call, input] of probes) {
      const foreign = await stranger.call(call, input);
      const missing = await stranger.call(call, {
        ...input,
        ...('UserName' in input ? { UserName: 'nobody-at-all' } : {}),
        ...('AccessKeyId' in input ? { AccessKeyId: 'AAAAAAAAAAAAAAAAAAAA' } : {}),
        ...('SessionId' in input ? { SessionId: 'x'.repeat(22) } : {}),
      });
      expect(foreign.status, call).toBe(404);
      expect(foreign.body.Errors?.[0]?.Code).toBe(missing.body.Errors?.[0]?.Code);
      expect(
        foreign.body.Errors?.[0]?.Details.replace(sub.userName, 'nobody-at-all')
          .replace(subKeys.accessKeyId, 'AAAAAAAAAAAAAAAAAAAA')
          .replace(sessionId, 'x'.repeat(22)),
      ).toBe(missing.body.Errors?.[0]?.Details);
    }
    expect((await stranger.call('ReadUsers')).body.Users).toEqual([]);
    expect((await sub.client.call('ReadAccounts')).status).toBe(200);
    expect((await curlSigned(mailed.server.url, 'ReadAccounts', {}, subKeys)).status).toBe(200);
  });

  it('the user calls work over signed requests from real clients (curl --aws-sigv4 and aws4fetch)', async () => {
    const admin = await owner();
    const keys = await keysOf(admin);
    const name = uniqueUserName('signed');
    const created = await curlSigned(
      mailed.server.url,
      'CreateUser',
      { UserName: name, UserEmail: uniqueEmail('signed') },
      keys,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const listed = await aws4fetchSigned(
      mailed.server.url,
      'ReadUsers',
      { Filters: { UserIds: [(created.body.User as { UserId: string }).UserId] } },
      keys,
    );
    expect((listed.body.Users as { UserName: string }[]).map((u) => u.UserName)).toEqual([name]);
    expect(
      (await aws4fetchSigned(mailed.server.url, 'UpdateUser', { UserName: name, NewPath: '/signed/' }, keys)).body.User,
    ).toMatchObject({ Path: '/signed/' });
    expect((await curlSigned(mailed.server.url, 'DeleteUser', { UserName: name }, keys)).status).toBe(200);
  });
});
