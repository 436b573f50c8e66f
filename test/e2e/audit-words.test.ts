import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/second-factors.js';
import { signedUpClient } from '../support/api-client.js';
import {
  browserMissing,
  expectAccessible,
  fromProfileMenu,
  signInInBrowser,
  useBrowserServer,
  keepScreenshot,
} from '../support/browser.js';
import { invitedSubUser, SUB_USER_PASSWORD } from '../support/sub-users.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const ENGLISH = {
  signIn: ['Sign in', 'Sign in'],
  email: 'Email address',
  password: 'Password',
} as const;
const FRENCH = {
  signIn: ['Connexion', 'Se connecter'],
  email: 'Adresse e-mail',
  password: 'Mot de passe',
} as const;

describe.skipIf(browserMissing !== undefined)('activity and audit in plain words, in Chromium', () => {
  const fx = useBrowserServer();

  /** A sub-user signs in from the sign-in page, in the page's language. */
  async function signInAsSubUser(page: Page, email: string, words: typeof ENGLISH | typeof FRENCH): Promise<void> {
    await page.goto(`${fx.server.url}/signin`);
    await page.getByRole('heading', { name: words.signIn[0] }).waitFor();
    await page.getByLabel(words.email).fill(email);
    await page.getByLabel(words.password, { exact: true }).fill(SUB_USER_PASSWORD);
    await page.getByRole('button', { name: words.signIn[1], exact: true }).click();
    // Signed in once the console leaves the sign-in page (on a phone the menu is folded away).
    await page.waitForURL((url) => url.pathname !== '/signin');
  }

  for (const [language, locale, words] of [
    ['English', 'en-US', ENGLISH],
    ['French', 'fr-FR', FRENCH],
  ] as const)
    it(`${language}: security activity says what changed, leaves out steps that change nothing, names devices in the page's language`, async () => {
      const french = language === 'French';
      const owner = await signedUpClient(fx.server.url, { Language: french ? 'fr' : 'en' });
      const page = await fx.newPage(locale);
      await page.setViewportSize(DESKTOP);
      await signInInBrowser(page, fx.server.url, owner.email, ...words.signIn);
      await owner.client.call('UpdateAccount', { City: 'Nantes', ZipCode: '44000' });
      // Adding an authenticator app is two calls: the first only hands out a secret to confirm.
      const { Secret } = (await owner.client.call('CreateTotp')).body as { Secret: string };
      await owner.client.call('ConfirmTotp', { Code: totpCode(Secret, fx.server.clock.now()) });
      await owner.client.call('CreatePasskeyOptions');
      // The language, changed in the page: the event keeps the one before.
      for (const other of french ? ['English', 'Français'] : ['Français', 'English']) {
        const kept = page.waitForResponse((response) => response.url().endsWith('/UpdateLanguage'));
        await fromProfileMenu(page, other);
        await kept;
      }

      await page.goto(`${fx.server.url}/security/activity`);
      const activity = page.locator('section[data-section="activity"]');
      const sentences = french
        ? [
            'Informations du compte modifiées : ville et code postal depuis node, 127.0.0.1',
            "Application d'authentification activée depuis node, 127.0.0.1",
            /^Langue changée : anglais → français depuis Chrome \d+ sous Linux, 127\.0\.0\.1$/,
            /^Langue changée : français → anglais depuis Chrome \d+ sous Linux, 127\.0\.0\.1$/,
            /^Connexion depuis Chrome \d+ sous Linux, 127\.0\.0\.1$/,
          ]
        : [
            'Account details changed: city and postal code from node, 127.0.0.1',
            'Authenticator app turned on from node, 127.0.0.1',
            /^Language changed from French to English from Chrome \d+ on Linux, 127\.0\.0\.1$/,
            /^Language changed from English to French from Chrome \d+ on Linux, 127\.0\.0\.1$/,
            /^Signed in from Chrome \d+ on Linux, 127\.0\.0\.1$/,
          ];
      for (const sentence of sentences) await activity.getByText(sentence, { exact: true }).first().waitFor();
      // The first halves are not shown as changes; their second halves are.
      await expect(activity.locator('li[data-event="CreateTotp"]').count()).resolves.toBe(0);
      await expect(activity.locator('li[data-event="CreatePasskeyOptions"]').count()).resolves.toBe(0);
      const text = (await activity.textContent()) ?? '';
      expect(text).not.toMatch(/CreateTotp|ConfirmTotp|CreatePasskeyOptions|UpdateAccount|UpdateLanguage/);
      if (french) expect(text).not.toMatch(/ on Linux|Account details/);
      await expectAccessible(page, `${language} security activity, desktop`);
      await keepScreenshot(activity, `activity-${french ? 'fr' : 'en'}-desktop`);

      await page.setViewportSize(PHONE);
      await activity.getByText(sentences[0]!, { exact: true }).waitFor();
      await expectAccessible(page, `${language} security activity, phone`);
      await keepScreenshot(activity, `activity-${french ? 'fr' : 'en'}-phone`);
      await page.context().close();
    });

  it('English: the audit log is filtered by a person chosen by name or email and an action chosen from a list', async () => {
    const owner = await signedUpClient(fx.server.url, { FirstName: 'Alice', LastName: 'Martin' });
    const auditor = await invitedSubUser(fx.server, fx.sink, owner.client, { Rights: ['ReadAuditLog'] });
    const bob = await invitedSubUser(fx.server, fx.sink, owner.client, { FirstName: 'Bob', LastName: 'Durand' });
    await owner.client.call('UpdateAccount', { City: 'Lyon' });
    await owner.client.call('UpdateAccount', { City: 'Nantes' });
    await owner.client.call('UpdateUserDetails', { UserName: bob.userName, Rights: ['TokenValidator'] });
    await bob.client.call('UpdateUserDetails', { LastName: 'Durand-Petit' });
    await bob.client.call('ReadAuditLog');

    const page = await fx.newPage();
    await page.setViewportSize(DESKTOP);
    await signInAsSubUser(page, auditor.email, ENGLISH);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const rows = page.locator('tr[data-event]');
    await page.locator('tr[data-event="UpdateUserDetails"]').first().waitFor();
    // Whom a change acted on is named as people know them.
    await page.getByText('Details of Bob Durand-Petit changed: rights (given: Token validator)').waitFor();
    await page.getByText('Refused attempt: read the audit log — a right was missing').waitFor();
    await keepScreenshot(page, 'audit-log-en-desktop');

    // A person by their name and email, not an id; an action by what it does, not a call's name.
    await page.getByLabel('Person', { exact: true }).selectOption({ label: `Alice Martin (${owner.email})` });
    await page.getByLabel('Action', { exact: true }).selectOption({ label: "Change the account's details" });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    const latest = rows.first();
    await latest.getByRole('cell').nth(1).getByText('Alice Martin').waitFor();
    await latest.getByText('Account details changed: city').click();
    const diff = latest.locator('table');
    await expect(diff.locator('td[data-label="Before"]').textContent()).resolves.toBe('Lyon');
    await expect(diff.locator('td[data-label="After"]').textContent()).resolves.toBe('Nantes');
    await expectAccessible(page, 'audit log filtered, an event opened');

    // Bob is listed by the name he has now.
    await page.getByLabel('Person', { exact: true }).selectOption({ label: `Bob Durand-Petit (${bob.email})` });
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Any action' });
    await page.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Refused' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByText('Refused attempt: read the audit log — a right was missing').waitFor();
    await page.context().close();
  });

  it('French, on a phone: the filters, the outcomes and the events are in French; axe finds nothing', async () => {
    const owner = await signedUpClient(fx.server.url, { FirstName: 'Alice', LastName: 'Martin', Language: 'fr' });
    const auditor = await invitedSubUser(fx.server, fx.sink, owner.client, {
      Rights: ['ReadAuditLog'],
      FirstName: 'Odile',
      LastName: 'Lemaire',
    });
    // The console speaks the language each person chose.
    await auditor.client.call('UpdateLanguage', { Language: 'fr' });
    await owner.client.call('UpdateAccount', { City: 'Lyon', Country: 'FR' });
    await owner.client.call('UpdateLanguage', { Language: 'en' });
    await owner.client.call('CreatePasskeyOptions');

    const page = await fx.newPage('fr-FR');
    await page.setViewportSize(PHONE);
    await signInAsSubUser(page, auditor.email, FRENCH);
    await page.goto(`${fx.server.url}/audit`);
    await page.getByRole('heading', { name: "Journal d'audit", level: 1 }).waitFor();
    await page.getByText('Informations du compte modifiées : ville et pays').waitFor();
    await page.getByText('Langue changée : français → anglais').waitFor();
    const step = page.locator('tr[data-event="CreatePasskeyOptions"]');
    await step.getByText('Ajout d’une clé d’accès commencé').click();
    await step.getByText('Une première étape : elle ne change rien à elle seule.').waitFor();
    await expect(step.locator('table').count()).resolves.toBe(0);
    const person = page.getByLabel('Personne', { exact: true });
    await expect(person.locator('option').allTextContents()).resolves.toEqual([
      "N'importe qui",
      `Alice Martin (${owner.email})`,
      `Odile Lemaire (${auditor.email})`,
    ]);
    const outcome = page.getByLabel('Résultat', { exact: true });
    await expect(outcome.locator('option').allTextContents()).resolves.toEqual([
      'Tous',
      'Fait',
      'Refusé',
      'En attente de validation',
    ]);
    const actions = await page.getByLabel('Action', { exact: true }).locator('option').allTextContents();
    expect(actions).toContain('Modifier les informations du compte');
    expect(actions.join(' ')).not.toMatch(/UpdateAccount|CreateTotp|[a-z][A-Z]/);
    await expectAccessible(page, 'French audit log on a phone');
    await keepScreenshot(page, 'audit-log-fr-phone');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'French audit log, desktop');
    await keepScreenshot(page, 'audit-log-fr-desktop');

    await person.selectOption({ label: `Alice Martin (${owner.email})` });
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Changer de langue' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.poll(() => page.locator('tr[data-event]').count()).toBe(1);
    await page.locator('tr[data-event="UpdateLanguage"]').getByText('Langue changée : français → anglais').waitFor();
    await page.context().close();
  });
});
