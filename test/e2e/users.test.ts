import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../support/api-client.js';
import { browserMissing, signUpInBrowser, useBrowserServer } from '../support/browser.js';
import { invitationToken, SUB_USER_PASSWORD } from '../support/sub-users.js';

describe.skipIf(browserMissing !== undefined)('the Users page in Chromium', () => {
  const fx = useBrowserServer();

  it('creates a token validator, who accepts the invitation in another browser, signs in and is not offered the Users page', async () => {
    const owner = await fx.newPage();
    await signUpInBrowser(owner, fx.server.url);
    await owner.getByRole('link', { name: 'Users' }).click();
    await owner.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await owner.getByText('No user yet.').waitFor();

    const email = uniqueEmail('validator');
    const create = owner.locator('form[aria-labelledby="create-user-title"]');
    await create.getByLabel('User name').fill('val.ops');
    await create.getByLabel('Email address').fill(email);
    await create.getByLabel('First name').fill('Vera');
    await create.getByLabel('Phone number').fill('+33.612345678');
    await create.getByRole('switch', { name: /Token validator/ }).check();
    // ASVS 8.2.1: a customer is never offered the platform's own rights.
    for (const right of ['Support', 'SubmitOperations', 'VerifyRequests'])
      await expect(create.locator(`input[name="${right}"]`).count()).resolves.toBe(0);
    await create.getByRole('button', { name: 'Create the user' }).click();
    await owner
      .getByRole('status')
      .filter({ hasText: `val.ops was created and invited at ${email}.` })
      .waitFor();
    const row = owner.locator('tr[data-user="val.ops"]');
    await expect(row.textContent()).resolves.toContain('Token validator');
    await expect(row.textContent()).resolves.toContain('Invited');

    // "…" → Modify: seed 002's window, with the rights as switches, then Validate.
    await row.getByRole('button', { name: 'Actions for val.ops' }).click();
    await row.getByRole('menuitem', { name: 'Modify' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Modify val.ops' });
    await expect(dialog.getByLabel('Phone number').inputValue()).resolves.toBe('+33 6 12 34 56 78');
    await dialog.getByLabel('Last name').fill('Lambert');
    await dialog.getByLabel('Phone number').fill('12');
    await dialog.getByRole('button', { name: 'Validate' }).click();
    await dialog.locator('[aria-invalid="true"][name="PhoneNumber"]').waitFor();
    await dialog.getByLabel('Phone number').fill('+33 6 12 34 56 79');
    await expect(dialog.getByRole('switch', { name: /IP failover|Additional IP/ }).isChecked()).resolves.toBe(false);
    await dialog.getByRole('button', { name: 'Validate' }).click();
    await owner.getByRole('status').filter({ hasText: 'val.ops was saved.' }).waitFor();
    await expect(row.textContent()).resolves.toContain('Vera Lambert');

    // The invitation, followed from the real SMTP server in a second browser context.
    const token = await invitationToken(fx.server, fx.sink, email);
    const invited = await fx.newPage();
    await invited.goto(`${fx.server.url}/accept-invitation#${token}`);
    await invited.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(invited.url()).not.toContain(token);
    await invited.getByLabel('New password', { exact: true }).fill(SUB_USER_PASSWORD);
    await invited.getByLabel('Confirm the new password').fill(SUB_USER_PASSWORD);
    await invited.getByRole('button', { name: 'Set my password' }).click();
    await invited.getByText(`Your password is set. Sign in with ${email}.`).waitFor();
    await invited.getByRole('button', { name: 'Sign in', exact: true }).click();
    await invited.getByLabel('Email address').fill(email);
    await invited.getByLabel('Password', { exact: true }).fill(SUB_USER_PASSWORD);
    await invited.getByRole('button', { name: 'Sign in', exact: true }).click();
    await invited.getByRole('heading', { name: 'Personal space' }).waitFor();
    await expect(invited.locator('dd[data-field="UserName"]').textContent()).resolves.toBe('val.ops');
    await expect(
      invited.locator('section[data-section="my-details"] dd[data-field="LastName"]').textContent(),
    ).resolves.toBe('Lambert');
    await expect(
      invited.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents(),
    ).resolves.toEqual(['Personal space', 'Authentication settings', 'Operations']);
    // The account's profile is not theirs to change without ManageAccount.
    await expect(invited.locator('section[data-section="company"]').count()).resolves.toBe(0);
    // Typing the address does not help: the page is not shown, and the API refuses anyway.
    await invited.goto(`${fx.server.url}/users`);
    await invited.getByRole('heading', { name: 'Personal space' }).waitFor();
    const refused = await invited.evaluate(
      async () =>
        (
          await fetch('/api/v1/ReadUsers', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
        ).status,
    );
    expect(refused).toBe(403);

    // Back in the owner's browser: the user is active now, and can be disabled then deleted.
    await owner.reload();
    await expect(row.textContent()).resolves.toContain('Active');
    await row.getByRole('button', { name: 'Actions for val.ops' }).click();
    await row.getByRole('menuitem', { name: 'Disable' }).click();
    await expect.poll(() => row.textContent()).toContain('Disabled');
    await invited.reload();
    await invited.getByRole('heading', { name: 'Sign in' }).waitFor();
    // A key still active would block DeleteUser (as OAPI): the console turns it off first.
    const keyState = await owner.evaluate(async () => {
      const post = (call: string, body: unknown) =>
        fetch(`/api/v1/${call}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((response) => response.json() as Promise<{ AccessKey?: { State: string } }>);
      return (await post('CreateAccessKey', { UserName: 'val.ops' })).AccessKey?.State;
    });
    expect(keyState).toBe('ACTIVE');
    await row.getByRole('button', { name: 'Actions for val.ops' }).click();
    await row.getByRole('menuitem', { name: 'Delete' }).click();
    await row.getByText('Their access keys are deactivated, then deleted with them.').waitFor();
    await row.getByRole('button', { name: 'Delete' }).click();
    await owner.getByRole('status').filter({ hasText: 'val.ops was deleted.' }).waitFor();
    await owner.getByText('No user yet.').waitFor();
  });
});
