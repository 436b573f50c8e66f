import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { curlSigned } from '../support/signed-clients.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { invitedSubUser, SUB_USER_PASSWORD } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

const NEW_PASSWORD = 'purple elephants dance at midnight';

describe.each(ENGINES)('changing the password on %s', (engine) => {
  const mailed = useMailedServer(engine);

  const owner = () => signedUpClient(mailed.server.url);

  async function anotherDevice(email: string, password = STRONG_PASSWORD): Promise<ApiClient> {
    const client = new ApiClient(mailed.server.url);
    expect((await client.call('SignIn', { Email: email, Password: password })).status).toBe(200);
    return client;
  }

  const signIn = (email: string, password: string) =>
    new ApiClient(mailed.server.url).call('SignIn', { Email: email, Password: password });

  it('ASVS 6.2.3: a missing or wrong current password changes nothing', async () => {
    const { client, email } = await owner();
    const missing = await client.call('UpdatePassword', { NewPassword: NEW_PASSWORD });
    expect(missing.status).toBe(400);
    expect(missing.body.Errors?.[0]?.Details).toBe('CurrentPassword is required.');
    const wrong = await client.call('UpdatePassword', {
      CurrentPassword: 'not my password at all',
      NewPassword: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.Errors?.[0]?.Details).toBe('CurrentPassword is incorrect.');
    expect((await signIn(email, STRONG_PASSWORD)).status).toBe(200);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(401);
  });

  it('the new password follows the policy, with the reason, and differs from the current one', async () => {
    const { client } = await owner();
    const weak = await client.call('UpdatePassword', {
      CurrentPassword: STRONG_PASSWORD,
      NewPassword: 'password123456789',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.Errors?.[0]?.Details).toMatch(/^NewPassword is (too easy to guess|built from)/);
    const same = await client.call('UpdatePassword', {
      CurrentPassword: STRONG_PASSWORD,
      NewPassword: STRONG_PASSWORD,
    });
    expect(same.body.Errors?.[0]?.Details).toBe('NewPassword must differ from the current password.');
  });

  it('ASVS 6.2.2 and 6.3.7: the new password signs in, the old one no longer does, and a notice is mailed', async () => {
    const { client, email } = await owner();
    const other = await anotherDevice(email);
    expect(
      (await client.call('UpdatePassword', { CurrentPassword: STRONG_PASSWORD, NewPassword: NEW_PASSWORD })).status,
    ).toBe(200);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);
    expect((await signIn(email, STRONG_PASSWORD)).status).toBe(401);
    expect((await other.call('ReadAccounts')).status).toBe(200);
    await mailed.server.services.mail.wake();
    const notice = mailed.sink.to(email).find((mail) => mail.subject === 'Your password was changed');
    expect(notice?.text).not.toContain(NEW_PASSWORD);
    expect(notice?.text).not.toContain('other devices were signed out');
  });

  it('ASVS 7.4.3: signing out other devices ends every other session at once and rotates this one', async () => {
    const { client, email } = await owner();
    const other = await anotherDevice(email);
    const before = client.cookie!;
    expect(
      (
        await client.call('UpdatePassword', {
          CurrentPassword: STRONG_PASSWORD,
          NewPassword: NEW_PASSWORD,
          SignOutOtherDevices: true,
        })
      ).status,
    ).toBe(200);
    expect((await other.call('ReadAccounts')).status).toBe(401);
    expect(client.cookie).toBeDefined();
    expect(client.cookie).not.toBe(before);
    expect((await client.call('ReadAccounts')).status).toBe(200);
    expect((await client.call('ReadAccounts', {}, { cookie: before })).status).toBe(401);
  });

  it('ASVS 6.3.4: through the signed API the current password is required just the same', async () => {
    const { client, email } = await owner();
    const key = (await client.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const keys = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
    expect(
      (
        await curlSigned(
          mailed.server.url,
          'UpdatePassword',
          { CurrentPassword: 'wrong wrong wrong wrong', NewPassword: NEW_PASSWORD },
          keys,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await curlSigned(
          mailed.server.url,
          'UpdatePassword',
          { CurrentPassword: STRONG_PASSWORD, NewPassword: NEW_PASSWORD },
          keys,
        )
      ).status,
    ).toBe(200);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);
  });
});

describe.each(ENGINES)("a user's own names in their mails on %s", (engine) => {
  const mailed = useMailedServer(engine);

  it("a user's password notice greets them by their own first name, never the owner's", async () => {
    const { client: owner } = await signedUpClient(mailed.server.url, { FirstName: 'Jeanne' });
    const alice = await invitedSubUser(mailed.server, mailed.sink, owner);
    expect((await owner.call('UpdateUserDetails', { UserName: alice.userName, FirstName: 'Alice' })).status).toBe(200);
    const changed = await alice.client.call('UpdatePassword', {
      CurrentPassword: SUB_USER_PASSWORD,
      NewPassword: NEW_PASSWORD,
    });
    expect(changed.status, changed.text).toBe(200);
    const notice = () => mailed.sink.to(alice.email).find((mail) => mail.subject === 'Your password was changed');
    await expect.poll(notice).toBeDefined();
    expect(notice()!.text).toContain('Alice');
    expect(notice()!.text).not.toContain('Jeanne');
  });
});
