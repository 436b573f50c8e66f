import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/second-factors.js';
import { signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { browserMissing, expectAccessible, signInInBrowser, useBrowserServer } from '../support/browser.js';
import { uniqueUserName } from '../support/sub-users.js';

const PHONE = { width: 390, height: 844 };
const FRENCH = { locale: 'fr-FR', heading: 'Connexion', submit: 'Se connecter' };

describe.skipIf(browserMissing !== undefined)('the console in the customer’s words, in Chromium', () => {
  const fx = useBrowserServer();

  async function signedIn(locale?: typeof FRENCH) {
    // The console speaks the language stored with the person: a French owner signs up in French.
    const owner = await signedUpClient(fx.server.url, {}, locale ? { 'accept-language': 'fr' } : {});
    const page = await fx.newPage(locale?.locale);
    await signInInBrowser(page, fx.server.url, owner.email, locale?.heading, locale?.submit);
    return { ...owner, page };
  }

  async function modifyUser(page: Page, userName: string, menu: string) {
    await page.goto(`${fx.server.url}/users`);
    await page.getByRole('button', { name: new RegExp(userName.replace('.', '\\.')) }).click();
    await page.getByRole('menuitem', { name: menu }).click();
  }

  it.each([
    ['en', undefined, 'Modify', 'Validate', 'The phone number is not a valid phone number'],
    ['fr', FRENCH, 'Modifier', 'Valider', "Le numéro de téléphone n'est pas un numéro de téléphone valide"],
  ])(
    '%s: the Modify window names its one phone field as it labels it, and shows every refused field at once',
    async (_, locale, menu, validate, phoneRefused) => {
      const { client, page } = await signedIn(locale);
      const userName = uniqueUserName('bob');
      await client.call('CreateUser', { UserName: userName });
      await modifyUser(page, userName, menu);
      const dialog = page.getByRole('dialog');
      await dialog.locator('input[name="FirstName"]').fill('1234');
      await dialog.locator('input[name="PhoneNumber"]').fill('not a phone');
      await dialog.getByRole('button', { name: validate }).click();
      const phone = dialog.locator('.field', { has: page.locator('input[name="PhoneNumber"]') });
      await expect.poll(() => phone.getByRole('alert').textContent()).toMatch(new RegExp(`^${phoneRefused}`));
      expect(await phone.getByRole('alert').textContent()).not.toMatch(/landline|fixe/);
      const firstName = dialog.locator('.field', { has: page.locator('input[name="FirstName"]') });
      expect(await firstName.getByRole('alert').textContent()).toMatch(/^(The first name|Le prénom)/);
      await expectAccessible(page, `the Modify window with two refused fields (${locale?.locale ?? 'en'})`);
      await page.context().close();
    },
  );

  it('Country is chosen from a list in the page’s language, stored as OAPI does; phones read as people write them', async () => {
    const { client, page } = await signedIn(FRENCH);
    await client.call('UpdateAccount', { Country: 'FR', PhoneNumber: '+33612345678' });
    await page.reload();
    const phones = page.locator('section[data-section="phones"]');
    await expect.poll(() => phones.locator('dd[data-field="PhoneNumber"]').textContent()).toBe('+33 6 12 34 56 78');
    const address = page.locator('section[data-section="address"]');
    expect(await address.locator('dd[data-field="Country"]').textContent()).toBe('France');
    await address.getByRole('button', { name: /Modifier/ }).click();
    const country = address.getByLabel('Pays');
    expect(await country.locator('option:checked').textContent()).toBe('France');
    await country.selectOption({ label: 'Allemagne' });
    await expectAccessible(page, 'the address section with its list of countries (fr)');
    await address.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => address.locator('dd[data-field="Country"]').textContent()).toBe('Allemagne');
    const stored = (await client.call('ReadAccounts')).body.Accounts as { Country: string; PhoneNumber: string }[];
    expect(stored[0]).toMatchObject({ Country: 'DE', PhoneNumber: '+33612345678' });
    await page.context().close();
  });

  it('two bad phone numbers: both are refused beside their fields, on a phone too', async () => {
    const { client, page } = await signedIn();
    await client.call('UpdateAccount', { Country: 'FR' });
    await page.setViewportSize(PHONE);
    await page.reload();
    const phones = page.locator('section[data-section="phones"]');
    await phones.getByRole('button', { name: /Modify/ }).click();
    await phones.locator('input[name="PhoneNumber"]').fill('12');
    await phones.locator('input[name="MobileNumber"]').fill('34');
    await phones.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => phones.getByRole('alert').count()).toBe(2);
    expect(await phones.getByRole('alert').allTextContents()).toEqual([
      expect.stringMatching(/^The landline phone is not a valid phone number/),
      expect.stringMatching(/^The mobile phone is not a valid phone number/),
    ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.context().close();
  });

  it('"Saved." is said once, by the section saved last', async () => {
    const { page } = await signedIn();
    for (const [section, field, value] of [
      ['name', 'FirstName', 'Jeanne'],
      ['address', 'City', 'Lyon'],
    ] as const) {
      const frame = page.locator(`section[data-section="${section}"]`);
      await frame.getByRole('button', { name: /Modify/ }).click();
      await frame.locator(`input[name="${field}"]`).fill(value);
      await frame.getByRole('button', { name: 'Save' }).click();
      await frame.getByText('Saved.').waitFor();
    }
    expect(await page.getByText('Saved.').count()).toBe(1);
    await page.context().close();
  });

  it('a signed-out page asks nothing it would be refused, and its buttons stand in one column', async () => {
    const page = await fx.newPage();
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });
    await page.goto(`${fx.server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(refused).toEqual([]);
    const boxes = await Promise.all(
      [
        page.getByRole('button', { name: 'Sign in', exact: true }),
        page.getByRole('button', { name: 'Sign in with a passkey' }),
      ].map((button) => button.boundingBox()),
    );
    expect(boxes[0]!.x).toBe(boxes[1]!.x);
    expect(boxes[0]!.width).toBe(boxes[1]!.width);
    await page.context().close();
  });

  it('on an IP address the passkey buttons say why they cannot work, and lead to localhost', async () => {
    for (const locale of ['en-US', 'fr-FR']) {
      const page = await fx.newPage(locale);
      await page.goto(`${fx.server.url}/signin`);
      const passkey = page.getByRole('button', { name: /passkey|clé d’accès/ });
      expect(await passkey.isDisabled()).toBe(true);
      const why = page.locator(`#${await passkey.getAttribute('aria-describedby')}`);
      expect(await why.textContent()).toMatch(/IP address|adresse IP/);
      expect(await why.getByRole('link').getAttribute('href')).toBe(
        `${fx.server.url.replace('127.0.0.1', 'localhost')}/signin`,
      );
      await expectAccessible(page, `sign-in page on an IP address (${locale})`);
      await page.context().close();
    }
  });

  it('recovery codes can be copied and downloaded; the second step has a way back; French names passkeys and API keys apart', async () => {
    const { page, email, client } = await signedIn();
    await page.goto(`${fx.server.url}/security/two-step`);
    const section = page.locator('section[data-section="two-step"]');
    await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = ((await section.locator('.mono').first().textContent()) ?? '').trim();
    await section.getByLabel('Code from the app').fill(totpCode(secret, fx.server.clock.now()));
    await section.getByRole('button', { name: 'Turn on' }).click();
    const shown = section.locator('[data-recovery-codes] li');
    await expect.poll(() => shown.count()).toBe(10);
    const codes = await shown.allTextContents();
    await section.getByRole('button', { name: 'Copy' }).click();
    await section.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${codes.join('\n')}\n`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('recovery-codes.txt');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(`${codes.join('\n')}\n`);
    await expectAccessible(page, 'recovery codes with copy and download');
    await section.getByRole('button', { name: 'I have kept them' }).click();

    const again = await fx.newPage('fr-FR');
    await again.goto(`${fx.server.url}/signin`);
    await again.locator('input[name="Email"]').fill(email);
    await again.locator('input[name="Password"]').fill(STRONG_PASSWORD);
    await again.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await again.getByRole('button', { name: 'Revenir à la connexion' }).click();
    await again.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await again.locator('input[name="Email"]').isVisible()).toBe(true);
    await again.context().close();

    await client.call('UpdateLanguage', { Language: 'fr' });
    await page.goto(`${fx.server.url}/security`);
    const pages = page.getByRole('navigation', { name: "Pages des paramètres d'authentification" });
    await pages.getByRole('link', { name: "Clés d'API", exact: true }).waitFor();
    expect(await pages.getByRole('link', { name: 'Clés d’accès', exact: true }).count()).toBe(1);
    await page.context().close();
  });
});
