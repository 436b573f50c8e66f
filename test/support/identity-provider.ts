import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import Provider, { type Adapter, type AdapterPayload, type KoaContextWithOIDC } from 'oidc-provider';

/** What the provider says about one of its people. */
export interface PersonClaims {
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
}

/** A change a test makes to the ID token on its way to Tessera, as a hostile network or provider would. */
export type IdTokenTamper = (idToken: string, keys: { providerKey: CryptoKey; kid: string }) => Promise<string>;

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider's people, by login (which is also their subject). */
  people: Map<string, PersonClaims>;
  /** Set to alter the next ID tokens; undefined lets them through. */
  tamper: IdTokenTamper | undefined;
  /** Tessera's configuration for this provider. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1: discovery, authorization with its own
 * login page, token endpoint signing RS256 ID tokens with a key this test holds.
 */
type Stored = { payload: AdapterPayload; expiresAt: number };

/** oidc-provider's storage, in memory for one provider: a test run needs no more, and says so. */
function memoryAdapter(): new (name: string) => Adapter {
  const rows = new Map<string, Stored>();
  return class MemoryAdapter implements Adapter {
    constructor(private readonly name: string) {}
    private key(id: string): string {
      return `${this.name}:${id}`;
    }
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      rows.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
      return Promise.resolve();
    }
    find(id: string): Promise<AdapterPayload | undefined> {
      const row = rows.get(this.key(id));
      return Promise.resolve(row && row.expiresAt > Date.now() ? row.payload : undefined);
    }
    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const row = [...rows.entries()].find(
        ([key, stored]) => key.startsWith(`${this.name}:`) && stored.payload.uid === uid,
      );
      return Promise.resolve(row?.[1].payload);
    }
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const row = [...rows.values()].find((stored) => stored.payload.userCode === userCode);
      return Promise.resolve(row?.payload);
    }
    consume(id: string): Promise<void> {
      const row = rows.get(this.key(id));
      if (row) row.payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }
    destroy(id: string): Promise<void> {
      rows.delete(this.key(id));
      return Promise.resolve();
    }
    revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, stored] of rows) if (stored.payload.grantId === grantId) rows.delete(key);
      return Promise.resolve();
    }
  };
}

export async function startIdentityProvider(port: number, redirectUri: string): Promise<TestIdentityProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key-1';
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const people = new Map<string, PersonClaims>();
  const fixture = { tamper: undefined as IdTokenTamper | undefined };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'tessera-test',
        client_secret: 'tessera-test-secret',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    adapter: memoryAdapter(),
    // Lifetimes said outright: the defaults are for a quick start, and announce themselves.
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Grant: 3600, Interaction: 600, Session: 3600 },
    cookies: { keys: ['identity-provider-test-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
    pkce: { methods: ['S256'], required: () => true },
    // Claims in the ID token itself, as Google puts them.
    conformIdTokenClaims: false,
    // Its own login page (below), as a real provider has, rather than the quick-start one.
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx: KoaContextWithOIDC, sub: string) => {
      const claims = people.get(sub);
      return claims ? { accountId: sub, claims: () => ({ sub, ...claims }) } : undefined;
    },
    // First-party client: no consent screen, as at Google for a configured app.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { session, client, result } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? (client ? session?.grantIdFor(client.clientId) : undefined);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (!session?.accountId || !client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && fixture.tamper && body?.id_token)
      body.id_token = await fixture.tamper(body.id_token, { providerKey: privateKey, kid });
  });
  const oidc = provider.callback();
  const server: Server = createServer((request, response) => {
    const uid = /^\/interaction\/([\w-]+)$/.exec(request.url ?? '')?.[1];
    if (!uid) return void oidc(request, response);
    void loginPage(provider, uid, request, response).catch((error: unknown) => {
      response.statusCode = 400;
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    clientId: 'tessera-test',
    clientSecret: 'tessera-test-secret',
    people,
    get tamper() {
      return fixture.tamper;
    },
    set tamper(value) {
      fixture.tamper = value;
    },
    env: () => ({
      TESSERA_OIDC_PROVIDERS: JSON.stringify([
        {
          Id: 'testidp',
          Name: 'TestIdP',
          Issuer: issuer,
          ClientId: 'tessera-test',
          ClientSecret: 'tessera-test-secret',
        },
      ]),
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The provider's login page: anyone known to `people` signs in by their login, with any
 * password — what is tested is Tessera's side of the exchange.
 */
async function loginPage(
  provider: Provider,
  uid: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'POST') {
    await provider.interactionDetails(request, response);
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(
      `<!doctype html><title>Sign in</title><form method="post" action="/interaction/${uid}">` +
        '<label>Login <input name="login"></label><label>Password <input name="password" type="password"></label>' +
        '<button type="submit">Sign in</button></form>',
    );
    return;
  }
  let body = '';
  for await (const chunk of request) body += String(chunk);
  const login = new URLSearchParams(body).get('login') ?? '';
  await provider.interactionFinished(
    request,
    response,
    { login: { accountId: login } },
    { mergeWithLastSubmission: false },
  );
}

/** Re-signs an ID token with changed claims, with the provider's own key or another one. */
export function resign(
  change: (payload: JWTPayload) => JWTPayload,
  key: 'provider' | 'foreign' = 'provider',
): IdTokenTamper {
  return async (idToken, { providerKey, kid }) => {
    const payload = change(decodeJwt(idToken));
    const signingKey = key === 'provider' ? providerKey : (await generateKeyPair('RS256')).privateKey;
    return new SignJWT(payload)
      .setProtectedHeader({ ...decodeProtectedHeader(idToken), alg: 'RS256', kid })
      .sign(signingKey);
  };
}

/** The same claims with `alg: none` and no signature. */
export const unsigned: IdTokenTamper = (idToken) => {
  const [, payload] = idToken.split('.');
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  return Promise.resolve(`${header}.${payload ?? ''}.`);
};

/** Cookies of one origin, as a browser keeps them. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
  }
}

/**
 * What a browser does at the provider: follows the redirects, fills its login page with
 * `login`, and stops at the redirect back to Tessera, whose query it returns.
 */
export async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  redirectUri: string,
  jar = new CookieJar(),
): Promise<string> {
  let url = new URL(authorizationUrl);
  let init: RequestInit = {};
  for (let step = 0; step < 12; step += 1) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), cookie: jar.header() },
    });
    jar.store(response);
    init = {};
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return next.search;
      url = next;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`the provider answered ${response.status} without a form: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
    };
  }
  throw new Error('the provider never sent the browser back');
}

export { CookieJar };
