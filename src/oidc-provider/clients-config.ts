/**
 * The relying parties the operator registers (TESSERA_OIDC_CLIENTS): the platform's other
 * consoles, first-party, signed in without a consent screen. Read at start; a mistake is one
 * sentence naming it.
 */
export interface OidcClient {
  clientId: string;
  /** Undefined for a public client (a single-page app): it proves itself with PKCE alone. */
  clientSecret: string | undefined;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | undefined;
}

type Env = Record<string, string | undefined>;

const EXAMPLE =
  'expected a JSON list such as [{"client_id":"billing","client_secret":"…","redirect_uris":["https://billing.example.com/callback"]}]';
const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KNOWN = new Set([
  'client_id',
  'client_secret',
  'redirect_uris',
  'post_logout_redirect_uris',
  'backchannel_logout_uri',
]);

function fail(message: string): never {
  throw new Error(`TESSERA_OIDC_CLIENTS: ${message}`);
}

/** An https URL, or http on this machine, with no fragment: where a browser or a logout token goes. */
function clientUrl(clientId: string, field: string, raw: unknown): string {
  if (typeof raw !== 'string') return fail(`${field} of ${clientId} must hold URLs as strings.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${field} of ${clientId}: ${JSON.stringify(raw)} is not a URL.`);
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    fail(`${field} of ${clientId}: ${raw} must be an https:// URL.`);
  if (url.hash !== '') fail(`${field} of ${clientId}: ${raw} must not have a fragment.`);
  return raw;
}

function urlList(clientId: string, field: string, raw: unknown, required: boolean): string[] {
  if (raw === undefined && !required) return [];
  if (!Array.isArray(raw) || (required && raw.length === 0))
    return fail(`${field} of ${clientId} must be a list of at least one URL.`);
  return raw.map((entry) => clientUrl(clientId, field, entry));
}

function client(entry: unknown, index: number): OidcClient {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return fail(`entry ${index + 1} is not an object; ${EXAMPLE}.`);
  const fields = entry as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) fail(`entry ${index + 1} has fields Tessera does not know: ${unknown.join(', ')}.`);
  const clientId = fields.client_id;
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId))
    fail(`entry ${index + 1} needs a client_id of 1 to 64 letters, digits, dots, hyphens and underscores.`);
  const secret = fields.client_secret;
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < 32))
    fail(
      `the client_secret of ${clientId} must be at least 32 characters (or left out for a public client with PKCE).`,
    );
  const backchannel = fields.backchannel_logout_uri;
  return {
    clientId,
    clientSecret: secret,
    redirectUris: urlList(clientId, 'redirect_uris', fields.redirect_uris, true),
    postLogoutRedirectUris: urlList(clientId, 'post_logout_redirect_uris', fields.post_logout_redirect_uris, false),
    backchannelLogoutUri:
      backchannel === undefined ? undefined : clientUrl(clientId, 'backchannel_logout_uri', backchannel),
  };
}

export function oidcClients(env: Env): OidcClient[] {
  const raw = env.TESSERA_OIDC_CLIENTS?.trim();
  if (!raw) return [];
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    return fail(`not valid JSON; ${EXAMPLE}.`);
  }
  if (!Array.isArray(entries)) return fail(`not a list; ${EXAMPLE}.`);
  const clients = entries.map(client);
  const ids = clients.map((entry) => entry.clientId);
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined) fail(`the client_id ${twice} is registered twice.`);
  return clients;
}
