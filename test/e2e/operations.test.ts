import { describe, expect, it } from 'vitest';
import { signedUpClient } from '../support/api-client.js';
import { browserMissing, signInInBrowser, useBrowserServer } from '../support/browser.js';
import { invitedSubUser, SUB_USER_PASSWORD } from '../support/sub-users.js';

describe.skipIf(browserMissing !== undefined)('advanced security in Chromium', () => {
  const fx = useBrowserServer();

  const tokenFor = (email: string, operationId: string) => fx.sink.operationToken(email, operationId);

  it('the owner asks for an access key, which waits; a validator in another browser confirms it with the mailed token', async () => {
    const owner = await signedUpClient(fx.server.url);
    const validator = await invitedSubUser(fx.server, fx.sink, owner.client, { Rights: ['TokenValidator'] });
    const activation = await owner.client.call('UpdateAccountSecurity', { AdvancedSecurity: true });
    const activationId = (activation.body.Operation as { OperationId: string }).OperationId;
    await validator.client.call('ValidateOperation', {
      OperationId: activationId,
      Token: await tokenFor(validator.email, activationId),
    });

    const page = await fx.newPage();
    await signInInBrowser(page, fx.server.url, owner.email);
    await page.goto(`${fx.server.url}/security/access-keys`);
    await page.getByRole('button', { name: 'Create an access key' }).click();
    const waiting = page.getByRole('alert').filter({ hasText: 'This needs validation: operation' });
    const operationId = /operation (op-[a-z0-9]+)/.exec((await waiting.textContent()) ?? '')![1]!;
    await page.getByText('No access key yet.').waitFor();
    // Every page now says what waits; the account's settings say the option is on.
    await page.goto(`${fx.server.url}/account`);
    await page.getByRole('heading', { name: 'One request of yours waits for validation' }).waitFor();
    const settings = page.locator('section[data-section="advanced-security"]');
    await settings.getByText('On', { exact: true }).waitFor();
    await settings.getByText('Nobody validates their own request.').waitFor();

    const other = await fx.newPage();
    await other.goto(`${fx.server.url}/signin`);
    await other.getByLabel('Email address').fill(validator.email);
    await other.getByLabel('Password', { exact: true }).fill(SUB_USER_PASSWORD);
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Operations' }).waitFor();
    // The mail's link leads to the operation, its token field ready.
    const mail = await fx.sink.waitFor(validator.email, new RegExp(`operation ${operationId}`, 'i'));
    await other.goto(/(http:\/\/\S+\/operations\?id=op-[a-z0-9]+)/.exec(mail.text ?? '')![1]!);
    const card = other.locator(`section[data-operation="${operationId}"]`);
    await card.getByText(/^Asked by Jean Dupont \(account owner\)/).waitFor();
    await expect.poll(() => other.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('Token');
    await card.getByLabel('Token from your mail').fill('111111111111');
    await card.getByRole('button', { name: 'Confirm' }).click();
    await card.getByText(/4 tries left/).waitFor();
    await card.getByLabel('Token from your mail').fill(await tokenFor(validator.email, operationId));
    await card.getByRole('button', { name: 'Confirm' }).click();
    await other.getByRole('status').getByText(`Operation ${operationId} is validated and carried out.`).waitFor();
    await other.getByText('No operation waits for validation.').waitFor();

    await page.goto(`${fx.server.url}/security/access-keys`);
    await page.locator('tr[data-key]').first().waitFor();
    await expect(page.locator('tr[data-key]').count()).resolves.toBe(1);
    await expect(page.locator('section[data-section="pending-operations"]').count()).resolves.toBe(0);
    // The key's secret waits for the owner alone, shown once in the panel a new key has, then gone.
    await page.goto(`${fx.server.url}/operations`);
    const result = page.locator(`section[data-result="${operationId}"]`);
    await result.getByRole('heading', { name: /Validated: Create an access key for Jean Dupont/ }).waitFor();
    await result.getByRole('button', { name: 'Show the result' }).click();
    await result.getByRole('heading', { name: 'Your new access key' }).waitFor();
    expect(await result.getByRole('textbox').nth(1).inputValue()).toMatch(/^[A-Z0-9]{40}$/);
    await result.getByRole('button', { name: 'I have saved it' }).click();
    await expect.poll(() => page.locator('section[data-result]').count()).toBe(0);
    await page.context().close();
    await other.context().close();
  });
});
