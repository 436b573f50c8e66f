import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { curlSigned } from '../support/signed-clients.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { ENGINES } from '../support/test-server.js';

describe.each(ENGINES)('changing the email on %s', (engine) => {
  const mailed = useMailedServer(engine);

  const owner = () => signedUpClient(mailed.server.url);

  async function lastMail(to: string, subject: string) {
    await mailed.server.services.mail.wake();
    const mails = mailed.sink.to(to).filter((mail) => mail.subject === subject);
    expect(mails.length).toBeGreaterThan(0);
    return mails[mails.length - 1]!;
  }

  function tokenOf(text: string | undefined, page: string): string {
    const match = new RegExp(`/${page}#([A-Za-z0-9_-]{43})`).exec(text ?? '');
    if (!match) throw new Error(`no ${page} link in ${text ?? ''}`);
    return match[1]!;
  }

  const signIn = (email: string) =>
    new ApiClient(mailed.server.url).call('SignIn', { Email: email, Password: STRONG_PASSWORD });

  it('the login switches only when the new address confirms; the old address is told, with a cancel link', async () => {
    const { client, email } = await owner();
    const next = uniqueEmail('next');
    expect((await client.call('UpdateAccount', { Email: next })).status).toBe(200);

    const notice = await lastMail(email, 'Your email address is about to change');
    expect(notice.text).toContain(next);
    tokenOf(notice.text, 'cancel-email-change');
    const confirmation = await lastMail(next, 'Confirm your new email address');

    expect((await signIn(email)).status).toBe(200);
    expect((await signIn(next)).status).toBe(401);
    expect(((await client.call('ReadAccounts')).body.Accounts as Record<string, unknown>[])[0]!.Email).toBe(email);

    expect(
      (
        await new ApiClient(mailed.server.url).call('ConfirmEmail', {
          Token: tokenOf(confirmation.text, 'confirm-email'),
        })
      ).status,
    ).toBe(200);
    expect(((await client.call('ReadAccounts')).body.Accounts as Record<string, unknown>[])[0]!.Email).toBe(next);
    expect((await signIn(next)).status).toBe(200);
    expect((await signIn(email)).status).toBe(401);
    expect((await client.call('ReadEmailAddresses')).body).toMatchObject({ Email: next, EmailConfirmed: true });
  });

  it('the old address can cancel: the confirmation link then no longer works', async () => {
    const { client, email } = await owner();
    const next = uniqueEmail('next');
    await client.call('UpdateAccount', { Email: next });
    const cancel = tokenOf(
      (await lastMail(email, 'Your email address is about to change')).text,
      'cancel-email-change',
    );
    const confirm = tokenOf((await lastMail(next, 'Confirm your new email address')).text, 'confirm-email');
    expect((await new ApiClient(mailed.server.url).call('CancelEmailChange', { Token: cancel })).status).toBe(200);
    expect((await client.call('ReadEmailAddresses')).body).not.toHaveProperty('PendingEmail');
    const withdrawn = await new ApiClient(mailed.server.url).call('ConfirmEmail', { Token: confirm });
    expect(withdrawn.status).toBe(400);
    expect(withdrawn.body.Errors?.[0]?.Details).toBe(
      'This link no longer works: what it was sent for has changed since.',
    );
    expect(((await client.call('ReadAccounts')).body.Accounts as Record<string, unknown>[])[0]!.Email).toBe(email);
  });

  it('ASVS 6.3.8: an address used by another account is accepted on the surface and never revealed', async () => {
    const taken = await owner();
    const { client, email } = await owner();
    const free = uniqueEmail('free');
    const onTaken = await client.call('UpdateAccount', { Email: taken.email });
    const other = await owner();
    const onFree = await other.client.call('UpdateAccount', { Email: free });
    expect(onTaken.status).toBe(onFree.status);
    expect(Object.keys(onTaken.body).sort()).toEqual(Object.keys(onFree.body).sort());
    expect((await client.call('ReadEmailAddresses')).body).toMatchObject({ PendingEmail: taken.email });
    const warning = await lastMail(taken.email, 'Someone tried to use your email address');
    expect(warning.text).not.toMatch(/#[A-Za-z0-9_-]{43}/);
    await lastMail(email, 'Your email address is about to change');
    expect((await client.call('ResendEmailConfirmation')).status).toBe(200);
    await mailed.server.services.mail.wake();
    expect(
      mailed.sink.to(taken.email).filter((mail) => mail.subject === 'Someone tried to use your email address'),
    ).toHaveLength(2);
    expect(mailed.sink.to(taken.email).some((mail) => mail.subject === 'Confirm your new email address')).toBe(false);
  });

  it('ASVS 7.5.1: a session older than the re-authentication window needs the current password or a new sign-in; a signed request always needs the password', async () => {
    const { client, email } = await owner();
    mailed.server.clock.advance((mailed.server.services.config.reauthMinutes + 1) * 60_000);
    const stale = await client.call('UpdateAccount', { Email: uniqueEmail('late') });
    expect(stale.status).toBe(403);
    expect(stale.body.Errors?.[0]?.Details).toMatch(/needs a recent sign-in/);
    expect((await client.call('ReadEmailAddresses')).body).not.toHaveProperty('PendingEmail');
    const wrong = await client.call('UpdateAccount', {
      Email: uniqueEmail('guess'),
      CurrentPassword: 'not my password at all',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.Errors?.[0]?.Details).toBe('CurrentPassword is incorrect.');
    expect(
      (await client.call('UpdateAccount', { Email: uniqueEmail('proved'), CurrentPassword: STRONG_PASSWORD })).status,
    ).toBe(200);
    expect((await client.call('SignIn', { Email: email, Password: STRONG_PASSWORD })).status).toBe(200);
    expect((await client.call('UpdateAccount', { Email: uniqueEmail('fresh') })).status).toBe(200);

    const key = (await client.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    mailed.server.clock.advance((mailed.server.services.config.reauthMinutes + 1) * 60_000);
    const keys = { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey };
    // A key proves who holds it, not who the person is (ATK-57): the password goes with it.
    expect((await curlSigned(mailed.server.url, 'UpdateAccount', { Email: uniqueEmail('signed') }, keys)).status).toBe(
      403,
    );
    const signed = await curlSigned(
      mailed.server.url,
      'UpdateAccount',
      { Email: uniqueEmail('signed'), CurrentPassword: STRONG_PASSWORD },
      keys,
    );
    expect(signed.status).toBe(200);
  });

  it('a confirmation link works once and expires; resending supersedes it', async () => {
    const { client } = await owner();
    const next = uniqueEmail('next');
    await client.call('UpdateAccount', { Email: next });
    const first = tokenOf((await lastMail(next, 'Confirm your new email address')).text, 'confirm-email');
    expect((await client.call('ResendEmailConfirmation')).status).toBe(200);
    await mailed.server.services.mail.wake();
    const mails = mailed.sink.to(next).filter((mail) => mail.subject === 'Confirm your new email address');
    expect(mails).toHaveLength(2);
    const second = tokenOf(mails[1]!.text, 'confirm-email');
    const replaced = await new ApiClient(mailed.server.url).call('ConfirmEmail', { Token: first });
    expect(replaced.status).toBe(400);
    expect(replaced.body.Errors?.[0]?.Details).toBe('A newer link replaced this one: use the link in the latest mail.');
    mailed.server.clock.advance((mailed.server.services.config.emailLinkHours + 1) * 3_600_000);
    const expired = await new ApiClient(mailed.server.url).call('ConfirmEmail', { Token: second });
    expect(expired.body.Errors?.[0]?.Details).toBe('This link has expired: ask for a new one.');
  });

  it('each new additional address gets a confirmation link; ReadAccounts returns the list as set', async () => {
    const { client } = await owner();
    const ops = uniqueEmail('ops');
    const billing = uniqueEmail('billing');
    expect((await client.call('UpdateAccount', { AdditionalEmails: [ops, billing] })).status).toBe(200);
    expect(
      ((await client.call('ReadAccounts')).body.Accounts as Record<string, unknown>[])[0]!.AdditionalEmails,
    ).toEqual([ops, billing]);
    const link = tokenOf((await lastMail(ops, 'Confirm this address for notifications')).text, 'confirm-email');
    expect((await client.call('ReadEmailAddresses')).body.AdditionalEmails).toEqual([
      { Email: ops, Confirmed: false },
      { Email: billing, Confirmed: false },
    ]);
    expect((await new ApiClient(mailed.server.url).call('ConfirmEmail', { Token: link })).status).toBe(200);
    expect((await client.call('ReadEmailAddresses')).body.AdditionalEmails).toEqual([
      { Email: ops, Confirmed: true },
      { Email: billing, Confirmed: false },
    ]);
    // Sending the same list again mails nobody again.
    await client.call('UpdateAccount', { AdditionalEmails: [ops, billing] });
    await mailed.server.services.mail.wake();
    expect(mailed.sink.to(billing)).toHaveLength(1);
  });
});
