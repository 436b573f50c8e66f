import type { Static, TObject } from '@sinclair/typebox';
import type { Logger } from 'pino';
import type { CredentialVerifier } from '../auth/credential-verifier.js';
import type { OidcClients } from '../auth/oidc-client.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { SignInGuard } from '../auth/sign-in-guard.js';
import type { Device, SessionService } from '../auth/session-service.js';
import type { Config } from '../config.js';
import type { Access } from '../domain/authorization.js';
import type { Language } from '../domain/errors.js';
import type { DeliveryWorker } from '../mail/delivery-worker.js';
import type { Store } from '../store/database.js';

/**
 * How a request may prove who sends it: `none` (open to anyone), `session` (the console's
 * cookie), `signature` (access key, AWS SigV4 in OUTSCALE's spellings), `basic` (login and
 * password, only where OAPI allows it).
 */
export type AuthMethod = 'none' | 'session' | 'signature' | 'basic';

export interface Services {
  config: Config;
  store: Store;
  hasher: PasswordHasher;
  sessions: SessionService;
  credentials: CredentialVerifier;
  secrets: SecretBox;
  mail: DeliveryWorker;
  signInGuard: SignInGuard;
  oidc: OidcClients;
  log: Logger;
  now: () => number;
}

/** Who is calling, once authenticated, and with which credential. */
export type Principal = {
  userId: string;
  accountId: string;
  isOwner: boolean;
  /** OAPI's EIM UserName; null for the owner. */
  userName: string | null;
  /** The rights held at this request: a right removed a moment ago is gone. */
  rights: ReadonlySet<string>;
} & ({ via: 'session'; sessionToken: string; sessionId: string; authenticatedAt: number } | { via: 'signature'; accessKeyId: string } | { via: 'basic' });

/** What a handler may do to the caller's browser session. */
export interface SessionCookie {
  set(token: string, expiresAt: number): void;
  clear(): void;
}

/** The cookie that ties a sign-in at an OpenID provider to the browser that started it. */
export interface FlowCookie {
  read(): string | undefined;
  set(value: string, maxAgeSeconds: number): void;
  clear(): void;
}

export interface CallContext<Input, Caller> {
  input: Input;
  principal: Caller;
  services: Services;
  requestId: string;
  device: Device;
  language: Language;
  cookie: SessionCookie;
  flowCookie: FlowCookie;
}

type CallerFor<A extends readonly AuthMethod[]> = 'none' extends A[number] ? Principal | undefined : Principal;

/** One call of the API: everything the HTTP route, the OpenAPI document and the CLI derive from. */
export interface CallDefinition<
  I extends TObject = TObject,
  O extends TObject = TObject,
  A extends readonly AuthMethod[] = readonly AuthMethod[],
  N extends string = string,
> {
  name: N;
  summary: string;
  /** Tessera's own calls are marked so; the others keep OAPI's exact names and fields. */
  origin: 'oapi' | 'tessera';
  auth: A;
  /** What the caller must hold, checked before the handler runs (see domain/authorization.ts). */
  access: Access;
  input: I;
  output: O;
  handler(context: CallContext<Static<I>, CallerFor<A>>): Promise<Static<O>>;
}

export function defineCall<I extends TObject, O extends TObject, const A extends readonly AuthMethod[], const N extends string>(
  call: CallDefinition<I, O, A, N>,
): CallDefinition<I, O, A, N> {
  return call;
}

// The registry is heterogeneous; handlers are only ever called with input checked against
// their own schema, so each call is stored under the widest type.
export type AnyCall = CallDefinition<TObject, TObject, readonly AuthMethod[]>;
