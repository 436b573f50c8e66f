import { describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../src/domain/sign-in-throttle.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { aws4fetchSigned, type Keys } from '../support/signed-clients.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { invitedSubUser, SUB_USER_PASSWORD } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

const NEW_PASSWORD = 'purple elephants dance at midnight';
const WRONG = 'definitely not the password';

describe.each(ENGINES)('takeover and credential paths on %s', (engine) => {
  const mailed = useMailedServer(engine, { TESSERA_TRUSTED_PROXIES: '127.0.0.1' });

  async function links(to: string, page: string): Promise<string[]> {
    await mailed.server.services.mail.wake();
    return mailed.sink
      .to(to)
      .map((mail) => new RegExp(`/${page}#([A-Za-z0-9_-]{43})`).exec(mail.text ?? '')?.[1])
      .filter((token): token is string => token !== undefined);
  }
  const lastLink = async (to: string, page: string) => (await links(to, page)).at(-1)!;
  const anonymous = () => new ApiClient(mailed.server.url);
  const signIn = (email: string, password: string) => anonymous().call('SignIn', { Email: email, Password: password });
  const staleSession = () => mailed.server.clock.advance((mailed.server.services.config.reauthMinutes + 1) * 60_000);

  async function keyOf(client: ApiClient): Promise<Keys> {
    const key = (await client.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    return { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
  }

  it('ATK-57, ASVS 6.3.4: a leaked access key cannot move the login: a signed Email change needs the current password', async () => {
    const { client, email } = await signedUpClient(mailed.server.url);
    const keys = await keyOf(client);
    const attacker = uniqueEmail('attacker');
    const refused = await aws4fetchSigned(mailed.server.url, 'UpdateAccount', { Email: attacker }, keys);
    expect(refused.status).toBe(403);
    expect(refused.body.Errors?.[0]?.Type).toBe('ReauthenticationRequired');
    expect(refused.body.Errors?.[0]?.Details).toMatch(/needs CurrentPassword/);
    expect(await links(attacker, 'confirm-email')).toHaveLength(0);
    const guessed = await aws4fetchSigned(
      mailed.server.url,
      'UpdateAccount',
      { Email: attacker, CurrentPassword: WRONG },
      keys,
    );
    expect(guessed.status).toBe(400);
    expect(await links(attacker, 'confirm-email')).toHaveLength(0);
    const proved = await aws4fetchSigned(
      mailed.server.url,
      'UpdateAccount',
      { Email: uniqueEmail('mine'), CurrentPassword: STRONG_PASSWORD },
      keys,
    );
    expect(proved.status).toBe(200);
    // Profile fields stay a key's business: only the login address needs the person.
    expect((await aws4fetchSigned(mailed.server.url, 'UpdateAccount', { City: 'Lyon' }, keys)).status).toBe(200);
    expect((await signIn(email, STRONG_PASSWORD)).status).toBe(200);
  });

  it('ATK-57, ASVS 7.5.1: a ManageUsers holder changing its own address by UpdateUser or UpdateUserDetails proves it is them', async () => {
    const { client: owner } = await signedUpClient(mailed.server.url);
    const manager = await invitedSubUser(mailed.server, mailed.sink, owner, { Rights: ['ManageUsers'] });
    staleSession();
    for (const [call, field] of [
      ['UpdateUser', 'NewUserEmail'],
      ['UpdateUserDetails', 'Email'],
    ] as const) {
      const stale = await manager.client.call(call, { UserName: manager.userName, [field]: uniqueEmail('late') });
      expect(stale.status, call).toBe(403);
      expect(stale.body.Errors?.[0]?.Type).toBe('ReauthenticationRequired');
      const proved = await manager.client.call(call, {
        UserName: manager.userName,
        [field]: uniqueEmail('proved'),
        CurrentPassword: SUB_USER_PASSWORD,
      });
      expect(proved.status, call).toBe(200);
    }
    const keys = await keyOf(manager.client);
    const signed = await aws4fetchSigned(
      mailed.server.url,
      'UpdateUser',
      { UserName: manager.userName, NewUserEmail: uniqueEmail('signed') },
      keys,
    );
    expect(signed.status).toBe(403);
    // Another user's address is the manager's to change: that needs no proof of the manager.
    const other = await invitedSubUser(mailed.server, mailed.sink, owner);
    expect(
      (await manager.client.call('UpdateUser', { UserName: other.userName, NewUserEmail: uniqueEmail('other') }))
        .status,
    ).toBe(200);
  });

  it('ATK-64: wrong CurrentPassword guesses in an email change are counted and throttled like sign-ins', async () => {
    const { client, email } = await signedUpClient(mailed.server.url);
    const { freeFailures } = SIGN_IN_LIMITS.account;
    for (let i = 0; i < freeFailures; i += 1) {
      const wrong = await client.call('UpdateAccount', { Email: uniqueEmail('guess'), CurrentPassword: WRONG });
      expect(wrong.status).toBe(400);
    }
    const throttled = await client.call('UpdateAccount', { Email: uniqueEmail('guess'), CurrentPassword: WRONG });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same count as sign-in: the login itself now waits.
    expect((await signIn(email, STRONG_PASSWORD)).status).toBe(429);
  });

  it('ATK-68: of two concurrent password changes from the same current password exactly one wins', async () => {
    const { client, email } = await signedUpClient(mailed.server.url);
    const other = anonymous();
    await other.call('SignIn', { Email: email, Password: STRONG_PASSWORD });
    const candidates = ['first long passphrase of mine', 'second long passphrase of mine'];
    const answers = await Promise.all(
      [client, other].map((session, i) =>
        session.call('UpdatePassword', { CurrentPassword: STRONG_PASSWORD, NewPassword: candidates[i] }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const loser = answers.find((answer) => answer.status === 400)!;
    expect(loser.body.Errors?.[0]?.Details).toMatch(/CurrentPassword (is no longer your password|is incorrect)/);
    const winner = candidates[answers.findIndex((answer) => answer.status === 200)]!;
    expect((await signIn(email, winner)).status).toBe(200);
    expect(
      (
        await signIn(
          email,
          candidates.find((c) => c !== winner)!,
        )
      ).status,
    ).toBe(401);
  });

  it('ATK-77, ASVS 6.4.3: reset links die when the password changes or when the login address switches', async () => {
    const { client, email } = await signedUpClient(mailed.server.url);
    await anonymous().call('SendResetPasswordEmail', { Email: email });
    const beforePasswordChange = await lastLink(email, 'reset-password');
    expect(
      (await client.call('UpdatePassword', { CurrentPassword: STRONG_PASSWORD, NewPassword: NEW_PASSWORD })).status,
    ).toBe(200);
    const afterPassword = await anonymous().call('ResetAccountPassword', {
      Token: beforePasswordChange,
      Password: 'a passphrase the attacker picked',
    });
    expect(afterPassword.status).toBe(400);

    await anonymous().call('SendResetPasswordEmail', { Email: email });
    const beforeSwitch = await lastLink(email, 'reset-password');
    const next = uniqueEmail('next');
    await client.call('SignIn', { Email: email, Password: NEW_PASSWORD });
    expect((await client.call('UpdateAccount', { Email: next })).status).toBe(200);
    expect((await anonymous().call('ConfirmEmail', { Token: await lastLink(next, 'confirm-email') })).status).toBe(200);
    const afterSwitch = await anonymous().call('ResetAccountPassword', {
      Token: beforeSwitch,
      Password: 'a passphrase the attacker picked',
    });
    expect(afterSwitch.status).toBe(400);
    expect((await signIn(next, NEW_PASSWORD)).status).toBe(200);
  });

  it("ATK-80: whoever signs up with someone else's address gets no way in; the mailbox's owner takes it by a reset", async () => {
    const victim = uniqueEmail('victim');
    const squatterPassword = 'the squatter chose this passphrase';
    const squatter = anonymous();
    const signUp = await squatter.call('SignUp', {
      Email: victim,
      Password: squatterPassword,
      FirstName: 'Sly',
      LastName: 'Squatter',
    });
    expect(signUp.status).toBe(200);
    expect(squatter.cookie).toBeUndefined();
    expect((await signIn(victim, squatterPassword)).status).toBe(401);
    const basic = `Basic ${Buffer.from(`${victim}:${squatterPassword}`).toString('base64')}`;
    expect((await squatter.call('CreateAccessKey', {}, { authorization: basic })).status).toBe(401);

    await anonymous().call('SendResetPasswordEmail', { Email: victim });
    const reset = await anonymous().call('ResetAccountPassword', {
      Token: await lastLink(victim, 'reset-password'),
      Password: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);
    expect((await signIn(victim, squatterPassword)).status).toBe(401);
    const owner = anonymous();
    expect((await owner.call('SignIn', { Email: victim, Password: NEW_PASSWORD })).status).toBe(200);
    expect((await owner.call('ReadEmailAddresses')).body).toMatchObject({ Email: victim, EmailConfirmed: true });
  });

  it('ATK-80: reclaiming an account left unconfirmed (made before sign-up needed the link) ends every credential it had', async () => {
    const victim = uniqueEmail('victim');
    const { client: squatter } = await signedUpClient(mailed.server.url, { Email: victim });
    const keys = await keyOf(squatter);
    expect((await aws4fetchSigned(mailed.server.url, 'ReadAccounts', {}, keys)).status).toBe(200);
    const helper = await invitedSubUser(mailed.server, mailed.sink, squatter, { Rights: ['ManageAccount'] });
    // An account from before this rule, whose address no one ever confirmed.
    await mailed.server.services.store.db
      .updateTable('users')
      .set({ email_confirmed_at: null })
      .where('email', '=', victim)
      .execute();

    await anonymous().call('SendResetPasswordEmail', { Email: victim });
    const reset = await anonymous().call('ResetAccountPassword', {
      Token: await lastLink(victim, 'reset-password'),
      Password: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);

    expect((await squatter.call('ReadAccounts')).status).toBe(401);
    // The key is gone: OAPI's answer for a key that does not exist.
    expect((await aws4fetchSigned(mailed.server.url, 'ReadAccounts', {}, keys)).body.Errors?.[0]?.Code).toBe('4120');
    expect((await helper.client.call('ReadAccounts')).status).toBe(401);
    expect((await signIn(helper.email, SUB_USER_PASSWORD)).status).toBe(401);
    const owner = anonymous();
    expect((await owner.call('SignIn', { Email: victim, Password: NEW_PASSWORD })).status).toBe(200);
    expect((await owner.call('ReadAccessKeys')).body.AccessKeys).toEqual([]);
    expect((await owner.call('ReadUsers')).body.Users).toEqual([]);
    expect((await owner.call('ReadEmailAddresses')).body).toMatchObject({ Email: victim, EmailConfirmed: true });
  });

  it('ATK-80: a reset of a confirmed account keeps its access keys and users', async () => {
    const { client, email } = await signedUpClient(mailed.server.url);
    const keys = await keyOf(client);
    await anonymous().call('SendResetPasswordEmail', { Email: email });
    await anonymous().call('ResetAccountPassword', {
      Token: await lastLink(email, 'reset-password'),
      Password: NEW_PASSWORD,
    });
    expect((await aws4fetchSigned(mailed.server.url, 'ReadAccounts', {}, keys)).status).toBe(200);
  });
});
