import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import {
  browserMissing,
  expectAccessible,
  fromProfileMenu,
  signInInBrowser,
  useBrowserServer,
} from '../support/browser.js';

/** A platform authenticator in the page, as Chrome's DevTools protocol provides one: it verifies its user at once. */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

describe.skipIf(browserMissing !== undefined)('passkeys in Chromium', () => {
  const fx = useBrowserServer({ publicHost: 'localhost' });

  it('NIST SP 800-63B-4 §3.1.7: registers a passkey, signs in with it alone (no address typed), refuses a cloned one whose counter went back, takes it as the second step of a password sign-in, and, the session grown stale, confirms its own removal', async () => {
    const owner = await signedUpClient(fx.server.url);
    const page = await fx.newPage();
    const { cdp, authenticatorId } = await virtualAuthenticator(page);
    await signInInBrowser(page, fx.url, owner.email);
    await page.goto(`${fx.url}/security/passkeys`);
    const section = page.locator('section[data-section="passkeys"]');
    await section.getByText('No passkey yet.').waitFor();
    await section.getByLabel('Name of the new passkey').fill('Work laptop');
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await section
      .locator('li[data-passkey="Work laptop"]')
      .getByText(/never used/)
      .waitFor();
    await expectAccessible(page, 'passkeys');

    // Signed out, the passkey alone signs in: nothing typed.
    await fromProfileMenu(page, 'Sign out');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.locator('section[data-section="email"]').waitFor();
    await page.goto(`${fx.url}/security/passkeys`);
    await section
      .locator('li[data-passkey="Work laptop"]')
      .getByText(/last used/)
      .waitFor();
    const activity = (await owner.client.call('ReadSecurityActivity')).body.Events as { Action: string }[];
    expect(activity.map((event) => event.Action)).toEqual(
      expect.arrayContaining(['CompletePasskeySignIn', 'CreatePasskey', 'CreatePasskeyOptions']),
    );

    // A copy of the key one use behind the last one seen: a cloned authenticator. Its next use
    // repeats a counter already seen, and is refused; the one after goes past it.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    const [credential] = credentials;
    expect(credential?.signCount).toBeGreaterThan(0);
    await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: credential!.credentialId });
    await cdp.send('WebAuthn.addCredential', {
      authenticatorId,
      credential: { ...credential!, signCount: credential!.signCount - 1 },
    });
    await fromProfileMenu(page, 'Sign out');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page
      .getByRole('alert')
      .getByText(/This passkey does not sign in here/)
      .waitFor();

    // A password sign-in now asks for the passkey as its second step.
    await page.locator('input[name="Email"]').fill(owner.email);
    await page.locator('input[name="Password"]').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.locator('section[data-section="email"]').waitFor();
    await page.goto(`${fx.url}/security/passkeys`);
    // Later, removing it needs a recent sign-in: the passkey itself, the strongest factor, stands for it.
    fx.server.clock.advance(fx.server.services.config.reauthMinutes * 60_000 + 1);
    await section.getByRole('button', { name: 'Remove Work laptop' }).click();
    await section
      .getByRole('alert')
      .getByText(/needs a recent sign-in/)
      .waitFor();
    await expectAccessible(page, 'passkey step-up');
    await section.getByRole('button', { name: 'Confirm with a passkey' }).click();
    await section.getByText('No passkey yet.').waitFor();
    const after = (await owner.client.call('ReadSecurityActivity')).body.Events as { Action: string }[];
    expect(after[0]?.Action).toBe('DeletePasskey');
    await page.context().close();
  });
});
