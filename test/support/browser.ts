import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { CONSOLE_DIR } from '../../src/http/console-assets.js';
import { STRONG_PASSWORD, uniqueEmail } from './api-client.js';
import { startIdentityProvider, type TestIdentityProvider } from './identity-provider.js';
import { mailboxOf, SmtpSink } from './mailbox.js';
import { freePorts } from './ports.js';
import { startTestServer, type TestServer } from './test-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser suites cannot run here, if they cannot; in CI that is an error, not a skip. */
export const browserMissing = !existsSync(CHROMIUM)
  ? `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`
  : !existsSync(join(CONSOLE_DIR, 'index.html'))
    ? 'the console is not built (npm run build)'
    : undefined;
if (browserMissing) {
  if (process.env.CI) throw new Error(`${browserMissing}: CI must run the browser suite.`);
  console.warn(`Skipping the browser suite: ${browserMissing}.`);
}

export interface BrowserFixture {
  server: TestServer;
  /** With `{ identityProvider: true }`: a real OpenID provider Tessera is configured with. */
  idp: TestIdentityProvider;
  sink: SmtpSink;
  browser: Browser;
  /** A page in a fresh browser context: its own cookies, as another person's browser. */
  newPage(locale?: string): Promise<Page>;
  /** Where the browser reaches Tessera: its public URL (localhost with `publicHost`). */
  url: string;
}

/** A Tessera on SQLite mailing to a real SMTP sink, and headless Chromium, for the enclosing describe block. */
export function useBrowserServer(
  options: {
    identityProvider?: boolean;
    /** Serve the console as http://localhost:…: WebAuthn refuses an IP address as relying party. */
    publicHost?: 'localhost';
    /** More settings of the Tessera under test (a provider's brand, say). */
    env?: Record<string, string>;
  } = {},
): BrowserFixture {
  const fixture = {
    newPage: async (locale = 'en-US') => {
      const context = await fixture.browser.newContext({ locale, permissions: ['clipboard-read', 'clipboard-write'] });
      return context.newPage();
    },
  } as BrowserFixture;
  beforeAll(async () => {
    fixture.sink = await SmtpSink.start();
    const [port, idpPort] = (await freePorts(2)) as [number, number];
    if (options.identityProvider)
      fixture.idp = await startIdentityProvider(idpPort, `http://127.0.0.1:${port}/oidc/callback`);
    fixture.url = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;
    fixture.server = await startTestServer('sqlite', {
      TESSERA_PORT: String(port),
      SMTP_URL: fixture.sink.url,
      ...(options.publicHost ? { TESSERA_PUBLIC_URL: fixture.url } : {}),
      ...fixture.idp?.env(),
      ...options.env,
    });
    fixture.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.server?.close();
    await fixture.sink?.stop();
    await fixture.idp?.close();
  });
  return fixture;
}

/** From the sign-in page a new visitor lands on, to their personal space; returns the address. */
export async function signUpInBrowser(page: Page, url: string): Promise<string> {
  const email = uniqueEmail('browser');
  await page.goto(url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('First name').fill('Jean');
  await page.getByLabel('Last name').fill('Dupont');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create the account' }).click();
  await page.getByRole('heading', { name: 'Check your mail' }).waitFor();
  await page.getByText(`follow the link we sent to ${email}`).waitFor();
  // The last step is in the mailbox: the link confirms the address and signs in.
  const mail = await mailboxOf(url).waitFor(email, /\/confirm-email#/);
  const link = /(https?:\/\/\S+\/confirm-email#[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
  await page.goto(link);
  await page.getByText('Thank you: your email address is confirmed.').waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Personal space' }).waitFor();
  return email;
}

/** Picks an entry of the header's profile menu: a page, the other language, or Sign out. */
export async function fromProfileMenu(page: Page, entry: string | RegExp): Promise<void> {
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^(Account menu of|Menu du compte de) / })
    .click();
  await page.getByRole('menuitem', { name: entry }).click();
}

/** Signs in from the sign-in page, in the page's language, and waits for the personal space. */
export async function signInInBrowser(
  page: Page,
  url: string,
  email: string,
  heading = 'Sign in',
  submit = 'Sign in',
): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.getByRole('heading', { name: heading }).waitFor();
  await page.locator('input[name="Email"]').fill(email);
  await page.locator('input[name="Password"]').fill(STRONG_PASSWORD);
  await page.getByRole('button', { name: submit, exact: true }).click();
  await page.locator('section[data-section="email"]').waitFor();
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.x A and AA rules find nothing on the page as it is now. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  // Evaluated through the DevTools protocol, so the console's Content-Security-Policy stays as it is.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    const results = await axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
    });
    return results.violations.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  });
  expect(violations, where).toEqual([]);
}

/** Opens a page of the authentication settings from their own navigation, by its link's name. */
export async function fromSettingsNavigation(page: Page, entry: string): Promise<void> {
  await page
    .getByRole('navigation', {
      name: /^(Pages of the authentication settings|Pages des paramètres d'authentification)$/,
    })
    .getByRole('link', { name: entry, exact: true })
    .click();
}

/**
 * With `TESSERA_SCREENSHOTS=<folder>`, keeps a picture of a page (whole) or of one part of it for
 * the docs and closing notes; nothing is written otherwise, in CI neither.
 */
export async function keepScreenshot(what: Page | Locator, name: string): Promise<void> {
  const folder = process.env.TESSERA_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await ('goto' in what ? what.screenshot({ path, fullPage: true }) : what.screenshot({ path }));
}
