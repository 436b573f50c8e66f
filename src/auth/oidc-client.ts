import * as openid from 'openid-client';
import type { OidcProvider } from '../oidc-providers-config.js';

/** What Tessera keeps of an ID token once every check has passed. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  givenName: string | undefined;
  familyName: string | undefined;
  name: string | undefined;
  /** When the person last authenticated at the provider (ms), if it says. */
  authTime: number | undefined;
  /** How they authenticated there (RFC 8176 amr values: pwd, otp, hwk, mfa…), if it says. */
  methods: string[];
}

/** What must come back at the callback: kept server-side between the redirect and the return. */
export interface FlowSecrets {
  state: string;
  codeVerifier: string;
  nonce: string;
}

const HTTP_TIMEOUT_SECONDS = 10;

/** The console page providers send the browser back to: the redirect URI is the public origin plus this. */
export const OIDC_CALLBACK_PATH = '/oidc/callback';

function claimText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The relying party of each configured provider (openid-client): discovery on first use,
 * authorization code flow with PKCE, state and nonce; openid-client checks the ID token's
 * signature against the provider's keys, its issuer, audience, expiry and nonce.
 */
export class OidcClients {
  private readonly configurations = new Map<string, Promise<openid.Configuration>>();

  constructor(
    readonly providers: readonly OidcProvider[],
    private readonly redirectUri: string,
  ) {}

  provider(id: string): OidcProvider | undefined {
    return this.providers.find((provider) => provider.id === id);
  }

  /** How a sentence names a provider: its display name, or the id asked for when none is configured. */
  nameOf(id: string): string {
    return this.provider(id)?.name ?? id;
  }

  private configuration(provider: OidcProvider): Promise<openid.Configuration> {
    let configuration = this.configurations.get(provider.id);
    if (!configuration) {
      const insecure = provider.issuer.protocol === 'http:';
      // openid-client trusts the TLS channel to the token endpoint and skips the ID token's
      // signature unless told otherwise: the signature is checked too, against the provider's keys.
      const execute = [openid.enableNonRepudiationChecks, ...(insecure ? [openid.allowInsecureRequests] : [])];
      configuration = openid
        .discovery(provider.issuer, provider.clientId, provider.clientSecret, undefined, {
          timeout: HTTP_TIMEOUT_SECONDS,
          execute,
        })
        .then((found) => {
          found.timeout = HTTP_TIMEOUT_SECONDS;
          return found;
        });
      // A provider that was down must be tried again next time, not remembered as failed.
      configuration.catch(() => this.configurations.delete(provider.id));
      this.configurations.set(provider.id, configuration);
    }
    return configuration;
  }

  /** Where to send the browser, and the secrets the callback will be checked against. */
  async start(provider: OidcProvider, options: { forceLogin: boolean }): Promise<{ url: URL; secrets: FlowSecrets }> {
    const configuration = await this.configuration(provider);
    const secrets = {
      state: openid.randomState(),
      codeVerifier: openid.randomPKCECodeVerifier(),
      nonce: openid.randomNonce(),
    };
    const url = openid.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await openid.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
      state: secrets.state,
      nonce: secrets.nonce,
      // Re-authentication: the person must sign in at the provider now, not ride an old session.
      ...(options.forceLogin ? { prompt: 'login', max_age: '0' } : {}),
    });
    return { url, secrets };
  }

  /** Exchanges the code of the callback and checks everything; throws when anything is off. */
  async finish(provider: OidcProvider, callback: URL, secrets: FlowSecrets): Promise<VerifiedIdentity> {
    const configuration = await this.configuration(provider);
    const tokens = await openid.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: secrets.codeVerifier,
      expectedState: secrets.state,
      expectedNonce: secrets.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider returned no ID token');
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: claimText(claims.email),
      emailVerified: claims.email_verified === true,
      givenName: claimText(claims.given_name),
      familyName: claimText(claims.family_name),
      name: claimText(claims.name),
      authTime: typeof claims.auth_time === 'number' ? claims.auth_time * 1000 : undefined,
      methods: Array.isArray(claims.amr)
        ? claims.amr.filter((value): value is string => typeof value === 'string')
        : [],
    };
  }
}
