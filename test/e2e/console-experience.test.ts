import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import {
  browserMissing,
  expectAccessible,
  fromProfileMenu,
  fromSettingsNavigation,
  signInInBrowser,
  useBrowserServer,
} from '../support/browser.js';
import { aws4fetchSigned } from '../support/signed-clients.js';
import { invitationToken, uniqueUserName } from '../support/sub-users.js';

const PHONE = { width: 390, height: 844 };

/** The element a person would hit at the centre of `selector`'s box: itself when nothing covers or clips it. */
async function reachable(page: Page, name: string): Promise<boolean> {
  const item = page.getByRole('menuitem', { name });
  const box = await item.boundingBox();
  if (!box) return false;
  const viewport = page.viewportSize()!;
  if (box.x < 0 || box.y < 0 || box.x + box.width > viewport.width || box.y + box.height > viewport.height)
    return false;
  return item.evaluate((element, point) => document.elementFromPoint(point.x, point.y) === element, {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  });
}

describe.skipIf(browserMissing !== undefined)('the console as a customer uses it, in Chromium', () => {
  const fx = useBrowserServer();

  async function owner(fields: Record<string, unknown> = {}) {
    const { client, email } = await signedUpClient(fx.server.url, fields);
    return { client, email };
  }

  it('the "…" menu of a user floats above the table, on a desktop and on a phone', async () => {
    const { client, email } = await owner();
    await client.call('CreateUser', { UserName: uniqueUserName('one') });
    for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
      const page = await fx.newPage();
      await page.setViewportSize(viewport);
      await signInInBrowser(page, fx.server.url, email);
      await page.goto(`${fx.server.url}/users`);
      await page.getByRole('button', { name: /^Actions for / }).click();
      for (const item of ['Modify', 'Disable', 'Delete']) expect(await reachable(page, item), item).toBe(true);
      await page.keyboard.press('Escape');
      await page.getByRole('menuitem', { name: 'Modify' }).waitFor({ state: 'hidden' });
      await page.context().close();
    }
  });

  it('a session ended while editing: sign in again, and the edit is still there to save', async () => {
    const { email } = await owner();
    const page = await fx.newPage();
    await signInInBrowser(page, fx.server.url, email);
    const name = page.locator('section[data-section="name"]');
    await name.getByRole('button', { name: /Modify/ }).click();
    await name.getByLabel('First name').fill('Jeanne');
    // Signed out from another device meanwhile.
    const elsewhere = new ApiClient(fx.server.url);
    await elsewhere.call('SignIn', { Email: email, Password: STRONG_PASSWORD });
    await elsewhere.call('DeleteOtherSessions');
    await name.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your session has ended').waitFor();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await name.getByText('Your changes were kept').waitFor();
    expect(await name.getByLabel('First name').inputValue()).toBe('Jeanne');
    await name.getByRole('button', { name: 'Save' }).click();
    await name.locator('dd[data-field="FirstName"]').getByText('Jeanne').waitFor();
    await page.context().close();
  });

  it('a new country that the stored VAT number does not fit: the VAT number joins the form, and clearing it saves both', async () => {
    const { client, email } = await owner();
    await client.call('UpdateAccount', { Country: 'FR', VatNumber: 'FR40303265045' });
    const page = await fx.newPage();
    await signInInBrowser(page, fx.server.url, email);
    const address = page.locator('section[data-section="address"]');
    await address.getByRole('button', { name: /Modify/ }).click();
    await address.getByLabel(/Country/).selectOption('DE');
    await address.getByRole('button', { name: 'Save' }).click();
    const vat = address.getByLabel('VAT number');
    await expect(
      address
        .locator('.field', { has: page.getByLabel('VAT number') })
        .getByRole('alert')
        .textContent(),
    ).resolves.toBe(
      'The stored VAT number FR40303265045 does not fit the new country DE; send a new VAT number with the country.',
    );
    await vat.fill('');
    await address.getByRole('button', { name: 'Save' }).click();
    await address.locator('dd[data-field="Country"]').getByText('Germany').waitFor();
    const { Accounts } = (await client.call('ReadAccounts')).body as { Accounts: Record<string, unknown>[] };
    expect(Accounts[0]).toMatchObject({ Country: 'DE' });
    expect(Accounts[0]!.VatNumber).toBeUndefined();
    await page.context().close();
  });

  it('errors name fields by their label, in the person’s language, never in the API’s names', async () => {
    const { email } = await owner({ Language: 'fr' });
    const page = await fx.newPage('fr-FR');
    await signInInBrowser(page, fx.server.url, email, 'Connexion', 'Se connecter');
    const name = page.locator('section[data-section="name"]');
    await name.getByRole('button', { name: /Modifier/ }).click();
    await name.getByLabel('Prénom').fill('J3an');
    await name.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(name.getByRole('alert').textContent()).resolves.toMatch(/^Le prénom ne peut contenir que des lettres/);

    await page.goto(`${fx.server.url}/security/password`);
    const password = page.locator('section[data-section="password"]');
    await password.getByRole('button', { name: /Modifier/ }).click();
    await password.getByLabel('Mot de passe actuel').fill('not my password at all');
    await password.getByRole('button', { name: 'Continuer' }).click();
    await expect(password.getByRole('alert').textContent()).resolves.toBe('Le mot de passe actuel est incorrect.');
    await page.context().close();
  });

  it('feedback: a slow list says it is loading, and focus lands on the page title after sign-in', async () => {
    const { email } = await owner();
    const page = await fx.newPage();
    await signInInBrowser(page, fx.server.url, email);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Personal space');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/ReadAccessKeys', async (route) => {
      await held;
      await route.continue();
    });
    await fromProfileMenu(page, 'Authentication settings');
    await fromSettingsNavigation(page, 'Access keys');
    await page.locator('section[data-section="keys"]').getByRole('status').getByText('Loading…').waitFor();
    release();
    await page.getByText('No access key yet.').waitFor();
    await page.context().close();
  });

  it('sign-up shows the password rule before typing and every field’s error at once', async () => {
    const page = await fx.newPage();
    await page.goto(`${fx.server.url}/signup`);
    await page.getByText('At least 15 characters, and not easy to guess').waitFor();
    await page.getByRole('button', { name: 'Create the account' }).click();
    const alerts = await page.getByRole('alert').allTextContents();
    expect(alerts).toEqual([
      'Enter your first name.',
      'Enter your last name.',
      'Enter your email address, such as name@example.com.',
      'Use at least 15 characters.',
    ]);
    await page.context().close();
  });

  it('a replaced invitation and a used reset link say so as the page opens, before a password is typed', async () => {
    const { client } = await owner();
    const invited = uniqueEmail('invited');
    const userName = uniqueUserName('inv');
    await client.call('CreateUser', { UserName: userName, UserEmail: invited });
    const first = await invitationToken(fx.server, fx.sink, invited);
    await client.call('ResendInvitation', { UserName: userName });
    const page = await fx.newPage();
    await page.goto(`${fx.server.url}/accept-invitation#${first}`);
    await page.getByText('A newer link replaced this one: use the link in the latest mail.').waitFor();
    expect(await page.getByLabel('New password', { exact: true }).count()).toBe(0);

    const { email } = await owner();
    await new ApiClient(fx.server.url).call('SendResetPasswordEmail', { Email: email });
    const mail = await fx.sink.waitFor(email, /reset-password#/);
    const token = /reset-password#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
    const reset = await new ApiClient(fx.server.url).call('ResetAccountPassword', {
      Token: token,
      Password: 'purple elephants dance at midnight',
    });
    expect(reset.status).toBe(200);
    await page.goto(`${fx.server.url}/reset-password#${token}`);
    await page.getByText('This link has already been used.').waitFor();
    await page.getByRole('button', { name: 'Ask for a new link' }).waitFor();
    await page.context().close();
  });

  it('on a 390 px phone nothing scrolls sideways, tables are cards with their buttons, and the menu is in the profile menu', async () => {
    const { client, email } = await owner();
    await client.call('CreateAccessKey', { Tag: 'deploy-from-the-build-server' });
    await client.call('CreateUser', { UserName: uniqueUserName('phone'), UserEmail: uniqueEmail('phone') });
    const page = await fx.newPage();
    await page.setViewportSize(PHONE);
    await signInInBrowser(page, fx.server.url, email);
    expect(await page.getByRole('navigation', { name: 'Main menu' }).isVisible()).toBe(false);
    for (const [entry, heading] of [
      ['Personal space', 'Personal space'],
      ['Authentication settings', 'Authentication settings'],
      ['Users', 'Users'],
    ] as const) {
      await fromProfileMenu(page, entry);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.scrollWidth), entry).toBeLessThanOrEqual(PHONE.width);
      for (const button of await page.locator('main button:visible').all()) {
        const box = (await button.boundingBox())!;
        expect(box.x + box.width, `${entry}: ${await button.textContent()}`).toBeLessThanOrEqual(PHONE.width);
      }
    }
    await page.context().close();
  });

  it('the profile menu says who is signed in; access keys say when they were last used; the activity shows the sign-in', async () => {
    const { client, email } = await owner();
    const created = (await client.call('CreateAccessKey', {})).body.AccessKey as {
      AccessKeyId: string;
      SecretKey: string;
    };
    const page = await fx.newPage();
    await signInInBrowser(page, fx.server.url, email);
    await page.getByRole('banner').getByRole('button', { name: 'Account menu of Jean Dupont' }).click();
    const { Accounts } = (await client.call('ReadAccounts')).body as { Accounts: { AccountId: string }[] };
    await page.getByText(`Account ID ${Accounts[0]!.AccountId}`).waitFor();
    await page.keyboard.press('Escape');

    await fromProfileMenu(page, 'Authentication settings');
    // The security activity lists this sign-in.
    await fromSettingsNavigation(page, 'Security activity');
    await page.locator('section[data-section="activity"] li[data-event="SignIn"]').first().waitFor();
    await fromSettingsNavigation(page, 'Access keys');
    const row = page.locator(`tr[data-key="${created.AccessKeyId}"]`);
    expect(await row.locator('[data-field="LastUsedDate"]').textContent()).toBe('Never used');
    const signed = await aws4fetchSigned(
      fx.server.url,
      'ReadAccounts',
      {},
      {
        accessKeyId: created.AccessKeyId,
        secretKey: created.SecretKey,
      },
    );
    expect(signed.status).toBe(200);
    await page.reload();
    await expect(row.locator('[data-field="LastUsedDate"]').textContent()).resolves.toMatch(/\d{4}/);
    await page.context().close();
  });

  it('WCAG 2.2 AA (axe-core): no violation on any page, in English and French, on a desktop and a phone', async () => {
    const { client, email } = await owner();
    await client.call('CreateUser', { UserName: uniqueUserName('axe'), UserEmail: uniqueEmail('axe') });
    for (const [locale, viewport] of [
      ['en-US', { width: 1280, height: 800 }],
      ['fr-FR', PHONE],
    ] as const) {
      const page = await fx.newPage(locale);
      await page.setViewportSize(viewport);
      for (const path of ['/signin', '/signup', '/forgot-password', '/reset-password#x', '/accept-invitation#x']) {
        await page.goto(`${fx.server.url}${path}`);
        await page.locator('main h1').waitFor();
        await page.waitForLoadState('networkidle');
        await expectAccessible(page, `${locale} ${path}`);
      }
      await signInInBrowser(
        page,
        fx.server.url,
        email,
        ...(locale === 'fr-FR' ? (['Connexion', 'Se connecter'] as const) : []),
      );
      for (const path of ['/', '/security', '/users', '/operations']) {
        await page.goto(`${fx.server.url}${path}`);
        await page.locator('main h1').waitFor();
        await page.waitForLoadState('networkidle');
        await expectAccessible(page, `${locale} ${path}`);
      }
      await page
        .getByRole('banner')
        .getByRole('button', { name: /^(Account menu of|Menu du compte de) / })
        .click();
      await expectAccessible(page, `${locale} profile menu`);
      await page.context().close();
    }
  });
});
