import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { acmeBrandEnv } from '../support/brand-fixture.js';
import {
  browserMissing,
  expectAccessible,
  signInInBrowser,
  useBrowserServer,
  keepScreenshot,
} from '../support/browser.js';
import { invitationToken, uniqueUserName } from '../support/sub-users.js';

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const ACME_PURPLE = 'rgb(122, 46, 143)';
const TESSERA_BLUE = 'rgb(11, 92, 173)';

const LANGUAGES = {
  en: {
    locale: 'en-US',
    signIn: 'Sign in',
    submit: 'Sign in',
    signUp: 'Create an account',
    links: ['Support', 'Terms of service', 'Privacy policy'],
  },
  fr: {
    locale: 'fr-FR',
    signIn: 'Connexion',
    submit: 'Se connecter',
    signUp: 'Créer un compte',
    links: ['Assistance', "Conditions d'utilisation", 'Politique de confidentialité'],
  },
} as const;
type Language = keyof typeof LANGUAGES;

/** What a customer reads on the page, its tab's title included. */
async function wordsOf(page: Page): Promise<string> {
  return `${await page.title()}\n${await page.locator('body').innerText()}`;
}

/** Nothing sticks out sideways: no horizontal scrolling on a phone. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function backgroundOf(page: Page, name: string): Promise<string> {
  return page.getByRole('button', { name, exact: true }).evaluate((button) => getComputedStyle(button).backgroundColor);
}

describe.skipIf(browserMissing !== undefined)('the console in a provider’s brand, in Chromium', () => {
  const env = acmeBrandEnv();
  const fx = useBrowserServer({ env });

  /** The header, the tab, the colours and the footer links are the provider's, and Tessera is nowhere. */
  async function expectBranded(page: Page, language: Language): Promise<void> {
    expect(await page.title()).toBe('Nuage Acme');
    const banner = page.getByRole('banner');
    await banner.getByText('Nuage Acme').waitFor();
    // The logo's file came through the Content-Security-Policy and was drawn.
    const logo = banner.locator('img.brand-logo');
    await expect.poll(() => logo.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    const footer = page.getByRole('contentinfo');
    const [support, terms, privacy] = LANGUAGES[language].links;
    expect(await footer.getByRole('link', { name: support }).getAttribute('href')).toBe('mailto:support@acme.example');
    expect(await footer.getByRole('link', { name: terms }).getAttribute('href')).toBe('https://acme.example/terms');
    expect(await footer.getByRole('link', { name: privacy }).getAttribute('href')).toBe('https://acme.example/privacy');
    expect(await wordsOf(page)).not.toMatch(/tessera/i);
    expect(await fitsWidth(page)).toBe(true);
  }

  it('the sign-in and sign-up pages wear the brand in English and French, on a desktop and a phone; axe finds nothing', async () => {
    for (const language of ['en', 'fr'] as const)
      for (const [device, viewport] of Object.entries(VIEWPORTS)) {
        const words = LANGUAGES[language];
        const page = await fx.newPage(words.locale);
        await page.setViewportSize(viewport);
        await page.goto(`${fx.url}/signin`);
        await page.getByRole('heading', { name: words.signIn }).waitFor();
        await expectBranded(page, language);
        expect(await backgroundOf(page, words.submit)).toBe(ACME_PURPLE);
        // The tab's icon is the provider's, served by Tessera.
        const icon = await page.locator('link[rel="icon"]').getAttribute('href');
        expect(icon).toMatch(/^\/brand\/favicon-[0-9a-f]{16}\.svg$/);
        expect((await page.request.get(`${fx.url}${icon}`)).headers()['content-type']).toBe('image/svg+xml');
        await expectAccessible(page, `branded sign-in, ${language}, ${device}`);
        await keepScreenshot(page, `brand-sign-in-${language}-${device}`);

        await page.getByRole('button', { name: words.signUp }).click();
        await page.getByRole('heading', { name: words.signUp }).waitFor();
        await expectBranded(page, language);
        await expectAccessible(page, `branded sign-up, ${language}, ${device}`);
        await page.context().close();
      }
  });

  it('signed in, the header, the menu and every button are the provider’s, in English and French, on a desktop and a phone; axe finds nothing', async () => {
    for (const language of ['en', 'fr'] as const) {
      const { email } = await signedUpClient(fx.server.url, { Language: language });
      for (const [device, viewport] of Object.entries(VIEWPORTS)) {
        const words = LANGUAGES[language];
        const page = await fx.newPage(words.locale);
        await page.setViewportSize(viewport);
        await signInInBrowser(page, fx.url, email, words.signIn, words.submit);
        await expectBranded(page, language);
        const edit = page.locator('section[data-section="name"]').getByRole('button').first();
        expect(await edit.evaluate((button) => getComputedStyle(button).color)).toBe(ACME_PURPLE);
        await expectAccessible(page, `branded personal space, ${language}, ${device}`);
        await keepScreenshot(page, `brand-signed-in-${language}-${device}`);
        await page.context().close();
      }
    }
  });

  it('an invitation names the provider’s product, not Tessera', async () => {
    const { client } = await signedUpClient(fx.server.url);
    for (const language of ['en', 'fr'] as const) {
      const email = uniqueEmail(`invited-${language}`);
      await client.call('CreateUser', { UserName: uniqueUserName('brand'), UserEmail: email });
      const token = await invitationToken(fx.server, fx.sink, email);
      const page = await fx.newPage(LANGUAGES[language].locale);
      await page.goto(`${fx.url}/accept-invitation#${token}`);
      await page
        .getByText(
          language === 'en'
            ? 'You were invited to a Nuage Acme account.'
            : 'Vous avez été invité dans un compte Nuage Acme.',
        )
        .waitFor();
      expect(await wordsOf(page)).not.toMatch(/tessera/i);
      await expectAccessible(page, `branded invitation, ${language}`);
      await page.context().close();
    }
  });

  it('the page is served with the brand written in, revalidated at each visit, and /index.html is the same page', async () => {
    const first = await fetch(`${fx.url}/signin`);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
    const html = await first.text();
    expect(html).toContain('<title>Nuage Acme</title>');
    const written = /<script type="application\/json" id="brand">([^<]*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(written!)).toEqual({
      name: 'Nuage Acme',
      logo: expect.stringMatching(/^\/brand\/logo-[0-9a-f]{16}\.svg$/) as unknown,
      color: '#7a2e8f',
      support: 'mailto:support@acme.example',
      terms: 'https://acme.example/terms',
      privacy: 'https://acme.example/privacy',
    });
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${fx.url}/`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await (await fetch(`${fx.url}/index.html`)).text()).toBe(html);
  });

  it('a branded mail, as a mail reader shows it: the logo, the button in the brand’s colour, the footer', async () => {
    for (const language of ['en', 'fr'] as const) {
      const email = uniqueEmail(`mail-${language}`);
      await new ApiClient(fx.url).call('SignUp', {
        Email: email,
        Password: STRONG_PASSWORD,
        FirstName: 'Zoé',
        LastName: 'Martin',
        Language: language,
      });
      const mail = await fx.sink.waitFor(email, /\/confirm-email#/);
      const page = await fx.newPage(LANGUAGES[language].locale);
      await page.setViewportSize({ width: 720, height: 800 });
      await page.setContent(String(mail.html), { waitUntil: 'load' });
      expect(await page.locator('img').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
      const button = page.locator('a[href*="confirm-email"]');
      expect(await button.evaluate((link) => getComputedStyle(link).backgroundColor)).toBe(ACME_PURPLE);
      await page.getByText(language === 'en' ? env.TESSERA_MAIL_FOOTER! : env.TESSERA_MAIL_FOOTER_FR!).waitFor();
      expect(await page.locator('body').innerText()).not.toMatch(/tessera/i);
      await keepScreenshot(page, `brand-mail-${language}`);
      await page.context().close();
    }
  });
});

describe.skipIf(browserMissing !== undefined)('the console without a brand, in Chromium', () => {
  const fx = useBrowserServer();

  it('says Tessera, in Tessera’s colours and without a footer, in English and French, on a desktop and a phone; axe finds nothing', async () => {
    for (const language of ['en', 'fr'] as const) {
      const { email } = await signedUpClient(fx.server.url, { Language: language });
      for (const [device, viewport] of Object.entries(VIEWPORTS)) {
        const words = LANGUAGES[language];
        const submit = words.submit;
        const page = await fx.newPage(words.locale);
        await page.setViewportSize(viewport);
        await page.goto(`${fx.url}/signin`);
        await page.getByRole('heading', { name: words.signIn }).waitFor();
        expect(await page.title()).toBe('Tessera');
        await page.getByRole('banner').getByText('Tessera', { exact: true }).waitFor();
        expect(await page.getByRole('banner').locator('img').count()).toBe(0);
        expect(await page.getByRole('contentinfo').count()).toBe(0);
        expect(await page.locator('link[rel="icon"]').count()).toBe(0);
        expect(await backgroundOf(page, submit)).toBe(TESSERA_BLUE);
        await expectAccessible(page, `unbranded sign-in, ${language}, ${device}`);

        await signInInBrowser(page, fx.url, email, words.signIn, submit);
        await page.getByRole('banner').getByText('Tessera', { exact: true }).waitFor();
        expect(await page.getByRole('contentinfo').count()).toBe(0);
        await expectAccessible(page, `unbranded personal space, ${language}, ${device}`);
        await page.context().close();
      }
    }
  });
});
