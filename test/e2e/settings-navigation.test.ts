import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** The settings were one page over 3,500 px tall on a desktop; each page of them is now well under half that. */
const MOST_PAGE_HEIGHT = 1600;

/** Each settings page, deep link first, and the section it shows. */
const SETTINGS = [
  ['/security/password', 'password'],
  ['/security/two-step', 'two-step'],
  ['/security/passkeys', 'passkeys'],
  ['/security/sessions', 'sessions'],
  ['/security/activity', 'activity'],
  ['/security/access-keys', 'keys'],
  ['/security/support', 'support-code'],
] as const;

const WORDS = {
  en: {
    locale: 'en-US',
    signIn: ['Sign in', 'Sign in'],
    mainMenu: 'Main menu',
    settings: 'Authentication settings',
    navigation: 'Pages of the authentication settings',
    account: 'Account',
    accountTitle: 'Account settings',
    space: 'Personal space',
  },
  fr: {
    locale: 'fr-FR',
    signIn: ['Connexion', 'Se connecter'],
    mainMenu: 'Menu principal',
    settings: "Paramètres d'authentification",
    navigation: "Pages des paramètres d'authentification",
    account: 'Compte',
    accountTitle: 'Paramètres du compte',
    space: 'Espace personnel',
  },
} as const;
type Words = (typeof WORDS)[keyof typeof WORDS];

/** Opens a page of the main menu: its bar on a desktop, the profile menu on a phone. */
async function fromMenu(page: Page, words: Words, entry: string, phone: boolean): Promise<void> {
  if (phone) return fromProfileMenu(page, entry);
  await page.getByRole('navigation', { name: words.mainMenu }).getByRole('link', { name: entry, exact: true }).click();
}

const path = (page: Page) => new URL(page.url()).pathname;
const focusedTitle = (page: Page) =>
  page.evaluate(() => (document.activeElement?.matches('main h1') ? document.activeElement.textContent : null));

/** The page as a person sees it: no sideways scroll on a phone, not a long scroll on a desktop. */
async function expectShape(page: Page, phone: boolean, where: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  if (phone) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(PHONE.width);
    for (const link of await page.locator('.settings-nav a').all()) {
      const box = (await link.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= PHONE.width, `${where}: ${await link.textContent()}`).toBe(true);
    }
  } else {
    expect(await page.evaluate(() => document.body.scrollHeight), where).toBeLessThan(MOST_PAGE_HEIGHT);
  }
}

describe.skipIf(browserMissing !== undefined)('the authentication settings in sections, in Chromium', () => {
  const fx = useBrowserServer();

  for (const language of ['en', 'fr'] as const)
    for (const phone of [false, true]) {
      const words = WORDS[language];
      const device = phone ? 'phone' : 'desktop';
      it(`${language}, ${device}: a page per concern from the sub-navigation and by deep link, and the account page for its owner`, async () => {
        const { email } = await signedUpClient(fx.server.url, { Language: language });
        const page = await fx.newPage(words.locale);
        await page.setViewportSize(phone ? PHONE : DESKTOP);
        await signInInBrowser(page, fx.server.url, email, ...words.signIn);

        // The menu's entry leads to the first page, its title focused as on every page.
        await fromMenu(page, words, words.settings, phone);
        await page.locator('section[data-section="password"]').waitFor();
        expect(path(page)).toBe('/security/password');
        await expect.poll(() => focusedTitle(page)).toBe(words.settings);
        if (!phone)
          await expect(
            page.getByRole('navigation', { name: words.mainMenu }).locator('a[aria-current="page"]').textContent(),
          ).resolves.toBe(words.settings);
        await keepScreenshot(page, `settings-navigation-${language}-${device}`);

        const navigation = page.getByRole('navigation', { name: words.navigation });
        // From the first page to each other one, then back to the first.
        for (const [address, section] of [...SETTINGS.slice(1), SETTINGS[0]]) {
          await navigation.locator(`a[href="${address}"]`).click();
          const shown = page.locator(`section[data-section="${section}"]`);
          await shown.waitFor();
          expect(path(page)).toBe(address);
          await expect.poll(() => focusedTitle(page), { message: address }).toBe(words.settings);
          // One page current, named as the card it opens.
          await expect(navigation.locator('a[aria-current="page"]').count()).resolves.toBe(1);
          await expect(navigation.locator(`a[href="${address}"]`).getAttribute('aria-current')).resolves.toBe('page');
          await expect(navigation.locator(`a[href="${address}"]`).textContent()).resolves.toBe(
            await shown.locator('h2').first().textContent(),
          );
          for (const [, other] of SETTINGS.filter(([elsewhere]) => elsewhere !== address))
            await expect(
              page.locator(`section[data-section="${other}"]`).count(),
              `${other} on ${address}`,
            ).resolves.toBe(0);
          await expectShape(page, phone, `${language} ${device} ${address}`);
          await expectAccessible(page, `${language} ${device} ${address}`);
          if (address === '/security/sessions') await keepScreenshot(page, `settings-sessions-${language}-${device}`);
        }

        // Each page has its own address, which opens it directly.
        for (const [address, section] of SETTINGS) {
          await page.goto(`${fx.server.url}${address}`);
          await page.locator(`section[data-section="${section}"]`).waitFor();
          await expect(navigation.locator(`a[href="${address}"]`).getAttribute('aria-current')).resolves.toBe('page');
        }
        // The old address leads to the first page, and Back does not bounce off it.
        await page.goto(`${fx.server.url}/`);
        await page.locator('section[data-section="email"]').waitFor();
        await page.goto(`${fx.server.url}/security`);
        await page.locator('section[data-section="password"]').waitFor();
        expect(path(page)).toBe('/security/password');
        await page.goBack();
        await page.locator('section[data-section="email"]').waitFor();
        expect(path(page)).toBe('/');

        // The owner holds ManageAccount: the account's settings are offered, on a page of their own.
        await fromMenu(page, words, words.account, phone);
        await page.locator('section[data-section="advanced-security"]').waitFor();
        expect(path(page)).toBe('/account');
        await expect.poll(() => focusedTitle(page)).toBe(words.accountTitle);
        await expectShape(page, phone, `${language} ${device} /account`);
        await expectAccessible(page, `${language} ${device} /account`);
        await keepScreenshot(page, `account-settings-${language}-${device}`);
        await page.goto(`${fx.server.url}/account`);
        await page.locator('section[data-section="advanced-security"]').waitFor();
        // The personal settings no longer carry the account's.
        await page.goto(`${fx.server.url}/security/password`);
        await page.locator('section[data-section="password"]').waitFor();
        await expect(page.locator('section[data-section="advanced-security"]').count()).resolves.toBe(0);
        await page.context().close();
      });
    }

  for (const [language, phone] of [
    ['en', false],
    ['fr', true],
  ] as const)
    it(`${language}, ${phone ? 'phone' : 'desktop'}: the account page is offered only to users with the right to change it`, async () => {
      const words = WORDS[language];
      const owner = await signedUpClient(fx.server.url);
      const plain = await invitedSubUser(fx.server, fx.sink, owner.client, { Rights: ['TokenValidator'] });
      const manager = await invitedSubUser(fx.server, fx.sink, owner.client, { Rights: ['ManageAccount'] });
      for (const [user, offered] of [
        [plain, false],
        [manager, true],
      ] as const) {
        // The console speaks the language kept with the person.
        expect((await user.client.call('UpdateLanguage', { Language: language })).status).toBe(200);
        const page = await fx.newPage(words.locale);
        await page.setViewportSize(phone ? PHONE : DESKTOP);
        await page.goto(`${fx.server.url}/signin`);
        await page.locator('input[name="Email"]').fill(user.email);
        await page.locator('input[name="Password"]').fill(SUB_USER_PASSWORD);
        await page.getByRole('button', { name: words.signIn[1], exact: true }).click();
        await page.getByRole('heading', { name: words.space, level: 1 }).waitFor();
        const entries = phone
          ? async () => {
              await page
                .getByRole('banner')
                .getByRole('button', { name: /^(Account menu of|Menu du compte de) / })
                .click();
              const items = await page.getByRole('menuitem').allTextContents();
              await page.keyboard.press('Escape');
              return items;
            }
          : () => page.getByRole('navigation', { name: words.mainMenu }).getByRole('link').allTextContents();
        const menu = await entries();
        expect(menu).toContain(words.settings);
        expect(menu.includes(words.account), user.userName).toBe(offered);

        // The address typed by hand: shown with the right, otherwise the personal space instead.
        await page.goto(`${fx.server.url}/account`);
        if (offered) {
          await page.locator('section[data-section="advanced-security"]').waitFor();
          await page.getByRole('heading', { name: words.accountTitle, level: 1 }).waitFor();
          await expectAccessible(page, `${language} /account for ${user.userName}`);
        } else {
          await page.locator('section[data-section="email"]').waitFor();
          expect(path(page)).toBe('/');
          await expect(page.locator('section[data-section="advanced-security"]').count()).resolves.toBe(0);
        }
        // Their own settings are theirs either way.
        await page.goto(`${fx.server.url}/security/sessions`);
        await page.locator('section[data-section="sessions"]').waitFor();
        await page.context().close();
      }
    });
});
