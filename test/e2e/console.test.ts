import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient, uniqueEmail } from '../support/api-client.js';
import {
  browserMissing,
  fromProfileMenu,
  fromSettingsNavigation,
  signUpInBrowser,
  useBrowserServer,
} from '../support/browser.js';

describe.skipIf(browserMissing !== undefined)('console in Chromium', () => {
  const fx = useBrowserServer();
  const newPage = (locale?: string) => fx.newPage(locale);

  function section(page: Page, name: string) {
    return page.locator(`section[data-section="${name}"]`);
  }

  function toAuthenticationSettings(page: Page) {
    return page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Authentication settings' })
      .click();
  }

  it('signs up, edits the name and the address, reloads and sees them; a bad phone shows at the field', async () => {
    const page = await newPage();
    await signUpInBrowser(page, fx.server.url);
    await expect(page.locator('dd[data-field="AccountId"]').textContent()).resolves.toMatch(/^\d{12}$/);
    await expect(page.locator('dd[data-field="CustomerId"]').textContent()).resolves.toMatch(/^\d{8}$/);

    const name = section(page, 'name');
    const focused = () =>
      page.evaluate(
        () => document.activeElement?.getAttribute('name') ?? document.activeElement?.getAttribute('aria-label'),
      );
    await name.getByRole('button', { name: /Modify/ }).click();
    // Focus goes where the work is: the form's first field, then back to Modify, with "Saved." said.
    expect(await focused()).toBe('FirstName');
    await name.getByLabel('First name').fill('Jeanne');
    await name.getByLabel('Last name').fill("D'Arc-Dupont");
    await name.getByRole('button', { name: 'Save' }).click();
    await name.locator('dd[data-field="FirstName"]').getByText('Jeanne').waitFor();
    await name.getByRole('status').getByText('Saved.').waitFor();
    expect(await focused()).toMatch(/^Modify — /);

    const address = section(page, 'address');
    await address.getByRole('button', { name: /Modify/ }).click();
    await address.getByLabel('City').fill('Saint-Cloud');
    await address.getByLabel('Postal code').fill('92210');
    await address.getByLabel(/Country/).selectOption({ label: 'France' });
    await address.getByRole('button', { name: 'Save' }).click();
    await address.locator('dd[data-field="Country"]').getByText('France').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Personal space' }).waitFor();
    expect(await section(page, 'name').locator('dd[data-field="LastName"]').textContent()).toBe("D'Arc-Dupont");
    expect(await section(page, 'address').locator('dd[data-field="City"]').textContent()).toBe('Saint-Cloud');
    expect(await section(page, 'address').locator('dd[data-field="ZipCode"]').textContent()).toBe('92210');

    const phones = section(page, 'phones');
    await phones.getByRole('button', { name: /Modify/ }).click();
    await phones.getByLabel('Mobile phone').fill('123');
    await phones.getByRole('button', { name: 'Save' }).click();
    const field = phones.locator('.field', { has: page.getByLabel('Mobile phone') });
    await expect(field.getByRole('alert').textContent()).resolves.toMatch(
      /^The mobile phone is not a valid phone number/,
    );
    expect(await phones.getByLabel('Mobile phone').getAttribute('aria-invalid')).toBe('true');
    await page.context().close();
  });

  it('speaks French to a French browser, and switches language on demand', async () => {
    const page = await newPage('fr-FR');
    await page.goto(`${fx.server.url}/signin`);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });

  it('the language chosen when signed in is the person’s: another browser opens in it, and mails follow', async () => {
    const page = await newPage();
    const email = await signUpInBrowser(page, fx.server.url);
    await fromProfileMenu(page, 'Français');
    await page.getByRole('heading', { name: 'Espace personnel' }).waitFor();
    await expect
      .poll(async () => {
        const client = new ApiClient(fx.server.url);
        await client.call('SignIn', { Email: email, Password: 'correct horse battery staple' });
        return ((await client.call('ReadUserDetails')).body.UserDetails as { Language: string }).Language;
      })
      .toBe('fr');
    // An English browser elsewhere: the sign-in page is in English, the personal space in French.
    const elsewhere = await newPage('en-US');
    await elsewhere.goto(`${fx.server.url}/signin`);
    await elsewhere.getByLabel('Email address').fill(email);
    await elsewhere.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await elsewhere.getByRole('button', { name: 'Sign in', exact: true }).click();
    await elsewhere.getByRole('heading', { name: 'Espace personnel' }).waitFor();
    await page.context().close();
    await elsewhere.context().close();
  });

  it('ASVS 6.2.6/6.2.7: password fields are type=password with the right autocomplete', async () => {
    const page = await newPage();
    await page.goto(`${fx.server.url}/signin`);
    const password = page.getByLabel('Password', { exact: true });
    expect(await password.getAttribute('type')).toBe('password');
    expect(await password.getAttribute('autocomplete')).toBe('current-password');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await password.getAttribute('type')).toBe('text');
    await page.context().close();
  });

  it('offers no "Sign in with" button when no provider is configured', async () => {
    const page = await newPage();
    const providers = page.waitForResponse((response) => response.url().endsWith('/ReadLoginProviders'));
    await page.goto(`${fx.server.url}/signin`);
    expect(await (await providers).json()).toMatchObject({ Providers: [] });
    await page.getByRole('button', { name: 'Create an account' }).waitFor();
    // Passkeys are Tessera's own: only providers are counted.
    expect(await page.getByRole('button', { name: /Sign in with (?!a passkey)/ }).count()).toBe(0);
    await page.context().close();
  });

  it('manages access keys: the secret is shown once with a copy button, then deactivate and delete', async () => {
    const page = await newPage();
    await signUpInBrowser(page, fx.server.url);
    await toAuthenticationSettings(page);
    await fromSettingsNavigation(page, 'Access keys');
    await page.getByRole('heading', { name: 'Access keys' }).waitFor();
    await page.getByText('No access key yet.').waitFor();

    await page.getByLabel('Tag (optional)').fill('laptop');
    await page.getByRole('button', { name: 'Create an access key' }).click();
    const panel = page.getByRole('alert').filter({ hasText: 'Your new access key' });
    await panel.waitFor();
    const accessKeyId = await panel.getByRole('textbox', { name: 'Access key ID' }).inputValue();
    const secretKey = await panel.getByRole('textbox', { name: 'Secret key' }).inputValue();
    expect(accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    expect(secretKey).toMatch(/^[A-Z0-9]{40}$/);
    await panel.getByRole('button', { name: 'Copy — Secret key' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secretKey);
    await panel.getByRole('button', { name: 'I have saved it' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secretKey);

    const row = page.locator(`tr[data-key="${accessKeyId}"]`);
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('Inactive').waitFor();
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByText('No access key yet.').waitFor();
    await page.context().close();
  });

  it('an action whose answer was lost (503 during a failover) is sent again with its Idempotency-Key and acts once', async () => {
    const page = await newPage();
    await signUpInBrowser(page, fx.server.url);
    await toAuthenticationSettings(page);
    await fromSettingsNavigation(page, 'Access keys');
    await page.getByText('No access key yet.').waitFor();
    // The first CreateAccessKey reaches Tessera and acts; its answer is lost on the way back.
    const keys: string[] = [];
    await page.route('**/api/v1/CreateAccessKey', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      const answer = await route.fetch();
      if (keys.length > 1) return route.fulfill({ response: answer });
      return route.fulfill({
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
        body: JSON.stringify({ Errors: [{ Type: 'DependencyProblem', Code: '0', Details: 'try again' }] }),
      });
    });
    await page.getByRole('button', { name: 'Create an access key' }).click();
    const panel = page.getByRole('alert').filter({ hasText: 'Your new access key' });
    await panel.waitFor();
    const accessKeyId = await panel.getByRole('textbox', { name: 'Access key ID' }).inputValue();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    await panel.getByRole('button', { name: 'I have saved it' }).click();
    // One key, the one shown.
    await expect.poll(() => page.locator('tr[data-key]').count()).toBe(1);
    await page.locator(`tr[data-key="${accessKeyId}"]`).waitFor();
    await page.context().close();
  });

  it('a session ended from another device leads to sign-in with the reason, then back to the page', async () => {
    const page = await newPage();
    const email = await signUpInBrowser(page, fx.server.url);
    // The same person, on another device, signs every other device out.
    const phone = new ApiClient(fx.server.url);
    expect((await phone.call('SignIn', { Email: email, Password: 'correct horse battery staple' })).status).toBe(200);
    expect((await phone.call('DeleteOtherSessions')).status).toBe(200);
    await toAuthenticationSettings(page);
    await page
      .getByRole('status')
      .getByText(/^Your session has ended/)
      .waitFor();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Authentication settings' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/security/password');
    await page.context().close();
  });

  it('sign-up ends in the mailbox: no way in before the link, which confirms the address and signs in', async () => {
    const page = await newPage();
    const email = uniqueEmail('mailbox');
    await page.goto(`${fx.server.url}/signup`);
    await page.getByLabel('First name').fill('Jean');
    await page.getByLabel('Last name').fill('Dupont');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.getByRole('status').getByText(`follow the link we sent to ${email}`).waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/the address is not confirmed yet/)
      .waitFor();
    const mail = await fx.sink.waitFor(email, /\/confirm-email#/);
    const link = /(http:\/\/\S+\/confirm-email#\S+)/.exec(mail.text ?? '')![1]!;
    await page.goto(link);
    await page.getByRole('status').getByText('Thank you: your email address is confirmed.').waitFor();
    expect(page.url()).not.toContain('#');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Personal space' }).waitFor();
    await page.locator('dd[data-note="Email"]').getByText('Confirmed').waitFor();
    await page.context().close();
  });

  it('changes the email in its own form, confirms it through the mailed link, then signs in with it', async () => {
    const page = await newPage();
    const email = await signUpInBrowser(page, fx.server.url);
    const next = uniqueEmail('moved');
    const emailSection = section(page, 'email');
    await emailSection.getByRole('button', { name: /Modify/ }).click();
    await emailSection.getByLabel('New email address').fill(next);
    await emailSection.getByLabel('Current password', { exact: true }).fill('correct horse battery staple');
    await emailSection.getByRole('button', { name: 'Save' }).click();
    await emailSection
      .getByRole('status')
      .getByText(`A confirmation link was sent to ${next}.`, { exact: false })
      .waitFor();
    await emailSection.getByText(`Waiting for confirmation: ${next}`).waitFor();
    expect(await emailSection.locator('dd[data-field="Email"]').textContent()).toBe(email);

    await fx.server.services.mail.wake();
    const [mail] = fx.sink.to(next).filter((m) => m.subject === 'Confirm your new email address');
    const link = /(http:\/\/\S+\/confirm-email#\S+)/.exec(mail!.text ?? '')![1]!;
    await page.goto(link);
    await page.getByRole('status').getByText('Thank you: your email address is confirmed.').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await section(page, 'email').locator('dd[data-field="Email"]').getByText(next).waitFor();

    await fromProfileMenu(page, 'Sign out');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email address').fill(next);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Personal space' }).waitFor();
    await page.context().close();
  });

  it('changes the password as seed 001 describes: sign in again, new password twice, sign out of other devices', async () => {
    const page = await newPage();
    const email = await signUpInBrowser(page, fx.server.url);
    const otherDevice = new ApiClient(fx.server.url);
    expect((await otherDevice.call('SignIn', { Email: email, Password: 'correct horse battery staple' })).status).toBe(
      200,
    );

    await page.getByRole('link', { name: 'Authentication settings' }).click();
    const password = section(page, 'password');
    await password.getByRole('button', { name: /Modify/ }).click();
    const current = password.getByLabel('Current password', { exact: true });
    expect(await current.getAttribute('autocomplete')).toBe('current-password');
    await current.fill('correct horse battery staple');
    await password.getByRole('button', { name: 'Continue' }).click();

    const fresh = password.getByLabel('New password', { exact: true });
    expect(await fresh.getAttribute('autocomplete')).toBe('new-password');
    await fresh.fill('purple elephants dance at midnight');
    await password.getByLabel('Confirm the new password', { exact: true }).fill('purple elephants dance at noon');
    await password.getByRole('button', { name: 'Modify' }).click();
    await password.getByText('The two new passwords differ.').waitFor();
    await password.getByLabel('Confirm the new password', { exact: true }).fill('purple elephants dance at midnight');
    await password.getByLabel('Sign out of other devices').check();
    await password.getByRole('button', { name: 'Modify' }).click();
    await password.getByRole('status').getByText('Your password was changed.').waitFor();
    // The devices page says so: only this one is left.
    await fromSettingsNavigation(page, 'Sessions and devices');
    await expect.poll(() => section(page, 'sessions').locator('tbody tr').count()).toBe(1);
    await section(page, 'sessions').locator('tr[data-session="current"]').waitFor();

    expect((await otherDevice.call('ReadAccounts')).status).toBe(401);
    await page.reload();
    await page.getByRole('heading', { name: 'Authentication settings' }).waitFor();
    expect(
      (
        await new ApiClient(fx.server.url).call('SignIn', {
          Email: email,
          Password: 'purple elephants dance at midnight',
        })
      ).status,
    ).toBe(200);
    await page.context().close();
  });

  it('lists the signed-in devices and signs one out', async () => {
    const page = await newPage();
    const email = await signUpInBrowser(page, fx.server.url);
    const phone = new ApiClient(fx.server.url);
    await phone.call(
      'SignIn',
      { Email: email, Password: 'correct horse battery staple' },
      {
        'user-agent':
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      },
    );
    await page.getByRole('link', { name: 'Authentication settings' }).click();
    await fromSettingsNavigation(page, 'Sessions and devices');
    const sessions = section(page, 'sessions');
    await sessions.locator('tr[data-session="current"]').getByText('This device').waitFor();
    const other = sessions.locator('tr[data-session="other"]');
    await other.getByText('Safari 17 on iOS').waitFor();
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.waitFor({ state: 'detached' });
    expect((await phone.call('ReadAccounts')).status).toBe(401);
    await page.context().close();
  });

  it('resets a forgotten password through the mailed link', async () => {
    const page = await newPage();
    const email = await signUpInBrowser(page, fx.server.url);
    await fromProfileMenu(page, 'Sign out');
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    // An empty or malformed address is caught at the field, before anything is sent.
    for (const typed of ['', 'jean.dupont@']) {
      await page.getByLabel('Email address').fill(typed);
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page
        .getByRole('alert')
        .getByText('Enter the address you sign in with, such as name@example.com.')
        .waitFor();
    }
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').getByText('If an account uses this address').waitFor();

    await fx.server.services.mail.wake();
    const mail = fx.sink.to(email).find((m) => m.subject === 'Reset your password');
    const link = /(http:\/\/\S+\/reset-password#\S+)/.exec(mail!.text ?? '')![1]!;
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('purple elephants dance at midnight');
    await page.getByLabel('Confirm the new password', { exact: true }).fill('purple elephants dance at midnight');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByRole('status').getByText('Your password is changed').waitFor();
    expect(page.url()).not.toContain('#');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('purple elephants dance at midnight');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Personal space' }).waitFor();
    await page.context().close();
  });
});
