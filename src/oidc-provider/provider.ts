import Provider, { interactionPolicy, type ClientMetadata, type KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../calls/pipeline/registry.js';
import { databaseAdapter } from './adapter.js';
import { ACR_ONE_FACTOR, ACR_SECOND_FACTOR, findAccount, SCOPE_CLAIMS } from './claims.js';
import type { OidcClient } from './clients-config.js';
import { signingKeys, type SigningJwk } from './keys.js';
import { providerPages } from './pages.js';
import { sessionOfRequest, tesseraSession } from './tessera-session.js';

/**
 * Where the provider's endpoints are (/oidc/ is Tessera's own sign-in with other providers);
 * discovery stays at /.well-known/openid-configuration.
 */
export const OIDC_PREFIX = '/sso';
export const INTERACTION_PATH = `${OIDC_PREFIX}/interaction`;
const ROUTES = {
  authorization: `${OIDC_PREFIX}/auth`,
  token: `${OIDC_PREFIX}/token`,
  jwks: `${OIDC_PREFIX}/jwks`,
  userinfo: `${OIDC_PREFIX}/me`,
  introspection: `${OIDC_PREFIX}/token/introspection`,
  revocation: `${OIDC_PREFIX}/token/revocation`,
  end_session: `${OIDC_PREFIX}/session/end`,
  // Features left off still need a path of their own under the prefix.
  backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
  code_verification: `${OIDC_PREFIX}/device`,
  device_authorization: `${OIDC_PREFIX}/device/auth`,
  pushed_authorization_request: `${OIDC_PREFIX}/request`,
  registration: `${OIDC_PREFIX}/reg`,
};
const DAY = 24 * 3600;
export const DISCOVERY_PATH = '/.well-known/openid-configuration';

/**
 * The request's host and protocol, as oidc-provider's Koa app reads them to build its URLs, are
 * the public URL's: a forged Host or X-Forwarded-Host/Proto changes nothing it answers.
 */
function fromPublicUrl(provider: Provider, publicUrl: URL): void {
  provider.proxy = false;
  const request = provider.app.request as object;
  Object.defineProperty(request, 'host', { get: () => publicUrl.host, configurable: true });
  Object.defineProperty(request, 'hostname', { get: () => publicUrl.hostname, configurable: true });
  Object.defineProperty(request, 'protocol', { get: () => publicUrl.protocol.slice(0, -1), configurable: true });
}

function clientMetadata(client: OidcClient): ClientMetadata {
  return {
    client_id: client.clientId,
    ...(client.clientSecret === undefined
      ? { token_endpoint_auth_method: 'none' }
      : { client_secret: client.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    ...(client.backchannelLogoutUri ? { backchannel_logout_uri: client.backchannelLogoutUri } : {}),
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  };
}

/** Whether the relying party asked for a second factor (acr_values, in its order of preference). */
function wantsSecondFactor(ctx: KoaContextWithOIDC): boolean {
  const wanted = ctx.oidc.params?.acr_values;
  return typeof wanted === 'string' && wanted.split(' ').includes(ACR_SECOND_FACTOR);
}

/**
 * oidc-provider's prompts, and two checks of Tessera's: the browser's Tessera session is the
 * provider's (findAccount refuses another), and a relying party asking for a second factor gets a
 * session that proved one.
 */
function policy(services: Services): interactionPolicy.Prompt[] {
  const { Check } = interactionPolicy;
  const prompts = interactionPolicy.base();
  const login = prompts.get('login');
  login?.checks.add(
    new Check('tessera_session', 'The person must be signed in to Tessera', (ctx) =>
      Boolean(ctx.oidc.session?.accountId) && !ctx.oidc.account && !ctx.oidc.result?.login
        ? Check.REQUEST_PROMPT
        : Check.NO_NEED_TO_PROMPT,
    ),
  );
  login?.checks.add(
    new Check('second_factor', 'A second factor was asked for', (ctx) =>
      wantsSecondFactor(ctx) && ctx.oidc.session?.acr !== ACR_SECOND_FACTOR && !ctx.oidc.result?.login
        ? Check.REQUEST_PROMPT
        : Check.NO_NEED_TO_PROMPT,
    ),
  );
  // max_age by Tessera's clock, against when the person last proved who they are in Tessera.
  login?.checks.add(
    new Check('tessera_max_age', 'The sign-in is older than max_age', (ctx) => {
      const maxAge = Number(ctx.oidc.params?.max_age);
      const session = sessionOfRequest.get(ctx.req);
      if (!Number.isFinite(maxAge) || !session || ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
      return session.authenticatedAt < services.now() - maxAge * 1000 ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
  );
  return prompts;
}

function build(services: Services, keys: SigningJwk[]): Provider {
  const { config } = services;
  const provider = new Provider(config.publicUrl.origin, {
    clients: config.oidcClients.map(clientMetadata),
    jwks: { keys },
    adapter: databaseAdapter(services.store.db, services.secrets, services.now),
    findAccount: findAccount(services),
    routes: ROUTES,
    claims: { sid: null, iss: null, ...SCOPE_CLAIMS },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'rights'],
    acrValues: [ACR_ONE_FACTOR, ACR_SECOND_FACTOR],
    // Authorization code (with PKCE) only: no token in a URL.
    responseTypes: ['code'],
    // The claims are in the ID token itself: the other consoles need not call userinfo.
    conformIdTokenClaims: false,
    pkce: { methods: ['S256'], required: () => true },
    // Shared by every instance: derived from the server key.
    cookies: {
      keys: [services.secrets.sign('cookies', 'oidc-provider-cookies')],
      long: { signed: true, sameSite: 'lax' },
      short: { signed: true, sameSite: 'lax' },
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Grant: 14 * DAY,
      Session: 14 * DAY,
      RefreshToken: 14 * DAY,
    },
    // The other consoles are the platform's own: a refresh token whenever their registration allows one.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    features: {
      devInteractions: { enabled: false },
      introspection: {
        enabled: true,
        // A relying party learns about its own tokens only.
        allowedPolicy: (ctx, client, token) =>
          client.clientAuthMethod !== 'none' && token.clientId === ctx.oidc.client?.clientId,
      },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: providerPages.logoutSource,
        postLogoutSuccessSource: providerPages.postLogoutSuccessSource,
      },
      backchannelLogout: { enabled: true },
    },
    renderError: providerPages.renderError,
    interactions: {
      url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}`,
      policy: policy(services),
    },
  });
  // Every URL the provider builds (discovery, forms, redirects) is on the public URL, whatever the
  // request's Host or X-Forwarded-* say; the provider never trusts a proxy's headers (not proxy=true).
  fromPublicUrl(provider, config.publicUrl);
  // What went wrong inside the provider is logged as any failed request is: the message, no token.
  provider.on('server_error', (_ctx: unknown, error: Error) =>
    services.log.error({ error: `${error.name}: ${error.message}` }, 'OpenID provider request failed'),
  );
  provider.use(async (ctx, next) => {
    await next();
    // Discovery and the signing keys are the same for everyone (the previous key stays published a
    // week after a rotation); anything else the provider answers is for one person.
    if ((ctx.path === DISCOVERY_PATH || ctx.path === ROUTES.jwks) && ctx.status === 200)
      ctx.set('cache-control', 'public, max-age=300');
    else if (!ctx.response.get('cache-control')) ctx.set('cache-control', 'no-store');
    // Signing out at a relying party, and saying yes (the button of the sign-out page, never a form
    // that submits itself) to signing out of Tessera, ends the Tessera session too — only if the
    // provider session that ended was this same person's: the form oidc-provider submits by itself
    // (no provider session, or one of another account being replaced) leaves the Tessera session be.
    if (ctx.path === `${ROUTES.end_session}/confirm` && ctx.status === 303 && ctx.oidc?.params?.logout) {
      const ended = ctx.oidc.session?.accountId;
      const session = await tesseraSession(services, ctx.req);
      if (session && ended !== undefined && ended === session.userId) await services.sessions.end(session.token);
    }
  });
  return provider;
}

/**
 * Tessera as an OpenID provider: oidc-provider with Tessera's storage, keys, clients and pages.
 * `current` is rebuilt when the signing keys change (refreshKeys, called every minute).
 */
export class OpenIdProvider {
  private kids: string;

  private constructor(
    private readonly services: Services,
    public current: Provider,
    keys: SigningJwk[],
  ) {
    this.kids = keys.map((key) => key.kid).join(' ');
  }

  static async start(services: Services): Promise<OpenIdProvider> {
    const keys = await OpenIdProvider.keys(services);
    return new OpenIdProvider(services, build(services, keys), keys);
  }

  private static keys(services: Services): Promise<SigningJwk[]> {
    return signingKeys(
      services.store.db,
      services.store.engine,
      services.secrets,
      services.now(),
      services.config.oidcKeyRotationDays * DAY * 1000,
    );
  }

  private handlerOf: { provider: Provider; handle: ReturnType<Provider['callback']> } | undefined;

  /** The request handler of the current provider. */
  handler(): ReturnType<Provider['callback']> {
    if (this.handlerOf?.provider !== this.current)
      this.handlerOf = { provider: this.current, handle: this.current.callback() };
    return this.handlerOf.handle;
  }

  /** Reads the keys again (another instance may have rotated them, or they are due) and follows. */
  async refreshKeys(): Promise<void> {
    const keys = await OpenIdProvider.keys(this.services);
    const kids = keys.map((key) => key.kid).join(' ');
    if (kids === this.kids) return;
    this.current = build(this.services, keys);
    this.kids = kids;
  }
}
