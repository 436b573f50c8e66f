import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/second-factors.js';
import { signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { browserMissing, expectAccessible, signInInBrowser, useBrowserServer } from '../support/browser.js';
import { invitedSubUser, SUB_USER_PASSWORD } from '../support/sub-users.js';

describe.skipIf(browserMissing !== undefined)('two-step verification in Chromium', () => {
  const fx = useBrowserServer();

  it('turns on an authenticator app from its QR code, keeps the recovery codes, and signs in with a code, then a recovery code', async () => {
    const owner = await signedUpClient(fx.server.url);
    const page = await fx.newPage();
    await signInInBrowser(page, fx.server.url, owner.email);
    await page.goto(`${fx.server.url}/security/two-step`);
    const section = page.locator('section[data-section="two-step"]');
    await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await section.getByRole('img', { name: 'QR code to scan with your authenticator app' }).waitFor();
    const secret = ((await section.locator('.mono').first().textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(page, 'two-step enrolment');
    await section.getByLabel('Code from the app').fill(totpCode(secret, fx.server.clock.now()));
    await section.getByRole('button', { name: 'Turn on' }).click();
    const shown = section.locator('[data-recovery-codes] li');
    await expect.poll(() => shown.count()).toBe(10);
    const recovery = (await shown.first().textContent()) ?? '';
    await section.getByRole('button', { name: 'I have kept them' }).click();
    await section.getByText('10 recovery codes left.').waitFor();

    // Signing in again: the password, then the code.
    fx.server.clock.advance(60_000);
    const again = await fx.newPage();
    await again.goto(`${fx.server.url}/signin`);
    await again.locator('input[name="Email"]').fill(owner.email);
    await again.locator('input[name="Password"]').fill(STRONG_PASSWORD);
    await again.getByRole('button', { name: 'Sign in', exact: true }).click();
    await again.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await expectAccessible(again, 'sign-in second step');
    await again
      .getByLabel('Code from the app')
      .fill('000000' === totpCode(secret, fx.server.clock.now()) ? '111111' : '000000');
    await again.getByRole('button', { name: 'Verify' }).click();
    await again
      .getByRole('alert')
      .getByText(/This code is wrong or was already used: 4 tries left\./)
      .waitFor();
    await again.getByLabel('Code from the app').fill(totpCode(secret, fx.server.clock.now()));
    await again.getByRole('button', { name: 'Verify' }).click();
    await again.locator('section[data-section="email"]').waitFor();

    const third = await fx.newPage();
    await third.goto(`${fx.server.url}/signin`);
    await third.locator('input[name="Email"]').fill(owner.email);
    await third.locator('input[name="Password"]').fill(STRONG_PASSWORD);
    await third.getByRole('button', { name: 'Sign in', exact: true }).click();
    await third.getByRole('button', { name: 'Lost your phone? Use a recovery code' }).click();
    await third.getByLabel('Recovery code').fill(recovery);
    await third.getByRole('button', { name: 'Verify' }).click();
    await third.locator('section[data-section="email"]').waitFor();
    await third.goto(`${fx.server.url}/security/two-step`);
    await third.locator('section[data-section="two-step"]').getByText('9 recovery codes left.').waitFor();

    // Later, new recovery codes need a recent sign-in: the app's code stands for it.
    fx.server.clock.advance(fx.server.services.config.reauthMinutes * 60_000 + 1);
    const settings = third.locator('section[data-section="two-step"]');
    await settings.getByRole('button', { name: 'Make new recovery codes' }).click();
    await settings.getByLabel('Code from your authenticator app').fill(totpCode(secret, fx.server.clock.now()));
    await settings.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => settings.locator('[data-recovery-codes] li').count()).toBe(10);
    for (const opened of [page, again, third]) await opened.context().close();
  });

  it('a user of an account that requires two-step verification is sent to set it up, then goes on', async () => {
    const owner = await signedUpClient(fx.server.url);
    const member = await invitedSubUser(fx.server, fx.sink, owner.client);
    await owner.client.call('UpdateAccountSecurity', { RequireSecondFactor: true });
    const page = await fx.newPage();
    await page.goto(`${fx.server.url}/signin`);
    await page.locator('input[name="Email"]').fill(member.email);
    await page.locator('input[name="Password"]').fill(SUB_USER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Two-step verification is required' }).waitFor();
    const section = page.locator('section[data-section="two-step"]');
    await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = ((await section.locator('.mono').first().textContent()) ?? '').trim();
    await section.getByLabel('Code from the app').fill(totpCode(secret, fx.server.clock.now()));
    await section.getByRole('button', { name: 'Turn on' }).click();
    await section.getByRole('button', { name: 'I have kept them' }).click();
    await page.locator(`section[data-section="email"]`).waitFor();
    await page.context().close();
  });
});
