/** An OpenID provider whose users may sign in to Tessera, with its button. */
export interface OidcProvider {
  /** Short name in URLs and API calls: `google`, `corp-sso`. */
  id: string;
  /** What the button says: "Sign in with <name>". */
  name: string;
  issuer: URL;
  clientId: string;
  clientSecret: string;
}

const ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const EXAMPLE =
  'expected a JSON list such as [{"Id":"corp","Name":"Corp SSO","Issuer":"https://sso.example.com","ClientId":"…","ClientSecret":"…"}]';

type Env = Record<string, string | undefined>;

function fail(message: string): never {
  throw new Error(message);
}

function issuerUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${name}: the Issuer ${JSON.stringify(raw)} is not a URL.`);
  }
  // Plain HTTP only on this machine: an identity provider elsewhere must be reached over TLS.
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    fail(`${name}: the Issuer must be an https:// URL.`);
  return url;
}

function fromJson(raw: string): OidcProvider[] {
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    return fail(`TESSERA_OIDC_PROVIDERS is not valid JSON: ${EXAMPLE}.`);
  }
  if (!Array.isArray(entries)) return fail(`TESSERA_OIDC_PROVIDERS is not valid: ${EXAMPLE}.`);
  return entries.map((entry: unknown) => {
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const text = (key: string) =>
      typeof fields[key] === 'string' && fields[key] !== ''
        ? fields[key]
        : fail(`TESSERA_OIDC_PROVIDERS: each provider needs ${key}; ${EXAMPLE}.`);
    const id = text('Id');
    if (!ID.test(id))
      fail(
        `TESSERA_OIDC_PROVIDERS: the Id ${JSON.stringify(id)} must be 1 to 32 lower-case letters, digits and hyphens.`,
      );
    return {
      id,
      name: text('Name'),
      issuer: issuerUrl('TESSERA_OIDC_PROVIDERS', text('Issuer')),
      clientId: text('ClientId'),
      clientSecret: text('ClientSecret'),
    };
  });
}

/**
 * Google (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET) and the providers of TESSERA_OIDC_PROVIDERS.
 * Throws an Error with one sentence naming what is wrong.
 */
export function oidcProviders(env: Env): OidcProvider[] {
  const providers: OidcProvider[] = [];
  const googleId = env.GOOGLE_CLIENT_ID?.trim();
  const googleSecret = env.GOOGLE_CLIENT_SECRET?.trim();
  if (Boolean(googleId) !== Boolean(googleSecret))
    fail('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together.');
  if (googleId && googleSecret)
    providers.push({
      id: 'google',
      name: 'Google',
      issuer: new URL('https://accounts.google.com'),
      clientId: googleId,
      clientSecret: googleSecret,
    });
  const raw = env.TESSERA_OIDC_PROVIDERS?.trim();
  for (const provider of raw ? fromJson(raw) : []) {
    if (providers.some((known) => known.id === provider.id))
      fail(`TESSERA_OIDC_PROVIDERS: the Id ${provider.id} is used twice.`);
    providers.push(provider);
  }
  return providers;
}
