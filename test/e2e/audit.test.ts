import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedUpClient } from '../support/api-client.js';
import { browserMissing, expectAccessible, signInInBrowser, useBrowserServer } from '../support/browser.js';
import { invitedSubUser, SUB_USER_PASSWORD } from '../support/sub-users.js';

/** A sub-user signs in, as they would from the sign-in page. */
async function signInAsSubUser(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(SUB_USER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
}

describe.skipIf(browserMissing !== undefined)('the audit trail in Chromium', () => {
  const fx = useBrowserServer();

  it('security activity speaks in sentences, and a support code is created to read out', async () => {
    const owner = await signedUpClient(fx.server.url);
    const page = await fx.newPage();
    await signInInBrowser(page, fx.server.url, owner.email);
    await owner.client.call('UpdatePassword', {
      CurrentPassword: 'correct horse battery staple',
      NewPassword: 'purple elephants dance at midnight',
    });
    await page.goto(`${fx.server.url}/security/activity`);
    const activity = page.locator('section[data-section="activity"]');
    // The password was changed by a script (Node's fetch), the sign-in was this browser.
    await activity.getByText('Password changed from node, 127.0.0.1', { exact: true }).waitFor();
    await activity
      .getByText(/^Signed in from Chrome \d+ on Linux, 127\.0\.0\.1$/)
      .first()
      .waitFor();

    await page.goto(`${fx.server.url}/security/support`);
    const support = page.locator('section[data-section="support-code"]');
    await support.getByRole('button', { name: 'Create a support code' }).click();
    const code = (await support.locator('.support-code').textContent()) ?? '';
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await support.getByText(/It works once, until/).waitFor();
    await expectAccessible(page, 'a support code');
    await page.context().close();
  });

  it('the audit log page filters the events, shows the old → new of a change, and verifies the chain', async () => {
    const owner = await signedUpClient(fx.server.url);
    const auditor = await invitedSubUser(fx.server, fx.sink, owner.client, { Rights: ['ReadAuditLog'] });
    await owner.client.call('UpdateAccount', { City: 'Lyon' });
    await owner.client.call('UpdateAccount', { City: 'Nantes' });
    await owner.client.call('CreateAccessKey', { Tag: 'ci' });

    const page = await fx.newPage();
    await signInAsSubUser(page, fx.server.url, auditor.email);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.locator('tr[data-event="CreateAccessKey"]').waitFor();

    await page.getByLabel('Action', { exact: true }).selectOption({ label: "Change the account's details" });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('tr[data-event]').count()).toBe(2);
    const latest = page.locator('tr[data-event]').first();
    await latest.getByText('Account details changed: city').click();
    const diff = latest.locator('table');
    await expect(diff.locator('td[data-label="Before"]').textContent()).resolves.toBe('Lyon');
    await expect(diff.locator('td[data-label="After"]').textContent()).resolves.toBe('Nantes');

    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page
      .getByRole('status')
      .getByText(/^The chain holds: \d+ events verified\.$/)
      .waitFor();
    await expectAccessible(page, 'audit log');

    // Without the right, the page is not offered.
    const other = await fx.newPage();
    await signInInBrowser(other, fx.server.url, owner.email);
    await other.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Audit log' }).waitFor();
    const plain = await invitedSubUser(fx.server, fx.sink, owner.client);
    const third = await fx.newPage();
    await signInAsSubUser(third, fx.server.url, plain.email);
    await third.getByRole('navigation', { name: 'Main menu' }).waitFor();
    await expect(
      third.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Audit log' }).count(),
    ).resolves.toBe(0);
    for (const opened of [page, other, third]) await opened.context().close();
  });
});
