import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../support/api-client.js';
import { browserMissing, useBrowserServer } from '../support/browser.js';

describe.skipIf(browserMissing !== undefined)('signing in with an OpenID provider in Chromium', () => {
  const fx = useBrowserServer({ identityProvider: true });

  it('signs up with the provider, changes the contact email, adds a password from the mailed link, then signs in with it', async () => {
    const email = uniqueEmail('idp-browser');
    fx.idp.people.set('grace', { email, email_verified: true, given_name: 'Grace', family_name: 'Hopper' });
    const page = await fx.newPage();
    await page.goto(fx.server.url);
    await page.getByRole('button', { name: 'Sign in with TestIdP' }).click();
    // The provider's own login page, then back through /oidc/callback.
    await page.locator('input[name="login"]').fill('grace');
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('heading', { name: 'Personal space' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    await expect(page.locator('dd[data-field="Email"]').textContent()).resolves.toBe(email);
    await expect(page.locator('dd[data-note="login"]').textContent()).resolves.toContain('your login stays TestIdP');

    // The contact address changes (confirmed by link); the login stays the provider.
    const contact = uniqueEmail('contact');
    const emailSection = page.locator('section[data-section="email"]');
    await emailSection.getByRole('button', { name: /Modify/ }).click();
    await emailSection.getByLabel('New email address').fill(contact);
    await expect(emailSection.locator('input[type="password"]').count()).resolves.toBe(0);
    await emailSection.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: contact }).waitFor();
    await fx.server.services.mail.wake();
    const confirm = /\/confirm-email#[A-Za-z0-9_-]{43}/.exec(fx.sink.to(contact).at(-1)?.text ?? '')![0];
    await page.goto(`${fx.server.url}${confirm}`);
    await page
      .getByRole('button', { name: /Continue|Go to/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Personal space' }).waitFor();
    await expect(page.locator('dd[data-field="Email"]').textContent()).resolves.toBe(contact);

    // Add password (seed 000): a link is mailed, it sets the password.
    await page.getByRole('link', { name: 'Authentication settings' }).click();
    await page.getByRole('button', { name: 'Add password' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `sent to ${contact}` })
      .waitFor();
    await fx.server.services.mail.wake();
    const reset = /\/reset-password#[A-Za-z0-9_-]{43}/.exec(
      fx.sink
        .to(contact)
        .filter((m) => m.subject === 'Add a password to your account')
        .at(-1)?.text ?? '',
    )![0];
    await page.goto(`${fx.server.url}${reset}`);
    await page.getByLabel('New password', { exact: true }).fill('amber quarry lighthouse ninety');
    await page.getByLabel('Confirm the new password').fill('amber quarry lighthouse ninety');
    await page.getByRole('button', { name: /Save|Choose/ }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    // Signed out by the reset; the password now works, and the page offers "Change password".
    await page.getByLabel('Email address').fill(contact);
    await page.getByLabel('Password', { exact: true }).fill('amber quarry lighthouse ninety');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Personal space' }).waitFor();
    await page.getByRole('link', { name: 'Authentication settings' }).click();
    await page
      .locator('section[data-section="password"]')
      .getByRole('button', { name: /Modify/ })
      .waitFor();
    await expect(
      page.locator('section[data-section="logins"] li[data-provider="testidp"]').textContent(),
    ).resolves.toContain('linked');
  });
});
