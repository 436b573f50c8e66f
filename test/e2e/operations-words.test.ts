import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import {
  browserMissing,
  expectAccessible,
  useBrowserServer,
  type BrowserFixture,
  keepScreenshot,
} from '../support/browser.js';
import { invitedSubUser, SUB_USER_PASSWORD, type SubUser } from '../support/sub-users.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** Nothing scrolls sideways, and nothing sticks out of an operation's card: the page fits the phone's width. */
async function fitsWidth(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const outOfCard = await page.evaluate(() =>
    [...document.querySelectorAll('section[data-operation], section[data-section="pending-operations"]')]
      .filter((card) => card.scrollWidth > card.clientWidth)
      .map((card) => card.getAttribute('data-operation') ?? 'banner'),
  );
  expect(outOfCard).toEqual([]);
}

const WORDS = {
  en: {
    locale: 'en-US',
    signIn: 'Sign in',
    grant: 'Give Alice Martin the right Read the audit log',
    askedBy: /^Asked by Jean Dupont \(account owner\) · expires /,
    rights: 'Rights',
    before: 'Token validator',
    after: 'Token validator, Read the audit log',
    token: 'Token from your mail',
    confirm: 'Confirm',
    key: 'Create an access key for Jean Dupont',
    waiting: /^Waiting for a validator: another token validator must confirm your request/,
    waitingShort: 'waiting for a validator',
    cancel: 'Cancel the operation',
    cancelled: (id: string) => `Operation ${id} is cancelled.`,
    yours: 'One request of yours waits for validation',
    none: 'No operation waits for validation.',
    done: (id: string) => `Operation ${id} is validated and carried out.`,
    actionsFor: (name: string) => `Actions for ${name}`,
    modify: 'Modify',
    validate: 'Validate',
    grantChloe: 'Give Chloé Bernard the right Read the audit log',
  },
  fr: {
    locale: 'fr-FR',
    signIn: 'Se connecter',
    grant: "Donner à Alice Martin le droit Consulter le journal d'audit",
    askedBy: /^Demandée par Jean Dupont \(propriétaire du compte\) · expire le /,
    rights: 'Droits',
    before: 'Token validator',
    after: "Token validator, Consulter le journal d'audit",
    token: 'Jeton reçu par e-mail',
    confirm: 'Confirmer',
    key: "Créer une clé d'API pour Jean Dupont",
    waiting: /^En attente d'un valideur : un autre valideur de jetons doit confirmer votre demande/,
    waitingShort: "en attente d'un valideur",
    cancel: "Annuler l'opération",
    cancelled: (id: string) => `L'opération ${id} est annulée.`,
    yours: 'Une de vos demandes attend sa validation',
    none: 'Aucune opération en attente de validation.',
    done: (id: string) => `L'opération ${id} est validée et exécutée.`,
    actionsFor: (name: string) => `Actions pour ${name}`,
    modify: 'Modifier',
    validate: 'Valider',
    grantChloe: "Donner à Chloé Bernard le droit Consulter le journal d'audit",
  },
} as const;
type Language = keyof typeof WORDS;

/**
 * An account whose advanced security is on under OtherValidator: its owner Jean Dupont, and two
 * token validators, Alice Martin and Chloé Bernard, each reading the console in `language`.
 */
async function protectedAccount(fx: BrowserFixture, language: Language) {
  const owner = await signedUpClient(fx.server.url);
  const validators: SubUser[] = [];
  for (const [FirstName, LastName] of [
    ['Alice', 'Martin'],
    ['Chloé', 'Bernard'],
  ] as const) {
    const validator = await invitedSubUser(fx.server, fx.sink, owner.client, {
      Rights: ['TokenValidator'],
      FirstName,
      LastName,
    });
    await validator.client.call('UpdateLanguage', { Language: language });
    validators.push(validator);
  }
  await owner.client.call('UpdateLanguage', { Language: language });
  const [alice, chloe] = validators as [SubUser, SubUser];
  const activation = await owner.client.call('UpdateAccountSecurity', { AdvancedSecurity: true });
  const activationId = (activation.body.Operation as { OperationId: string }).OperationId;
  const validated = await alice.client.call('ValidateOperation', {
    OperationId: activationId,
    Token: await fx.sink.operationToken(alice.email, activationId),
  });
  expect(validated.status, JSON.stringify(validated.body)).toBe(200);
  return { owner, alice, chloe };
}

/** The id of the operation a call became (202). */
function operationId(answer: { status: number; body: Record<string, unknown> }): string {
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return (answer.body.Operation as { OperationId: string }).OperationId;
}

/** Signs in on the sign-in page the console sent the visitor to. */
async function signInHere(page: Page, language: Language, email: string, password: string): Promise<void> {
  await page.locator('input[name="Email"]').fill(email);
  await page.locator('input[name="Password"]').fill(password);
  await page.getByRole('button', { name: WORDS[language].signIn, exact: true }).click();
}

describe.skipIf(browserMissing !== undefined)('operations a validator understands, in Chromium', () => {
  const fx = useBrowserServer();

  it.each(['en', 'fr'] as const)(
    '%s: the mailed link, opened signed out, leads through sign-in to the operation, said in words, on a desktop and a phone',
    async (language) => {
      const words = WORDS[language];
      const { owner, alice } = await protectedAccount(fx, language);
      const id = operationId(
        await owner.client.call('UpdateUserDetails', {
          UserName: alice.userName,
          Rights: ['TokenValidator', 'ReadAuditLog'],
        }),
      );
      const mail = await fx.sink.waitFor(alice.email, new RegExp(`(operation|opération) ${id}`));
      const link = /(http:\/\/\S+\/operations\?id=op-[a-z0-9]+)/.exec(mail.text ?? '')![1]!;
      expect(link).toContain(id);
      if (process.env.TESSERA_SCREENSHOTS && typeof mail.html === 'string') {
        // The token mail as a mail reader shows its HTML.
        const reader = await fx.newPage(words.locale);
        await reader.setViewportSize({ width: 760, height: 600 });
        await reader.setContent(mail.html);
        await keepScreenshot(reader, `token-mail-${language}`);
        await reader.context().close();
      }

      const page = await fx.newPage(words.locale);
      await page.setViewportSize(DESKTOP);
      await page.goto(link);
      await page.waitForURL(/\/signin$/);
      await signInHere(page, language, alice.email, SUB_USER_PASSWORD);
      // Signed in, the console opens the address the link named, not the personal space.
      await page.waitForURL((url) => url.pathname === '/operations' && url.search === `?id=${id}`);
      const card = page.locator(`section[data-operation="${id}"]`);
      await card.getByRole('heading', { name: words.grant }).waitFor();
      await card.getByText(words.askedBy).waitFor();
      const row = card.locator('tr[data-field="Rights"]');
      await expect(row.locator('td').allTextContents()).resolves.toEqual([words.rights, words.before, words.after]);
      await expect(card.locator('table').textContent()).resolves.not.toMatch(/UserName|TokenValidator|\[/);
      // The expiry is the reader's local date and time, in the page's language.
      const expires = (await card.locator('p.hint').first().textContent()) ?? '';
      expect(expires).toMatch(new RegExp(String(new Date().getFullYear())));
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('Token');
      await expectAccessible(page, `operation to validate, ${language}, desktop`);
      await keepScreenshot(page, `operations-validator-${language}-desktop`);

      await page.setViewportSize(PHONE);
      await card.getByRole('heading', { name: words.grant }).waitFor();
      await fitsWidth(page);
      await expectAccessible(page, `operation to validate, ${language}, phone`);
      await keepScreenshot(page, `operations-validator-${language}-phone`);

      await card.getByLabel(words.token).fill(await fx.sink.operationToken(alice.email, id));
      await card.getByRole('button', { name: words.confirm }).click();
      await page.getByRole('status').getByText(words.done(id)).waitFor();
      await page.getByText(words.none).waitFor();
      await page.context().close();
    },
  );

  it.each(['en', 'fr'] as const)(
    '%s: under OtherValidator the requester waits, with Cancel and never a token; a cancel from the banner or the page updates both and says so',
    async (language) => {
      const words = WORDS[language];
      const { owner } = await protectedAccount(fx, language);
      const key = operationId(await owner.client.call('CreateAccessKey', { Tag: 'ci' }));
      const page = await fx.newPage(words.locale);
      await page.setViewportSize(DESKTOP);
      await page.goto(`${fx.server.url}/operations`);
      await signInHere(page, language, owner.email, STRONG_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/operations');

      const card = page.locator(`section[data-operation="${key}"]`);
      await card.getByRole('heading', { name: words.key }).waitFor();
      await card.getByText(words.waiting).waitFor();
      await expect(card.locator('input').count()).resolves.toBe(0);
      await expect(card.getByRole('button', { name: words.confirm }).count()).resolves.toBe(0);
      await card.getByRole('button', { name: words.cancel }).waitFor();
      const banner = page.locator('section[data-section="pending-operations"]');
      await banner.getByRole('heading', { name: words.yours }).waitFor();
      await banner.getByText(words.key).waitFor();
      await banner.getByText(words.waitingShort).waitFor();
      await expectAccessible(page, `own operation waiting, ${language}, desktop`);
      await keepScreenshot(page, `operations-requester-${language}-desktop`);
      await page.setViewportSize(PHONE);
      await fitsWidth(page);
      await expectAccessible(page, `own operation waiting, ${language}, phone`);
      await page.setViewportSize(DESKTOP);

      // From the banner: the banner says so, and the page's list no longer shows it.
      await banner.getByRole('button', { name: new RegExp(`^${words.cancel}`) }).click();
      await banner.getByRole('status').getByText(words.cancelled(key)).waitFor();
      await expect.poll(() => card.count()).toBe(0);
      await page.getByText(words.none).waitFor();
      await expectAccessible(page, `cancelled from the banner, ${language}`);

      // From the page: the page says so, and the banner no longer lists it.
      const second = operationId(await owner.client.call('CreateAccessKey', { Tag: 'deploy' }));
      await page.reload();
      const secondCard = page.locator(`section[data-operation="${second}"]`);
      await secondCard.getByRole('button', { name: words.cancel }).click();
      await page.locator('main > div.space').getByRole('status').getByText(words.cancelled(second)).waitFor();
      await expect.poll(() => secondCard.count()).toBe(0);
      await expect.poll(() => page.locator('li[data-pending]').count()).toBe(0);
      await expectAccessible(page, `cancelled from the page, ${language}`);
      await page.context().close();
    },
  );

  it.each(['en', 'fr'] as const)(
    '%s: a right given in the Modify window, which sends every field, reads as that right given, with only the rights listed',
    async (language) => {
      const words = WORDS[language];
      const { owner, alice, chloe } = await protectedAccount(fx, language);
      const page = await fx.newPage(words.locale);
      await page.goto(`${fx.server.url}/users`);
      await signInHere(page, language, owner.email, STRONG_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/users');
      await page.getByRole('button', { name: words.actionsFor(chloe.userName) }).click();
      await page.getByRole('menuitem', { name: words.modify }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('input[name="ReadAuditLog"]').check();
      await dialog.getByRole('button', { name: words.validate }).click();
      const waiting = (await dialog.getByRole('alert').textContent()) ?? '';
      const id = /(op-[a-z0-9]+)/.exec(waiting)![1]!;
      await page.context().close();

      const validator = await fx.newPage(words.locale);
      await validator.goto(`${fx.server.url}/operations?id=${id}`);
      await signInHere(validator, language, alice.email, SUB_USER_PASSWORD);
      const card = validator.locator(`section[data-operation="${id}"]`);
      await card.getByRole('heading', { name: words.grantChloe }).waitFor();
      await expect(
        card.locator('tr[data-field]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-field'))),
      ).resolves.toEqual(['Rights']);
      await expectAccessible(validator, `a right given in the Modify window, ${language}`);
      await validator.context().close();
    },
  );

  it('any deep link survives sign-in, its query and fragment too; an address that is not a console page leads home', async () => {
    const owner = await signedUpClient(fx.server.url);
    const page = await fx.newPage();
    await page.goto(`${fx.server.url}/users?from=mail#list`);
    await page.waitForURL(/\/signin$/);
    await signInHere(page, 'en', owner.email, STRONG_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/users' && url.search === '?from=mail' && url.hash === '#list');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    // Signing out on purpose, then in again: home, not the last page.
    await page
      .getByRole('banner')
      .getByRole('button', { name: /^Account menu of / })
      .click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    // Only this console's own pages are opened after sign-in, whatever the tab kept.
    await page.evaluate(() => sessionStorage.setItem('tessera.wanted', '//elsewhere.example/users'));
    await signInHere(page, 'en', owner.email, STRONG_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/' && url.host === new URL(fx.server.url).host);
    await page.locator('section[data-section="email"]').waitFor();
    await page.context().close();
  });
});
