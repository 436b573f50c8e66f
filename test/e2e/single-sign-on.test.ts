import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/second-factors.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { browserMissing, fromProfileMenu } from '../support/browser.js';
import { SmtpSink } from '../support/mailbox.js';
import { freePorts } from '../support/ports.js';
import { startSite, type RelyingPartySite } from '../support/relying-party-site.js';
import { invitedSubUser, SUB_USER_PASSWORD } from '../support/sub-users.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENT_ID = 'billing';
const CLIENT_SECRET = randomBytes(32).toString('base64url');
const SCOPE = 'openid email profile rights';
const ACR_SECOND_FACTOR = 'urn:tessera:acr:2fa';

interface Flow {
  url: URL;
  verifier: string;
  state: string;
}

describe.skipIf(browserMissing !== undefined).each(ENGINES)(
  'single sign-on, Tessera as OpenID provider (%s)',
  (engine) => {
    let site: RelyingPartySite;
    let sink: SmtpSink;
    let server: TestServer;
    let browser: Browser;
    let rp: oidc.Configuration;
    let env: Record<string, string>;
    const redirectUri = () => `${site.origin}/callback`;

    beforeAll(async () => {
      const [sitePort] = (await freePorts(1)) as [number];
      site = await startSite(sitePort);
      sink = await SmtpSink.start();
      env = {
        SMTP_URL: sink.url,
        TESSERA_SECRET_KEY: randomBytes(32).toString('base64'),
        TESSERA_OIDC_CLIENTS: JSON.stringify([
          {
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            redirect_uris: [`${site.origin}/callback`],
            post_logout_redirect_uris: [`${site.origin}/signed-out`],
            backchannel_logout_uri: `${site.origin}/backchannel`,
          },
        ]),
      };
      server = await startTestServer(engine, env);
      rp = await oidc.discovery(new URL(server.url), CLIENT_ID, undefined, oidc.ClientSecretBasic(CLIENT_SECRET), {
        execute: [oidc.allowInsecureRequests],
      });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await sink?.stop();
      await site?.close();
    });

    async function newPage(): Promise<Page> {
      return (await browser.newContext({ locale: 'en-US' })).newPage();
    }

    async function startFlow(extra: Record<string, string> = {}): Promise<Flow> {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(rp, {
        redirect_uri: redirectUri(),
        scope: SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        ...extra,
      });
      return { url, verifier, state };
    }

    /**
     * Opens the authorization URL in the browser; on Tessera's sign-in page, signs in with
     * `password` (and `code` for the second step). Returns where the browser came back to the site,
     * and the pages of Tessera it saw on the way.
     */
    async function authorize(
      page: Page,
      flow: Flow,
      signIn?: { email: string; password?: string; code?: () => string },
    ): Promise<{ callback: URL; sawSignIn: boolean }> {
      const seen: string[] = [];
      const onNavigation = (frame: { url(): string }) => seen.push(frame.url());
      page.on('framenavigated', onNavigation);
      await page.goto(flow.url.href);
      if (signIn) {
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/signin');
        // Time passes while the person types (the test clock moves only when told).
        server.clock.advance(1000);
        await page.locator('input[name="Email"]').fill(signIn.email);
        await page.locator('input[name="Password"]').fill(signIn.password ?? STRONG_PASSWORD);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        if (signIn.code) {
          await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
          await page.getByLabel('Code from the app').fill(signIn.code());
          await page.getByRole('button', { name: 'Verify' }).click();
        }
      }
      await page
        .waitForURL((url) => url.href.startsWith(redirectUri()), { timeout: 10_000 })
        .catch(async (error: unknown) => {
          throw new Error(
            `${String(error)}; the browser went through ${seen.join(' → ')}, is at ${page.url()}: ${(await page.content()).slice(0, 400)}`,
          );
        });
      page.off('framenavigated', onNavigation);
      return { callback: new URL(page.url()), sawSignIn: seen.some((url) => new URL(url).pathname === '/signin') };
    }

    async function tokensFor(flow: Flow, callback: URL, config = rp) {
      return oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
      });
    }

    async function userIds(email: string): Promise<{ user_id: string; account_id: string }> {
      return server.services.store.db
        .selectFrom('users')
        .select(['user_id', 'account_id'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
    }

    /** A person signed in at the site through the console's page; their browser, the tokens and who they are. */
    async function signedInAtSite(extra: Record<string, string> = {}) {
      const person = await signedUpClient(server.url);
      const page = await newPage();
      const flow = await startFlow(extra);
      const { callback, sawSignIn } = await authorize(page, flow, { email: person.email });
      expect(sawSignIn).toBe(true);
      return { person, page, tokens: await tokensFor(flow, callback) };
    }

    async function introspected(token: string): Promise<boolean> {
      return (await oidc.tokenIntrospection(rp, token)).active;
    }

    it('publishes its discovery document and signing key: issuer the public URL, endpoints under /oidc, with the security headers', async () => {
      const answer = await fetch(`${server.url}/.well-known/openid-configuration`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      const discovery = (await answer.json()) as Record<string, unknown>;
      expect(discovery).toMatchObject({
        issuer: server.url,
        authorization_endpoint: `${server.url}/sso/auth`,
        token_endpoint: `${server.url}/sso/token`,
        jwks_uri: `${server.url}/sso/jwks`,
        introspection_endpoint: `${server.url}/sso/token/introspection`,
        revocation_endpoint: `${server.url}/sso/token/revocation`,
        end_session_endpoint: `${server.url}/sso/session/end`,
        backchannel_logout_supported: true,
        code_challenge_methods_supported: ['S256'],
        response_types_supported: ['code'],
      });
      expect(discovery.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'profile', 'rights']));
      const jwks = (await (await fetch(`${server.url}/sso/jwks`)).json()) as { keys: Record<string, unknown>[] };
      expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
      expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      // The public half only.
      expect(jwks.keys[0]).not.toHaveProperty('d');
      const stored = await server.services.store.db.selectFrom('oidc_provider_keys').selectAll().execute();
      expect(stored.map((key) => key.kid)).toContain(jwks.keys[0]!.kid);
      expect(stored[0]!.jwk_sealed).not.toContain('"d"');
    });

    it('a site signs a person in with code and PKCE through the console sign-in page; the ID token says who they are; signed in already, no page is shown', async () => {
      const { person, page, tokens } = await signedInAtSite();
      const ids = await userIds(person.email);
      const claims = tokens.claims()!;
      expect(claims).toMatchObject({
        iss: server.url,
        aud: CLIENT_ID,
        sub: ids.user_id,
        account_id: ids.account_id,
        email: person.email,
        email_verified: true,
        name: 'Jean Dupont',
        given_name: 'Jean',
        family_name: 'Dupont',
        acr: 'urn:tessera:acr:1fa',
        amr: ['pwd'],
      });
      expect(claims.rights).toEqual(expect.arrayContaining(['ManageUsers']));
      // A customer's owner holds every right but the platform's own (ASVS 8.2.1).
      for (const right of ['Support', 'SubmitOperations', 'VerifyRequests']) expect(claims.rights).not.toContain(right);
      // Signed by the key Tessera publishes.
      const verified = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(`${server.url}/sso/jwks`)), {
        issuer: server.url,
        audience: CLIENT_ID,
      });
      expect(verified.payload.sub).toBe(ids.user_id);

      const again = await startFlow();
      const second = await authorize(page, again);
      expect(second.sawSignIn).toBe(false);
      expect((await tokensFor(again, second.callback)).claims()!.sub).toBe(ids.user_id);
      await page.context().close();
    });

    it('ATK-38: the sign-in page goes back only to an interaction of this origin, never to another site', async () => {
      const page = await newPage();
      const person = await signedUpClient(server.url);
      await page.goto(`${server.url}/signin?return=${encodeURIComponent('//evil.example/sso/interaction/x')}`);
      await page.locator('input[name="Email"]').fill(person.email);
      await page.locator('input[name="Password"]').fill(STRONG_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.locator('section[data-section="email"]').waitFor();
      expect(new URL(page.url()).origin).toBe(server.url);
      await page.context().close();
    });

    it('prompt=login and max_age make the person sign in again', async () => {
      const { person, page, tokens } = await signedInAtSite();
      const login = await startFlow({ prompt: 'login' });
      const relogged = await authorize(page, login, { email: person.email });
      expect(relogged.sawSignIn).toBe(true);
      await tokensFor(login, relogged.callback);
      // The new sign-in replaced the session; what the site was given before goes on with it.
      expect(await introspected(tokens.access_token)).toBe(true);
      await stillSignedIn(page);

      server.clock.advance(10 * 60_000);
      const old = await startFlow({ max_age: '60' });
      const aged = await authorize(page, old, { email: person.email });
      expect(aged.sawSignIn).toBe(true);
      await tokensFor(old, aged.callback);

      // A sign-in made after the site asked meets max_age, though it took longer than max_age to
      // reach the site again (here the clock moves a second at every reading).
      const frozen = server.clock.time;
      let ticks = 0;
      Object.defineProperty(server.clock, 'time', {
        configurable: true,
        get: () => frozen + (ticks += 1000),
        set: (_ignored: number) => undefined,
      });
      try {
        const zero = await startFlow({ max_age: '1' });
        const now = await authorize(page, zero, { email: person.email });
        expect(now.sawSignIn).toBe(true);
        await tokensFor(zero, now.callback);
      } finally {
        Object.defineProperty(server.clock, 'time', { configurable: true, writable: true, value: frozen + ticks });
      }
      await page.context().close();
    });

    /** Signs in on the console's own page (no site involved): the browser holds a Tessera session only. */
    async function signedInAtConsole(page: Page, email: string): Promise<void> {
      await page.goto(`${server.url}/signin`);
      await page.locator('input[name="Email"]').fill(email);
      await page.locator('input[name="Password"]').fill(STRONG_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.locator('section[data-section="email"]').waitFor();
    }

    /** The console still shows the person's own page: their Tessera session lives. */
    async function stillSignedIn(page: Page): Promise<void> {
      await page.goto(`${server.url}/`);
      await page.locator('section[data-section="email"]').waitFor();
      expect(new URL(page.url()).pathname).not.toBe('/signin');
    }

    it('OWASP: logout CSRF — one navigation from any site (end_session without a provider session, prompt=login, max_age=0) does not end the Tessera session', async () => {
      const person = await signedUpClient(server.url);
      const page = await newPage();
      await signedInAtConsole(page, person.email);
      // (1) No provider session: oidc-provider's page submits itself; the Tessera session stays.
      await page.goto(`${server.url}/sso/session/end`);
      await page.waitForURL((url) => url.pathname === '/sso/session/end/success');
      await stillSignedIn(page);
      // (2) and (3): asking to sign in again shows the sign-in page, and ends nothing on the way.
      for (const extra of [{ prompt: 'login' }, { max_age: '0' }] as Record<string, string>[]) {
        await page.goto((await startFlow(extra)).url.href);
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/signin');
        await stillSignedIn(page);
      }
      await page.context().close();
    });

    it('OWASP: prompt=login is met only by a sign-in after the request began, held by the server; a forged tessera_oidc_fresh cookie gets no code', async () => {
      const { page } = await signedInAtSite();
      const flow = await startFlow({ prompt: 'login' });
      // The browser's own requests (its cookies): the interaction begins, its address is known before any visit.
      const started = await page.context().request.get(flow.url.href, { maxRedirects: 0 });
      expect(started.status()).toBe(303);
      const interaction = new URL(started.headers()['location']!, server.url).pathname;
      const uid = interaction.split('/').pop()!;
      await page
        .context()
        .addCookies([{ name: 'tessera_oidc_fresh', value: `${uid}.forged`, url: server.url, httpOnly: true }]);
      server.clock.advance(60_000);
      await page.goto(`${server.url}${interaction}`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/signin');
      expect(page.url().startsWith(redirectUri())).toBe(false);
      await page.context().close();
    });

    it('switching accounts in one browser: the provider session of the first person ends, the second stays signed in to Tessera and is signed in at the site, no 5xx', async () => {
      const first = await signedInAtSite();
      const page = first.page;
      // The console now signed in as someone else (the first signed out of the console only).
      await page.context().clearCookies({ name: 'tessera_session' });
      const second = await signedUpClient(server.url);
      await signedInAtConsole(page, second.email);
      const failures: string[] = [];
      page.on('response', (answer) => {
        if (answer.status() >= 500) failures.push(`${answer.status()} ${answer.url()}`);
      });
      const flow = await startFlow();
      const { callback } = await authorize(page, flow);
      expect(failures).toEqual([]);
      expect((await tokensFor(flow, callback)).claims()!.sub).toBe((await userIds(second.email)).user_id);
      await stillSignedIn(page);
      await page.context().close();
    });

    it('a person with an authenticator app: acr and amr say a second factor; acr_values asking for one makes a session without it prove it', async () => {
      const { person, page, tokens } = await signedInAtSite();
      expect(tokens.claims()!.acr).toBe('urn:tessera:acr:1fa');
      // They turn on an authenticator app (elsewhere): this browser's session proved no second factor.
      const { Secret } = (await person.client.call('CreateTotp')).body as { Secret: string };
      expect((await person.client.call('ConfirmTotp', { Code: totpCode(Secret, server.clock.now()) })).status).toBe(
        200,
      );
      server.clock.advance(60_000);

      const strong = await startFlow({ acr_values: ACR_SECOND_FACTOR });
      const proved = await authorize(page, strong, {
        email: person.email,
        code: () => totpCode(Secret, server.clock.now()),
      });
      expect(proved.sawSignIn).toBe(true);
      const claims = (await tokensFor(strong, proved.callback)).claims()!;
      expect(claims.acr).toBe(ACR_SECOND_FACTOR);
      expect(claims.amr).toEqual(expect.arrayContaining(['mfa']));

      // Signed in with the second factor already: no page, and the ID token says so.
      const plain = await startFlow();
      const quiet = await authorize(page, plain);
      expect(quiet.sawSignIn).toBe(false);
      expect((await tokensFor(plain, quiet.callback)).claims()!.acr).toBe(ACR_SECOND_FACTOR);
      await page.context().close();
    });

    it('a person who must first set up a second factor is sent to do so in the console, not round in circles', async () => {
      const owner = await signedUpClient(server.url);
      const member = await invitedSubUser(server, sink, owner.client);
      expect((await owner.client.call('UpdateAccountSecurity', { RequireSecondFactor: true })).status).toBe(200);
      const page = await newPage();
      await page.goto((await startFlow()).url.href);
      await page.locator('input[name="Email"]').fill(member.email);
      await page.locator('input[name="Password"]').fill(SUB_USER_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Two-step verification is required' }).waitFor();
      expect(new URL(page.url()).origin).toBe(server.url);
      await page.context().close();
    });

    it('ASVS 7.4.1: ending the session at Tessera (another device) ends the tokens: introspection says inactive, the refresh token is refused', async () => {
      const { person, page, tokens } = await signedInAtSite();
      expect(tokens.refresh_token).toBeDefined();
      expect(await introspected(tokens.access_token)).toBe(true);
      expect(await introspected(tokens.refresh_token!)).toBe(true);
      expect((await person.client.call('DeleteOtherSessions')).status).toBe(200);
      expect(await introspected(tokens.access_token)).toBe(false);
      expect(await introspected(tokens.refresh_token!)).toBe(false);
      await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
      // And the browser signs in again at the next visit.
      const next = await startFlow();
      expect((await authorize(page, next, { email: person.email })).sawSignIn).toBe(true);
      await page.context().close();
    });

    it('a token the site revokes ends alone; a new password ends them all, the sessions kept or not', async () => {
      const { person, page, tokens } = await signedInAtSite();
      // The site revokes a token itself: that one ends, the refresh token goes on.
      await oidc.tokenRevocation(rp, tokens.access_token);
      expect(await introspected(tokens.access_token)).toBe(false);
      const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
      expect(await introspected(refreshed.access_token)).toBe(true);
      const changed = await person.client.call('UpdatePassword', {
        CurrentPassword: STRONG_PASSWORD,
        NewPassword: 'a brand new passphrase of mine',
      });
      expect(changed.status, changed.text).toBe(200);
      await expect(oidc.refreshTokenGrant(rp, refreshed.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      expect(await introspected(refreshed.access_token)).toBe(false);
      await page.context().close();
    });

    it('ASVS 7.4.2: a disabled user is signed out of the sites: tokens inactive, refresh refused, no new sign-in', async () => {
      const owner = await signedUpClient(server.url);
      const member = await invitedSubUser(server, sink, owner.client);
      const page = await newPage();
      const flow = await startFlow();
      const { callback } = await authorize(page, flow, { email: member.email, password: SUB_USER_PASSWORD });
      const tokens = await tokensFor(flow, callback);
      expect(await introspected(tokens.access_token)).toBe(true);
      expect((await owner.client.call('DisableUser', { UserName: member.userName })).status).toBe(200);
      expect(await introspected(tokens.access_token)).toBe(false);
      await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
      await page.context().close();
    });

    it('signing out of the console, or a deleted user, ends what the sites were given', async () => {
      const { page, tokens } = await signedInAtSite();
      await page.goto(`${server.url}/`);
      await fromProfileMenu(page, 'Sign out');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await introspected(tokens.access_token)).toBe(false);
      await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
      await page.context().close();

      const owner = await signedUpClient(server.url);
      const member = await invitedSubUser(server, sink, owner.client);
      const browser = await newPage();
      const flow = await startFlow();
      const { callback } = await authorize(browser, flow, { email: member.email, password: SUB_USER_PASSWORD });
      const given = await tokensFor(flow, callback);
      expect(await introspected(given.refresh_token!)).toBe(true);
      expect((await owner.client.call('DeleteUser', { UserName: member.userName })).status).toBe(200);
      expect(await introspected(given.access_token)).toBe(false);
      expect(await introspected(given.refresh_token!)).toBe(false);
      await browser.context().close();
    });

    it("a site's refresh token lasts no longer than the Tessera session it was given in", async () => {
      const { page, tokens } = await signedInAtSite();
      const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
      server.clock.advance(server.services.config.sessionAbsoluteHours * 3_600_000);
      await expect(oidc.refreshTokenGrant(rp, refreshed.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      await page.context().close();
    });

    it('signing out at the site signs out of Tessera too and tells the site on its back channel', async () => {
      const { person, page, tokens } = await signedInAtSite();
      const ids = await userIds(person.email);
      const logout = oidc.buildEndSessionUrl(rp, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: `${site.origin}/signed-out`,
      });
      await page.goto(logout.href);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${site.origin}/signed-out`);
      await expect.poll(() => site.logoutTokens.length).toBeGreaterThan(0);
      const logoutToken = await jwtVerify(
        site.logoutTokens[site.logoutTokens.length - 1]!,
        createRemoteJWKSet(new URL(`${server.url}/sso/jwks`)),
        { issuer: server.url, audience: CLIENT_ID },
      );
      expect(logoutToken.payload.sub).toBe(ids.user_id);
      expect(logoutToken.payload.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout']);
      expect(await introspected(tokens.access_token)).toBe(false);
      // Tessera's own session ended: the console asks to sign in.
      await page.goto(`${server.url}/`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.context().close();
    });

    // Only PostgreSQL is shared by several instances.
    if (engine === 'postgres')
      it('two instances on one PostgreSQL: authorized on one, the code is redeemed on the other', async () => {
        const other = await startTestServer('postgres', {
          ...env,
          // The same database and server key, behind the same public address.
          DATABASE_URL: server.services.config.databaseUrl,
          TESSERA_PUBLIC_URL: server.url,
        });
        try {
          const { person, page } = await signedInAtSite();
          const flow = await startFlow();
          const { callback } = await authorize(page, flow);
          const viaOther = await oidc.discovery(
            new URL(server.url),
            CLIENT_ID,
            undefined,
            oidc.ClientSecretBasic(CLIENT_SECRET),
            { execute: [oidc.allowInsecureRequests] },
          );
          const seen: string[] = [];
          viaOther[oidc.customFetch] = (url, options) => {
            const target = url.replace(server.url, other.url);
            seen.push(target);
            return fetch(target, options as RequestInit);
          };
          const tokens = await tokensFor(flow, callback, viaOther);
          expect(seen).toContain(`${other.url}/sso/token`);
          expect(tokens.claims()!.sub).toBe((await userIds(person.email)).user_id);
          expect((await oidc.tokenIntrospection(viaOther, tokens.access_token)).active).toBe(true);
          // Both publish the same keys.
          const keys = async (url: string) =>
            ((await (await fetch(`${url}/sso/jwks`)).json()) as { keys: unknown[] }).keys;
          expect(await keys(other.url)).toEqual(await keys(server.url));
          await page.context().close();
        } finally {
          await other.close();
        }
      });

    it('refuses an unknown client, a request without PKCE, a redirect URI not registered', async () => {
      const base = `${server.url}/sso/auth?response_type=code&scope=openid&state=s`;
      const noPkce = await fetch(`${base}&client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent(redirectUri())}`, {
        redirect: 'manual',
      });
      expect(noPkce.status).toBe(303);
      expect(noPkce.headers.get('location')).toContain('error=invalid_request');
      const foreign = await fetch(
        `${base}&client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}&code_challenge=x&code_challenge_method=S256`,
      );
      expect(foreign.status).toBe(400);
      expect(await foreign.text()).not.toContain('evil.example');
      const unknown = await new ApiClient(server.url).raw('/sso/auth?client_id=nobody&response_type=code', {
        method: 'GET',
      });
      expect(unknown.status).toBe(400);
    });
  },
);
