import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { brandConfig } from './brand-config.js';
import { TESSERA, type Brand } from './domain/brand.js';
import { RightsCatalogue, type Right } from './domain/rights.js';
import { eventEndpoints, type EventEndpoint } from './event-endpoints-config.js';
import { observabilityConfig, type ObservabilityConfig } from './observability-config.js';
import { oidcClients, type OidcClient } from './oidc-provider/clients-config.js';
import { oidcProviders, type OidcProvider } from './oidc-providers-config.js';
import { readSettingFiles } from './setting-files.js';

/** Every setting of Tessera. Each comes from one environment variable, documented in the README. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** `sqlite:<file>` for the embedded database, or a `postgres://` URL. */
  databaseUrl: string;
  /** PostgreSQL connections each process keeps at most. */
  databasePoolSize: number;
  /** Hot statements are prepared once per PostgreSQL connection: `auto` unless a pooler is found in between. */
  databasePrepare: boolean | 'auto';
  /** Processes serving on the one port (PostgreSQL only: the SQLite file belongs to one process). */
  workers: number;
  publicUrl: URL;
  /** True when the public origin is explicitly configured, so the CSRF check can require it exactly. */
  publicUrlConfigured: boolean;
  smtpUrl: URL | undefined;
  signUpOpen: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  passwordMinLength: number;
  /** Every account requires a second factor, whatever its own setting. */
  requireSecondFactor: boolean;
  /** Argon2id hashes one process runs at once: the machine's budget shared among the workers. */
  hashConcurrency: number;
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  secureCookies: boolean;
  bodyLimitBytes: number;
  logLevel: string;
  /** Base64 or hex of the 32-byte key that encrypts access-key secrets; else a file in the data dir. */
  secretKey: string | undefined;
  /** How far a signed request's date may be from the server's clock, either way. */
  signatureSkewMinutes: number;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); no one's by default. */
  trustedProxies: string[];
  /** How long a password reset link works. */
  resetLinkMinutes: number;
  /** How recent a password proof must be for sensitive changes through the console. */
  reauthMinutes: number;
  /** How long an operation's tokens work before it expires. */
  operationMinutes: number;
  /** An OpenID provider's "mfa" (amr) stands for Tessera's second step. */
  trustProviderMfa: boolean;
  /** Days an audit event is kept; 0 keeps them all. Older ones go by whole prefixes, behind a signed checkpoint. */
  auditRetentionDays: number;
  /** Wrong tokens an operation takes before it is cancelled. */
  operationTries: number;
  /** Calls the platform adds to the sensitive ones (names of the registry, checked at start-up). */
  sensitiveCalls: readonly string[];
  /** The account whose users are the platform's own services: they submit operations (CreateOperation). */
  platformAccountId: string | undefined;
  /** Signs the webhooks that tell the platform how its operations ended (HMAC-SHA256). */
  webhookSecret: string | undefined;
  /** The platform's services that receive account events, each with the types it wants (none: no event is stored). */
  eventEndpoints: EventEndpoint[];
  /** The sender of every mail: the brand's name (else Tessera's) at no-reply@ the public host, unless set. */
  mailFrom: string;
  /** The provider's name, logo, colour and links, shown to customers instead of Tessera's (TESSERA_BRAND_*). */
  brand: Brand;
  /** How long an emailed confirmation link works. */
  emailLinkHours: number;
  mailMaxAttempts: number;
  mailRetrySeconds: number;
  /** The rights users may hold: Tessera's, and those the platform's services add. */
  rights: RightsCatalogue;
  /** How long an invitation to a new user works. */
  invitationDays: number;
  /** OpenID providers users may sign in with (Google first when configured). */
  oidcProviders: OidcProvider[];
  /** Metrics and traces: off unless configured. */
  observability: ObservabilityConfig;
  /** Seconds between SIGTERM and closing the server, /health/ready answering 503 meanwhile. */
  drainSeconds: number;
  /** How long /health/ready waits for the database's answer before it says not ready. */
  readyTimeoutMs: number;
  /** The sites that sign people in with Tessera as their OpenID provider (TESSERA_OIDC_CLIENTS). */
  oidcClients: OidcClient[];
  /** After how many days Tessera's OpenID signing key is replaced (the previous one stays published a week). */
  oidcKeyRotationDays: number;
}

export class ConfigError extends Error {}

/** How the store reaches the database, from the settings. */
export function databaseOptions(config: Config) {
  return { url: config.databaseUrl, poolSize: config.databasePoolSize, prepare: config.databasePrepare };
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name}=${raw} is not valid: expected a whole number from ${min} to ${max}.`);
  }
  return Number(raw);
}

function oneOf(env: Env, name: string, fallback: string, allowed: string[]): string {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (!allowed.includes(raw))
    throw new ConfigError(`${name}=${env[name]} is not valid: expected one of ${allowed.join(', ')}.`);
  return raw;
}

function url(name: string, raw: string, protocols: string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL.`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}.`);
  }
  return parsed;
}

function platformAccountId(raw: string | undefined): string | undefined {
  const id = raw?.trim();
  if (id && !/^\d{12}$/.test(id)) throw new ConfigError('TESSERA_PLATFORM_ACCOUNT_ID must be an AccountId: 12 digits.');
  return id || undefined;
}

function webhookSecret(raw: string | undefined): string | undefined {
  const secret = raw?.trim();
  if (secret && secret.length < 32) throw new ConfigError('TESSERA_WEBHOOK_SECRET must be at least 32 characters.');
  return secret || undefined;
}

function databaseUrl(env: Env, dataDir: string): string {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return `sqlite:${resolve(dataDir, 'tessera.db')}`;
  if (raw.startsWith('sqlite:')) return `sqlite:${resolve(raw.slice('sqlite:'.length))}`;
  url('DATABASE_URL', raw, ['postgres:', 'postgresql:']);
  return raw;
}

function trustedProxies(raw: string | undefined): string[] {
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)))) {
      throw new ConfigError(`TESSERA_TRUSTED_PROXIES: ${entry} is not an IP address or CIDR range.`);
    }
  }
  return entries;
}

/** A setting read by code that throws plain errors: the message becomes start-up's one line. */
function asConfigError<T>(read: () => T, prefix = ''): T {
  try {
    return read();
  } catch (error) {
    throw new ConfigError(`${prefix}${(error as Error).message}`);
  }
}

function isLocalizedRight(
  entry: unknown,
): entry is { Name: string; Description: { en: string; fr: string }; PlatformOnly?: boolean } {
  if (typeof entry !== 'object' || entry === null) return false;
  const { Name, Description, PlatformOnly } = entry as Record<string, unknown>;
  if (PlatformOnly !== undefined && typeof PlatformOnly !== 'boolean') return false;
  if (typeof Name !== 'string' || typeof Description !== 'object' || Description === null) return false;
  const { en, fr } = Description as Record<string, unknown>;
  return typeof en === 'string' && typeof fr === 'string';
}

/**
 * TESSERA_RIGHTS: a JSON list of {Name, Description: {en, fr}, PlatformOnly?} added to Tessera's
 * own rights; PlatformOnly keeps the right to the platform's own account (Right.platformOnly).
 */
function rightsCatalogue(raw: string | undefined): RightsCatalogue {
  const example =
    'expected a JSON list such as [{"Name":"ManageDns","Description":{"en":"Manages DNS zones.","fr":"Gère les zones DNS."}}]';
  if (!raw?.trim()) return new RightsCatalogue();
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    throw new ConfigError(`TESSERA_RIGHTS is not valid JSON: ${example}.`);
  }
  if (!Array.isArray(entries) || !entries.every(isLocalizedRight))
    throw new ConfigError(`TESSERA_RIGHTS is not valid: ${example}.`);
  const extra: Right[] = entries.map((entry) => ({
    name: entry.Name,
    description: { en: entry.Description.en, fr: entry.Description.fr },
    ...(entry.PlatformOnly === true ? { platformOnly: true as const } : {}),
  }));
  return asConfigError(() => new RightsCatalogue(extra), 'TESSERA_RIGHTS is not valid: ');
}

/**
 * NIST SP 800-63B-4 §3.1.1.2: a password that is the only factor has at least 15 characters; one
 * that is always used with a second factor may have 8. Below 15 is allowed only when every
 * account of the platform requires a second factor.
 */
function passwordMinLength(env: Env, requireSecondFactor: boolean): number {
  const length = integer(env, 'TESSERA_PASSWORD_MIN_LENGTH', 15, 8, 64);
  if (length < 15 && !requireSecondFactor)
    throw new ConfigError(
      `TESSERA_PASSWORD_MIN_LENGTH=${length} needs TESSERA_REQUIRE_SECOND_FACTOR=true: a password shorter than 15 characters is allowed only as one of two factors (NIST SP 800-63B-4).`,
    );
  return length;
}

function preparing(setting: string): boolean | 'auto' {
  return setting === 'auto' ? 'auto' : setting === 'true';
}

/** `TESSERA_WORKERS`: a number, or `auto` for one per core; more than one needs PostgreSQL. */
function workers(env: Env, databaseUrl: string): number {
  const raw = env.TESSERA_WORKERS?.trim();
  const count =
    raw === 'auto' ? availableParallelism() : integer(env, 'TESSERA_WORKERS', 1, 1, 4 * availableParallelism());
  if (count > 1 && databaseUrl.startsWith('sqlite:'))
    throw new ConfigError(
      `TESSERA_WORKERS=${raw} needs PostgreSQL (DATABASE_URL): the embedded SQLite file belongs to one process.`,
    );
  return count;
}

/** A display name as RFC 5322 takes it: quoted when it holds anything but letters, digits and spaces. */
function displayName(name: string): string {
  return /^[\p{L}\p{N} ]+$/u.test(name) ? name : `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Reads the configuration; throws ConfigError with one sentence naming the bad setting. */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function loadConfig(given: Env = process.env): Config {
  // Any setting may come from the file <NAME>_FILE names (setting-files.ts): the secrets, mostly.
  const env = asConfigError(() => readSettingFiles(given));
  const host = env.TESSERA_HOST?.trim() || '127.0.0.1';
  const port = integer(env, 'TESSERA_PORT', 8080, 0, 65535);
  const dataDir = resolve(env.TESSERA_DATA_DIR?.trim() || './data');
  const tlsCertFile = env.TESSERA_TLS_CERT?.trim() || undefined;
  const tlsKeyFile = env.TESSERA_TLS_KEY?.trim() || undefined;
  if (Boolean(tlsCertFile) !== Boolean(tlsKeyFile)) {
    throw new ConfigError('TESSERA_TLS_CERT and TESSERA_TLS_KEY must be set together.');
  }
  const scheme = tlsCertFile ? 'https' : 'http';
  // Browsers refuse passkeys on an IP address: a server on the loopback is reached as localhost,
  // which every browser resolves to it and treats as a secure origin.
  const urlHost = LOOPBACK.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const publicUrlRaw = env.TESSERA_PUBLIC_URL?.trim();
  const publicUrl = url('TESSERA_PUBLIC_URL', publicUrlRaw || `${scheme}://${urlHost}:${port}`, ['http:', 'https:']);
  const smtpRaw = env.SMTP_URL?.trim();
  const cookieMode = oneOf(env, 'TESSERA_SECURE_COOKIES', 'auto', ['auto', 'true', 'false']);
  const requireSecondFactor = oneOf(env, 'TESSERA_REQUIRE_SECOND_FACTOR', 'false', ['true', 'false']) === 'true';
  const database = databaseUrl(env, dataDir);
  const processes = workers(env, database);
  // One more hash than cores keeps every core busy while the event loop hands over the next
  // one; several workers share that budget, so that a flood of sign-ins still leaves the cores'
  // share to the other calls.
  const hashBudget = integer(env, 'TESSERA_HASH_CONCURRENCY', availableParallelism() + 1, 1, 256);
  const brand = asConfigError(() => brandConfig(env, publicUrl));
  return {
    host,
    port,
    dataDir,
    databaseUrl: database,
    databasePoolSize: integer(env, 'TESSERA_DATABASE_POOL_SIZE', 10, 1, 1000),
    databasePrepare: preparing(oneOf(env, 'TESSERA_DATABASE_PREPARE', 'auto', ['auto', 'true', 'false'])),
    workers: processes,
    publicUrl,
    publicUrlConfigured: Boolean(publicUrlRaw),
    smtpUrl: smtpRaw ? url('SMTP_URL', smtpRaw, ['smtp:', 'smtps:']) : undefined,
    signUpOpen: oneOf(env, 'TESSERA_SIGNUP', 'open', ['open', 'closed']) === 'open',
    sessionIdleMinutes: integer(env, 'TESSERA_SESSION_IDLE_MINUTES', 60, 1, 7 * 24 * 60),
    sessionAbsoluteHours: integer(env, 'TESSERA_SESSION_ABSOLUTE_HOURS', 12, 1, 30 * 24),
    passwordMinLength: passwordMinLength(env, requireSecondFactor),
    requireSecondFactor,
    hashConcurrency: Math.ceil(hashBudget / processes),
    tlsCertFile,
    tlsKeyFile,
    secureCookies:
      cookieMode === 'auto' ? publicUrl.protocol === 'https:' || scheme === 'https' : cookieMode === 'true',
    bodyLimitBytes: integer(env, 'TESSERA_BODY_LIMIT_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
    logLevel: oneOf(env, 'TESSERA_LOG_LEVEL', 'info', LOG_LEVELS),
    secretKey: env.TESSERA_SECRET_KEY?.trim() || undefined,
    signatureSkewMinutes: integer(env, 'TESSERA_SIGNATURE_SKEW_MINUTES', 15, 1, 24 * 60),
    mailFrom:
      env.TESSERA_MAIL_FROM?.trim() ||
      `${displayName(brand.name ?? TESSERA)} <no-reply@${publicUrl.hostname.includes('.') && !/^[\d.]+$/.test(publicUrl.hostname) ? publicUrl.hostname : 'localhost'}>`,
    brand,
    emailLinkHours: integer(env, 'TESSERA_EMAIL_LINK_HOURS', 24, 1, 24 * 30),
    reauthMinutes: integer(env, 'TESSERA_REAUTH_MINUTES', 5, 1, 24 * 60),
    operationMinutes: integer(env, 'TESSERA_OPERATION_MINUTES', 15, 1, 24 * 60),
    auditRetentionDays: integer(env, 'TESSERA_AUDIT_RETENTION_DAYS', 400, 0, 100 * 366),
    trustProviderMfa: env.TESSERA_TRUST_PROVIDER_MFA?.trim() === 'true',
    operationTries: integer(env, 'TESSERA_OPERATION_TRIES', 5, 1, 100),
    platformAccountId: platformAccountId(env.TESSERA_PLATFORM_ACCOUNT_ID),
    webhookSecret: webhookSecret(env.TESSERA_WEBHOOK_SECRET),
    eventEndpoints: asConfigError(() =>
      eventEndpoints(env.TESSERA_EVENT_ENDPOINTS, webhookSecret(env.TESSERA_WEBHOOK_SECRET)),
    ),
    sensitiveCalls: (env.TESSERA_SENSITIVE_CALLS ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    resetLinkMinutes: integer(env, 'TESSERA_RESET_LINK_MINUTES', 30, 5, 24 * 60),
    trustedProxies: trustedProxies(env.TESSERA_TRUSTED_PROXIES),
    mailMaxAttempts: integer(env, 'TESSERA_MAIL_MAX_ATTEMPTS', 8, 1, 100),
    mailRetrySeconds: integer(env, 'TESSERA_MAIL_RETRY_SECONDS', 30, 1, 24 * 3600),
    rights: rightsCatalogue(env.TESSERA_RIGHTS),
    invitationDays: integer(env, 'TESSERA_INVITATION_DAYS', 7, 1, 90),
    oidcProviders: asConfigError(() => oidcProviders(env)),
    observability: asConfigError(() => observabilityConfig(env)),
    drainSeconds: integer(env, 'TESSERA_DRAIN_SECONDS', 5, 0, 600),
    readyTimeoutMs: integer(env, 'TESSERA_READY_TIMEOUT_MS', 1000, 10, 60_000),
    oidcClients: asConfigError(() => oidcClients(env)),
    oidcKeyRotationDays: integer(env, 'TESSERA_OIDC_KEY_ROTATION_DAYS', 90, 1, 3650),
  };
}
